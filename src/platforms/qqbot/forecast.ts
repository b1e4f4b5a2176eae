// QQ's forecasts (hermes-gateway-current.md §10.4; QQ's lines: hermes-gateway.md §4.1). QQ's adapter never tells the
// runner it died, so the one warning it gets before the silence is its own lines:
// - the give-up ladder: `Reconnecting in 60s (attempt k)...` counts towards MAX_RECONNECT_ATTEMPTS = 100 (≈ 97 min),
//   after which it returns for good (#14539, #25505). A forecast of when, while it still climbs.
// - the 4009 rate: QQ closes an idle session about once per 30 min (#39928), routine and resumed at once; a close
//   every minute or so for hours ended, in #19648, with the gateway logging nothing at all. The reference gives no time
//   for that end, so this warning names the rate against the routine one and how long it has lasted, no time left.
//   A rate that climbs steadily over hours from the routine one is forecast: when, at its pace, it reaches one a
//   minute (#19648's). Read from the closes over hours (agent.log, across restarts), so a cold look sees it too.
// - the access token's clock: each refresh logs `Access token refreshed, expires in Ns` (a real v0.20.2 line); when
//   the refreshes after it fail (`Failed to get QQ Bot access token: …`), the token's end is known in advance.
import type { Detector, LogRecord } from '../../evidence.js';
import type { Finding, FindingParam } from '../../types.js';
import { body, finding, isQQ, isRunner, matching, patternGroup, processAlive } from '../../detectors/common.js';
import { QQ_RETRY_QUIET_MS } from '../../detectors/outages.js';
import { QQ_CLOSED_4009 } from '../../probes/qq-hours.js';
import { inWords, rateInWords } from '../../detectors/time-left.js';
import { steadyTrend, type Point, type SteadyRule } from '../../detectors/trend.js';

/** Every QQ forecast is about QQ: its platform, as Hermes names it. */
const P = 'qqbot';

/** hermes-gateway.md §4.1: `MAX_RECONNECT_ATTEMPTS = 100`, `RECONNECT_BACKOFF = [2, 5, 10, 30, 60]`. */
export const QQ_MAX_ATTEMPTS = 100;
const QQ_STEP_MS = 60_000;
/**
 * Past the backoff's ramp (2+5+10+30+60 s) and ten minutes into it: not a routine reconnect, and not a short outage
 * (its own platform_down says it); the give-up is then still ~90 minutes ahead.
 */
const LADDER_FROM_ATTEMPT = 6;
const LADDER_AFTER_MS = 10 * 60_000;

const ATTEMPT = /^Reconnecting in (\d+)s \(attempt (\d+)\)/;
const RECOVERED = /^(Reconnected|Session resumed|Ready, session_id)/;
const GAVE_UP = /^(Max reconnect attempts reached|Too many quick disconnects)/;
const RUNNER_UP = /^✓ qqbot (connected|reconnected successfully)/;
const TOKEN_OK = /^Access token refreshed, expires in (\d+)s/;
/** The error Hermes' token fetch raises, as `Reconnect failed: …` or `QQ startup failed: …` quote it (§4.1). */
const TOKEN_FAILED = /Failed to get QQ Bot access token/;

const LINES = patternGroup(
  new RegExp(
    `^\\[QQBot(?::[^\\]]*)?\\] (?:${[ATTEMPT, RECOVERED, GAVE_UP, TOKEN_OK].map((re) => re.source.slice(1)).join('|')}|.*${TOKEN_FAILED.source})`,
    'i',
  ),
  RUNNER_UP,
  QQ_CLOSED_4009,
);

/** The QQ tag a line is under (`QQBot:102000111`): one ladder per bot. */
const tagOf = (r: LogRecord) => /^\[([^\]]+)\] /.exec(r.message)![1]!;

interface Ladder {
  attempts: LogRecord[];
  /** The episode's first line: its first attempt. */
  start: LogRecord;
}

