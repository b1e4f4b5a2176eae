// gatewatch's own HTTP endpoint and dead man's switch, on loopback against a real app (and the demo gateway):
// /healthz follows the scheduler, the channels and the state; /metrics is Prometheus text that moves when the gateway
// fails; the token is required; the dead man pings while healthy and /fail while not.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { startHttpServer, tokenMatches, type HttpServer } from '../../src/ops/http.js';
import { startDeadman, failUrl, type Deadman } from '../../src/ops/deadman.js';
import { healthOf } from '../../src/ops/health.js';
import { injectFault } from '../../src/demo/index.js';
import type { Alert, Channel } from '../../src/types.js';
import pino from 'pino';
import { platformsUp } from '../../src/app.js';
import { EVALUATION_EVERY_MS, until, where } from '../helpers/until.js';
import { manualClock } from '../helpers/clock.js';
import type { Clock } from '../../src/util/clock.js';
import { systemClock } from '../../src/util/clock.js';

const TOKEN = 'test-token-0123456789abcdef';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const poll = { timeoutMs: 30_000, everyMs: 100 };

/** A test channel whose health the test switches, and that keeps what it was sent. */
function phone(name = 'phone') {
  const got: Alert[] = [];
  const s = { ok: true, summary: 'connected' };
  /** Alerts about remote instances only (the local test target has no gateway and alerts too). */
  const remote = () => got.filter((a) => a.target !== 'default');
  const ch: Channel = {
    name,
    interactive: false,
    start: async () => {},
    stop: async () => {},
    deliver: async (a) => (got.push(a), { status: 'sent' }),
    health: () => ({ name, ok: s.ok, summary: s.summary }),
  };
  return { ch, got, s, remote };
}

async function setup(
  o: { demo?: boolean; token?: string; config?: Record<string, unknown>; clock?: Clock; phones?: string[] } = {},
) {
  const [p, ...others] = (o.phones ?? ['phone']).map(phone);
  const metrics = createMetrics();
  const h: Harness = await startHarness({
    demo: o.demo,
    channels: [p!.ch, ...others.map((x) => x.ch)],
    config: { schedule: '* * * * * *', ...o.config },
    appOptions: { ...metrics.hooks, ...(o.clock ? { clock: o.clock } : {}) },
  });
  metrics.bind(h.app);
  cleanups.push(() => h.close());
  const server: HttpServer = await startHttpServer(h.app, { listen: '127.0.0.1:0', token: o.token, metrics });
  cleanups.push(() => server.close());
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(server.url + path, { headers });
    return { status: r.status, text: await r.text(), headers: r.headers };
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(server.url + path, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: r.status, text: await r.text() };
  };
  return { h, p: p!, others, server, get, post, metrics };
}

/** Strict Prometheus text exposition check: every line is HELP, TYPE or a sample of a declared metric (values parse as Go floats: NaN in any case). */
function parseProm(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      if (m[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(m[3]);
        typed.add(m[2]!);
      }
      continue;
    }
    m =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|[+-][Ii]nf)( -?\d+)?$/.exec(
        line,
      );
    if (!m) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const base = m[1]!.replace(/_(bucket|sum|count)$/, '');
    expect(typed.has(m[1]!) || typed.has(base), `TYPE declared for ${m[1]}`).toBe(true);
    samples.set(m[1]! + (m[2] ?? ''), Number(m[3]));
  }
  return samples;
}

