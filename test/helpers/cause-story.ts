// Issue 61: one true story through faults played back to back. The real demo gateway, faults played one after another
// as a newcomer plays them (`gatewatch demo fail <fault>`, then /restart or /demo heal), and what the phone is told:
// a new cause is an incident of its own, from its own first evidence; one cause is one alert; a restart's reason is its
// incident's cause and its advice agrees with what gatewatch does; a storm's advice is one and its recovery's times
// agree with each other; a verified restart names the platforms it was for, every profile's. One file per locale
// (test/app-cause-story*.test.ts): a locale's stories take two minutes of real time (a storm waits out its minute),
// and both in one file were the suite's longest tail.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { injectFault } from '../../src/demo/index.js';
import { formatTime } from '../../src/util/time.js';
import { t, wordKey } from '../../src/i18n.js';
import type { Alert, Locale } from '../../src/types.js';
import { startHarness, type Harness } from './harness.js';
import { phone, type Phone } from './phone.js';
import { until } from './until.js';

let h: Harness | undefined;

/** A demo home watched on a fast schedule; `settings` are config keys laid over the defaults below. */
async function home(locale: Locale, hermes: 'legacy' | 'current', settings: Record<string, unknown> = {}) {
  const p = phone();
  h = await startHarness({
    demo: true,
    demoHermes: hermes,
    channels: [p.ch],
    config: {
      locale,
      schedule: '* * * * * *',
      detect: { disconnect_grace: '5s', storm: { disconnects: 5, within: '1m' }, zombie_after: '10m' },
      remediate: { cooldown: '0s', verify_timeout: '15s', max_restarts: 100, window: '1h' },
      ...settings,
    },
  });
  await serving(h);
  return { h, p };
}

/** The demo gateway runs, no restart is under way, and a look since `since` saw every platform it expects connected. */
async function serving(hh: Harness, since = 0): Promise<void> {
  await until(
    'the demo gateway serving',
    () => {
      const r = hh.app.core.lastResult('demo');
      const restarted = hh.app.core.restartHistory('demo').at(-1)?.endedAt ?? 0;
      if (!r || r.evidence.now < Math.max(since, restarted) || hh.app.core.restartInProgress('demo')) return false;
      const ps = r.evidence.expectedPlatforms.map((x) => r.evidence.state?.platforms[x]?.state);
      return r.evidence.process.alive && ps.length > 0 && ps.every((s) => s === 'connected');
    },
    { timeoutMs: 90_000, everyMs: 100 },
  );
}

/** Every sentence of an alert: its title, its fields (label: value), its lines and its buttons. */
const said = (a: Alert) => [
  a.reply.title,
  ...(a.reply.fields ?? []).map((f) => `${f.label}: ${f.value}`),
  ...(a.reply.lines ?? []),
  ...(a.reply.buttons ?? []).map((b) => b.command),
];

const field = (locale: Locale, a: Alert, key: 'field.since' | 'field.reason' | 'field.detail' | 'field.restart') =>
  a.reply.fields?.find((f) => f.label === t(locale, key))?.value;

const opens = (p: Phone, from = 0) => p.got.slice(from).filter((a) => a.kind === 'open' || a.kind === 'flap');

/** The gateway.log lines of the demo home that match, oldest first. */
async function logLines(hh: Harness, re: RegExp): Promise<string[]> {
  const text = await readFile(path.join(hh.hermesHome, 'logs', 'gateway.log'), 'utf8');
  return text.split('\n').filter((l) => re.test(l));
}

/** A log line's time as an alert's "since" field says a time (`MM-DD HH:MM:SS`). */
const stampOf = (line: string) => line.slice(5, 19);

/** When the incident behind an alert began, to the millisecond. */
function openedAt(hh: Harness, id: string | undefined): number {
  const inc = Object.values(hh.app.core.state.incidents).find((i) => i.id === id);
  if (!inc) throw new Error(`no incident ${id}`);
  return inc.openedAt;
}

/** A log line's own time (`2026-06-22 08:00:01,204`, local), in ms since the epoch. */
const msOfLine = (line: string) => new Date(`${line.slice(0, 10)}T${line.slice(11, 23).replace(',', '.')}`).getTime();