/** Each bot's ladder still climbing at the end of the run: its attempts since it last connected or gave up. */
function openLadders(lines: readonly LogRecord[]): Map<string, Ladder> {
  const open = new Map<string, Ladder>();
  for (const r of lines) {
    if (isRunner(r)) {
      if (RUNNER_UP.test(r.message)) open.clear();
      continue;
    }
    if (!isQQ(r)) continue;
    const b = body(r);
    const tag = tagOf(r);
    if (ATTEMPT.test(b)) {
      const l = open.get(tag);
      if (l) l.attempts.push(r);
      else open.set(tag, { attempts: [r], start: r });
    } else if (RECOVERED.test(b) || GAVE_UP.test(b)) open.delete(tag);
  }
  return open;
}

/** How far apart its attempts at the 60-s step are, as the lines show (the connect's own time included). */
function stepOf(attempts: readonly LogRecord[]): number {
  const steps = attempts.filter((r) => Number(ATTEMPT.exec(body(r))![1]) * 1000 >= QQ_STEP_MS).slice(-10);
  if (steps.length < 2) return QQ_STEP_MS;
  return Math.max(QQ_STEP_MS, (steps.at(-1)!.ts - steps[0]!.ts) / (steps.length - 1));
}

const giveUp: Detector['detect'] = (ev, s) => {
  if (!processAlive(ev)) return [];
  const out: { f: Finding; at: number }[] = [];
  for (const [tag, l] of openLadders(matching(ev, LINES))) {
    const last = l.attempts.at(-1)!;
    const [, wait, k] = ATTEMPT.exec(body(last))!.map(Number);
    // Quieter than its longest wait: the loop died without a word (qq_session_timeout's, not a ladder).
    if (k! < LADDER_FROM_ATTEMPT || ev.now - l.start.ts < LADDER_AFTER_MS || ev.now - last.ts > QQ_RETRY_QUIET_MS)
      continue;
    const step = stepOf(l.attempts);
    const at = last.ts + wait! * 1000 + Math.max(0, QQ_MAX_ATTEMPTS - k!) * step;
    const f = finding(ev, s, {
      check: 'forecast',
      // Past its time it is still said (issue 54 item 5), until Hermes' give-up line or its loop's silence says more.
      text: at > ev.now ? 'forecast.qq_giveup' : 'forecast.qq_giveup.due',
      cause: 'qq_giveup',
      platform: P,
      severity: 'warning',
      // Hermes is still at it; a restart would only begin the ladder again. Once it gives up, qq_reconnect_exhausted
      // restarts the gateway.
      restart: 'wait',
      params: {
        tag,
        attempt: k!,
        max: QQ_MAX_ATTEMPTS,
        ago: inWords(ev.now - l.start.ts),
        every: inWords(step),
        eta: inWords(at - ev.now),
      },
      since: l.start.ts,
      evidence: [l.start.line, last.line],
    });
    out.push({ f, at });
  }
  // One forecast: the bot that gives up first.
  return out
    .sort((a, b) => a.at - b.at)
    .slice(0, 1)
    .map((x) => x.f);
};

// ---------- the 4009 rate ----------

/** §10.4, #39928: about one close per 30 min per idle session. */
const ROUTINE_PER_HOUR = 2;

/**
 * The routine rate this config expects: `detect.zombie_after` is twice QQ's cycle by its definition (60 min for one
 * per 30), so a config that shortens it (the demo's and the chaos soak's compressed time: 60 s) says its routine
 * cycle is about half of that. Never slower than QQ's own.
 */
const routinePerHour = (s: Parameters<Detector['detect']>[1]) =>
  Math.max(ROUTINE_PER_HOUR, (2 * 3_600_000) / s.zombieAfterMs);
/** The routine rate in words, and whose it is: QQ's own, or the cycle a shortened `detect.zombie_after` gives. */
const routineWords = (perHour: number): FindingParam => ({
  key: perHour > ROUTINE_PER_HOUR ? 'forecast.qq_4009.routine.config' : 'forecast.qq_4009.routine',
  params: { rate: rateInWords(perHour) },
});
/** Six times the routine rate (a close every 5 min or more often)… */
const TIMES_ROUTINE = 6;
/** …for an hour at least, within the last two (hours, not a burst: #19648 went on for hours)… */
const SUSTAINED_MS = 60 * 60_000;
const WINDOW_MS = 2 * 60 * 60_000;
/** …and still going on: the last within 10 min, the last half hour at that rate too (a rate back to routine withdraws it). */
const FRESH_MS = 10 * 60_000;
const RECENT_MS = 30 * 60_000;