describe('GET /healthz', () => {
  it('turns 503 when a channel goes down and back to 200 when it recovers; says why without secrets', async () => {
    const s = await setup({ token: TOKEN });
    // The report is the token holder's; without it, /healthz says only up, degraded or down (below).
    const auth = { authorization: `Bearer ${TOKEN}` };
    const ok = await s.get('/healthz', auth);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ ok: true, problems: [], channels: [{ name: 'phone', ok: true }] });

    s.p.s.ok = false;
    s.p.s.summary = 'reconnecting (app_secret=supersecretvalue123 rejected)';
    const bad = await s.get('/healthz', auth);
    expect(bad.status).toBe(503);
    const body = JSON.parse(bad.text);
    expect(body.ok).toBe(false);
    expect(body.problems.join('\n')).toMatch(/channel phone: reconnecting/);
    expect(bad.text).not.toContain('supersecretvalue123');
    expect(bad.text).not.toContain(TOKEN);

    s.p.s.ok = true;
    expect((await s.get('/healthz')).status).toBe(200);
  });

  it('turns 503 when the scheduler has not run for two periods, and 200 again once it runs', async () => {
    // The app's timers run on a manual clock; `skew` moves the time it reads without firing them (a wedged
    // scheduler looks just like that).
    const manual = manualClock(Date.now());
    let skew = 0;
    const clock: Clock = { ...manual, now: () => manual.now() + skew };
    const s = await setup({ clock, token: TOKEN, config: { schedule: '*/10 * * * * *' } });
    expect((await s.get('/healthz')).status).toBe(200);
    // Ten minutes pass on the app's clock without a tick.
    skew = 10 * 60_000;
    const h = healthOf(s.h.app);
    expect(h.ok).toBe(false);
    expect(h.problems.join('\n')).toMatch(/^scheduler: last run 10m ago \(schedule period 10s\)/m);
    const late = await s.get('/healthz', { authorization: `Bearer ${TOKEN}` });
    expect(late.status).toBe(503);
    expect(JSON.parse(late.text).scheduler).toMatchObject({ ok: false, period_ms: 10_000 });
    // The schedule's next run (at most 10 s on) makes it healthy again.
    await manual.advance(10_000);
    expect((await s.get('/healthz')).status).toBe(200);

    // Now the scheduler really stops (the app is stopped): late again, and no tick brings it back.
    await s.h.app.stop();
    skew += 10 * 60_000;
    expect((await s.get('/healthz')).status).toBe(503);
    await manual.advance(11_000);
    expect((await s.get('/healthz')).status).toBe(503);
  });

  it('turns 503 when the state cannot be saved', async () => {
    const s = await setup({ token: TOKEN });
    // Open this target's incidents first (the audit log is written then); the next evaluations only save the state.
    await s.h.app.core.evaluate('default');
    await s.h.app.core.evaluate('default');
    const first = await s.get('/healthz');
    expect(first.status, first.text).toBe(200);
    const { chmodSync, rmSync, writeFileSync } = await import('node:fs');
    // A file where the state directory should be: no user, root or not, can write under it.
    rmSync(s.h.config.state_dir, { recursive: true, force: true });
    writeFileSync(s.h.config.state_dir, 'not a directory');
    await s.h.app.core.evaluate('default').catch(() => undefined);
    const r = await until(
      'a failed save',
      where(
        () => s.get('/healthz', { authorization: `Bearer ${TOKEN}` }),
        (x) => x.status === 503,
      ),
      poll,
    );
    expect(r.status).toBe(503);
    expect(JSON.parse(r.text).problems.join('\n')).toMatch(/^state: cannot save/m);
    // Why, as a code a load balancer or a script can match (issue 35 item 9).
    expect(JSON.parse(r.text)).toMatchObject({ status: 'degraded', reasons: ['state_unwritable'] });
    rmSync(s.h.config.state_dir, { force: true });
    // A writer's retry may make it first (it creates the folder it writes into): as it is, then.
    (await import('node:fs')).mkdirSync(s.h.config.state_dir, { recursive: true });
    chmodSync(s.h.config.state_dir, 0o700);
    // Each writer (state, outbox, audit) clears its own failure on its next good write: make all three write.
    const writeAll = async () => {
      await s.h.app.handle({ channel: 'console', senderId: 'local', text: '/status' }, async () => {});
      await s.h.app.core.evaluate('default');
      await s.h.raiseAlert({ target: 'default' });
      await s.h.app.outbox.flush();
      return s.get('/healthz');
    };
    await until(
      'healthy again once the state_dir is writable',
      where(writeAll, (r) => r.status === 200),
      { ...poll, timeoutMs: 20_000 },
    );
  });
});

