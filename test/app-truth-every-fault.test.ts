// Issue 55, "Done when": every message of each demo fault and of the real-gateway sequences the issue names, in both
// locales, with what was open when each went out. None may call up or recovered what is still down, no recovery's
// title may repeat its problem, one fault gets one advice (in one message, and in a fresh home as in a used one), and
// no text on a phone carries a config key, a platform key or an internal id (the offenders issue 55 item 5 removes are
// tolerated until it lands: test/helpers/truth.ts ITEM_5_LANDED). The real demo gateway, each Hermes it plays, every
// fault of it in turn, on a fast schedule; the real-gateway sequences on the test's clock (test/helpers/story-scene.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { DEMO_FAULTS, injectFault, type DemoFault } from '../src/demo/index.js';
import { openIncidents } from '../src/incidents/machine.js';
import type { Alert, Channel, Locale } from '../src/types.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { freePort } from './helpers/ports.js';
import { closeScenes, QQ, scene, UNREACHABLE, type Scene } from './helpers/story-scene.js';
import {
  adviceOf,
  adviceAtOdds,
  earlyRecoveries,
  internalNames,
  repeatedProblems,
  untruths,
  type Sent,
} from './helpers/truth.js';
import { until } from './helpers/until.js';

const LOCALES = ['en', 'zh-CN'] as const;

/** A phone that keeps each message with what was open when it went out. */
function phoneOf(app: () => App | undefined, during: () => string): Channel & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    name: 'phone',
    interactive: false,
    sent,
    async start() {},
    async stop() {},
    async deliver(alert: Alert) {
      const a = app();
      const incidents = a ? Object.values(a.state.incidents) : [];
      sent.push({
        alert,
        incident: incidents.find((i) => i.id === alert.incidentId),
        open: a ? openIncidents(a.state.incidents, alert.target).map((i) => ({ ...i })) : [],
        alive: a?.lastResult(alert.target)?.evidence.process.alive,
        during: during(),
      });
      return { status: 'sent' };
    },
    health: () => ({ name: 'phone', ok: true, summary: 'ok' }),
  };
}

// ---------- the demo gateway's faults ----------

/** Faults no restart ends: they are healed (`/demo heal`) once said. */
const HEALED = new Set<DemoFault>([
  'qq-banned',
  'is-reconnect',
  'telegram-conflict',
  'whatsapp-logged-out',
  'whatsapp-qr',
  'telegram-stall',
  'busy',
]);

/** The demo's watch settings, faster: every fault played within seconds of the last. */
const FAST = {
  schedule: '* * * * * *',
  detect: { disconnect_grace: '5s', storm: { disconnects: 5, within: '1m' }, zombie_after: '1m' },
  remediate: { cooldown: '0s', verify_timeout: '20s', max_restarts: 100, window: '1h' },
};

interface Flow {
  h: Harness;
  phone: ReturnType<typeof phoneOf>;
  fault: string;
}

async function flowOf(locale: Locale, hermes: 'legacy' | 'current'): Promise<Flow> {
  const flow = { fault: 'start' } as Flow;
  flow.phone = phoneOf(
    () => flow.h?.app,
    () => `${hermes} ${locale} ${flow.fault}`,
  );
  flow.h = await startHarness({
    demo: true,
    demoHermes: hermes,
    channels: [flow.phone],
    config: { ...FAST, locale },
  });
  await ready(flow);
  return flow;
}

/** The gateway runs, no restart is under way, and its platforms are connected (a lingering finding may stay). */
async function ready(f: Flow, timeoutMs = 90_000): Promise<void> {
  await until(
    `${f.fault}: the demo gateway serving again`,
    async () => {
      const r = await f.h.app.evaluate('demo').catch(() => undefined);
      if (!r || !r.evidence.process.alive || f.h.app.restartInProgress('demo')) return false;
      // The target's own platforms (a fault may have connected another, which a restart leaves out).
      const ps = r.evidence.expectedPlatforms.map((p) => r.evidence.state?.platforms[p]?.state);
      return ps.length > 0 && ps.every((s) => s === 'connected');
    },
    { timeoutMs, everyMs: 500 },
  );
}

/** Opened while this fault played and still open. */
const openSince = (f: Flow, from: number) =>
  openIncidents(f.h.app.state.incidents, 'demo').filter((i) => (i.detectedAt ?? i.openedAt) >= from);

