// gatewatch's own "is it us or them" probe against loopback endpoints: a closed port cannot be reached, a TLS server
// with a self-signed certificate answers (the question is reachability, not trust), a TCP listener that never speaks
// TLS fails at the handshake, a name that does not resolve fails at DNS. Results are cached briefly; `fresh` re-probes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createReachability, probeReach } from '../../src/probes/reachability.js';
import { clockAt } from '../helpers/clock.js';
import { refusedPort } from '../helpers/ports.js';
import { systemClock } from '../../src/util/clock.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const c of sockets) c.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function listen(s: net.Server, port = 0): Promise<number> {
  servers.push(s);
  s.on('connection', (c: net.Socket) => {
    sockets.add(c);
    c.on('error', () => undefined);
  });
  await new Promise<void>((r) => s.listen(port, '127.0.0.1', r));
  return (s.address() as net.AddressInfo).port;
}

function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-reach-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

describe('probeReach', () => {
  it('a closed port cannot be reached: the TCP connect is refused', async () => {
    const port = await refusedPort();
    expect(await probeReach('qqbot', `https://127.0.0.1:${port}`, 0, systemClock, 1_000)).toMatchObject({
      reachable: false,
      failedAt: 'tcp',
      error: 'ECONNREFUSED',
      endpoint: `127.0.0.1:${port}`,
    });
  });

  it('a TLS server with a self-signed certificate is reachable', async () => {
    const port = await listen(tls.createServer(selfSigned(), (s) => s.end()));
    expect(await probeReach('feishu', `https://localhost:${port}`, 0, systemClock, 2_000)).toMatchObject({
      reachable: true,
      endpoint: `localhost:${port}`,
    });
  });

  it('a listener that never completes a TLS handshake fails at TLS; plain http stops at TCP', async () => {
    const port = await listen(net.createServer(() => undefined));
    expect(await probeReach('qqbot', `https://127.0.0.1:${port}`, 0, systemClock, 300)).toMatchObject({
      reachable: false,
      failedAt: 'tls',
      error: 'timed out after 300 ms',
    });
    expect(await probeReach('qqbot', `http://127.0.0.1:${port}`, 0, systemClock, 300)).toMatchObject({
      reachable: true,
    });
  });

  it('a name that does not resolve fails at DNS', async () => {
    // .invalid never resolves (RFC 6761).
    expect(await probeReach('telegram', 'https://api.gatewatch-test.invalid', 0, systemClock, 2_000)).toMatchObject({
      reachable: false,
      failedAt: 'dns',
    });
  });
});

describe('createReachability', () => {
  it('caches a result briefly, re-probes when fresh or connected since, and probes only configured platforms', async () => {
    const port = await refusedPort();
    let now = 1_000;
    const reach = createReachability(
      { qqbot: `http://127.0.0.1:${port}`, feishu: false, telegram: false },
      clockAt(() => now),
      { timeoutMs: 500, cacheMs: 30_000 },
    );
    expect((await reach.check(['qqbot', 'feishu', 'whatsapp'])).map((r) => [r.platform, r.reachable])).toEqual([
      ['qqbot', false],
    ]);

    // Now it answers; the cached "unreachable" stands until it expires, a fresh check, or Hermes connecting it (below).
    await listen(
      net.createServer(() => undefined),
      port,
    );
    expect((await reach.check(['qqbot']))[0]).toMatchObject({ reachable: false, at: 1_000 });
    expect(reach.cached('ops:qqbot')).toMatchObject({ platform: 'ops:qqbot', reachable: false });
    now += 10_000;
    expect((await reach.check(['qqbot'], { fresh: true }))[0]).toMatchObject({ reachable: true, at: 11_000 });
    // A connection confirms a result that reached it: it stands until it expires.
    reach.seen({ qqbot: { state: 'connected', updated_at: new Date(now + 1).toISOString() } }, null);
    expect(reach.recent()).toEqual([expect.objectContaining({ platform: 'qqbot', reachable: true })]);
    now += 30_000;
    expect(reach.recent()).toEqual([]);
  });

  it('forgets a failed probe once the state file says the platform connected after it, in this life', async () => {
    // The platform's servers were down, then came back and Hermes connected: its cached "cannot be reached" would
    // hold the next restart and tell /status so for the rest of its 30 s (a restart for a new QQ fault waited out).
    const port = await refusedPort();
    let now = 1_000_000;
    const reach = createReachability(
      { qqbot: `http://127.0.0.1:${port}`, feishu: false },
      clockAt(() => now),
      {
        timeoutMs: 500,
        cacheMs: 30_000,
      },
    );
    await reach.check(['qqbot']);
    expect(reach.cached('qqbot')).toMatchObject({ reachable: false, at: 1_000_000 });
    const iso = (t: number) => new Date(t).toISOString();
    const live = { pid: 42, start_time: 7 };
    now += 5_000;
    // Connected before the probe, or by the life before (Hermes keeps its entry until the new life marks it): no proof.
    reach.seen({ qqbot: { state: 'connected', updated_at: iso(999_000) } }, live);
    reach.seen({ qqbot: { state: 'connected', updated_at: iso(1_003_000), writer_pid: 41 } }, live);
    reach.seen({ qqbot: { state: 'retrying', updated_at: iso(1_003_000) } }, live);
    expect(reach.cached('qqbot')).toMatchObject({ reachable: false });
    // Connected by this life after the probe: this host reached it.
    reach.seen(
      { qqbot: { state: 'connected', updated_at: iso(1_003_000), writer_pid: 42, writer_start_time: 7 } },
      live,
    );
    expect(reach.cached('qqbot')).toBeUndefined();
    expect(reach.recent()).toEqual([]);
  });

  it('says since when the probes in a row have reached it: kept across re-probes, afresh after a miss or a long gap', async () => {
    const port = await refusedPort();
    let now = 1_000;
    const reach = createReachability(
      { qqbot: `http://127.0.0.1:${port}` },
      clockAt(() => now),
      { timeoutMs: 500, cacheMs: 30_000 },
    );
    expect((await reach.check(['qqbot']))[0]!.since).toBeUndefined();
    const server = net.createServer(() => undefined);
    await listen(server, port);
    now = 5_000;
    expect((await reach.check(['qqbot'], { fresh: true }))[0]).toMatchObject({ reachable: true, since: 5_000 });
    now = 40_000;
    expect((await reach.check(['qqbot']))[0]).toMatchObject({ reachable: true, at: 40_000, since: 5_000 });
    // The next judgement's probe a schedule's period later, give or take (61 s: a minute's schedule, a late tick).
    now = 101_000;
    expect((await reach.check(['qqbot']))[0]).toMatchObject({ reachable: true, at: 101_000, since: 5_000 });
    // Not probed for far longer than a schedule's period: nobody knows what happened meanwhile.
    now = 200_000 + 16 * 60_000;
    expect((await reach.check(['qqbot']))[0]).toMatchObject({ since: now });
    await new Promise((r) => server.close(r));
    servers.splice(servers.indexOf(server), 1);
    for (const c of sockets) c.destroy();
    now += 10_000;
    expect((await reach.check(['qqbot'], { fresh: true }))[0]).toMatchObject({ reachable: false });
    await listen(
      net.createServer(() => undefined),
      port,
    );
    now += 10_000;
    expect((await reach.check(['qqbot'], { fresh: true }))[0]).toMatchObject({ reachable: true, since: now });
  });

  it('false turns it off', async () => {
    const reach = createReachability(
      false,
      clockAt(() => 0),
    );
    expect(await reach.check(['qqbot', 'feishu', 'telegram'])).toEqual([]);
  });
});
