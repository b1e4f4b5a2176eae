// The test folder itself: fixtures and fakes are found from here wherever a test file sits below it.
import path from 'node:path';

export const TEST_DIR = path.resolve(import.meta.dirname, '..');

/** The built CLI (`npm run build`), as `gatewatch` runs it. */
export const DIST = path.join(TEST_DIR, '..', 'dist', 'src');
export const CLI = path.join(DIST, 'cli.js');
