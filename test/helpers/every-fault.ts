// Issue 55, "Done when", the demo gateway's half (test/app-truth-every-fault.test.ts has the rest): every message of
// each demo fault, in both locales, with what was open when each went out. None may call up or recovered what is
// still down, no recovery's title may repeat its problem, one fault gets one advice (in one message, and in a fresh
// home as in a used one), and no text on a phone carries a config key, a platform key or an internal id (the offenders
// issue 55 item 5 removes are tolerated until it lands: test/helpers/truth.ts ITEM_5_LANDED). The real demo gateway,
// each Hermes it plays, every fault of it, in homes side by side that each play theirs in turn, on a fast schedule,
// each next fault as soon as the last is over. One file per Hermes (test/app-truth-every-fault*.test.ts), each in a
// worker of its own: sixteen homes in one worker kept its one thread busy most of the file, and its spawns held the
// loop that all of them share.
import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { DEMO_FAULTS, injectFault, type DemoFault } from '../../src/demo/index.js';
import { homePaths } from '../../src/demo/files.js';
import { openIncidents } from '../../src/incidents/machine.js';
import type { Alert, Channel, Locale } from '../../src/types.js';
import { startHarness, type Harness } from './harness.js';
import { adviceOf, internalNames, untruths, type Sent } from './truth.js';
import { until } from './until.js';
import { HEALED_FAULTS } from './healed-faults.js';

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
      const incidents = a ? Object.values(a.core.state.incidents) : [];
      sent.push({
        alert,
        incident: incidents.find((i) => i.id === alert.incidentId),
        open: a ? openIncidents(a.core.state.incidents, alert.target).map((i) => ({ ...i })) : [],
        alive: a?.core.lastResult(alert.target)?.evidence.process.alive,
        during: during(),
      });
      return { status: 'sent' };
    },
    health: () => ({ name: 'phone', ok: true, summary: 'ok' }),
  };
}

export type Hermes = 'legacy' | 'current';

/** Faults gatewatch's own restart does not end: healed (`/demo heal`) once said. */
const HEALED = HEALED_FAULTS;

/**
 * Faults gatewatch rightly says nothing of (an update that brings the gateway back, two agent turns running): played
 * once a look after them saw them. Every other fault is played once its first alert is out.
 */
const QUIET: Partial<Record<DemoFault, (f: Home, from: number) => boolean | Promise<boolean>>> = {
  update: async (f) =>
    !(await access(homePaths(f.h.hermesHome).updateMarker).then(
      () => true,
      () => false,
    )),
  busy: (f, from) => {
    const r = f.h.app.core.lastResult('demo');
    return !!r && r.evidence.now >= from && r.evidence.state?.active_agents === 2;
  },
};

/** The demo's watch settings, faster: every fault played within seconds of the last. */
const FAST = (hermes: Hermes) => ({
  // A look every 2 s: the live watch judges every log line and process change at once, so the schedule only times what
  // waits out a span (the grace, a verification), and sixteen homes looking every second were much of the file's CPU.
  schedule: '*/2 * * * * *',
  detect: { disconnect_grace: '5s', storm: { disconnects: 5, within: '1m' }, zombie_after: '1m' },
  // A start that cannot connect (is-reconnect, fewer-platforms, network-down-start) fails its verification: in 15 s,
  // thrice the slowest good restart on a loaded box. A wedged gateway (current Hermes) takes the demo's stop 10 s to
  // kill first.
  remediate: { cooldown: '0s', verify_timeout: hermes === 'legacy' ? '15s' : '20s', max_restarts: 100, window: '1h' },
});

/**
 * Each Hermes' faults (every one it plays), in the homes that play them side by side, each home its faults in turn.
 * The faults whose alert waits out a minute of the product's own (a Discord strike unanswered for 60 s, a hung
 * gateway's QQ silent for `zombie_after`) have a home each. network-down-start comes last in its home, for the check
 * that a home that has lived says of it what a fresh one says.
 */
