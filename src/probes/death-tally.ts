// s6's death tally (`s6-svdt`, kept by `s6-supervise` for a service on a host and for a slot in Hermes' image), and
// which of its deaths were a crash. The tally keeps every death: the operator's `s6-svc -d`, `-r` and `-t` (what
// `hermes gateway stop|restart` runs in the image) among them, and Hermes exits 1 on that unmarked SIGTERM as on a
// crash. The gateway's log tells them apart: a life that ended on a signal's stop logged `Received SIG…` first.
import type { LogRecord } from '../evidence.js';

/** One death as s6 tallies it: when, on s6's TAI clock in seconds, and how (`exitcode 1`, `signal SIGKILL`). */
export interface TalliedDeath {
  tai: number;
  how: string;
}

/** A death on the wall clock. */
export interface Death {
  at: number;
  how: string;
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
export function onWallClock(tally: readonly TalliedDeath[], lastAt: number): Death[] {
  const last = tally.at(-1);
  return last ? tally.map((d) => ({ at: Math.round(lastAt - (last.tai - d.tai) * 1000), how: d.how })) : [];
}

/** Hermes' runner saying a signal asked it to stop: `Received SIGTERM — initiating shutdown`, `… as a planned stop`. */
export const isAskedStop = (r: LogRecord): boolean => r.logger === 'gateway.run' && /^Received SIG\w+/.test(r.message);

/** s6 dates its deaths to the second (`s6-svstat`'s), the log to the millisecond. */
const CLOCKS_APART_MS = 2_000;

/**
 * The crashes among `deaths` (oldest first) within the window before `now`: a death whose life logged a signal's stop
 * (`stops`, when, oldest first) was asked for. A life is after the death before it: its start takes seconds and its
 * signal handler later still, so a line a moment past a death, by s6's second, is still that death's.
 */
export function crashesAmong(
  deaths: readonly Death[],
  stops: readonly number[],
  o: { windowS: number; now: number },
): { count: number; firstAt: number; lastAt: number; last: string } | undefined {
  let next = 0;
  let after = (deaths[0]?.at ?? o.now) - o.windowS * 1000;
  const crashes = deaths.filter((death) => {
    while (next < stops.length && stops[next]! <= after) next++;
    after = death.at + CLOCKS_APART_MS;
    return !(next < stops.length && stops[next]! <= after);
  });
  const recent = crashes.filter((c) => c.at >= o.now - o.windowS * 1000);
  if (!recent.length) return undefined;
  return { count: recent.length, firstAt: recent[0]!.at, lastAt: recent.at(-1)!.at, last: recent.at(-1)!.how };
}

/** When the records say a signal asked the gateway to stop, oldest first, each once. */
export function askedStops(records: Iterable<LogRecord>): number[] {
  const at = new Set<number>();
  for (const r of records) if (isAskedStop(r)) at.add(r.ts);
  return [...at].sort((a, b) => a - b);
}
