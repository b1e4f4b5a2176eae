// The control socket's sharp edges (issue 18 item 12), against a real daemon: a client that half-closes after a
// newline-terminated request (`printf '…\n' | nc -U -N`) still gets its answer, and 200 idle connections make the
// CLI wait its turn or end in one line with exit 75, never an EPIPE stack trace.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { CLI } from '../helpers/paths.js';

const run = promisify(execFile);
const poll = { timeoutMs: 40_000, everyMs: 300 };

const home = mkdtempSync(path.join(os.tmpdir(), 'gw-edges-'));
const stateDir = path.join(home, 'state');
const hermes = path.join(home, 'hermes');
const config = path.join(home, 'config.yaml');
const sock = path.join(stateDir, 'gatewatch.sock');
const env = { ...process.env, HOME: home, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'error' };
let daemon: ChildProcess;

async function gatewatch(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { env, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number | string; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : null, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every line the daemon sends on one connection, until it closes. */
function lines(c: net.Socket): Promise<Record<string, unknown>[]> {
  return new Promise((resolve) => {
    let buf = '';
    c.on('data', (d) => (buf += d));
    c.on('error', () => undefined);
    c.on('close', () =>
      resolve(
        buf
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      ),
    );
  });
}

beforeAll(async () => {
  mkdirSync(path.join(hermes, 'logs'), { recursive: true });
  writeFileSync(path.join(hermes, 'logs', 'gateway.log'), '');
  writeFileSync(
    config,
    `state_dir: ${stateDir}\ntargets:\n  - { name: gw, hermes_home: ${hermes}, service: { manager: none } }\n`,
  );
  daemon = spawn(process.execPath, [CLI, 'run', '--console', '--config', config], {
    env,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  await until('the control socket', () => existsSync(sock), poll);
  await until(
    'the daemon to answer',
    async () => (await gatewatch(['history', '1', '--config', config])).code === 0,
    poll,
  );
}, 60_000);

afterAll(() => {
  daemon?.kill('SIGKILL');
});

describe('a client that half-closes after its request', () => {
  it('gets the whole answer, whether or not the request ends in a newline', async () => {
    for (const request of [
      JSON.stringify({ v: 1, text: 'status' }) + '\n',
      JSON.stringify({ v: 1, command: 'history', args: { n: 1 } }) + '\n',
      JSON.stringify({ v: 1, text: 'status' }),
    ]) {
      const c = net.createConnection(sock);
      const got = lines(c);
      // As `printf '%s\n' "$req" | nc -U -N`: the request and the end of our side go together.
      c.on('connect', () => c.end(request));
      const answer = await got;
      expect(answer[0], request).toMatchObject({ daemon: { v: 1 } });
      expect(
        answer.some((l) => 'reply' in l),
        `${request}: ${JSON.stringify(answer)}`,
      ).toBe(true);
      expect(answer.at(-1), request).toMatchObject({ end: true });
    }
  });
});

describe('200 idle connections', () => {
  it('a client past the limit is told the daemon is busy; the CLI waits its turn, never dies with EPIPE', async () => {
    const idle: net.Socket[] = [];
    try {
      for (let i = 0; i < 200; i++) {
        const c = net.createConnection(sock);
        c.on('error', () => undefined);
        idle.push(c);
      }
      await Promise.all(idle.map((c) => new Promise((r) => (c.connecting ? c.once('connect', r) : r(undefined)))));
      // One more, past the limit: a line that says so, not a silent close.
      const extra = net.createConnection(sock);
      const said = await lines(extra);
      expect(said).toEqual([
        { end: true, exit: 75, busy: true, error: expect.stringMatching(/^busy: \d+ control connections are open$/) },
      ]);

      // The CLI asks again until the idle ones are dropped (10 s without a request), and gets its answer.
      const t0 = Date.now();
      const r = await gatewatch(['history', '1', '--config', config]);
      expect(r.stderr).not.toMatch(/EPIPE|ECONNRESET|\n\s+at /);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/event/);
      expect(Date.now() - t0).toBeLessThan(30_000);
    } finally {
      for (const c of idle) c.destroy();
    }
  }, 60_000);
});
