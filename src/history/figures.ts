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
  for (const [i, [at, s]] of list.entries()) {
    const end = Math.min(list[i + 1]?.[0] ?? to, to);
    const start = Math.max(at, from);
    if (end > start) d[s] += end - start;
  }
  // Before the first change nothing was known.
  const first = list[0]?.[0] ?? to;
  if (first > from) d.unknown += Math.min(first, to) - from;
  return d;
}

/** The target's own changes: at each change of any platform, the worst state of all. */
export function targetChanges(h: TargetHistory): Change[] {
  const lists = Object.values(h.platforms);
  const times = [...new Set(lists.flatMap((l) => l.map(([t]) => t)))].sort((a, b) => a - b);
  const idx = lists.map(() => -1);
  const out: Change[] = [];
  for (const t of times) {
    const states = lists.map((l, k) => {
      while (idx[k]! + 1 < l.length && l[idx[k]! + 1]![0] <= t) idx[k]!++;
      return idx[k]! >= 0 ? l[idx[k]!]![1] : 'unknown';
    });
    const s = worstOf(states);
    if (out.at(-1)?.[1] !== s) out.push([t, s]);
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
  const ttr = mean(incidents.flatMap((i) => (i.recoveredAt !== undefined ? [i.recoveredAt - i.alertAt] : [])));
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
