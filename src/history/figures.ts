// The figures of a window: per platform and for the target, how long each state lasted, the availability (up over
// the time that counts: up, deaf and down; stopped on purpose, muted for maintenance and unwatched time do not), the
// downtime (deaf and down), the incidents with their time to detect and to recover, and the restarts that helped.
// Pure: the same history and `now` give the same figures.
import { HEALTHS, type Change, type Health, type TargetHistory } from './model.js';

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
  durations: Durations;
  platforms: PlatformFigures[];
  incidents: number;
  /** Means over the window's incidents: first evidence → alert, alert → recovery (recovered ones only). */
  timeToDetectMs?: number;
  timeToRecoverMs?: number;
  restarts: number;
  restartsHelped: number;
}

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
  // Indexed, not entries(): a daemon runs without Turbofan, and each entry would be two arrays on its heap.
  for (let i = 0; i < list.length; i++) {
    const at = list[i]![0];
    const s = list[i]![1];
    const end = Math.min(list[i + 1]?.[0] ?? to, to);
    const start = Math.max(at, from);
    if (end > start) d[s] += end - start;
  }
  // Before the first change nothing was known.
  const first = list[0]?.[0] ?? to;
  if (first > from) d.unknown += Math.min(first, to) - from;
  return d;
}

/**
 * Changes of several platforms in time order: each change itself (`c`, the history's own tuple) and whose it is (`k`).
 * Two sets of arrays of the full length, written in turn by the merges: a new array a merge, grown a push at a time,
 * made the ten thousand changes of a hundred platforms 7 MB of garbage a call, three calls an /uptime with its picture,
 * which grew a daemon's young generation to 32 MB (issue 51 item 12). The tuples are moved, never their times: a time
 * copied into an array of numbers is boxed anew at each read by code V8 has not optimized (the service runs without
 * Turbofan).
 */
interface Run {
  c: Change[];
  k: number[];
}

const STATE_INDEX = new Map(HEALTHS.map((h, i) => [h, i]));
const UNKNOWN = HEALTHS.indexOf('unknown');

const runOf = (n: number): Run => ({ c: new Array<Change>(n), k: new Array<number>(n) });

/**
 * Every platform's changes in one time order; at the same time a lower `k` first (a platform's own changes keep their
 * order). Each list is a sorted run; adjacent runs are merged in pairs, from one set of arrays into the other.
 */
function mergedChanges(lists: readonly (readonly Change[])[]): Run {
  const n = lists.reduce((m, l) => m + l.length, 0);
  let a = runOf(n);
  let b = runOf(n);
  let bounds = [0];
  for (let k = 0, o = 0; k < lists.length; k++) {
    const l = lists[k]!;
    for (let i = 0; i < l.length; i++, o++) {
      a.c[o] = l[i]!;
      a.k[o] = k;
    }
    bounds.push(o);
  }
  while (bounds.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r]!;
      const mid = bounds[r + 1]!;
      const hi = bounds[r + 2] ?? mid;
      for (let i = lo, j = mid, o = lo; o < hi; o++) {
        const x = j >= hi || (i < mid && a.c[i]![0] <= a.c[j]![0]) ? i++ : j++;
        b.c[o] = a.c[x]!;
        b.k[o] = a.k[x]!;
      }
      next.push(hi);
    }
    [a, b] = [b, a];
    bounds = next;
  }
  return a;
}

/**
 * The target's own changes: at each change of any platform, the worst state of all. The platforms' lists are merged
 * in pairs into one in time order, keeping how many platforms are in each state: asking every platform at every
 * change took seconds with a hundred platforms at the bound, and a sort's comparisons a tenth of a second.
 */
export function targetChanges(h: TargetHistory): Change[] {
  const lists = Object.values(h.platforms);
  const { c, k } = mergedChanges(lists);
  const current = new Array<number>(lists.length).fill(UNKNOWN);
  const count = new Array<number>(HEALTHS.length).fill(0);
  count[UNKNOWN] = lists.length;
  const out: Change[] = [];
  // The worst of each set of states present, as a bit mask (six states: 64 sets).
  const worsts: Health[] = [];
  for (let i = 0; i < c.length; ) {
    const at = c[i]![0];
    for (; i < c.length && c[i]![0] === at; i++) {
      const s = STATE_INDEX.get(c[i]![1]) ?? UNKNOWN;
      count[current[k[i]!]!]!--;
      count[s]!++;
      current[k[i]!] = s;
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

const mean = (xs: number[]): number | undefined => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);

export function figures(h: TargetHistory, windowMs: number, now: number): TargetFigures {
  const from = Math.max(now - windowMs, Math.min(h.since, now));
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
  const durations = durationsOf(targetChanges(h), from, now);
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
    durations,
    platforms,
    incidents: incidents.length,
    ...(ttd !== undefined ? { timeToDetectMs: ttd } : {}),
    ...(ttr !== undefined ? { timeToRecoverMs: ttr } : {}),
    restarts: restarts.length,
    restartsHelped: restarts.filter((r) => r.ok).length,
  };
}
