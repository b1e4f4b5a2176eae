// The entry of check's own bundle (dist/src/bundle-check.cjs, see scripts/bundle.mjs): zod's setting first, as the
// schemas it governs are made when their modules load.
import './cli-check-jitless.js';

export { runPlainCheck } from './cli-check.js';
