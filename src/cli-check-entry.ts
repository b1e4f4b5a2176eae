// The entry of check's own bundle (dist/src/bundle-check.cjs, see scripts/bundle.mjs): zod's setting first, as the
// schemas it governs are made when their modules load; then how it calls the file system.
import './cli-check-jitless.js';
import './cli-check-in-turn.js';

export { runPlainCheck } from './cli-check.js';
