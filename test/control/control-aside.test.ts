// The control socket never stops the watchdog (issue 35): a socket path it cannot trust (a state_dir any user can
// write, a directory, a symbolic link or a socket another user planted where the socket goes) is refused, and
// `gatewatch run` keeps watching and alerting; it serves the CLI from a fresh private directory of its own (or from
// nowhere), says once why, and `gatewatch status` finds it there or says why it cannot. Real daemons, real sockets;
// as root the test plays the second user (uid 65534) for real.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { socketPath } from '../../src/control/protocol.js';
import { CLI } from '../helpers/paths.js';
import { until } from '../helpers/until.js';
import { gatewatch as run } from '../helpers/cli-run.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const poll = { timeoutMs: 40_000, everyMs: 200 };

interface Scene {
  dir: string;
  config: string;
  stateDir: string;
  env: Record<string, string>;
}

const scenes: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of scenes) rmSync(d, { recursive: true, force: true });
});

/** A config with one target whose gateway is not running (so the daemon alerts on the console) and its own TMPDIR. */
function scene(o: { longStateDir?: boolean; tmp?: string; locale?: string } = {}): Scene {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-aside-'));
  chmodSync(dir, 0o755);
  scenes.push(dir);
  const home = path.join(dir, 'hermes');
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  writeFileSync(path.join(home, 'logs', 'gateway.log'), '');
  // Past a unix socket's ~104 bytes the socket goes to the temp dir (socketPath): where a neighbour can plant things.
  const stateDir = path.join(dir, o.longStateDir ? 's'.repeat(100) : 'state');
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    `state_dir: ${stateDir}\nlocale: ${o.locale ?? 'en'}\ntargets:\n  - { name: alpha, hermes_home: ${home}, service: { manager: none } }\nchannels:\n  console: {}\n`,
  );
  const tmp = o.tmp ?? path.join(dir, 'tmp');
  if (!o.tmp) mkdirSync(tmp, { mode: 0o1777 });
  if (!o.tmp) chmodSync(tmp, 0o1777);
  return {
    dir,
    config,
    stateDir,
    env: {
      TMPDIR: tmp,
      XDG_RUNTIME_DIR: '',
      HOME: dir,
      GATEWATCH_CONFIG: '',
      GATEWATCH_LOG_LEVEL: 'info',
      LANG: 'C.UTF-8',
      LC_ALL: '',
    },
  };
}

function daemon(s: Scene) {
  const child = spawn(process.execPath, [CLI, 'run', '--config', s.config], {
    env: { ...process.env, ...s.env },
    cwd: s.dir,
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return { child, out: () => out, err: () => err };
}

const gatewatch = (s: Scene, args: string[]) => run([...args, '--config', s.config], { env: s.env, cwd: s.dir });

/** A listener bound by another user at `file` that answers like a daemon and notes anything sent to it. */
async function squat(file: string) {
  const script = `
    const fs = require('node:fs');
    const s = require('node:net').createServer((c) => {
      c.write(JSON.stringify({ daemon: { v: 1, pid: 1 } }) + '\\n');
      c.on('data', () => { fs.writeFileSync(process.argv[1] + '.got', 'x'); c.end(JSON.stringify({ end: true, exit: 0 }) + '\\n'); });
    });
    s.listen(process.argv[1], () => { fs.chmodSync(process.argv[1], 0o777); process.stdout.write('ready\\n'); });`;
  const child = spawn(process.execPath, ['-e', script, file], {
    uid: NOBODY,
    gid: NOBODY,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`the squatter exited ${c}`)));
  });
}