describe('the token', () => {
  it('refuses /metrics and /alertmanager without the right bearer token, before reading the body', async () => {
    const s = await setup({ token: TOKEN });
    for (const headers of [
      {} as Record<string, string>,
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
    ]) {
      const r = await s.get('/metrics', headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(r.text).not.toContain('gatewatch_');
    }
    const am = await s.post('/alertmanager', amPayload('firing'), { authorization: 'Bearer nope' });
    expect(am.status).toBe(401);
    expect(Object.values(s.h.app.core.state.incidents).filter((i) => i.target !== 'default')).toEqual([]);
    expect((await s.get('/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await s.get('/healthz')).status).toBe(200);
  });

  it('an unauthenticated /healthz says up, degraded or down and nothing else; with the token, the whole report', async () => {
    const TOKEN = 'healthz-token-0123456789';
    // Channel names are the config's, often a person's or a team's: the token holder's to read (issue 42 item 9).
    const { get, p, others } = await setup({ token: TOKEN, phones: ['alice-phone', 'ops-oncall'] });
    p.s.ok = false;
    p.s.summary = 'offline since 10:00 on ops.example.internal';
    const anon = await get('/healthz');
    expect(anon.status).toBe(503);
    // The reason codes name what is wrong, never its text (a host, a path, a secret) nor whose channel it is.
    expect(JSON.parse(anon.text)).toEqual({ status: 'degraded', reasons: ['channel_down'] });
    expect(anon.text).not.toContain('alice');
    // Two channels down: the code once (how many channels there are is the token holder's too).
    others[0]!.s.ok = false;
    const two = await get('/healthz');
    expect(JSON.parse(two.text)).toEqual({ status: 'degraded', reasons: ['channel_down'] });
    expect(two.text).not.toMatch(/alice|oncall/);
    const full = await get('/healthz', { authorization: `Bearer ${TOKEN}` });
    expect(full.status).toBe(503);
    expect(full.text).toContain('ops.example.internal');
    expect(JSON.parse(full.text).reasons).toEqual(['channel_down:alice-phone', 'channel_down:ops-oncall']);
    p.s.ok = true;
    others[0]!.s.ok = true;
    expect(JSON.parse((await get('/healthz')).text)).toEqual({ status: 'up' });
  });

  it('an unauthenticated degraded /healthz says why in reason codes: state unwritable, a channel whose credentials are rejected', async () => {
    const TOKEN = 'healthz-token-0123456789';
    const s = await setup({ token: TOKEN });
    await s.h.app.core.evaluate('default');
    expect(JSON.parse((await s.get('/healthz')).text)).toEqual({ status: 'up' });
    // A channel that reports itself connected but whose token the service rejects cannot deliver all the same.
    s.h.app.channelTrouble.down('phone', 'was refused by Telegram (401 Unauthorized): check the token', 'send');
    const anon = await s.get('/healthz');
    expect(anon.status).toBe(503);
    expect(JSON.parse(anon.text)).toEqual({ status: 'degraded', reasons: ['credentials_rejected'] });
    // Until it delivers again.
    await s.h.raiseAlert({ target: 'default' });
    await s.h.app.outbox.flush();
    expect(JSON.parse((await s.get('/healthz')).text)).toEqual({ status: 'up' });

    const { rmSync, writeFileSync } = await import('node:fs');
    rmSync(s.h.config.state_dir, { recursive: true, force: true });
    writeFileSync(s.h.config.state_dir, 'not a directory');
    await s.h.app.core.evaluate('default').catch(() => undefined);
    await until(
      'a failed save',
      where(
        () => s.get('/healthz'),
        (x) => x.text.includes('state_unwritable'),
      ),
      poll,
    );
    // The state_dir alert has reached the phone before the phone is refused.
    await s.h.app.outbox.flush();
    s.h.app.channelTrouble.down('phone', 'was refused by Telegram (401 Unauthorized): check the token', 'send');
    const both = await s.get('/healthz');
    expect(both.status).toBe(503);
    expect(JSON.parse(both.text)).toEqual({
      status: 'degraded',
      reasons: ['state_unwritable', 'credentials_rejected'],
    });
    expect(both.text).not.toContain(s.h.config.state_dir);
    expect(both.text).not.toContain('phone');
    const full = JSON.parse((await s.get('/healthz', { authorization: `Bearer ${TOKEN}` })).text);
    expect(full).toMatchObject({
      ok: false,
      status: 'degraded',
      reasons: ['state_unwritable', 'credentials_rejected:phone'],
    });
    expect(full.channels).toEqual([
      { name: 'phone', ok: false, summary: expect.stringMatching(/refused by Telegram \(401 Unauthorized\)/) },
    ]);
  });

  it('compares whole tokens', () => {
    expect(tokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(tokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
    expect(tokenMatches('Bearer ', TOKEN)).toBe(false);
    expect(tokenMatches(`Bearer ${TOKEN} ${TOKEN}`, TOKEN)).toBe(false);
  });
});

describe('GET /metrics', () => {
  it('is Prometheus text with the documented metrics, and moves when the gateway fails', async () => {
    const s = await setup({ demo: true, token: TOKEN, config: { remediate: { auto_restart: false } } });
    const auth = { authorization: `Bearer ${TOKEN}` };
    await until(
      'a healthy demo gateway',
      where(
        () => s.h.app.core.evaluate('demo'),
        (r) =>
          r.findings.length === 0 && Object.values(platformsUp(r.evidence, r.findings)).filter(Boolean).length === 2,
      ),
      { ...poll, everyMs: EVALUATION_EVERY_MS },
    );
    const r = await s.get('/metrics', auth);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parseProm(r.text);
    expect(m.get('gatewatch_gateway_up{target="demo"}')).toBe(1);
    expect(m.get('gatewatch_platform_up{target="demo",platform="qqbot"}')).toBe(1);
    expect(m.get('gatewatch_platform_up{target="demo",platform="feishu"}')).toBe(1);
    expect(m.get('gatewatch_incidents_open{target="demo",severity="critical"}')).toBe(0);
    expect(m.get('gatewatch_checks_total{target="demo",result="ok"}')).toBeGreaterThan(0);
    expect(m.get('gatewatch_check_duration_seconds_count{target="demo"}')).toBeGreaterThan(0);
    expect(m.get('gatewatch_restarts_total{target="demo",result="fail"}')).toBe(0);
    expect(m.get('gatewatch_channel_up{channel="phone"}')).toBe(1);
    expect(m.get('gatewatch_deliveries_total{channel="phone",result="failed"}')).toBe(0);
    expect(m.get('gatewatch_outbox_pending')).toBe(0);
    expect([...m.keys()].some((k) => k.startsWith('nodejs_eventloop_lag_seconds'))).toBe(true);
    expect([...m.keys()].some((k) => k.startsWith('process_cpu_seconds_total'))).toBe(true);

    await injectFault(s.h.hermesHome, 'crash');
    await until(
      'the crash to be seen',
      where(
        () => s.h.app.core.evaluate('demo'),
        (x) => !x.evidence.process.alive,
      ),
      { ...poll, everyMs: EVALUATION_EVERY_MS },
    );
    await until('the alert to be delivered', () => s.p.got.length > 0, poll);
    const after = parseProm((await s.get('/metrics', auth)).text);
    expect(after.get('gatewatch_gateway_up{target="demo"}')).toBe(0);
    expect(after.get('gatewatch_platform_up{target="demo",platform="qqbot"}')).toBe(0);
    expect(after.get('gatewatch_incidents_open{target="demo",severity="critical"}')).toBeGreaterThanOrEqual(1);
    expect(after.get('gatewatch_checks_total{target="demo",result="critical"}')).toBeGreaterThan(0);
    expect(after.get('gatewatch_deliveries_total{channel="phone",result="sent"}')).toBeGreaterThan(0);

    s.p.s.ok = false;
    expect(parseProm((await s.get('/metrics', auth)).text).get('gatewatch_channel_up{channel="phone"}')).toBe(0);
  }, 60_000);

  it("keeps its metrics off prom-client's global registry (two instances in one process do not collide)", async () => {
    const { register } = await import('prom-client');
    createMetrics();
    createMetrics();
    expect(await register.getSingleMetric('gatewatch_gateway_up')).toBeUndefined();
  });
});

function pingServer() {
  const hits: string[] = [];
  let hang = false;
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (hang) return; // never answers
    res.end('OK');
  });
  return new Promise<{ url: string; hits: string[]; hang(v: boolean): void; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/ping/abc-123`,
        hits,
        hang: (v) => (hang = v),
        close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
      });
    }),
  );
}

describe("dead man's switch", () => {
  it('pings while healthy and /fail while not, never stacking up on a hung ping service', async () => {
    const ps = await pingServer();
    cleanups.push(ps.close);
    const s = await setup();
    const dm: Deadman = startDeadman({
      clock: systemClock,
      url: ps.url,
      everyMs: 200,
      timeoutMs: 1_000,
      health: () => healthOf(s.h.app),
      log: pino({ level: 'silent' }),
    });
    cleanups.push(() => dm.stop());
    await until('pings after a run', () => ps.hits.filter((u) => u === '/ping/abc-123').length >= 2, poll);

    s.p.s.ok = false;
    await until('a /fail ping', () => ps.hits.filter((u) => u === '/ping/abc-123/fail').length >= 1, poll);
    s.p.s.ok = true;
    const n = ps.hits.length;
    await until('pings again once healthy', () => ps.hits.slice(n).includes('/ping/abc-123'), poll);

    // The ping service hangs: the ping times out, ticks during it share it, and the event loop is free meanwhile.
    ps.hang(true);
    await dm.ping(); // a tick's ping may have been in flight before the hang: let it end
    const before = ps.hits.length;
    const t0 = Date.now();
    const r = await dm.ping();
    expect(r.error).toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(ps.hits.length - before).toBeLessThanOrEqual(2);
  });

  it('builds the /fail URL healthchecks.io style', () => {
    expect(failUrl('https://hc-ping.com/0f1e')).toBe('https://hc-ping.com/0f1e/fail');
    expect(failUrl('https://hc-ping.com/0f1e/')).toBe('https://hc-ping.com/0f1e/fail');
    expect(failUrl('https://x.example/p/k?rid=1')).toBe('https://x.example/p/k/fail?rid=1');
  });
});

function amPayload(status: 'firing' | 'resolved', labels: Record<string, string> = {}) {
  const alert = {
    status,
    labels: {
      alertname: 'GatewayDown',
      instance: 'host2:9477',
      job: 'gatewatch',
      target: 'prod',
      severity: 'critical',
      ...labels,
    },
    annotations: {
      summary: 'Gateway prod on host2 is down',
      description: 'gatewatch on host2 sees no gateway process (client_secret=abcd1234efgh)',
    },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prom:9090/graph',
    fingerprint: 'abc',
  };
  return {
    version: '4',
    groupKey: '{}:{alertname="GatewayDown"}',
    truncatedAlerts: 0,
    status,
    receiver: 'gatewatch',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://am:9093',
    alerts: [alert],
  };
}

describe('POST /alertmanager', () => {
  it('a thousand firing alerts in one request: a hundred incidents and one line for the rest, nothing more', async () => {
    const s = await setup({ token: TOKEN });
    const one = amPayload('firing');
    const alerts = Array.from({ length: 1000 }, (_, i) => ({
      ...one.alerts[0]!,
      labels: { ...one.alerts[0]!.labels, instance: `host${i}:9477` },
      fingerprint: `f${i}`,
    }));
    const r = await s.post('/alertmanager', { ...one, alerts }, { authorization: `Bearer ${TOKEN}` });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ firing: 100, overflow: 900 });
    await s.h.app.outbox.flush();
    await until(
      'the alerts',
      where(
        () => s.p.remote().length,
        (n) => n >= 101,
      ),
      poll,
    );
    const remote = s.p.remote();
    expect(remote.filter((a) => a.kind === 'open')).toHaveLength(100);
    expect(remote.filter((a) => a.check === 'alertmanager_overflow').map((a) => a.reply.title)).toEqual([
      'Alertmanager: and 900 more firing alerts in the same request, not shown one by one',
    ]);
    expect(remote).toHaveLength(101);
  });

  it('turns a firing alert into an incident of its instance with the local card, and resolved into a recovery', async () => {
    const s = await setup({ token: TOKEN });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const r = await s.post('/alertmanager', amPayload('firing'), auth);
    expect(r.status).toBe(200);
    await until('the alert', () => s.p.remote().length >= 1, poll);
    const open = s.p.remote()[0]!;
    expect(open).toMatchObject({ kind: 'open', target: 'host2:9477', check: 'GatewayDown', severity: 'critical' });
    expect(open.reply.title).toContain('host2:9477');
    expect(open.reply.lines?.join('\n')).toContain('Gateway prod on host2 is down');
    expect(JSON.stringify(open)).not.toContain('abcd1234efgh');
    // gatewatch cannot restart host2's gateway, nor read its logs: no such buttons, Ack still there.
    const cmds = open.reply.buttons!.map((b) => b.command);
    expect(cmds).toContain('/ack host2:9477');
    expect(cmds.some((c) => /^\/(restart|logs)/.test(c))).toBe(false);
    expect(open.reply.fields).toContainEqual({
      label: 'auto-restart',
      value: 'no: gatewatch cannot restart it from this host',
    });

    // Alertmanager repeats the firing alert: no second alert (alert only on change).
    await s.post('/alertmanager', amPayload('firing'), auth);
    // Another group for the same instance does not resolve the first.
    await s.post(
      '/alertmanager',
      amPayload('firing', { alertname: 'PlatformDown', platform: 'qqbot', severity: 'warning' }),
      auth,
    );
    await until('the second alert', () => s.p.remote().length >= 2, poll);
    expect(s.p.remote().map((a) => a.check)).toEqual(['GatewayDown', 'PlatformDown']);

    // /ack from chat acks the pseudo-target's incidents.
    const replies: string[] = [];
    await s.h.app.handle(
      { channel: 'console', senderId: 'local', text: '/ack host2:9477' },
      async (rep) => void replies.push(rep.title),
    );
    expect(replies[0]).toMatch(/Acknowledged 2 incident/);

    await s.post('/alertmanager', amPayload('resolved'), auth);
    await until('the recovery', () => s.p.remote().length >= 3, poll);
    expect(s.p.remote()[2]).toMatchObject({ kind: 'resolve', target: 'host2:9477', check: 'GatewayDown' });
    expect(s.p.remote()[2]!.reply.title).toMatch(
      /^host2:9477: resolved where it was raised: Alertmanager: GatewayDown/,
    );
    expect(
      Object.values(s.h.app.core.state.incidents)
        .filter((i) => i.status === 'open' && i.target === 'host2:9477')
        .map((i) => i.check),
    ).toEqual(['PlatformDown']);
    // Local evaluations leave remote incidents alone.
    await s.h.app.core.evaluate('default');
    expect(
      Object.values(s.h.app.core.state.incidents).some((i) => i.status === 'open' && i.check === 'PlatformDown'),
    ).toBe(true);
  });

  it('offers Restart only for a target this gatewatch can restart', async () => {
    const s = await setup({ token: TOKEN });
    await s.post('/alertmanager', amPayload('firing', { instance: '127.0.0.1:9477', target: 'default' }), {
      authorization: `Bearer ${TOKEN}`,
    });
    await until('the alert', () => s.p.remote().length >= 1, poll);
    const cmds = s.p.remote()[0]!.reply.buttons!.map((b) => b.command);
    expect(cmds).toContain('/restart default');
    expect(cmds).toContain('/logs 50 default');
    expect(cmds).toContain('/ack 127.0.0.1:9477');
    expect(s.p.remote()[0]!.reply.fields).toContainEqual({
      label: 'auto-restart',
      value: 'not automatically: use Restart if it does not recover',
    });
  });

  it('refuses what is not an Alertmanager v4 payload, and loses nothing', async () => {
    const s = await setup({ token: TOKEN });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await s.post('/alertmanager', '{not json', auth)).status).toBe(400);
    const v3 = await s.post('/alertmanager', { ...amPayload('firing'), version: '3' }, auth);
    expect(v3.status).toBe(400);
    expect(v3.text).toMatch(/version/);
    expect((await s.post('/alertmanager', 'x'.repeat(2 * 1024 * 1024), auth)).status).toBe(413);
    expect((await s.get('/alertmanager', auth)).status).toBe(405);
    expect((await s.get('/nope', auth)).status).toBe(404);
    // Nothing from Alertmanager (the harness's own checks may meanwhile find its local gateway down: not counted).
    expect(Object.values(s.h.app.core.state.incidents).filter((i) => i.target !== 'default')).toEqual([]);
  });
});

// Issue 51 item 10: with http.listen on loopback and no http.token every user of this host reaches the endpoint.
describe('without http.token', () => {
  it('refuses POST /alertmanager (403, naming the key): no incident opens and no channel hears a thing', async () => {
    const s = await setup();
    const forged = amPayload('firing', {
      alertname: 'GatewayCompromised',
      instance: '127.0.0.1:9477',
      target: 'default',
    });
    const r = await s.post('/alertmanager', forged);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toMatch(/http\.token/);
    // The same refusal whatever the method: the path is off, not merely picky.
    expect((await s.get('/alertmanager')).status).toBe(403);
    await s.h.app.outbox.flush();
    expect(s.p.remote()).toEqual([]);
    expect(Object.values(s.h.app.core.state.incidents).filter((i) => i.check === 'GatewayCompromised')).toEqual([]);
  });

  it('/healthz says its status (and the reason codes) only, with the same 200/503 as before', async () => {
    const s = await setup({ phones: ['alice-phone'] });
    const up = await until(
      'a healthy /healthz',
      where(
        () => s.get('/healthz'),
        (r) => r.status === 200,
      ),
      poll,
    );
    expect(JSON.parse(up.text)).toEqual({ status: 'up' });
    s.p.s.ok = false;
    s.p.s.summary = 'offline since 10:00 on ops.example.internal';
    const down = await s.get('/healthz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({ status: 'degraded', reasons: ['channel_down'] });
    expect(down.text).not.toMatch(/alice|ops\.example/);
  });
});

describe('an alert that came through /alertmanager', () => {
  it('says it comes from Alertmanager, in its title and before its own words (en and zh-CN)', async () => {
    for (const [locale, from, says] of [
      ['en', /: Alertmanager: GatewayDown/, /^Alertmanager says: Gateway prod on host2 is down/],
      ['zh-CN', /Alertmanager：GatewayDown/, /^Alertmanager 告警原文：Gateway prod on host2 is down/],
    ] as const) {
      const s = await setup({ token: TOKEN, config: { locale } });
      await s.post('/alertmanager', amPayload('firing'), { authorization: `Bearer ${TOKEN}` });
      await until('the alert', () => s.p.remote().length >= 1, poll);
      const open = s.p.remote()[0]!;
      expect(open.reply.title).toMatch(from);
      expect(open.reply.lines?.find((l) => /Gateway prod/.test(l))).toMatch(says);
    }
  });
});
