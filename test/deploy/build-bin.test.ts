// `npm run build` keeps every `bin` of package.json executable (issue 35): npx links the bin once, and a rebuild that
// wrote cli.js as 0644 left `npx gatewatch` failing with "Permission denied". And a build never pulls the floor from
// under a copy running from dist/ (issue 45: `npm test` beside `npm start` emptied dist/ while it rebuilt, and the
// demo's restart found no gateway.js): unchanged sources are not built again, and a rebuild replaces each file in
// place, keeping the previous build's chunks. Built in a copy of the checkout, so that the dist/ other tests run is
// left alone.
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DIR } from '../helpers/paths.js';

const run = promisify(execFile);
const ROOT = path.join(TEST_DIR, '..');

describe('npm run build', { timeout: 240_000 }, () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-build-bin-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('leaves every bin entry of package.json executable (0755), a rebuild too, and runnable by its own path; never empties dist/ under a running copy', async () => {
    const src = path.join(tmp, 'checkout');
    mkdirSync(src);
    // With the checkout's own dist/ (and its stamp), as `npm test` has just built it: a full build costs ~4 CPU-s,
    // and one is enough here (without a current dist/ the first build below makes it).
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'src', 'commands', 'scripts', 'dist'])
      cpSync(path.join(ROOT, f), path.join(src, f), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
    const bins = Object.values(
      (JSON.parse(readFileSync(path.join(src, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin,
    );
    expect(bins.length).toBeGreaterThan(0);

    const env = { ...process.env, GATEWATCH_CONFIG: '', NODE_OPTIONS: '' };
    const build = () =>
      run(process.execPath, [path.join(src, 'scripts', 'build.mjs')], { cwd: src, env, timeout: 200_000 });
    const modes = () => bins.map((bin) => [bin, (statSync(path.join(src, bin)).mode & 0o777).toString(8)]);
    const executable = bins.map((bin) => [bin, '755']);

    await build();
    expect(modes()).toEqual(executable);

    // Nothing changed (since the build the copy came with, or the one just made): nothing is written.
    const cli = path.join(src, bins[0]!);
    const before = statSync(cli);
    expect((await build()).stdout).toMatch(/up to date/);
    expect(statSync(cli)).toMatchObject({ ino: before.ino, mtimeMs: before.mtimeMs });

    // A source changed: rebuilt as in a checkout, while a copy of the previous build runs from dist/. What it loads
    // later is there all along: the entry, the demo's scripts, and the previous build's chunks (listed in its
    // .build-own); a chunk of the build before that goes.
    appendFileSync(path.join(src, 'src', 'main.ts'), '\n// edited\n');
    const dist = path.join(src, 'dist', 'src');
    writeFileSync(path.join(dist, 'bundle-chunk-PREVIOUS.js'), 'export {};\n');
    appendFileSync(path.join(dist, '.build-own'), 'bundle-chunk-PREVIOUS.js\n');
    writeFileSync(path.join(dist, 'bundle-chunk-OLDER.js'), 'export {};\n');
    const watched = [cli, path.join(dist, 'demo', 'gateway.js'), path.join(dist, 'demo', 'ctl.js')];
    const missing = new Set<string>();
    let building = true;
    const rebuilt = build().finally(() => (building = false));
    while (building) {
      for (const f of watched) if (!existsSync(f)) missing.add(path.relative(src, f));
      await sleep(2);
    }
    await rebuilt;
    expect([...missing]).toEqual([]);
    expect(existsSync(path.join(dist, 'bundle-chunk-PREVIOUS.js'))).toBe(true);
    expect(existsSync(path.join(dist, 'bundle-chunk-OLDER.js'))).toBe(false);
    expect(modes()).toEqual(executable);
    // As npx runs it: the file itself, through its #! line.
    const v = await run(path.join(src, bins[0]!), ['--version'], { env });
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
