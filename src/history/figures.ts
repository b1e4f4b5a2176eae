// The figures of a window: per platform and for the target, how long each state lasted, the availability (up over
// the time that counts: up, deaf and down; stopped on purpose, muted for maintenance and unwatched time do not), the
// downtime (deaf and down), the incidents with their time to detect and to recover, and the restarts that helped.
// Pure: the same history and `now` give the same figures.
import { HEALTHS, type Change, type Health, type TargetHistory } from './model.js';
import { clockSpan } from '../util/duration.js';

export type Durations = Record<Health, number>;

export interface PlatformFigures {
  platform: string;
  /** Up over (up + deaf + down); undefined when none of the window counts. */
  availability?: number;
  downtimeMs: number;
  durations: Durations;
}

export interface TargetFigures {
  target: string;
  /** The window's start: its nominal start, or when watching began if that is later (the figures say "since"). */
  from: number;
  to: number;
  /** True when less history exists than the window. */
  partial: boolean;
  availability?: number;
  downtimeMs: number;
  /**
   * The downtime as words say it: each outage as long as its clock times show (clockSpan), summed, as each incident's
   * "down 1s" is said: the figure and the incidents listed under it add up (not the sum of the exact ones, rounded).
   */
  downtimeSaidMs: number;
  durations: Durations;
  platforms: PlatformFigures[];
  incidents: number;
  /** Means over the window's incidents: first evidence → alert, alert → recovery (recovered ones only). */
  timeToDetectMs?: number;
  timeToRecoverMs?: number;
  restarts: number;
  restartsHelped: number;
}

const STATE_INDEX = Object.fromEntries(HEALTHS.map((h, i) => [h, i])) as Record<Health, number>;

const zero = (): Durations => Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Durations;

/** Which state the target is in when its platforms are in these: down if any is, else deaf, else up if any is. */
function worstOf(states: Health[]): Health {
  for (const s of ['down', 'deaf', 'up', 'stopped', 'muted'] as const) if (states.includes(s)) return s;
  return 'unknown';
}

const availabilityOf = (d: Durations): number | undefined => {
  const counted = d.up + d.deaf + d.down;
  return counted > 0 ? d.up / counted : undefined;
};

/** Each state's time within [from, to] for a list of changes. */
export function durationsOf(list: readonly Change[], from: number, to: number): Durations {
  const d = zero();
  // Indexed, not destructured: a destructuring runs an iterator, slow without the optimising compiler (a /metrics
  // scrape at the bound goes through 10,000 changes a window).
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    const end = Math.min(list[i + 1]?.[0] ?? to, to);
    const start = Math.max(c[0], from);
    if (end > start) d[c[1]] += end - start;
  }
  // Before the first change nothing was known.
  const first = list[0]?.[0] ?? to;
  if (first > from) d.unknown += Math.min(first, to) - from;
  return d;
}

/**
 * The target's own changes: at each change of any platform, the worst state of all. The platforms' lists are merged
 * in pairs into one in time order (at the same time the earlier platform's first, a platform's own changes in their
 * order), keeping how many platforms are in each state: asking every platform at every change took seconds with a
 * hundred platforms at the bound, and a sort's comparisons a tenth of a second. The merges work in typed arrays, two
 * of each swapped level by level: arrays grown a push at a time (three per change, seven levels for a hundred
 * platforms) held a /metrics scrape's loop for 25–90 ms a window at the bound, without the optimising compiler.
 */