const HOMES: Record<Hermes, { faults: DemoFault[]; qqCycle?: string }[]> = {
  legacy: [
    { faults: ['crash', 'sigterm', 'qq-max-reconnect', 'qq-4009-stuck', 'network-down-start'] },
    { faults: ['qq-quick-disconnect', 'storm', 'feishu-executor', 'qq-banned', 'is-reconnect', 'fewer-platforms'] },
    { faults: ['update', 'update-stuck', 'update-left-stopped', 'busy'] },
    { faults: ['hang'] },
  ],
  current: [
    {
      faults: [
        'telegram-conflict',
        'whatsapp-logged-out',
        'whatsapp-qr',
        'telegram-stall',
        'state-db-wal',
        'provider-quota',
        'stream-stall',
        'loop-stalled',
        'stale-unit',
      ],
    },
    { faults: ['wedged', 'profile-down', 'slack-session-closed'] },
    // QQ's healthy cycle (the demo's own 20 s): its silence is no second alert racing Discord's.
    { faults: ['discord-strike'], qqCycle: '20s' },
  ],
};

/**
 * The faults whose alert waits out a minute of the product's own, and the platform it is about: in that minute another
 * platform's passing trouble is said first (QQ's cycle in the Discord home).
 */
const SLOW: Partial<Record<DemoFault, string>> = { 'discord-strike': 'discord', hang: 'qqbot' };

interface Home {
  h: Harness;
  phone: ReturnType<typeof phoneOf>;
  fault: string;
}

async function homeOf(locale: Locale, hermes: Hermes, qqCycle?: string): Promise<Home> {
  const home = { fault: 'start' } as Home;
  home.phone = phoneOf(
    () => home.h?.app,
    () => `${hermes} ${locale} ${home.fault}`,
  );
  home.h = await startHarness({
    demo: true,
    demoHermes: hermes,
    ...(qqCycle ? { demoQqCycle: qqCycle } : {}),
    channels: [home.phone],
    config: { ...FAST(hermes), locale },
  });
  homes.push(home);
  await ready(home, 0);
  return home;
}

/**
 * The gateway runs, no restart is under way, and its platforms are connected (a lingering finding may stay), as a
 * look since `since` and since the last restart ended saw it.
 */
async function ready(f: Home, since: number): Promise<void> {
  const app = f.h.app;
  await until(
    `${f.fault}: the demo gateway serving again`,
    () => {
      const r = app.core.lastResult('demo');
      const restarted = app.core.restartHistory('demo').at(-1)?.endedAt ?? 0;
      if (!r || r.evidence.now < Math.max(since, restarted)) return false;
      if (!r.evidence.process.alive || app.core.restartInProgress('demo')) return false;
      // The target's own platforms (a fault may have connected another, which a restart leaves out).
      const ps = r.evidence.expectedPlatforms.map((p) => r.evidence.state?.platforms[p]?.state);
      return ps.length > 0 && ps.every((s) => s === 'connected');
    },
    { timeoutMs: 90_000, everyMs: 100 },
  );
}

/** Opened while this fault played and still open. */
const openSince = (f: Home, from: number) =>
  openIncidents(f.h.app.core.state.incidents, 'demo').filter((i) => (i.detectedAt ?? i.openedAt) >= from);

async function play(f: Home, fault: DemoFault): Promise<void> {
  f.fault = fault;
  const app = f.h.app;
  const from = app.core.now();
  const before = f.phone.sent.length;
  const r = await injectFault(f.h.hermesHome, fault, { updateWindowMs: 4_000 });
  expect(r.ok, `${fault}: ${JSON.stringify(r)}`).toBe(true);
  if (r.when === 'next-start' || r.switched) await f.h.say('/restart demo confirm');
  const quiet = QUIET[fault];
  // Said (a restart's result may come before the alert), or seen where there is nothing to say.
  if (quiet) await until(`${fault} seen`, () => quiet(f, from), { timeoutMs: 45_000, everyMs: 100 });
  else
    await until(
      `${fault} said`,
      () =>
        f.phone.sent
          .slice(before)
          .some(
            (s) =>
              (s.alert.kind === 'open' || s.alert.kind === 'flap') &&
              (SLOW[fault] === undefined || s.incident?.platform === SLOW[fault]),
          ),
      // A loaded box (the suite beside a burner per core) took over 45 s for a few of them.
      { timeoutMs: SLOW[fault] ? 120_000 : 90_000, everyMs: 100 },
    ).catch((e: Error) => {
      // What was said instead, so that a failure tells the story.
      const said = f.phone.sent.slice(before).map((s) => `${s.alert.kind}: ${s.alert.reply.title}`);
      throw new Error(`${e.message}\nsaid since:\n${said.join('\n')}`);
    });
  await app.outbox.flush();
  // Then its incidents end: by themselves, by gatewatch's restart, or healed.
  if (HEALED.has(fault)) await f.h.say('/demo heal');
  else
    await until('its incidents over', () => openSince(f, from).length === 0, { timeoutMs: 40_000, everyMs: 100 }).catch(
      async () => void (await f.h.say('/demo heal')),
    );
  await ready(f, quiet ? app.core.now() : from);
  await until('its incidents over', () => openSince(f, from).filter((i) => i.platform !== undefined).length === 0, {
    timeoutMs: 30_000,
    everyMs: 100,
  }).catch(() => undefined);
  await app.outbox.flush();
}