/** The 4009 closes of the last `windowMs`, one per line: agent.log's kept over hours (across restarts), and the run's. */
function closes(ev: Parameters<Detector['detect']>[0], windowMs = WINDOW_MS): LogRecord[] {
  const seen = new Set<string>();
  return [...(ev.hermes?.hours ?? []), ...matching(ev, LINES)]
    .filter((r) => QQ_CLOSED_4009.test(r.message) && r.ts <= ev.now && ev.now - r.ts <= windowMs)
    .filter((r) => !seen.has(r.line) && seen.add(r.line))
    .sort((a, b) => a.ts - b.ts);
}

/** The closes of each session (its tag), oldest first. */
function bySession(records: readonly LogRecord[]): Map<string, LogRecord[]> {
  const out = new Map<string, LogRecord[]>();
  for (const r of records) out.set(tagOf(r), [...(out.get(tagOf(r)) ?? []), r]);
  return out;
}

/** §10.4, #19648: the pathological rate, a drop every ~60 s. */
const PATHOLOGICAL_PER_HOUR = 60;
/** How far back a climb is read (agent.log keeps 128 closes: more than enough at these rates). */
const CLIMB_WINDOW_MS = 12 * 3_600_000;
/** The rate at a close: over its last SMOOTH intervals (one interval is QQ's jitter, not a rate). */
const SMOOTH = 3;
/**
 * A cadence that shortens multiplies its rate: the trend is of the rate's logarithm. Over two hours at least, from 8
 * closes, the rate at least tripled, a line that fits, still climbing over the last hour.
 */
const CLIMB_RULE: SteadyRule = {
  direction: 'up',
  minSpanMs: 2 * 3_600_000,
  minSamples: 6,
  minChange: Math.log(3),
  minR2: 0.7,
  recentMs: 60 * 60_000,
};
/** Said once the rate is three times the routine one, when one a minute is within 12 h at its pace. */
const CLIMB_FROM_ROUTINE = 3;
const CLIMB_HORIZON_MS = 12 * 3_600_000;

interface Climb {
  tag: string;
  drops: LogRecord[];
  /** Per hour: at the climb's start and now. */
  fromPerHour: number;
  perHour: number;
  /** When it reaches one a minute at its pace, epoch ms. */
  at: number;
}

/** A session's rate climbing steadily toward one a minute, when it is; undefined otherwise. */
function climbOf(tag: string, drops: readonly LogRecord[], now: number, routine: number): Climb | undefined {
  const points: Point[] = [];
  for (let i = SMOOTH; i < drops.length; i++) {
    const span = drops[i]!.ts - drops[i - SMOOTH]!.ts;
    if (span > 0) points.push({ at: drops[i]!.ts, v: Math.log((SMOOTH * 3_600_000) / span) });
  }
  const trend = steadyTrend(points, CLIMB_RULE);
  if (!trend) return undefined;
  const perHour = Math.exp(trend.last.v);
  // Still at it: no close for twice the interval it had reached means the cadence did not hold.
  if (perHour < CLIMB_FROM_ROUTINE * routine || perHour >= PATHOLOGICAL_PER_HOUR) return undefined;
  if (now - trend.last.at > (2 * 3_600_000) / perHour) return undefined;
  const at = trend.last.at + Math.log(PATHOLOGICAL_PER_HOUR / perHour) / trend.rate;
  if (at - now > CLIMB_HORIZON_MS) return undefined;
  const first = drops.findIndex((r) => r.ts >= trend.first.at) - SMOOTH;
  return { tag, drops: drops.slice(Math.max(0, first)), fromPerHour: Math.exp(trend.first.v), perHour, at };
}

