// The test folder itself: fixtures and fakes are found from here wherever a test file sits below it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const TEST_DIR = path.resolve(import.meta.dirname, '..');

/** The built CLI (`npm run build`), as `gatewatch` runs it. */
export const DIST = path.join(TEST_DIR, '..', 'dist', 'src');
export const CLI = path.join(DIST, 'cli.js');

/**
 * dist/src's files of the last build. A rebuild keeps the previous build's chunks beside its own for a copy of it still
 * running (scripts/build.mjs), and lists its own in .build-own: what the build makes is read from these.
 */
export function builtFiles(): string[] {
  const own = new Set(readFileSync(path.join(DIST, '.build-own'), 'utf8').split('\n').filter(Boolean));
  return readdirSync(DIST).filter((f) => !f.startsWith('bundle-') || own.has(f));
}
