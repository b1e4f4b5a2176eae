// `npm run build` keeps every `bin` of package.json executable (issue 35): npx links the bin once, and a rebuild that
// wrote cli.js as 0644 left `npx gatewatch` failing with "Permission denied". Built in a copy of the checkout, so that
// the dist/ other tests run is left alone.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DIR } from '../helpers/paths.js';

const run = promisify(execFile);
const ROOT = path.join(TEST_DIR, '..');

describe('npm run build', { timeout: 240_000 }, () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-build-bin-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('leaves every bin entry of package.json executable (0755), a rebuild too, and runnable by its own path', async () => {
    const src = path.join(tmp, 'checkout');
    mkdirSync(src);
    for (const f of ['package.json', 'tsconfig.json', 'src', 'commands', 'scripts'])
      cpSync(path.join(ROOT, f), path.join(src, f), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
    const bins = Object.values(
      (JSON.parse(readFileSync(path.join(src, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin,
    );
    expect(bins.length).toBeGreaterThan(0);

    const env = { ...process.env, GATEWATCH_CONFIG: '', NODE_OPTIONS: '' };
    // Twice: the first build makes dist/ from nothing, the second rewrites it as `npm run build` in a checkout does.
    for (const round of [1, 2]) {
      await run(process.execPath, [path.join(src, 'scripts', 'build.mjs')], { cwd: src, env, timeout: 200_000 });
      for (const bin of bins)
        expect({ round, bin, mode: (statSync(path.join(src, bin)).mode & 0o777).toString(8) }).toEqual({
          round,
          bin,
          mode: '755',
        });
    }
    // As npx runs it: the file itself, through its #! line.
    const v = await run(path.join(src, bins[0]!), ['--version'], { env });
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
