// A machine whose disk is already sick when gatewatch starts (issue 18 item 1): the state_dir is full (a 64 KiB tmpfs
// filled to the last byte) or read-only (the tmpfs remounted read-only; chmod 0500 where the test is not root). The
// daemon must start anyway, say on its channel that it cannot save and why, keep watching and alerting, answer the
// CLI, still refuse a second daemon, report degraded on /healthz, and pick the disk back up when it recovers.
// Real processes, a real mount, real sockets.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fallbackDir } from '../../src/control/fallback.js';
import { CLI } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';
import { freePort } from '../helpers/ports.js';

const asRoot = process.getuid?.() === 0;
const TOKEN = 'sick-disk-token-0123456789';
const poll = { timeoutMs: 60_000, everyMs: 200 };

interface Proc {
  child: ChildProcessWithoutNullStreams;
  out(): string;
  err(): string;
  exited: Promise<number | null>;
}

const procs: Proc[] = [];
const mounts: string[] = [];
afterEach(() => {
  for (const p of procs.splice(0))
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  for (const m of mounts.splice(0)) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      // not mounted any more
    }
  }
});

function start(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, GATEWATCH_CONFIG: '', ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const p = { child, out: () => out, err: () => err, exited };
  procs.push(p);
  return p;
}

/** A CLI command run to its end. */
async function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = start(args, env);
  p.child.stdin.end();
  const code = await p.exited;
  return { code, stdout: p.out(), stderr: p.err() };
}

/** A state_dir on a mount of its own, a Hermes home with no gateway (an alert at once), the console and /healthz. */
async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-sick-'));
  const stateDir = path.join(dir, 'state');
  const hermes = path.join(dir, 'hermes');
  mkdirSync(path.join(hermes, 'logs'), { recursive: true });
  writeFileSync(path.join(hermes, 'logs', 'gateway.log'), '');
  mkdirSync(stateDir, { mode: 0o700 });
  // The fallback goes under $XDG_RUNTIME_DIR when there is one: a private one for this test.
  const runtime = path.join(dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const port = await freePort();
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      state_dir: stateDir,
      targets: [{ name: 'gw', hermes_home: hermes, service: { manager: 'none' } }],
      channels: { console: {} },
      http: { listen: `127.0.0.1:${port}`, token: TOKEN },
    }),
  );
  const env = { HOME: dir, XDG_RUNTIME_DIR: runtime, GATEWATCH_LOG_LEVEL: 'warn' };
  const healthz = async (auth = false) => {
    const r = await fetch(
      `http://127.0.0.1:${port}/healthz`,
      auth ? { headers: { authorization: `Bearer ${TOKEN}` } } : {},
    );
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  return { dir, stateDir, config, env, healthz, spare: fallbackDir(stateDir, env) };
}

/** The daemon, its console on stdin/stdout as a person has it (stdin stays open). */
function daemon(config: string, env: NodeJS.ProcessEnv): Proc {
  return start(['run', '--console', '--config', config], env);
}

const count = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length;

