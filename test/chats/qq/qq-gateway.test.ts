// The QQ gateway state machine against the fake QQ open platform on loopback: real HTTP, real WebSocket frames,
// real close codes and dropped sockets. Heartbeat interval comes from the fake's Hello (300 ms).
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createTokenSource } from '../../../src/chats/qq/auth.js';
import { createApi } from '../../../src/chats/qq/api.js';
import {
  closePolicy,
  createGateway,
  DEFAULT_TIMINGS,
  type Gateway,
  type GatewayTimings,
} from '../../../src/chats/qq/gateway.js';
import { startFakeQQ, type FakeQQ, type FakeQQOptions } from '../../fakes/qq-server.js';
import { systemClock } from '../../../src/util/clock.js';

const APP_ID = '102000001';
const SECRET = 'fake-client-secret-DG5g3B4j';

interface Rig {
  fake: FakeQQ;
  gw: Gateway;
  logs: string[];
  events: { t: string; d: unknown }[];
  fatal: string[];
  halts: string[];
}

let rigs: Rig[] = [];

afterEach(async () => {
  for (const r of rigs) {
    await r.gw.stop();
    await r.fake.close();
    // Neither the app secret nor any access token may reach a log line.
    const all = r.logs.join('');
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/tok-[0-9a-f]{8}/);
  }
  rigs = [];
});

async function rig(
  o: {
    fake?: FakeQQOptions;
    timings?: Partial<GatewayTimings>;
    secret?: string;
    intents?: number;
    start?: boolean;
  } = {},
): Promise<Rig> {
  const fake = await startFakeQQ({ appId: APP_ID, clientSecret: SECRET, ...o.fake });
  const logs: string[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void logs.push(s) });
  const tokens = createTokenSource({
    clock: systemClock,
    appId: APP_ID,
    clientSecret: o.secret ?? SECRET,
    tokenUrl: fake.tokenUrl,
  });
  const api = createApi({ clock: systemClock, apiBase: fake.baseUrl, tokens });
  const r: Rig = { fake, gw: undefined as unknown as Gateway, logs, events: [], fatal: [], halts: [] };
  r.gw = createGateway({
    clock: systemClock,
    api,
    tokens,
    intents: o.intents ?? 1 << 25,
    log,
    timings: {
      ...DEFAULT_TIMINGS,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
      invalidSessionWaitMs: 20,
      rateLimitedWaitMs: 300,
      handshakeTimeoutMs: 3_000,
      giveUpAfterMs: 60_000,
      ...o.timings,
    },
    onDispatch: (t, d) => void r.events.push({ t, d }),
    onFatal: (reason) => void r.fatal.push(reason),
    onHalt: (reason) => void r.halts.push(reason),
  });
  rigs.push(r);
  if (o.start !== false) r.gw.start();
  return r;
}