/** The climb as a forecast: its first and last close, its rate then and now against the routine, and the time left. */
function climbFinding(
  ev: Parameters<Detector['detect']>[0],
  s: Parameters<Detector['detect']>[1],
  c: Climb,
  routine: number,
): Finding {
  const first = c.drops[0]!;
  const last = c.drops.at(-1)!;
  const said = {
    count: c.drops.length,
    over: inWords(last.ts - first.ts),
    from: rateInWords(c.fromPerHour),
    rate: rateInWords(c.perHour),
    routine: routineWords(routine),
  };
  return finding(ev, s, {
    check: 'forecast',
    text: 'forecast.qq_4009.climb',
    cause: 'qq_4009',
    platform: P,
    severity: 'warning',
    // Each close is still resumed (§10.4 names no restart that ends a cadence); the warning is the time to act in.
    restart: 'wait',
    params: { tag: c.tag, ...said, eta: inWords(c.at - ev.now) },
    since: first.ts,
    evidence: [first.line, last.line, { key: 'evidence.qq_4009.climb', params: said }],
  });
}

const rate4009: Detector['detect'] = (ev, s) => {
  if (!processAlive(ev)) return [];
  // A climb first: it says when. The soonest of the sessions'.
  const routine = routinePerHour(s);
  const climbs = [...bySession(closes(ev, CLIMB_WINDOW_MS))]
    .flatMap(([tag, drops]) => climbOf(tag, drops, ev.now, routine) ?? [])
    .sort((a, b) => a.at - b.at);
  if (climbs.length) return [climbFinding(ev, s, climbs[0]!, routine)];
  const long = sustained(ev, s);
  return long.length ? long : highNow(ev, s);
};

/** The last half hour holds this many closes at least (one every 3 min or more often)… */
const NOW_MIN = 10;

/**
 * The rate high now, whatever came before (issue 54 item 5): a rate already at the level the climb aims at, or one that
 * jumped there within the hour, is said, not silenced because it is past the forecast or too new for the sustained
 * rule's two hours. At least NOW_MIN closes within the last half hour, the last still recent, at six times the routine
 * rate or more.
 */
const highNow: Detector['detect'] = (ev, s) => {
  const routine = routinePerHour(s);
  let worst: { tag: string; drops: LogRecord[]; perHour: number } | undefined;
  for (const [tag, all] of bySession(closes(ev, RECENT_MS))) {
    const drops = all.filter((r) => ev.now - r.ts <= RECENT_MS);
    if (drops.length < NOW_MIN || ev.now - drops.at(-1)!.ts > FRESH_MS) continue;
    const span = drops.at(-1)!.ts - drops[0]!.ts;
    const perHour = span > 0 ? ((drops.length - 1) / span) * 3_600_000 : Infinity;
    if (perHour < TIMES_ROUTINE * routine) continue;
    if (!worst || perHour > worst.perHour) worst = { tag, drops, perHour };
  }
  return worst ? [rateFinding(ev, s, 'forecast.qq_4009.now', worst, routine)] : [];
};

/** The rate high for an hour or more, however it came (no time left known). */
const sustained: Detector['detect'] = (ev, s) => {
  const sessions = bySession(closes(ev));
  const routine = routinePerHour(s);
  let worst: { tag: string; drops: LogRecord[]; perHour: number } | undefined;
  for (const [tag, drops] of sessions) {
    const first = drops[0]!;
    const last = drops.at(-1)!;
    const span = last.ts - first.ts;
    if (span < SUSTAINED_MS || ev.now - last.ts > FRESH_MS) continue;
    const perHour = ((drops.length - 1) / span) * 3_600_000;
    const least = TIMES_ROUTINE * routine;
    if (perHour < least) continue;
    if (drops.filter((r) => ev.now - r.ts <= RECENT_MS).length < (least * RECENT_MS) / 3_600_000) continue;
    // Spread over the hours, not one burst: each half of the span holds a third of the closes at least.
    const mid = first.ts + span / 2;
    const early = drops.filter((r) => r.ts <= mid).length;
    if (Math.min(early, drops.length - early) < drops.length / 3) continue;
    if (!worst || perHour > worst.perHour) worst = { tag, drops, perHour };
  }
  return worst ? [rateFinding(ev, s, 'forecast.qq_4009', worst, routine)] : [];
};

