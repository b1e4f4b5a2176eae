// The CLI and the running daemon, as a user meets them: `gatewatch run --console` (the demo, no config) in one terminal,
// `gatewatch status/logs/check/restart/...` in another. The daemon a real process; each command the CLI's code in this
// process (test/helpers/cli-run.ts) over the real control socket; real signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoStatus, stopDemo } from '../../src/demo/index.js';
import { socketPath } from '../../src/control/protocol.js';
import { until } from '../helpers/until.js';
import { CLI } from '../helpers/paths.js';
import { quietHome } from '../helpers/quiet-home.js';
import { gatewatch as run } from '../helpers/cli-run.js';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One CLI process with HOME (and cwd) at `home`, so the default config, state_dir and demo are the temp ones. */
const gatewatch = (home: string, args: string[], timeout = 60_000): Promise<Result> =>
  run(args, { home, cwd: home, env: { GATEWATCH_CONFIG: '' }, timeoutMs: timeout });

interface Daemon {
  child: ChildProcess;
  out(): string;
  err(): string;
  exited: Promise<number | null>;
}

const daemons: Daemon[] = [];
function daemon(home: string, args = ['run', '--console']): Daemon {
  // A relative script path, as `npm start` runs it (node dist/src/cli.js run).
  const child = spawn(process.execPath, [path.relative(home, CLI), ...args], {
    env: { ...process.env, HOME: home, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'error' },
    cwd: home,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const d = { child, out: () => out, err: () => err, exited };
  daemons.push(d);
  return d;
}

const poll = { timeoutMs: 40_000, everyMs: 300 };

/** Exit code of a process, or null when it is still running after `ms`. */
function exitWithin(d: Daemon, ms: number): Promise<number | null | 'running'> {
  return Promise.race([d.exited, new Promise<'running'>((r) => setTimeout(() => r('running'), ms))]);
}

function auditOf(stateDir: string): { type: string; actor: string; detail: Record<string, unknown> | null }[] {
  const file = path.join(stateDir, 'audit.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Talk to the control socket directly: send raw bytes, collect every line until the daemon closes. */
function raw(sock: string, data: string, o: { halfClose?: boolean } = {}): Promise<Record<string, unknown>[]> {
  return new Promise((resolve) => {
    const c = net.createConnection(sock);
    let buf = '';
    c.on('data', (d) => (buf += d));
    // A write after the daemon hung up (EPIPE) is fine: what it said before is the answer.
    c.on('error', () => undefined);
    c.on('close', () =>
      resolve(
        buf
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      ),
    );
    c.on('connect', () => (o.halfClose ? c.end(data) : c.write(data)));
    setTimeout(() => c.destroy(), 30_000);
  });
}

const homes: string[] = [];
afterAll(async () => {
  for (const d of daemons) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
  for (const h of homes)
    await stopDemo(path.join(h, '.local', 'state', 'gatewatch', 'demo-hermes')).catch(() => undefined);
});

describe('the CLI talks to the running daemon (npm start in one terminal, gatewatch in another)', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-ctl-'));
  homes.push(home);
  const stateDir = path.join(home, '.local', 'state', 'gatewatch');
  const demoHome = path.join(stateDir, 'demo-hermes');
  const sock = path.join(stateDir, 'gatewatch.sock');
  let first: Daemon;

  it('status, check, logs, restart, mute, history are answered by the daemon, audited with actor cli', async () => {
    first = daemon(home);
    await until('the demo to start', () => /watching the DEMO gateway/.test(first.out()), poll);

    // The daemon's live view of the demo, not "process DOWN" for the ~/.hermes that does not exist.
    const st = await until(
      'status answered by the daemon',
      async () => {
        const r = await gatewatch(home, ['status']);
        return /demo: healthy/.test(r.stdout) ? r : undefined;
      },
      poll,
    );
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/running pid \d+/);
    expect(st.stdout).not.toMatch(/DOWN/);

    const check = await gatewatch(home, ['check']);
    expect(check).toMatchObject({ code: 0, stdout: '' });
    const checkJson = await gatewatch(home, ['check', '--json']);
    expect(checkJson.code).toBe(0);
    expect(JSON.parse(checkJson.stdout)).toEqual({ status: 'ok', findings: [] });

    const logs = await gatewatch(home, ['logs', '-n', '5']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/demo: last \d+ lines? of gateway.log/);

    const pidBefore = (await demoStatus(demoHome)).pid;
    const rs = await gatewatch(home, ['restart', '--yes']);
    expect(rs.stdout).toMatch(/Restarted demo: verified in/);
    expect(rs.code).toBe(0);
    expect((await demoStatus(demoHome)).pid).not.toBe(pidBefore);

    const mute = await gatewatch(home, ['mute', '10m']);
    expect(mute).toMatchObject({ code: 0 });
    expect(mute.stdout).toMatch(/Alerts muted until/);
    // The daemon holds the mute (it did not go to state.json behind its back only to be overwritten).
    expect((await gatewatch(home, ['status'])).stdout).toMatch(/muted\s+until .*\(an operator on the command line\)/);
    expect((await gatewatch(home, ['unmute'])).stdout).toMatch(/Alerts unmuted/);
    expect((await gatewatch(home, ['ack'])).code).toBe(0);
    const hist = await gatewatch(home, ['history', '50']);
    expect(hist.stdout).toMatch(/ demo an operator on the command line: restarting for /);

    const audit = auditOf(stateDir);
    const cliCommands = audit.filter((r) => r.type === 'command' && r.actor === 'cli').map((r) => r.detail?.command);
    for (const c of ['status', 'logs', 'restart', 'mute', 'unmute', 'ack', 'history']) expect(cliCommands).toContain(c);
    expect(audit.find((r) => r.type === 'restart.begin')?.actor).toBe('cli');

    // The socket is the operator's alone.
    expect(statSync(sock).mode & 0o777).toBe(0o600);
    expect(first.child.exitCode).toBeNull();
  }, 240_000); // a dozen CLI processes one after another: generous on a loaded 2-core machine

  it('an unknown target exits 2 with the list, answered by the daemon too', async () => {
    const r = await gatewatch(home, ['restart', 'demoo', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Unknown target "demoo"\. Targets: demo/);
    expect((await gatewatch(home, ['status', 'demoo'])).code).toBe(2);
  });

  it('a second daemon (or demo) on the same state_dir exits 75 naming the running one, and leaves its demo alone', async () => {
    const demoPid = (await demoStatus(demoHome)).pid;
    for (const args of [['run', '--console'], ['demo']]) {
      const second = daemon(home, args);
      const code = await exitWithin(second, 20_000);
      expect(code).toBe(75);
      expect(second.err()).toContain(`pid ${first.child.pid}`);
      expect(second.err()).toContain(stateDir);
    }
    expect((await demoStatus(demoHome)).pid).toBe(demoPid);
    expect(first.child.exitCode).toBeNull();
    // Still watching its gateway; the demo's QQ takes its routine 4009 every cycle, so "healthy" may be a look away.
    await until(
      'the daemon reporting its gateway healthy',
      async () => /demo: healthy/.test((await gatewatch(home, ['status'])).stdout),
      { timeoutMs: 30_000, everyMs: 500 },
    );
  });

  it('after kill -9 of the daemon the CLI runs on its own, and a new daemon takes over the stale socket and lock', async () => {
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(sock)).toBe(true);
    // No listener behind the socket: the CLI answers by itself, on the demo the daemon watched (its gateway outlived
    // the kill -9, so nothing says the demo is stopped).
    const alone = await gatewatch(home, ['status'], 20_000);
    expect(alone.code).not.toBeNull();
    expect(alone.stdout).toMatch(/^✅ demo: healthy/u);
    expect(alone.stderr).not.toMatch(/ECONNREFUSED|Error|demo is stopped/);

    const next = daemon(home);
    // The CLI alone says the same of the demo now: asked once the new daemon has started, the answer is the daemon's.
    const st = await until(
      'status from the new daemon',
      async () => {
        if (!/watching the DEMO gateway/.test(next.out())) return undefined;
        const r = await gatewatch(home, ['status']);
        return /demo: healthy/.test(r.stdout) ? r : undefined;
      },
      poll,
    );
    expect(st.code).toBe(0);
    // It answered, so it took over, and it is still running (not one that started, answered once and gave up).
    expect(next.child.exitCode).toBeNull();
    expect(readFileSync(path.join(stateDir, 'gatewatch.pid'), 'utf8')).toContain(`"pid":${next.child.pid}`);
    expect(statSync(sock).mode & 0o777).toBe(0o600);

    // A clean stop removes the socket and the lock.
    next.child.kill('SIGTERM');
    expect(await exitWithin(next, 20_000)).toBe(0);
    expect(existsSync(sock)).toBe(false);
    expect(existsSync(path.join(stateDir, 'gatewatch.pid'))).toBe(false);
  });
});

describe('socket path', () => {
  it('is <state_dir>/gatewatch.sock, or a short stable path in a directory only this user can enter when that would be too long', () => {
    expect(socketPath('/var/lib/gw')).toBe('/var/lib/gw/gatewatch.sock');
    const deep = '/home/someone/' + 'very-long-directory-name/'.repeat(5) + 'state';
    expect(socketPath(deep, {})).toBe(socketPath(deep + '/', {}));
    // Never directly in the world-writable temp dir, where another user could bind the name first.
    expect(path.dirname(socketPath(deep, { TMPDIR: os.tmpdir() }))).toBe(
      path.join(os.tmpdir(), `gatewatch-${process.getuid!()}`),
    );
    // The temp directory of the environment asked for (a daemon's), not the asker's.
    expect(path.dirname(socketPath(deep, { TMPDIR: '/srv/daemon-tmp' }))).toBe(
      `/srv/daemon-tmp/gatewatch-${process.getuid!()}`,
    );
    expect(path.dirname(socketPath(deep, { XDG_RUNTIME_DIR: '/run/user/1000' }))).toBe('/run/user/1000');
    expect(Buffer.byteLength(socketPath(deep, {}))).toBeLessThan(100);
    expect(socketPath(deep, {})).not.toBe(socketPath(deep + '2', {}));
  });
});

describe('control socket protocol', () => {
  const { home, config } = quietHome({ prefix: 'gw-proto-', target: 'gw' });
  const stateDir = path.join(home, 'state');
  const sock = path.join(stateDir, 'gatewatch.sock');

  it('newline-delimited JSON: replies then an end marker; bounded, malformed and non-CLI requests are refused', async () => {
    const d = daemon(home, ['run', '--console', '--config', config]);
    await until('the control socket', () => existsSync(sock), poll);
    await until(
      'the daemon to listen',
      async () => (await raw(sock, '{"v":1,"text":"history 1"}\n').catch(() => [])).length > 0,
      poll,
    );

    const hello = { daemon: { v: 1, pid: d.child.pid } };
    const ok = await raw(sock, JSON.stringify({ v: 1, text: 'history 3', json: true }) + '\n');
    expect(ok[0]).toEqual(hello);
    expect((ok[1]!.reply as { title: string }).title).toMatch(/Last \d+ event/);
    expect(ok.at(-1)).toEqual({ end: true, exit: 0 });
    // A client that shuts its side after the request (nc -N) still gets the answer; the newline is optional then.
    const half = await raw(sock, JSON.stringify({ v: 1, text: 'status' }), { halfClose: true });
    expect((half[1]!.reply as { title: string }).title).toMatch(/^gw: /);
    expect(half.at(-1)).toMatchObject({ end: true });

    const huge = await raw(sock, 'x'.repeat(200_000));
    expect(huge).toEqual([hello, { end: true, exit: 2, error: expect.stringMatching(/too large/) }]);
    const garbage = await raw(sock, 'not json\n');
    expect(garbage).toEqual([hello, { end: true, exit: 2, error: expect.stringMatching(/JSON/) }]);
    const notCli = await raw(sock, JSON.stringify({ v: 1, text: 'help' }) + '\n');
    expect(notCli).toEqual([hello, { end: true, exit: 2, error: expect.stringMatching(/not a CLI command/) }]);

    const chk = await raw(sock, JSON.stringify({ v: 1, text: 'check', json: true }) + '\n');
    expect(chk.at(-1)).toEqual({ end: true, exit: 2 });
    expect((chk[1]!.check as { status: string }).status).toBe('critical');
    // The CLI prints the daemon's check in the shape it always had.
    const cliCheck = await gatewatch(home, ['check', '--json', '--config', config]);
    expect(cliCheck.code).toBe(2);
    expect(Object.keys(JSON.parse(cliCheck.stdout))).toEqual(['status', 'findings']);

    // A stopped (hung) daemon: the CLI does not wait forever, and does not act behind its back either.
    d.child.kill('SIGSTOP');
    try {
      const t0 = Date.now();
      const hung = await gatewatch(home, ['restart', '--yes', '--config', config], 40_000);
      expect(hung.code).toBe(75);
      expect(hung.stderr).toContain(`pid ${d.child.pid}`);
      expect(Date.now() - t0).toBeLessThan(35_000);
    } finally {
      d.child.kill('SIGCONT');
    }

    // The daemon is unharmed by all of that.
    expect((await gatewatch(home, ['status', '--config', config])).stdout).toMatch(/gw: /);
    d.child.kill('SIGTERM');
    expect(await exitWithin(d, 20_000)).toBe(0);
  });

  it('two daemons started at once on a stale lock: exactly one runs, the other exits 75', async () => {
    // A lock and a socket left by a killed daemon.
    const killed = daemon(home, ['run', '--console', '--config', config]);
    await until('the control socket', () => existsSync(sock), poll);
    killed.child.kill('SIGKILL');
    await killed.exited;

    const a = daemon(home, ['run', '--console', '--config', config]);
    const b = daemon(home, ['run', '--console', '--config', config]);
    // Whichever exits first is the loser; a loaded machine may take many seconds to start either, so no tight bound.
    const loser = await Promise.race([a.exited.then(() => a), b.exited.then(() => b)]);
    const survivor = loser === a ? b : a;
    expect(loser.child.exitCode).toBe(75);
    await until('the survivor to serve the socket', () => survivor.child.exitCode === null && existsSync(sock), {
      ...poll,
      timeoutMs: 60_000,
    });
    expect(loser.err()).toContain(`pid ${survivor.child.pid}`);
    const st = await until(
      'status from the survivor',
      async () => {
        const r = await gatewatch(home, ['history', '5', '--config', config]);
        return r.code === 0 ? r : undefined;
      },
      poll,
    );
    expect(st.code).toBe(0);
    expect(survivor.child.exitCode).toBeNull();
    survivor.child.kill('SIGTERM');
    await survivor.exited;
  });
});