/** The daemon keeps running, alerts on the console, says once where the CLI reaches it, and status gets there. */
async function servedAside(s: Scene, refused: RegExp, also?: (d: ReturnType<typeof daemon>) => void) {
  const d = daemon(s);
  // The console alert for the target whose gateway is not running: watching and alerting go on.
  await until('the console alert', () => /🔴 alpha: Hermes gateway is not running/.test(d.out()), poll).catch(
    (e: Error) => {
      throw new Error(`${e.message}\nstdout:\n${d.out()}\nstderr:\n${d.err()}`);
    },
  );
  expect(d.child.exitCode).toBeNull();
  also?.(d);
  // Said once, on the terminal (the banner) and in the log, with the private socket and why.
  const banner = /Control socket: (\S+\/gatewatch\.sock) \((\S+) refused: (.*)\)/.exec(d.out());
  expect(banner, d.out()).not.toBeNull();
  const [, sock, , why] = banner!;
  expect(why).toMatch(refused);
  expect(d.out().match(/Control socket:/g)).toHaveLength(1);
  expect(d.err()).toContain('serving the control socket in a private directory');
  // A directory this daemon made itself: 0700, this user's.
  const st = statSync(path.dirname(sock!));
  expect({ mode: (st.mode & 0o777).toString(8), uid: st.uid }).toEqual({ mode: '700', uid: process.getuid!() });

  const r = await gatewatch(s, ['status']);
  expect(r.stdout).toMatch(/alpha/);
  expect(r.stderr).toContain(`the gatewatch daemon (pid ${d.child.pid}) answers on ${sock}`);
  expect(r.stderr).toMatch(refused);
  expect(r.code).toBe(1); // alpha's gateway is down: the daemon's status says so
  // The state_dir's audit has the daemon's answer (actor cli): not a one-shot run beside it.
  await until('the audited command', () => existsSync(path.join(s.stateDir, 'audit.jsonl')), poll);
  d.child.kill('SIGTERM');
  await new Promise((r2) => d.child.once('exit', r2));
  // Its socket goes with it, and every directory it made for it too (issue 51 item 11): nothing of this user's is
  // left in the temp dir, whatever a neighbour planted there.
  expect(existsSync(sock!)).toBe(false);
  expect(existsSync(path.dirname(sock!))).toBe(false);
  const tmp = s.env.TMPDIR!;
  expect(readdirSync(tmp).filter((n) => lstatSync(path.join(tmp, n)).uid === process.getuid!())).toEqual([]);
}