/** A session's closes at `perHour`, said against the routine rate: the rate now or sustained. */
function rateFinding(
  ev: Parameters<Detector['detect']>[0],
  s: Parameters<Detector['detect']>[1],
  text: 'forecast.qq_4009' | 'forecast.qq_4009.now',
  { tag, drops, perHour }: { tag: string; drops: LogRecord[]; perHour: number },
  routine: number,
): Finding {
  const first = drops[0]!;
  const last = drops.at(-1)!;
  const said = { count: drops.length, over: inWords(last.ts - first.ts), rate: rateInWords(perHour) };
  return finding(ev, s, {
    check: 'forecast',
    text,
    cause: 'qq_4009',
    platform: P,
    severity: 'warning',
    // Each close is resumed; nothing says a restart ends the cadence (§10.4 names none): watch, and restart when it
    // goes silent (qq_zombie, qq_session_timeout).
    restart: 'wait',
    params: {
      tag,
      ...said,
      routine: routineWords(routine),
      times: String(Math.round(perHour / routine)),
    },
    since: first.ts,
    evidence: [
      first.line,
      last.line,
      { key: 'evidence.qq_4009.rate', params: { ...said, routine: routineWords(routine) } },
    ],
  });
}

// ---------- the access token's clock ----------

/** Refreshes failing: two at least (one is a blip), the last within 10 min (still failing). */
const TOKEN_FAILURES = 2;
const TOKEN_FRESH_MS = 10 * 60_000;
/**
 * Said when the token ends within 30 min. Hermes fetches a token at every reconnect (test/fixtures/logs/qq-refused.log:
 * each attempt fails on it), so an outage of QQ's token endpoint fails fetches from its first minute, while the token
 * in hand still has up to two hours: that outage is platform_down's; the clock matters once its end is near (a send
 * Hermes makes without the socket, a cron delivery, needs it).
 */
const TOKEN_WARN_WITHIN_MS = 30 * 60_000;

const tokenClock: Detector['detect'] = (ev, s) => {
  if (!processAlive(ev)) return [];
  const last = new Map<string, { ok: LogRecord; failed: LogRecord[] }>();
  for (const r of matching(ev, LINES)) {
    if (!isQQ(r)) continue;
    const b = body(r);
    if (TOKEN_OK.test(b)) last.set(tagOf(r), { ok: r, failed: [] });
    else if (TOKEN_FAILED.test(b)) last.get(tagOf(r))?.failed.push(r);
  }
  const out: { f: Finding; at: number }[] = [];
  for (const [tag, { ok, failed }] of last) {
    if (failed.length < TOKEN_FAILURES || ev.now - failed.at(-1)!.ts > TOKEN_FRESH_MS) continue;
    const at = ok.ts + Number(TOKEN_OK.exec(body(ok))![1]) * 1000;
    if (at - ev.now > TOKEN_WARN_WITHIN_MS) continue;
    const f = finding(ev, s, {
      check: 'forecast',
      // Expired while fetches still fail: said (issue 54 item 5), not closed because the forecast came true.
      text: at > ev.now ? 'forecast.qq_token' : 'forecast.qq_token.expired',
      cause: 'qq_token',
      platform: P,
      severity: 'warning',
      // The next fetch asks the same endpoint a restart would; what it says (DNS, refused, 401) is what to fix.
      restart: 'wait',
      params: {
        tag,
        eta: inWords(at - ev.now),
        ago: inWords(ev.now - at),
        count: failed.length,
        since: inWords(ev.now - failed[0]!.ts),
        error: body(failed.at(-1)!).replace(/^.*?Failed to get QQ Bot access token: ?/, ''),
      },
      since: failed[0]!.ts,
      evidence: [ok.line, failed[0]!.line, ...(failed.length > 1 ? [failed.at(-1)!.line] : [])],
    });
    out.push({ f, at });
  }
  return out
    .sort((a, b) => a.at - b.at)
    .slice(0, 1)
    .map((x) => x.f);
};

export const qqForecasts: readonly Detector['detect'][] = [giveUp, rate4009, tokenClock];