const connected = (r: Rig) => r.gw.state.phase === 'connected';
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe('QQ gateway', () => {
  it('identifies with the QQBot token and GROUP_AND_C2C intents, heartbeats with the last seq, and receives events', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    const c = r.fake.conns[0]!;
    expect(c.identify?.token).toMatch(/^QQBot tok-/);
    expect(c.identify?.intents).toBe(1 << 25);
    expect(c.identify?.shard).toEqual([0, 1]);
    r.fake.pushC2C('USER1', 'hello');
    await r.fake.waitFor('the event', () => r.events.length === 1);
    expect(r.events[0]!.t).toBe('C2C_MESSAGE_CREATE');
    // The next heartbeat reports seq 2 (READY was 1).
    await r.fake.waitFor('a heartbeat with seq 2', () => c.heartbeats.some((h) => h.d === 2));
    expect(r.gw.state.lastAckAt).toBeDefined();
  });

  it('resumes after close 4009 with session_id and the last seq, and gets the missed events replayed', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.pushC2C('USER1', 'one');
    r.fake.pushC2C('USER1', 'two');
    await r.fake.waitFor('two events', () => r.events.length === 2);
    const sessionId = r.gw.state.sessionId;
    r.fake.closeActive(4009, 'Session timed out');
    // Sent while the client is away: must come back through the resume replay.
    r.fake.pushC2C('USER1', 'three');
    await r.fake.waitFor('a resume', () => r.fake.conns[1]?.resume);
    expect(r.fake.conns[1]!.resume).toMatchObject({ session_id: sessionId, seq: 3 });
    expect(r.fake.conns[1]!.resume!.token).toMatch(/^QQBot /);
    expect(r.fake.conns[1]!.identify).toBeUndefined();
    await r.fake.waitFor('the replayed event', () => r.events.length === 3);
    expect((r.events[2]!.d as { content: string }).content).toBe('three');
    await r.fake.waitFor('RESUMED', () => connected(r) && r.gw.state.resumes === 1);
  });

  it('keeps resuming across repeated idle 4009 closes', async () => {
    const r = await rig();
    r.fake.faults.idleCloseMs = 400;
    await r.fake.waitFor('READY', () => connected(r));
    await r.fake.waitFor('three resumes', () => r.gw.state.resumes >= 3 && connected(r));
    expect(r.fake.conns.filter((c) => c.identify)).toHaveLength(1);
    expect(r.fake.conns.slice(1, 4).every((c) => c.resume?.session_id === r.fake.conns[0]!.sessionId)).toBe(true);
  });

  it('op 7 → closes and resumes', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.sendReconnect();
    await r.fake.waitFor('a resumed session', () => r.gw.state.resumes === 1 && connected(r));
    expect(r.fake.conns[0]!.endedBy).toBe('client');
    expect(r.fake.conns[1]!.resume?.session_id).toBe(r.fake.conns[0]!.sessionId);
  });

  it('op 9 after a failed resume → identifies anew', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.faults.rejectResume = true;
    r.fake.closeActive(4009);
    await r.fake.waitFor('a new session', () => r.fake.conns.some((c) => c.id > 1 && c.identify && c.ready));
    const ids = r.fake.conns.map((c) => (c.resume ? 'resume' : c.identify ? 'identify' : '?'));
    expect(ids.slice(0, 3)).toEqual(['identify', 'resume', 'identify']);
    await r.fake.waitFor('connected', () => connected(r));
    expect(r.gw.state.sessionId).toBe(r.fake.conns[2]!.sessionId);
  });

  it('op 9 on a live session → a fresh identify', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.sendInvalidSession(false);
    await r.fake.waitFor('a second identify', () => r.fake.conns[1]?.identify && r.fake.conns[1].ready);
    expect(r.fake.conns[1]!.resume).toBeUndefined();
  });

  it('detects a silent socket (no heartbeat ACKs) after two missed ACKs and replaces it with a resumed one', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    await r.fake.waitFor('an ACKed heartbeat', () => r.fake.conns[0]!.heartbeats.length >= 2);
    r.fake.faults.ack = false;
    await r.fake.waitFor('the client to drop the deaf socket', () => r.fake.conns[0]!.closedAt, 10_000);
    const dead = r.fake.conns[0]!;
    const unacked = dead.heartbeats.filter((h) => !h.acked);
    // Two heartbeats went unanswered; the third tick (two intervals after the first miss) ends the socket.
    expect(unacked).toHaveLength(2);
    expect(dead.endedBy).toBe('client');
    expect(dead.closedAt! - unacked[0]!.at).toBeLessThan(300 * 2 + 1_000);
    r.fake.faults.ack = true;
    await r.fake.waitFor('a resumed connection', () => connected(r) && r.gw.state.resumes === 1);
    expect(r.fake.conns[1]!.resume?.session_id).toBe(dead.sessionId);
  });

  it('a TCP drop without a close frame → resume', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.dropTcp();
    await r.fake.waitFor('a resumed connection', () => connected(r) && r.gw.state.resumes === 1);
  });

  it('4914 stops the channel with a clear error and never reconnects', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.closeActive(4914, 'bot offline');
    await r.fake.waitFor('the halt', () => r.halts.length === 1);
    expect(r.halts[0]).toMatch(/4914.*delisted/);
    expect(r.gw.state.phase).toBe('stopped');
    await sleep(500); // a window for a reconnect that must not come
    expect(r.fake.conns).toHaveLength(1);
    expect(r.fatal).toEqual([]);
    expect(r.logs.join('')).toMatch(/QQ channel stopped: .*4914/);
  });

  it('config-bug close codes (4014 intents not permitted) stop with a clear error', async () => {
    const r = await rig({ intents: (1 << 25) | (1 << 30) });
    await r.fake.waitFor('the halt', () => r.halts.length === 1);
    expect(r.halts[0]).toMatch(/4014.*intents/);
    await sleep(300); // a window for a reconnect that must not come
    expect(r.fake.conns).toHaveLength(1);
  });

  it('4004 → a fresh token and a new identify', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    const firstToken = r.fake.conns[0]!.identify!.token;
    r.fake.revokeTokens();
    r.fake.closeActive(4004, 'invalid token');
    await r.fake.waitFor('a new session', () => r.fake.conns[1]?.ready);
    expect(r.fake.conns[1]!.identify!.token).not.toBe(firstToken);
    expect(r.fake.conns[1]!.resume).toBeUndefined();
  });

  it('4006 → identify; 4008 → waits, then resumes', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.closeActive(4006);
    await r.fake.waitFor('identify', () => r.fake.conns[1]?.ready);
    expect(r.fake.conns[1]!.identify).toBeDefined();
    const closedAt = Date.now();
    r.fake.closeActive(4008);
    await r.fake.waitFor('resume', () => r.fake.conns[2]?.ready);
    expect(r.fake.conns[2]!.resume?.session_id).toBe(r.fake.conns[1]!.sessionId);
    expect(r.fake.conns[2]!.openedAt - closedAt).toBeGreaterThanOrEqual(250);
  });

  it('ignores malformed frames and stays connected', async () => {
    const r = await rig();
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.sendRaw('{not json');
    r.fake.sendRaw('{"hello":1}');
    r.fake.pushC2C('USER1', 'after garbage');
    await r.fake.waitFor('the event', () => r.events.length === 1);
    expect(r.fake.conns).toHaveLength(1);
    expect(r.logs.join('')).toContain('malformed QQ gateway frame');
  });

  it('retries through refused connections, 5xx and rate limits, and resets backoff on READY', async () => {
    const r = await rig({ start: false });
    r.fake.faults.down = true;
    r.gw.start();
    // A refused attempt first (on a busy host the first one can take longer than the whole wait below), then refused
    // long enough for the backoff to grow to its cap (checked to be reset below).
    await r.fake.waitFor('a refused attempt', () => r.gw.state.lastError !== undefined, 10_000);
    await sleep(600);
    expect(connected(r)).toBe(false);
    r.fake.faults.down = false;
    r.fake.faults.gatewayErrors.push(502, 503, 429);
    await r.fake.waitFor('READY', () => connected(r), 10_000);
    expect(r.fake.faults.gatewayErrors).toEqual([]);
    expect(r.gw.state.offlineSince).toBeUndefined();
    // Backoff was reset: the next reconnect is quick (base 20 ms, not the 200 ms cap).
    const t0 = Date.now();
    r.fake.closeActive(4009);
    await r.fake.waitFor('a resume', () => r.fake.conns.at(-1)?.resume);
    expect(r.fake.conns.at(-1)!.openedAt - t0).toBeLessThan(1_000);
  });

  it('offline past give_up_after → onFatal with the reason (so gatewatch exits non-zero)', async () => {
    const r = await rig({ timings: { giveUpAfterMs: 400 } });
    await r.fake.waitFor('READY', () => connected(r));
    r.fake.faults.down = true;
    r.fake.dropTcp();
    await r.fake.waitFor('fatal', () => r.fatal.length === 1, 10_000);
    expect(r.fatal[0]).toMatch(/unreachable for .*give_up_after/);
    expect(r.fatal[0]).not.toContain(SECRET);
  });

  it('wrong credentials stop with a clear error that does not contain the secret', async () => {
    const r = await rig({ secret: 'wrong-secret-value' });
    await r.fake.waitFor('the halt', () => r.halts.length === 1);
    expect(r.halts[0]).toMatch(/100016.*client_secret/);
    expect(r.halts[0]).not.toContain('wrong-secret-value');
  });

  it('starts a fresh session (identify) after a long quiet', async () => {
    const r = await rig({ timings: { quietReidentifyMs: 400 } });
    await r.fake.waitFor('READY', () => connected(r));
    await r.fake.waitFor('a second identify', () => r.fake.conns[1]?.identify && r.fake.conns[1].ready, 10_000);
    expect(r.fake.conns[1]!.resume).toBeUndefined();
    expect(r.fake.conns[1]!.sessionId).not.toBe(r.fake.conns[0]!.sessionId);
  });
});

describe('close-code policy', () => {
  it('follows the reference table', () => {
    expect(closePolicy(4009, true).action).toBe('resume');
    expect(closePolicy(4008, true).action).toBe('resume');
    expect(closePolicy(1006, true).action).toBe('resume');
    expect(closePolicy(1006, false).action).toBe('identify');
    for (const c of [4006, 4007, 4900, 4902, 4903, 4913]) expect(closePolicy(c, true).action).toBe('identify');
    expect(closePolicy(4004, true)).toMatchObject({ action: 'identify', refreshToken: true });
    for (const c of [4914, 4915, 4001, 4002, 4010, 4011, 4012, 4013, 4014])
      expect(closePolicy(c, true).action).toBe('stop');
  });
});