describe('gatewatch run keeps watching when its control socket cannot be trusted', () => {
  it('a state_dir any user can write (mode 1777, a fresh tmpfs): serves the CLI from a private directory', async () => {
    const s = scene();
    mkdirSync(s.stateDir, { recursive: true });
    chmodSync(s.stateDir, 0o1777);
    await servedAside(s, /state can be written by any user \(mode 777\)/);
  });

  it('nowhere to serve it at all: keeps watching, and gatewatch status says the daemon is not reachable and why (exit 75)', async () => {
    // The temp dir is not a directory: neither the fallback nor a private directory can be made.
    const s = scene({ tmp: '/dev/null/gw-none' });
    mkdirSync(s.stateDir, { recursive: true });
    chmodSync(s.stateDir, 0o1777);
    const d = daemon(s);
    await until('the console alert', () => /🔴 alpha: Hermes gateway is not running/.test(d.out()), poll).catch(
      (e: Error) => {
        throw new Error(`${e.message}\nstdout:\n${d.out()}\nstderr:\n${d.err()}`);
      },
    );
    expect(d.child.exitCode).toBeNull();
    expect(d.out()).toMatch(/Control socket: none \(.*gatewatch\.sock refused: .*can be written by any user/);
    const r = await gatewatch(s, ['status']);
    expect(r.stderr).toMatch(
      new RegExp(
        `the gatewatch daemon \\(pid ${d.child.pid}\\) watches and alerts but serves no control socket: .*can be written by any user`,
      ),
    );
    expect(r.stderr).toMatch(/Send \/status to it in chat/);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(75);
    // The daemon still runs.
    expect(d.child.exitCode).toBeNull();
  });
});

describe('in Chinese', () => {
  it("the banner line, the alert and the status note are in the config's language", async () => {
    const s = scene({ locale: 'zh-CN' });
    mkdirSync(s.stateDir, { recursive: true });
    chmodSync(s.stateDir, 0o1777);
    const d = daemon(s);
    await until('the console alert', () => /🔴 alpha：Hermes 网关未在运行/.test(d.out()), poll);
    const line = /控制套接字：(\S+\/gatewatch\.sock)（已拒绝 \S+：(.*)）。/.exec(d.out());
    expect(line, d.out()).not.toBeNull();
    const r = await gatewatch(s, ['status']);
    expect(r.stderr).toContain(
      `gatewatch 守护进程（pid ${d.child.pid}）在 ${line![1]} 上应答：已拒绝 ${s.stateDir}/gatewatch.sock：`,
    );
    d.child.kill('SIGTERM');
    await new Promise((r2) => d.child.once('exit', r2));
  });
});

describe.skipIf(!asRoot)('a neighbour plants something where the socket goes (as root, playing uid 65534)', () => {
  it.each([
    ['a directory', 'dir'],
    ['a symbolic link', 'symlink'],
    ['a foreign socket', 'socket'],
  ] as const)('%s: gatewatch run keeps running and alerting, gatewatch status reaches it', async (_what, kind) => {
    const s = scene({ longStateDir: true });
    const file = socketPath(s.stateDir, { XDG_RUNTIME_DIR: '', TMPDIR: s.env.TMPDIR });
    const planted = path.dirname(file);
    expect(path.dirname(planted)).toBe(s.env.TMPDIR);
    if (kind === 'symlink') {
      const elsewhere = path.join(s.dir, 'elsewhere');
      mkdirSync(elsewhere, { mode: 0o777 });
      chmodSync(elsewhere, 0o777);
      symlinkSync(elsewhere, planted);
      chownSync(planted, NOBODY, NOBODY);
      // lchown: the link itself is the neighbour's.
      await promisify(execFile)('chown', ['-h', `${NOBODY}:${NOBODY}`, planted]);
    } else {
      mkdirSync(planted, { mode: 0o777 });
      chmodSync(planted, 0o777);
      chownSync(planted, NOBODY, NOBODY);
      if (kind === 'socket') await squat(file);
    }
    await servedAside(s, kind === 'symlink' ? /is a symbolic link/ : new RegExp(`belongs to uid ${NOBODY}`));
    if (kind === 'socket') expect(existsSync(`${file}.got`)).toBe(false);
    // Nothing was made inside the neighbour's directory (its fallback `state-<hash>` least of all), issue 51 item 11.
    expect(readdirSync(planted).filter((n) => !n.startsWith(path.basename(file)))).toEqual([]);
  });
});

describe.skipIf(!asRoot)(
  'a neighbour plants a lock in a state_dir any user can write (as root, playing uid 65534)',
  () => {
    it('a gatewatch.pid naming a live process that is not ours: the daemon takes its lock in the fallback directory and runs', async () => {
      const s = scene();
      mkdirSync(s.stateDir, { recursive: true });
      chmodSync(s.stateDir, 0o1777);
      const planted = path.join(s.stateDir, 'gatewatch.pid');
      writeFileSync(planted, JSON.stringify({ pid: 1 }) + '\n');
      chownSync(planted, NOBODY, NOBODY);
      await servedAside(s, /state can be written by any user \(mode 777\)/, (d) =>
        expect(d.err()).toContain(
          `gatewatch: ${planted} belongs to uid ${NOBODY}, not to this user (uid 0) (another user may have put it in ${s.stateDir}`,
        ),
      );
      // The neighbour's file is left as it was.
      expect(statSync(planted).uid).toBe(NOBODY);
    });
  },
);

describe.skipIf(asRoot)('a neighbour plants something where the socket goes', () => {
  it.skip('needs root to play a second user (uid 65534): run the suite as root to check it', () => {});
});