async function play(f: Flow, fault: DemoFault): Promise<void> {
  f.fault = fault;
  const from = f.h.app.now();
  const before = f.phone.sent.length;
  const r = await injectFault(f.h.hermesHome, fault, { updateWindowMs: 4_000 });
  expect(r.ok, `${fault}: ${JSON.stringify(r)}`).toBe(true);
  if (r.when === 'next-start' || r.switched) await f.h.say('/restart demo confirm');
  // Said, or nothing to say (an update, a busy gateway): then its incidents end, by themselves or healed.
  await until('its first message', () => f.phone.sent.length > before, { timeoutMs: 25_000, everyMs: 250 }).catch(
    () => undefined,
  );
  await f.h.app.outbox.flush();
  if (HEALED.has(fault)) {
    await f.h.say('/demo heal');
  } else {
    await until('its incidents over', () => openSince(f, from).length === 0, { timeoutMs: 40_000, everyMs: 500 }).catch(
      async () => void (await f.h.say('/demo heal')),
    );
  }
  await ready(f);
  await until('its incidents over', () => openSince(f, from).filter((i) => i.platform !== undefined).length === 0, {
    timeoutMs: 30_000,
    everyMs: 500,
  }).catch(() => undefined);
  await f.h.app.outbox.flush();
}

/** The faults a demo playing `hermes` plays: its own, and those of no Hermes in particular (legacy plays those). */
const faultsOf = (hermes: 'legacy' | 'current') =>
  DEMO_FAULTS.filter((f) => (hermes === 'legacy' ? f.hermes !== 'current' : f.hermes === 'current')).map((f) => f.name);

const flows: Flow[] = [];
const networkBack = process.env.GATEWATCH_DEMO_NETWORK_BACK;
afterAll(async () => {
  for (const f of flows.splice(0)) await f.h.close();
  if (networkBack === undefined) delete process.env.GATEWATCH_DEMO_NETWORK_BACK;
  else process.env.GATEWATCH_DEMO_NETWORK_BACK = networkBack;
});

describe.concurrent('every demo fault, both locales: what the phone is told is true', { timeout: 1_500_000 }, () => {
  beforeAll(() => {
    // network-down-start: the network back 45 s after the start gave up (the demo's own is 15 s): past the operator's
    // restart's verification (20 s) and the grace (5 s) on a loaded machine too, so that every home alerts on it.
    process.env.GATEWATCH_DEMO_NETWORK_BACK = '45s';
  });

  for (const hermes of ['legacy', 'current'] as const)
    for (const locale of LOCALES)
      it(`${hermes} Hermes, ${locale}`, async () => {
        const f = await flowOf(locale, hermes);
        flows.push(f);
        for (const fault of faultsOf(hermes)) await play(f, fault);
        const sent = f.phone.sent;
        const names = internalNames(sent);
        // Until issue 55 item 5 lands, what it removes is listed, not failed.
        if (names.tolerated.length)
          console.info(
            `tolerated until item 5 (${names.tolerated.length}):\n${names.tolerated.slice(0, 20).join('\n')}`,
          );
        expect(sent.length).toBeGreaterThan(20);
        // Recoveries were said, for the checks to read: the faults a restart or Hermes ends.
        expect(sent.filter((x) => x.alert.kind === 'resolve').length).toBeGreaterThan(hermes === 'legacy' ? 5 : 2);
        expect(untruths(sent, locale)).toEqual([]);
        // The same fault, the same advice: network-down-start in a fresh home says what it says in this used one.
        if (hermes === 'legacy') {
          const fresh = await flowOf(locale, 'legacy');
          flows.push(fresh);
          await play(fresh, 'network-down-start');
          const advice = (xs: Sent[]) =>
            xs
              .filter(
                (s) => s.during.endsWith('network-down-start') && (s.alert.kind === 'open' || s.alert.kind === 'flap'),
              )
              .map((s) => ({ platform: s.incident?.platform, ...adviceOf(s.alert) }))
              .sort((a, b) => String(a.platform).localeCompare(String(b.platform)));
          const used = advice(sent);
          expect(used.length).toBeGreaterThan(0);
          expect(new Set(advice(fresh.phone.sent).map((x) => JSON.stringify(x)))).toEqual(
            new Set(used.map((x) => JSON.stringify(x))),
          );
          expect(untruths(fresh.phone.sent, locale)).toEqual([]);
        }
      });
});

// ---------- the real gateway's sequences (issue 55 items 1 to 4), on the test's clock ----------

afterEach(closeScenes);

/** The scene's messages as Sent, with what was open when each was delivered. */
function sentOf(s: Scene, during: string): Sent[] {
  return s.p.got.map((alert) => ({ alert, open: [], during }));
}

async function kill(s: Scene) {
  await s.kill();
  await s.clock.advance(1_000);
  await s.h.app.evaluate('default');
  await s.settle();
}

async function retries(s: Scene, n: number) {
  for (let i = 0; i < n; i++) {
    await s.clock.advance(60_000);
    await s.log(
      `WARNING ${QQ} Reconnect failed: ${UNREACHABLE}`,
      `WARNING ${QQ} WebSocket error: WebSocket closed`,
      `INFO ${QQ} Reconnecting in 60s (attempt ${i + 2})...`,
    );
    await s.h.app.evaluate('default');
    await s.settle();
  }
}

