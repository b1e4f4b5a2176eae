// The control-socket liveness probe against fake gateways speaking the real wire protocol from real child processes.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { controlRequest, probeControlSocket, requestLine, resolveSocketPath } from '../../src/probes/control-socket.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { startFakeGateway, stopFakeGateways } from '../fakes/hermes-control.js';
import { systemClock } from '../../src/util/clock.js';

afterEach(async () => {
  await stopFakeGateways();
  await cleanup();
});

/** Largest gap between 20-ms ticks of this process's event loop while `work` runs. */
async function maxLoopGap<T>(work: () => Promise<T>): Promise<{ result: T; gap: number; ticks: number }> {
  let last = Date.now();
  let gap = 0;
  let ticks = 0;
  const t = setInterval(() => {
    const now = Date.now();
    gap = Math.max(gap, now - last);
    last = now;
    ticks++;
  }, 20);
  try {
    const result = await work();
    gap = Math.max(gap, Date.now() - last);
    return { result, gap, ticks };
  } finally {
    clearInterval(t);
  }
}

describe('control socket probe', () => {
  it('sends exactly identify in Hermes’ request format and reads the answer', async () => {
    const home = await tempDir();
    const gw = await startFakeGateway(home, { mode: 'answer', identify: { served_profiles: ['default', 'coder'] } });
    const ev = await probeControlSocket(home, { clock: systemClock });
    expect(ev.outcome).toBe('answered');
    expect(ev.path).toBe(path.join(home, 'gateway.sock'));
    expect(ev.identify).toMatchObject({
      pid: gw.pid,
      hermes_home: home,
      profile: 'default',
      supervisor: 'manual',
      code_version: '0.21.3',
      served_profiles: ['default', 'coder'],
    });
    expect(ev.identify!.start_time).toEqual(expect.any(Number));
    expect(await gw.waitRequests(1)).toEqual(['{"verb": "identify", "id": 1, "protocol": 1}']);
    expect(requestLine('status')).toBe('{"verb": "status", "id": 1, "protocol": 1}\n');
  });

  it('asks status only when told to, and reads the live state from it', async () => {
    const home = await tempDir();
    const gw = await startFakeGateway(home, {
      mode: 'answer',
      status: {
        pid: 1,
        gateway_state: 'running',
        platforms: { telegram: { state: 'connected' } },
        code_version: '0.21.3',
      },
    });
    const ev = await probeControlSocket(home, { clock: systemClock, status: true });
    expect(ev.status).toMatchObject({
      gateway_state: 'running',
      code_version: '0.21.3',
      platforms: { telegram: { state: 'connected' } },
    });
    expect((await gw.waitRequests(2)).map((l) => JSON.parse(l).verb)).toEqual(['identify', 'status']);
  });

  it('follows the gateway.sock.path pointer when the home path is too long for a unix socket', async () => {
    const home = await tempDir();
    const elsewhere = path.join(await tempDir('gw-sock-'), 'hermes-gw-0123456789abcdef.sock');
    await startFakeGateway(home, { mode: 'answer', pointerTo: elsewhere });
    expect(await resolveSocketPath(home)).toBe(elsewhere);
    expect((await probeControlSocket(home, { clock: systemClock })).outcome).toBe('answered');
  });

  it('no socket at all (older Hermes) is absent, not dead', async () => {
    const home = await tempDir();
    expect(await probeControlSocket(home, { clock: systemClock })).toEqual({ outcome: 'absent' });
    await writeFile(path.join(home, 'gateway.sock.path'), '/nonexistent/hermes-gw-x.sock\n');
    expect(await probeControlSocket(home, { clock: systemClock })).toEqual({ outcome: 'absent' });
  });

  it('a socket left by a SIGKILLed gateway is refused (stale)', async () => {
    const home = await tempDir();
    const gw = await startFakeGateway(home, { mode: 'answer' });
    await gw.kill('SIGKILL');
    expect(await probeControlSocket(home, { clock: systemClock })).toEqual({
      outcome: 'refused',
      path: path.join(home, 'gateway.sock'),
    });
  });

  it('a wedged gateway accepts but never answers: silent after the timeout, asked twice, and our loop keeps running', async () => {
    const home = await tempDir();
    const gw = await startFakeGateway(home, { mode: 'wedged' });
    const started = Date.now();
    const { result, gap, ticks } = await maxLoopGap(() =>
      probeControlSocket(home, { clock: systemClock, timeoutMs: 1500 }),
    );
    const took = Date.now() - started;
    expect(result.outcome).toBe('silent');
    expect(result.waitedMs).toBeGreaterThanOrEqual(1400);
    // Two attempts of 1.5 s each, bounded: it neither answers early nor hangs.
    expect(took).toBeGreaterThanOrEqual(2800);
    expect(took).toBeLessThan(15_000);
    // Generous: the probe is pure async I/O, so our own loop never stalls anywhere near the timeout.
    expect(gap).toBeLessThan(1000);
    expect(ticks).toBeGreaterThan(20);
    // The wedged process never read a request line.
    expect(gw.requests()).toEqual([]);
  });

  it('a malformed reply is an error, not an answer', async () => {
    const home = await tempDir();
    const net = await import('node:net');
    const sock = path.join(home, 'gateway.sock');
    const server = net.createServer((c) => c.end('this is not json\n'));
    await new Promise<void>((r) => server.listen(sock, () => r()));
    try {
      const ev = await probeControlSocket(home, { clock: systemClock });
      expect(ev.outcome).toBe('error');
      expect(ev.error).toMatch(/malformed reply to identify/);
    } finally {
      server.close();
    }
  });

  it('an unknown-verb style refusal still proves the loop answers', async () => {
    const home = await tempDir();
    await mkdir(home, { recursive: true });
    const net = await import('node:net');
    const server = net.createServer((c) => c.end('{"ok": false, "error": "boom", "protocol": 1}\n'));
    await new Promise<void>((r) => server.listen(path.join(home, 'gateway.sock'), () => r()));
    try {
      const r = await controlRequest(path.join(home, 'gateway.sock'), 'identify', { clock: systemClock });
      expect(r.kind).toBe('reply');
      expect(await probeControlSocket(home, { clock: systemClock })).toMatchObject({
        outcome: 'answered',
        error: 'boom',
      });
    } finally {
      server.close();
    }
  });
});