describe.skipIf(!asRoot)('a full state_dir at start (a 64 KiB tmpfs filled up; mounting needs root)', () => {
  it('starts anyway: alerts that it cannot save and why, keeps alerting, answers the CLI, refuses a second daemon, /healthz degraded; all is saved once space returns', async () => {
    const s = await setup();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', s.stateDir]);
    mounts.push(s.stateDir);
    // Fill it to the last byte: every write below fails with ENOSPC, a real "no space left on device".
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${path.join(s.stateDir, 'fill')}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      // dd stops at ENOSPC: that is the point
    }
    expect(() => writeFileSync(path.join(s.stateDir, 'probe'), 'x')).toThrow(/ENOSPC/);

    const d = daemon(s.config, s.env);
    await until(
      'the state_dir alert on the console',
      () => /gatewatch cannot save its state: ENOSPC/.test(d.out()),
      poll,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\nstdout:\n${d.out()}\nstderr:\n${d.err()}\nexit: ${d.child.exitCode}`);
    });
    expect(d.out()).toContain(`Its lock is kept in ${s.spare} until gatewatch restarts`);
    // Watching and alerting go on: the gateway that is not there is an alert of its own.
    await until('the target alert', () => /gw: Hermes gateway is not running/.test(d.out()), poll);
    expect(d.child.exitCode).toBeNull();
    expect(d.err()).not.toMatch(/\n\s+at /);

    const anon = await until('/healthz', () => s.healthz().catch(() => undefined), poll);
    expect(anon).toEqual({ status: 503, body: { status: 'degraded', reasons: ['state_unwritable'] } });
    const full = await s.healthz(true);
    expect(full.body.state).toMatchObject({ ok: false, error: expect.stringMatching(/ENOSPC/) });

    // The CLI is answered by the daemon; a second daemon is refused, naming the first.
    const st = await cli(['history', '20', '--config', s.config], s.env);
    expect(st.stdout).toMatch(/^ *\S+ \S+ gatewatch gatewatch: .*gatewatch cannot save its state/m);
    expect(st.stderr).toBe('');
    const second = await cli(['run', '--config', s.config], s.env);
    expect(second.code).toBe(75);
    expect(second.stderr).toContain(`pid ${d.child.pid}`);

    // Space returns: one all-clear, and the state, the outbox and the audit log reach the disk.
    rmSync(path.join(s.stateDir, 'fill'));
    await until('the all-clear', () => /gatewatch can save its state again/.test(d.out()), poll);
    await until(
      'the files written',
      () => ['state.json', 'outbox.json', 'audit.jsonl'].every((f) => existsSync(path.join(s.stateDir, f))),
      poll,
    );
    await until('/healthz up again', async () => (await s.healthz()).status === 200, poll);
    expect(count(d.out(), /gatewatch cannot save its state/)).toBe(1);
    expect(count(d.out(), /gatewatch can save its state again/)).toBe(1);

    // A clean stop takes its lock and socket out of the fallback directory, and the directory it made for them.
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect(existsSync(s.spare)).toBe(false);
  }, 180_000);
});

describe('a read-only state_dir at start', () => {
  it(`starts anyway with its lock and socket in the fallback directory; the CLI finds it there; a second daemon is refused; the disk is picked up again (${asRoot ? 'tmpfs remounted read-only' : 'chmod 0500'})`, async () => {
    const s = await setup();
    const readOnly = (on: boolean) => {
      if (asRoot) execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, s.stateDir]);
      else chmodSync(s.stateDir, on ? 0o500 : 0o700);
    };
    if (asRoot) {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', s.stateDir]);
      mounts.push(s.stateDir);
    }
    readOnly(true);
    expect(() => writeFileSync(path.join(s.stateDir, 'probe'), 'x')).toThrow(asRoot ? /EROFS/ : /EACCES/);

    const d = daemon(s.config, s.env);
    await until(
      'the state_dir alert on the console',
      () => /gatewatch cannot save its state: (EROFS|EACCES)/.test(d.out()),
      poll,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\nstdout:\n${d.out()}\nstderr:\n${d.err()}\nexit: ${d.child.exitCode}`);
    });
    await until('the target alert', () => /gw: Hermes gateway is not running/.test(d.out()), poll);
    await until('the socket in the fallback directory', () => existsSync(path.join(s.spare, 'gatewatch.sock')), poll);
    expect(existsSync(path.join(s.spare, 'gatewatch.pid'))).toBe(true);

    // Answered by the daemon (its audit is in memory; a one-shot run here would have none to show).
    const hist = await cli(['history', '20', '--config', s.config], s.env);
    expect(hist.stdout).toMatch(/^ *\S+ \S+ gatewatch gatewatch: .*gatewatch cannot save its state/m);
    expect(hist.stdout).toMatch(/ gw gatewatch: /);
    const second = await cli(['run', '--config', s.config], s.env);
    expect(second.code).toBe(75);
    expect(second.stderr).toContain(`pid ${d.child.pid}`);
    expect((await s.healthz()).body).toEqual({ status: 'degraded', reasons: ['state_unwritable'] });

    readOnly(false);
    await until('the all-clear', () => /gatewatch can save its state again/.test(d.out()), poll);
    await until('state.json written', () => existsSync(path.join(s.stateDir, 'state.json')), poll);
    expect(count(d.out(), /gatewatch can save its state again/)).toBe(1);
    // Still one daemon: a new one is refused while this one holds the fallback lock, with the disk back.
    expect((await cli(['run', '--config', s.config], s.env)).code).toBe(75);

    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    // The fallback directory goes with them: it made it (issue 51 item 11).
    expect(existsSync(s.spare)).toBe(false);
  }, 180_000);
});

describe('nothing writable at all: neither the state_dir nor the fallback directory', () => {
  it(`still starts, watches and alerts, and says the lock is in memory only (${asRoot ? 'read-only tmpfs mounts' : 'chmod 0500'})`, async () => {
    const s = await setup();
    const runtime = s.env.XDG_RUNTIME_DIR;
    for (const dir of [s.stateDir, runtime]) {
      if (asRoot) {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700,ro', 'tmpfs', dir]);
        mounts.push(dir);
      } else chmodSync(dir, 0o500);
    }
    const d = daemon(s.config, s.env);
    await until('the state_dir alert', () => /gatewatch cannot save its state/.test(d.out()), poll).catch(
      (e: Error) => {
        throw new Error(`${e.message}\nstdout:\n${d.out()}\nstderr:\n${d.err()}\nexit: ${d.child.exitCode}`);
      },
    );
    expect(d.out()).toMatch(
      /Its lock could not be written anywhere \(.*\): a second gatewatch started for this state folder would not be stopped\./,
    );
    await until('the target alert', () => /gw: Hermes gateway is not running/.test(d.out()), poll);
    expect(d.child.exitCode).toBeNull();
    expect(d.err()).not.toMatch(/\n\s+at /);
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    if (!asRoot) for (const dir of [s.stateDir, runtime]) chmodSync(dir, 0o700);
  }, 120_000);
});
