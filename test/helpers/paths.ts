// The test folder itself: fixtures and fakes are found from here wherever a test file sits below it.
import path from 'node:path';

export const TEST_DIR = path.resolve(import.meta.dirname, '..');