async function reconnect(s: Scene) {
  await s.log(
    `INFO ${QQ} WebSocket connected to wss://api.sgroup.qq.com/websocket`,
    `INFO ${QQ} Reconnected`,
    'INFO gateway.run: ✓ qqbot reconnected successfully',
  );
  await s.state('connected');
  await s.clock.advance(5_000);
  await s.h.app.evaluate('default');
  await s.settle();
}

describe.each(LOCALES)("the real gateway's sequences (%s)", (locale) => {
  it('a kill, the restart, QQ still unreachable, then back; and the same with the budget spent and paused', async () => {
    const all: Sent[] = [];
    const a = await scene({ qqPort: await freePort(), locale });
    // What was open at each delivery, as the phone of the demo flows records it.
    const seen: Sent[] = [];
    const deliver = a.p.ch.deliver.bind(a.p.ch);
    a.p.ch.deliver = async (alert) => {
      const incidents = Object.values(a.h.app.state.incidents);
      seen.push({
        alert,
        incident: incidents.find((i) => i.id === alert.incidentId),
        open: openIncidents(a.h.app.state.incidents, alert.target).map((i) => ({ ...i })),
        alive: a.h.app.lastResult(alert.target)?.evidence.process.alive,
        during: 'kill, QQ unreachable',
      });
      return deliver(alert);
    };
    await a.mode('unreachable');
    await kill(a);
    await retries(a, 3);
    await reconnect(a);
    all.push(...seen);

    const b = await scene({ qqPort: await freePort(), locale });
    b.h.app.state.escalated.default = true;
    await kill(b);
    all.push(...sentOf(b, 'kill, paused'));

    expect(earlyRecoveries(seen)).toEqual([]);
    expect(repeatedProblems(all)).toEqual([]);
    expect(adviceAtOdds(all, locale)).toEqual([]);
    expect(internalNames(all).found).toEqual([]);
  }, 60_000);

  it('QQ unreachable with and without an egress check: one advice', async () => {
    const alone = await scene({ qqPort: await freePort(), locale });
    const probed = await scene({ qqPort: await freePort(), egressPort: await freePort(), locale });
    for (const s of [alone, probed]) {
      await s.log(`WARNING ${QQ} WebSocket error: WebSocket closed`, `INFO ${QQ} Reconnecting in 2s (attempt 1)...`);
      await s.state('disconnected');
      await retries(s, 3);
    }
    const firstQq = (s: Scene) => s.p.got.find((x) => x.kind === 'open')!;
    expect(adviceOf(firstQq(alone))).toEqual(adviceOf(firstQq(probed)));
    const all = [...sentOf(alone, 'unreachable'), ...sentOf(probed, 'unreachable, egress')];
    expect(adviceAtOdds(all, locale)).toEqual([]);
    expect(internalNames(all).found).toEqual([]);
  }, 60_000);
});

describe('the checks themselves', () => {
  const alert = (kind: Alert['kind'], title: string, o: Partial<Alert['reply']> = {}, incidentId = 'i1'): Alert => ({
    id: title,
    kind,
    incidentId,
    target: 'demo',
    severity: kind === 'resolve' ? 'ok' : 'critical',
    createdAt: 0,
    reply: { title, ...o },
  });
  const qq = { id: 'i1', platform: 'qqbot', check: 'platform_down' } as Sent['incident'];

  it('each catches what it is for', () => {
    const open = { ...qq!, id: 'i2', finding: { title: 'QQ cannot be reached' } } as NonNullable<Sent['incident']>;
    expect(
      earlyRecoveries([{ alert: alert('resolve', 'demo: QQ is back'), incident: qq, open: [open], during: 'x' }]),
    ).toHaveLength(1);
    expect(
      repeatedProblems([
        { alert: alert('open', 'demo: QQ cannot be reached from here'), open: [], during: 'x' },
        {
          alert: alert('resolve', 'Recovered — demo: QQ cannot be reached from here'),
          incident: qq,
          open: [],
          during: 'x',
        },
      ]),
    ).toHaveLength(1);
    const odd = alert('open', 'demo: QQ', {
      fields: [{ label: 'auto-restart', value: 'no: automatic restarts are paused' }],
      lines: ['→ Start it. gatewatch restarts it by itself when auto-restart is on; by hand: `/restart demo`.'],
    });
    expect(adviceAtOdds([{ alert: odd, open: [], during: 'x' }], 'en')).toHaveLength(1);
    const keyed = alert('open', 'demo: QQ', { lines: ['state_stale_running says: set remediate.auto_restart'] });
    expect(internalNames([{ alert: keyed, open: [], during: 'x' }]).found).toHaveLength(2);
    const quoted = alert('open', 'demo: QQ', { lines: ['Hermes said "qqbot_error", type /logs 50 demo'] });
    expect(internalNames([{ alert: quoted, open: [], during: 'x' }]).found).toEqual([]);
  });
});
