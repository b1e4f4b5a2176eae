// s6's death tally (`s6-svdt`, kept by `s6-supervise` for a service on a host and for a slot in Hermes' image), and
// which of its deaths were a crash. The tally keeps every death: the operator's `s6-svc -d`, `-r` and `-t` (what
// `hermes gateway stop|restart` runs in the image) among them, and Hermes exits 1 on that unmarked SIGTERM as on a
// crash. The gateway's log tells them apart: a life that ended on a signal's stop logged `Received SIG…` first.
import type { LogRecord } from '../evidence.js';
import { isRunStart } from './log-parse.js';

/** One death as s6 tallies it: when, on s6's TAI clock in seconds, and how (`exitcode 1`, `signal SIGKILL`). */
interface TalliedDeath {
  tai: number;
  how: string;
}

/** A death on the wall clock, and how it ended where its supervisor says so (runit keeps no such word). */
interface WallDeath {
  at: number;
  how?: string;
}

/** `s6-svdt`'s lines (`@<tai64n> exitcode N` or `… signal SIGX`), oldest first. */
export function parseTally(text: string): TalliedDeath[] {
  return text
    .split('\n')
    .map((l) => /^@([0-9a-f]{16})([0-9a-f]{8})\s+(.+)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({
      tai: Number(BigInt(`0x${m[1]}`) - (1n << 62n)) + Number.parseInt(m[2]!, 16) / 1e9,
      how: m[3]!.trim(),
    }));
}

/**
 * The tally on the wall clock, from how long ago s6 says the last death was: no TAI offset and no clock of this host's
 * needed, but only to s6's second.
 */
export function onWallClock(tally: readonly TalliedDeath[], lastAt: number): WallDeath[] {
  const last = tally.at(-1);
  return last ? tally.map((d) => ({ at: Math.round(lastAt - (last.tai - d.tai) * 1000), how: d.how })) : [];
}

/** Hermes' runner saying a signal asked it to stop: `Received SIGTERM — initiating shutdown`, `… as a planned stop`. */
export const isAskedStop = (r: LogRecord): boolean => r.logger === 'gateway.run' && /^Received SIG\w+/.test(r.message);

/**
 * s6 dates its deaths to the second (`s6-svstat`'s), runit a life's end by the next one's start to its second (`sv
 * status`), the log to the millisecond.
 */
const CLOCKS_APART_MS = 2_000;
/**
 * A stop asked of a gateway ends it within its drain and its shutdown watchdog: a stop logged longer before a death
 * belongs to another life (another process's on the same home, a foreground `gateway run` ended by hand).
 */
const STOP_TO_DEATH_MS = 180_000;

/** When the records say a signal asked the gateway to stop, and when a life began, each oldest first and once. */
function livesOf(records: Iterable<LogRecord>): { stops: number[]; starts: number[] } {
  const stops = new Set<number>();
  const starts = new Set<number>();
  for (const r of records) {
    if (isAskedStop(r)) stops.add(r.ts);
    else if (isRunStart(r)) starts.add(r.ts);
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { stops: sorted(stops), starts: sorted(starts) };
}

/**
 * The crashes among `deaths` (oldest first) within the window before `now`: a death whose life logged a signal's stop
 * (in `records`, the gateway's log) was asked for. Its life is after the death before it (its start takes seconds, its
 * signal handler later still, so a line a moment past a death by s6's second is still that death's), the stop at most
 * STOP_TO_DEATH_MS before its death, and no life began between them.
 */
export function crashesAmong(
  deaths: readonly WallDeath[],
  records: Iterable<LogRecord>,
  o: { windowS: number; now: number },
): { count: number; firstAt: number; lastAt: number; last?: string } | undefined {
  const { stops, starts } = livesOf(records);
  let next = 0;
  let after = (deaths[0]?.at ?? o.now) - o.windowS * 1000;
  const crashes = deaths.filter((death) => {
    while (next < stops.length && stops[next]! <= after) next++;
    after = death.at + CLOCKS_APART_MS;
    const stop = stops[next];
    const asked =
      stop !== undefined &&
      stop <= after &&
      death.at - stop <= STOP_TO_DEATH_MS &&
      // A start within the clocks' second of the death is the next life's, which runit dates the death by.
      !starts.some((t) => t > stop && t < death.at - CLOCKS_APART_MS);
    if (asked) next++;
    return !asked;
  });
  const recent = crashes.filter((c) => c.at >= o.now - o.windowS * 1000);
  if (!recent.length) return undefined;
  const last = recent.at(-1)!.how;
  return { count: recent.length, firstAt: recent[0]!.at, lastAt: recent.at(-1)!.at, ...(last ? { last } : {}) };
}