/** The faults a demo playing `hermes` plays: its own, and those of no Hermes in particular (legacy plays those). */
const faultsOf = (hermes: Hermes) =>
  DEMO_FAULTS.filter((f) => (hermes === 'legacy' ? f.hermes !== 'current' : f.hermes === 'current')).map((f) => f.name);

/** Each home of `hermes` plays its faults, side by side: what the phones were told, in order within each home. */
async function playAll(locale: Locale, hermes: Hermes): Promise<Sent[]> {
  return (
    await allPlayed(
      HOMES[hermes].map(async ({ faults, qqCycle }) => {
        const f = await homeOf(locale, hermes, qqCycle);
        for (const fault of faults) await play(f, fault);
        await close(f);
        return f.phone.sent;
      }),
    )
  ).flat();
}

/** network-down-start in a fresh home: what its phone was told. */
async function freshHome(locale: Locale): Promise<Sent[]> {
  const f = await homeOf(locale, 'legacy');
  await play(f, 'network-down-start');
  await close(f);
  return f.phone.sent;
}

/** Every home's play ended, its results in order; the first failure thrown (not while others still play). */
async function allPlayed<T>(plays: Promise<T>[]): Promise<T[]> {
  const ended = await Promise.allSettled(plays);
  const failed = ended.find((e) => e.status === 'rejected');
  if (failed) throw failed.reason;
  return ended.map((e) => (e as PromiseFulfilledResult<T>).value);
}

const homes: Home[] = [];
/** A home that has played its faults stops: what it would say later belongs to no fault. */
async function close(f: Home): Promise<void> {
  const i = homes.indexOf(f);
  if (i >= 0) homes.splice(i, 1);
  await f.h.close();
}
/** Every fault of `hermes`'s homes, in both locales, side by side: what the phones are told is true. */
export function everyFault(hermes: Hermes): void {
  const networkBack = process.env.GATEWATCH_DEMO_NETWORK_BACK;
  afterAll(async () => {
    await Promise.all(homes.splice(0).map((f) => f.h.close()));
    if (networkBack === undefined) delete process.env.GATEWATCH_DEMO_NETWORK_BACK;
    else process.env.GATEWATCH_DEMO_NETWORK_BACK = networkBack;
  });

  describe.concurrent(`every demo fault, both locales: what the phone is told is true (${hermes} Hermes)`, {
    timeout: 600_000,
  }, () => {
    beforeAll(() => {
      // network-down-start: the network back 35 s after the start gave up (the demo's own is 15 s): past the operator's
      // restart's verification (15 s) and the grace (5 s) on a loaded machine too, so that every home alerts on it.
      process.env.GATEWATCH_DEMO_NETWORK_BACK = '35s';
    });

    it(`the homes of ${hermes} Hermes play each of its faults once`, () => {
      const played = HOMES[hermes].flatMap((h) => h.faults);
      expect([...played].sort()).toEqual([...faultsOf(hermes)].sort());
    });

    for (const locale of LOCALES)
      it(`${hermes} Hermes, ${locale}`, async () => {
        // The same fault, the same advice: network-down-start in a fresh home, beside the homes that live.
        const [sent, fresh] = await allPlayed([
          playAll(locale, hermes),
          hermes === 'legacy' ? freshHome(locale) : Promise.resolve([]),
        ]);
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
        if (hermes === 'legacy') {
          const advice = (xs: Sent[]) =>
            xs
              .filter(
                (s) => s.during.endsWith('network-down-start') && (s.alert.kind === 'open' || s.alert.kind === 'flap'),
              )
              .map((s) => ({ platform: s.incident?.platform, ...adviceOf(s.alert) }))
              .sort((a, b) => String(a.platform).localeCompare(String(b.platform)));
          const used = advice(sent);
          expect(used.length).toBeGreaterThan(0);
          expect(new Set(advice(fresh).map((x) => JSON.stringify(x)))).toEqual(
            new Set(used.map((x) => JSON.stringify(x))),
          );
          expect(untruths(fresh, locale)).toEqual([]);
        }
      });
  });
}