export function targetChanges(h: TargetHistory): Change[] {
  const lists = Object.values(h.platforms);
  const n = lists.reduce((a, l) => a + l.length, 0);
  let t = new Float64Array(n);
  let k = new Uint32Array(n);
  let s = new Uint8Array(n);
  // Where each run begins, and the end of the last.
  let starts = [0];
  for (const [p, l] of lists.entries()) {
    const at = starts[p]!;
    for (let i = 0; i < l.length; i++) {
      // Indexed, not destructured: a destructuring runs the array's iterator, slow without the optimising compiler.
      const c = l[i]!;
      t[at + i] = c[0];
      k[at + i] = p;
      s[at + i] = STATE_INDEX[c[1]];
    }
    starts.push(at + l.length);
  }
  let t2 = new Float64Array(n);
  let k2 = new Uint32Array(n);
  let s2 = new Uint8Array(n);
  while (starts.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < starts.length; r += 2) {
      const end = starts[Math.min(r + 2, starts.length - 1)]!;
      let i = starts[r]!;
      const aEnd = starts[r + 1]!;
      let j = aEnd;
      let o = i;
      while (i < aEnd && j < end) {
        const x = t[i]! <= t[j]! ? i++ : j++;
        t2[o] = t[x]!;
        k2[o] = k[x]!;
        s2[o++] = s[x]!;
      }
      for (; i < aEnd; i++, o++) (t2[o] = t[i]!), (k2[o] = k[i]!), (s2[o] = s[i]!);
      for (; j < end; j++, o++) (t2[o] = t[j]!), (k2[o] = k[j]!), (s2[o] = s[j]!);
      next.push(end);
    }
    [t, t2, k, k2, s, s2] = [t2, t, k2, k, s2, s];
    starts = next;
  }
  const current = new Uint8Array(lists.length).fill(STATE_INDEX.unknown);
  const count = new Uint32Array(HEALTHS.length);
  count[STATE_INDEX.unknown] = lists.length;
  const out: Change[] = [];
  // The worst of each set of states present, as a bit mask (six states: 64 sets).
  const worsts: Health[] = [];
  for (let i = 0; i < n; ) {
    const at = t[i]!;
    for (; i < n && t[i] === at; i++) {
      count[current[k[i]!]!]!--;
      count[s[i]!]!++;
      current[k[i]!] = s[i]!;
    }
    let present = 0;
    for (let x = 0; x < HEALTHS.length; x++) if (count[x]! > 0) present |= 1 << x;
    const worst = (worsts[present] ??= worstOf(HEALTHS.filter((_, x) => present & (1 << x))));
    if (out.at(-1)?.[1] !== worst) out.push([at, worst]);
  }
  return out;
}

/**
 * The history as a reader counts it: after `until` (the last look recorded, where no look of this daemon's life has
 * come since: the daemon is stopped, or has only just started) nothing was watched, whatever state came before.
 * The CLI reading the file and the daemon, asked the same, count the same.
 */
export function watchedUntil(h: TargetHistory, until: number): TargetHistory {
  const platforms: TargetHistory['platforms'] = {};
  for (const [p, list] of Object.entries(h.platforms)) {
    const last = list.at(-1);
    platforms[p] = !last || last[1] === 'unknown' ? list : [...list, [Math.max(until, last[0]), 'unknown']];
  }
  return { ...h, platforms };
}

/**
 * The time of the down and deaf runs of `list` within [from, to], each as its clock times show it (clockSpan). Runs
 * side by side add up to their whole (the whole seconds telescope), so one outage is one figure however it is split.
 */
export function saidDowntime(list: readonly Change[], from: number, to: number): number {
  let sum = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c[1] !== 'down' && c[1] !== 'deaf') continue;
    const start = Math.max(c[0], from);
    const end = Math.min(list[i + 1]?.[0] ?? to, to);
    if (end > start) sum += clockSpan(start, end);
  }
  return sum;
}

const mean = (xs: number[]): number | undefined => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);

/** Where a window of `windowMs` up to `now` begins as its figures and strips tell it: at most since watching began. */
export function watchedFrom(h: Pick<TargetHistory, 'since'>, windowMs: number, now: number): number {
  return Math.max(now - windowMs, Math.min(h.since, now));
}

/** `merged`: the target's changes (targetChanges), when the caller has them already (one merge for every window). */
export function figures(h: TargetHistory, windowMs: number, now: number, merged = targetChanges(h)): TargetFigures {
  const from = watchedFrom(h, windowMs, now);
  const platforms = Object.entries(h.platforms)
    .map(([platform, list]) => {
      const durations = durationsOf(list, from, now);
      const availability = availabilityOf(durations);
      return {
        platform,
        ...(availability !== undefined ? { availability } : {}),
        downtimeMs: durations.deaf + durations.down,
        durations,
      };
    })
    .sort((a, b) => a.platform.localeCompare(b.platform));
  const durations = durationsOf(merged, from, now);
  const availability = availabilityOf(durations);
  const incidents = h.incidents.filter((i) => i.alertAt >= from && i.alertAt <= now);
  const restarts = h.restarts.filter((r) => r.at >= from && r.at <= now);
  const ttd = mean(incidents.map((i) => i.alertAt - i.firstAt));
  // Back before its alert went out (a supervisor faster than the judgement that alerted): recovered at once.
  const ttr = mean(
    incidents.flatMap((i) => (i.recoveredAt !== undefined ? [Math.max(0, i.recoveredAt - i.alertAt)] : [])),
  );
  return {
    target: h.target,
    from,
    to: now,
    partial: from > now - windowMs,
    ...(availability !== undefined ? { availability } : {}),
    downtimeMs: durations.deaf + durations.down,
    downtimeSaidMs: saidDowntime(merged, from, now),
    durations,
    platforms,
    incidents: incidents.length,
    ...(ttd !== undefined ? { timeToDetectMs: ttd } : {}),
    ...(ttr !== undefined ? { timeToRecoverMs: ttr } : {}),
    restarts: restarts.length,
    restartsHelped: restarts.filter((r) => r.ok).length,
  };
}
