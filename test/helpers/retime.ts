// A Hermes log moved in time: its lines as the gateway wrote them, each stamped line's time mapped anew. Fixtures
// captured on another day are moved to end a moment ago; a demo's earlier life is stretched onto a slower clock.
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { stampOf } from '../../src/probes/log-first-line.js';

/** Hermes' own stamp at the start of a line (`2026-11-25 06:00:03,116 `, local time). */
const STAMPED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} /;
const STAMP_LENGTH = 23;

/** The epoch ms of a line's own stamp; undefined for a line without one (a traceback's, a continued message's). */
export const lineStamp = (line: string): number | undefined => (STAMPED.test(line) ? stampOf(line) : undefined);

/** The last stamp among `lines`. */
export const lastStamp = (lines: readonly string[]): number =>
  Math.max(...lines.map(lineStamp).filter((t) => t !== undefined));

/** `lines` with each stamp `t` replaced by `to(t)`; lines without a stamp as they were. */
export function retimeLines(lines: readonly string[], to: (t: number) => number): string[] {
  return lines.map((l) => {
    const t = lineStamp(l);
    return t === undefined ? l : formatAsctime(to(t)) + l.slice(STAMP_LENGTH);
  });
}
