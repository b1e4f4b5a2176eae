// `gatewatch check` runs its bundle with the V8 code cache the build made beside it (src/main.ts, issue 21), and only
// when that cache was made from the bundle's exact bytes: V8 itself checks just the source's length, so a stale cache
// would run the old code. Every other command, the daemon's included, runs its own bundle and cache the same way
// (bundle-cli.cjs; the daemon under the service's V8 flags has a cache of its own). The built CLI runs for real
// (GATEWATCH_DEBUG says what became of the cache); the cases that change files work on a copy of dist/src.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, DIST, TEST_DIR } from './helpers/paths.js';
import { idleGatewayHome } from './helpers/live-gateway.js';
import { DAEMON_NODE_FLAGS } from '../src/deploy/daemon-flags.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gw-code-cache-'));
let gateway: ChildProcess | undefined;
let healthy = '';
let down = '';

/** `check --config config …` of `cli`, under node's `nodeFlags`. */
const check = (cli: string, config: string, nodeFlags: string[] = [], args: string[] = []) =>
  command(cli, ['check', '--config', config, ...args], nodeFlags);

const cacheState = (err: string) => /code-cache=(\w+)/.exec(err)?.[1];

/** `cli args…` as a user runs it, saying what became of the code cache (GATEWATCH_DEBUG). */
async function command(
  cli: string,
  args: string[],
  nodeFlags: string[] = [],
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [...nodeFlags, cli, ...args], {
    env: { ...process.env, GATEWATCH_CONFIG: '', GATEWATCH_DEBUG: '1', NODE_OPTIONS: '', LANG: 'C.UTF-8', LC_ALL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { code, out, err };
}

/** A copy of the built CLI's top-level files (the entry, the bundles, their chunks) in a package of its own. */
function distCopy(name: string): { cli: string; bundle: string; cache: string } {
  const root = path.join(tmp, name);
  const src = path.join(root, 'dist', 'src');
  mkdirSync(src, { recursive: true });
  for (const f of readdirSync(DIST))
    if (statSync(path.join(DIST, f)).isFile()) cpSync(path.join(DIST, f), path.join(src, f));
  cpSync(path.join(TEST_DIR, '..', 'package.json'), path.join(root, 'package.json'));
  symlinkSync(path.join(TEST_DIR, '..', 'node_modules'), path.join(root, 'node_modules'));
  return {
    cli: path.join(src, 'cli.js'),
    bundle: path.join(src, 'bundle-check.cjs'),
    cache: path.join(src, 'bundle-check.cjs.cache'),
  };
}

beforeAll(() => {
  // A healthy Hermes home (a live `… gateway run` serving it, both platforms connected) and one with no gateway.
  const home = path.join(tmp, 'hermes');
  gateway = idleGatewayHome(home);
  healthy = path.join(tmp, 'healthy.yaml');
  writeFileSync(
    healthy,
    `state_dir: ${path.join(tmp, 'state')}\ntargets:\n  - { name: cold, hermes_home: ${home}, platforms: [feishu, qqbot], service: { manager: none } }\n`,
  );
  mkdirSync(path.join(tmp, 'down', 'logs'), { recursive: true });
  down = path.join(tmp, 'down.yaml');
  writeFileSync(
    down,
    `state_dir: ${path.join(tmp, 'state-down')}\ntargets:\n  - { name: down, hermes_home: ${path.join(tmp, 'down')}, service: { manager: none } }\n`,
  );
});

afterAll(() => {
  gateway?.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

describe("check's code cache", () => {
  it('the build ships one beside the bundle, and a check takes it', async () => {
    const r = await check(CLI, healthy);
    expect(cacheState(r.err)).toBe('used');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('a cache made from other bytes of the same length is not used: the check runs the bundle as it is now', async () => {
    const d = distCopy('stale');
    // Same length, other code: V8's own check (the length) would take the old cache and say the old status. (The
    // words are in the English catalogue's file, which has no cache: the status names are the bundle's own.)
    const text = readFileSync(d.bundle, 'latin1');
    const was = '"ok","warning","critical"]';
    expect(text.split(was)).toHaveLength(2);
    writeFileSync(d.bundle, text.replace(was, '"ok","warning","CRITICAL"]'), 'latin1');
    const r = await check(d.cli, down, [], ['--json']);
    expect(cacheState(r.err)).toBe('stale');
    expect(JSON.parse(r.out).status).toBe('CRITICAL');
    expect(r.code).toBe(2);
  });

  it("another bundle's cache, one from another node, a cut-short one and a file that is no cache are not used", async () => {
    const d = distCopy('foreign');
    const cache = readFileSync(d.cache);
    // Made by another node release (its magic line names the node and the architecture; V8 may take a cache of a
    // release with the same V8, or of another architecture).
    const otherNode = process.version.replace(/\d$/, (n) => String((Number(n) + 1) % 10));
    const fromOtherNode = Buffer.from(
      cache.toString('latin1').replace(`${process.version} ${process.arch}\n`, `${otherNode} ${process.arch}\n`),
      'latin1',
    );
    expect(fromOtherNode.equals(cache)).toBe(false);
    writeFileSync(d.cache, fromOtherNode);
    const other = await check(d.cli, healthy);
    expect(cacheState(other.err)).toBe('stale');
    expect(other.code).toBe(0);
    // The bundle one statement longer than the one the cache was made from.
    writeFileSync(d.bundle, readFileSync(d.bundle, 'latin1') + ';\n', 'latin1');
    for (const bytes of [cache, cache.subarray(0, cache.length >> 1), Buffer.from('not a cache\n')]) {
      writeFileSync(d.cache, bytes);
      const r = await check(d.cli, healthy);
      expect(cacheState(r.err)).toBe('stale');
      expect(r.out).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('V8 refuses the cache under other V8 flags, and without a cache file the check compiles its bundle: same answers', async () => {
    const other = await check(CLI, down, ['--stack-size=900']);
    expect(cacheState(other.err)).toBe('rejected');
    expect(other.out).toContain('Hermes gateway is not running');
    expect(other.code).toBe(2);
    const d = distCopy('absent');
    rmSync(d.cache);
    const none = await check(d.cli, healthy);
    expect(cacheState(none.err)).toBe('absent');
    expect(none.out).toBe('');
    expect(none.code).toBe(0);
  });
});

describe("the other commands' code cache", () => {
  it('status, logs and validate run one bundle with the cache the build made beside it', async () => {
    const status = await command(CLI, ['status', '--config', healthy]);
    expect(status.err).toMatch(/code-cache=used bundle=bundle-cli\.cjs/);
    expect(status.out).toMatch(/^✅ cold: healthy\n/);
    expect(status.code).toBe(0);
    for (const args of [
      ['logs', '--config', healthy, '-n', '1'],
      ['validate', '--config', healthy],
    ]) {
      const r = await command(CLI, args);
      expect(cacheState(r.err), args.join(' ')).toBe('used');
      expect(r.code, `${args.join(' ')}\n${r.out}${r.err}`).toBe(0);
    }
  });

  it("package.json's bin takes it too; without the cache file the commands compile their bundle: same answers", async () => {
    const d = distCopy('commands-absent');
    const bin = path.join(path.dirname(d.cli), 'gatewatch.cjs');
    const cached = await command(bin, ['status', '--config', healthy]);
    expect(cacheState(cached.err)).toBe('used');
    rmSync(path.join(path.dirname(d.cli), 'bundle-cli.cjs.cache'));
    const none = await command(bin, ['status', '--config', healthy]);
    expect(cacheState(none.err)).toBe('absent');
    // The same table, but for the times in it (an uptime may have ticked).
    const shape = (out: string) => out.replace(/\d+/g, 'N');
    expect(shape(none.out)).toBe(shape(cached.out));
    expect(none.code).toBe(0);
  });

  it("the daemon and the demo run from it too; under the service's V8 flags, from the cache made under them", async () => {
    const r = await command(CLI, ['run', '--console', '--config', healthy]);
    expect(r.out).toContain('gatewatch is watching cold');
    expect(r.err).toMatch(/code-cache=used bundle=bundle-cli\.cjs/);
    // As the service and `npm start` run it: V8 would refuse the plain cache under these flags.
    const service = await command(CLI, ['run', '--console', '--config', healthy], [...DAEMON_NODE_FLAGS]);
    expect(service.out).toContain('gatewatch is watching cold');
    expect(cacheState(service.err)).toBe('used');
    const d = distCopy('service-absent');
    rmSync(path.join(path.dirname(d.cli), 'bundle-cli.cjs.service.cache'));
    const none = await command(d.cli, ['run', '--console', '--config', healthy], [...DAEMON_NODE_FLAGS]);
    expect(cacheState(none.err)).toBe('absent');
    expect(none.out).toContain('gatewatch is watching cold');
    // Past the daemon's own way in (a plain `run`): the full command line, from the same bundle.
    for (const args of [
      ['run', '--help'],
      ['demo', '--help'],
      ['demo', 'run', '--help'],
      ['demo', '--hermes', 'x'],
      ['demo', 'fail'],
    ]) {
      const c = await command(CLI, args);
      expect(c.err, args.join(' ')).toMatch(/code-cache=used bundle=bundle-cli\.cjs/);
      // It ran and answered (the help, the faults; an unknown Hermes refused as a usage error), not crashed first.
      expect(c.code, `${args.join(' ')}\n${c.out}${c.err}`).toBe(args.includes('x') ? 64 : 0);
    }
  });
});