/** A duration as the write-up says it (`1m 3s`, `45s`; `1 分钟 3 秒`), in ms. */
function msOf(s: string): number {
  const m = /^(?:(\d+)\s*(?:m|分钟)\s*)?(?:(\d+)\s*(?:s|秒))?$/.exec(s.trim());
  if (!m) throw new Error(`not a duration: ${s}`);
  return (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 1000;
}

/** HH:MM:SS of a day as ms since its midnight. */
const clockMs = (hhmmss: string) => {
  const [a, b, c] = hhmmss.split(':').map(Number);
  return ((a! * 60 + b!) * 60 + c!) * 1000;
};
const dayMs = (epoch: number) => clockMs(formatTime(epoch).slice(-8));

/** The stories, told in `locale`. */
export function causeStory(locale: Locale): void {
  afterEach(async (ctx) => {
    // A story that failed tells what the demo gateway itself said: a death in the middle is otherwise a mystery.
    if (ctx.task.result?.state === 'fail' && h) console.error(await h.report());
    await h?.close();
    h = undefined;
  });

  describe(`one true story, fault after fault (${locale})`, () => {
    it('QQ banned, then the is_reconnect bug at the next start: its own incident, from its own first evidence', async () => {
      const { h: hh, p } = await home(locale, 'legacy', {
        remediate: { cooldown: '0s', verify_timeout: '8s', max_restarts: 100, window: '1h' },
      });
      await injectFault(hh.hermesHome, 'qq-banned');
      const ban = await p.first((a) => a.kind === 'open' && a.check === 'qq_banned');
      const banOpened = openedAt(hh, ban.incidentId);
      await hh.app.outbox.flush();
      const before = p.got.length;
      await injectFault(hh.hermesHome, 'is-reconnect');
      await hh.say('/restart demo confirm');
      const bug = await p.next((a) => a.kind === 'open' && a.check === 'qq_is_reconnect_regression', 60_000);
      await hh.app.outbox.flush();
      const [first] = await logLines(hh, /unexpected keyword argument 'is_reconnect'/);
      expect(first).toBeDefined();
      // Its own start: the first line that showed it, not the ban's.
      expect(field(locale, bug, 'field.since')).toBe(stampOf(first!));
      // To the millisecond: the alert says seconds, and on a fast box the ban and the restart share one.
      const bugOpened = openedAt(hh, bug.incidentId);
      expect(bugOpened).toBe(msOfLine(first!));
      expect(bugOpened).toBeGreaterThan(banOpened);
      // The ban is over without QQ back: no recovery for it, and the new alert says it took its place.
      expect(p.got.slice(before).filter((a) => a.kind === 'resolve' && a.incidentId === ban.incidentId)).toEqual([]);
      const replaced = bug.reply.lines?.find((l) =>
        l.includes(locale === 'en' ? 'This replaces the alert' : '这条告警取代了'),
      );
      expect(replaced, said(bug).join('\n')).toContain(field(locale, ban, 'field.since'));
    }, 180_000);

    it('QQ left out at the start, then disconnected past the grace: one alert, one "since" for the whole story', async () => {
      // The restart's verification ends before the grace: the start-up is said first, QQ's outage after it. No automatic
      // restart ends it in between (the cooldown); /demo heal does.
      const { h: hh, p } = await home(locale, 'legacy', {
        detect: { disconnect_grace: '20s', storm: { disconnects: 5, within: '1m' }, zombie_after: '10m' },
        remediate: { cooldown: '10m', verify_timeout: '8s', max_restarts: 100, window: '1h' },
      });
      const before = p.got.length;
      await injectFault(hh.hermesHome, 'fewer-platforms');
      await hh.say('/restart demo confirm');
      await p.next((a) => a.kind === 'open' && a.check === 'startup_incomplete', 60_000);
      // QQ's own finding has taken over: judged past the grace.
      await until(
        'QQ disconnected past the grace, judged',
        () =>
          Object.values(hh.app.core.state.incidents).some(
            (i) => i.status === 'open' && i.check === 'platform_down' && i.platform === 'qqbot',
          ),
        { timeoutMs: 60_000, everyMs: 200 },
      );
      await hh.say('/demo heal');
      await p.first((a) => a.kind === 'resolve' && a.check === 'platform_down', 60_000);
      await hh.app.outbox.flush();
      const story = p.got.slice(before).filter((a) => a.kind !== 'restart');
      const qq = opens(p, before).filter((a) => a.check === 'startup_incomplete' || a.check === 'platform_down');
      expect(
        qq.map((a) => a.reply.title),
        story.map((a) => `${a.kind} ${a.reply.title}`).join('\n'),
      ).toHaveLength(1);
      expect(new Set(story.map((a) => field(locale, a, 'field.since')))).toEqual(
        new Set([field(locale, qq[0]!, 'field.since')]),
      );
    }, 180_000);

    it("QQ stopped after too many quick disconnects: the restart's reason is that, and its advice is the restart", async () => {
      const { h: hh, p } = await home(locale, 'legacy');
      await injectFault(hh.hermesHome, 'qq-quick-disconnect');
      const open = await p.first((a) => a.kind === 'open' && a.check === 'qq_reconnect_exhausted');
      const restart = await p.first((a) => a.kind === 'restart' && a.severity === 'ok', 60_000);
      const title = wordKey(locale, 'finding.qq_reconnect_exhausted.quick.title');
      expect(open.reply.title).toContain(title);
      expect(field(locale, restart, 'field.reason')).toBe(title);
      // gatewatch restarts it at once: the advice does not ask the operator to fix something first.
      expect(field(locale, open, 'field.restart')).toBe(t(locale, 'restart.helps'));
      const action = open.reply.lines?.find((l) => l.startsWith('→')) ?? '';
      expect(action).not.toMatch(locale === 'en' ? /, then restart the gateway/ : /然后重启网关/);
      expect(action).toMatch(locale === 'en' ? /^→ Restart the gateway/ : /^→ 重启网关/);
    }, 120_000);

    it('a storm that eases by itself: one advice, and its recovery tells times that agree', async () => {
      const { h: hh, p } = await home(locale, 'legacy', {
        detect: { disconnect_grace: '5s', storm: { disconnects: 5, within: '1m' }, zombie_after: '10m' },
      });
      await injectFault(hh.hermesHome, 'storm');
      const storm = await p.first((a) => a.kind === 'open' && a.check === 'disconnect_storm');
      const back = await p.first((a) => a.kind === 'resolve' && a.check === 'disconnect_storm', 90_000);
      const words = said(storm).join('\n');
      // One advice: a restart button and "restart only if it does not settle" beside "a restart does not unblock that".
      expect(words).toMatch(locale === 'en' ? /Restart only if it does not settle/ : /若持续不恢复再重启/);
      expect(words).not.toMatch(locale === 'en' ? /A restart does not/ : /重启并不能/);
      // Its first sign is the first drop it shows; detected = alert − first sign.
      const drops = (storm.reply.code?.[0] ?? '').split('\n').map((l) => l.slice(11, 19));
      const lines = (back.reply.lines ?? []).join('\n');
      const times =
        locale === 'en'
          ? /Detected in ([^(]+) \(first sign → alert\), recovered in ([^(]+) \(alert → back\)/.exec(lines)
          : /发现用时 ([^（]+)（首个迹象 → 告警），恢复用时 ([^（]+)（告警 → 恢复）/.exec(lines);
      expect(times, lines).not.toBeNull();
      const alertAt = dayMs(storm.createdAt);
      const story = `alerted ${formatTime(storm.createdAt)}, first drop ${drops[0]}\n${lines}`;
      expect(Math.abs(alertAt - clockMs(drops[0]!) - msOf(times![1]!)), story).toBeLessThanOrEqual(1_000);
      // Hermes reconnected QQ at a time: the time it came back, the recovery's "back" (none to wait for when it came back
      // before a busy machine judged and alerted it).
      const hermes = (
        locale === 'en' ? /Hermes by itself: (\d\d:\d\d:\d\d) reconnected/ : /Hermes 自行：(\d\d:\d\d:\d\d) 重连了/
      ).exec(lines);
      expect(hermes, lines).not.toBeNull();
      const backAfterAlert = Math.max(0, clockMs(hermes![1]!) - alertAt);
      expect(Math.abs(backAfterAlert - msOf(times![2]!)), story).toBeLessThanOrEqual(1_000);
    }, 150_000);
  });

  describe(`a verified restart names what it was for (${locale})`, () => {
    it('Discord in profile ops, then Telegram: each restart names its platform and every profile', async () => {
      const { h: hh, p } = await home(locale, 'current', {
        remediate: { cooldown: '0s', verify_timeout: '20s', max_restarts: 100, window: '1h' },
      });
      const discord = t(locale, 'platform.in_profile', { name: 'Discord', profile: 'ops' });
      await injectFault(hh.hermesHome, 'profile-down');
      const first = await p.first((a) => a.kind === 'restart' && a.severity === 'ok', 60_000);
      expect(field(locale, first, 'field.detail')).toContain(discord);
      await serving(hh, hh.app.core.now());
      const before = p.got.length;
      await injectFault(hh.hermesHome, 'telegram-conflict');
      await p.next((a) => a.kind === 'open' && a.check === 'telegram_polling_conflict', 60_000);
      await hh.say('/demo heal');
      const healed = (await until(
        'the restart of /demo heal, verified',
        () => p.got.slice(before).find((a) => a.kind === 'restart' && a.severity === 'ok'),
        { timeoutMs: 60_000, everyMs: 100 },
      ))!;
      const detail = field(locale, healed, 'field.detail') ?? '';
      expect(detail).toContain('Telegram');
      // Every profile's bots came back with it, and are named.
      expect(detail).toContain(discord);
    }, 180_000);
  });
}
