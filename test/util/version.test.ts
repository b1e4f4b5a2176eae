// The version gatewatch says of itself (--version, the weekly report) is the package's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { GATEWATCH_VERSION } from '../../src/util/version.js';
import { TEST_DIR } from '../helpers/paths.js';

it('GATEWATCH_VERSION is package.json’s version', () => {
  const pkg = JSON.parse(readFileSync(path.join(TEST_DIR, '..', 'package.json'), 'utf8')) as { version: string };
  expect(GATEWATCH_VERSION).toBe(pkg.version);
});
