// A batch of the tailer's pieces (whole lines joined by `\n`) cut into what a run tracker takes: runs of the runner's
// traffic found natively, and the other lines one by one.
import { START_MESSAGE, isRecordLine } from './log-parse.js';
import { RUNNER_TRAFFIC_LINE, TRAFFIC_INFO_RUN, TRAFFIC_RUN } from './log-traffic.js';

/** Whole lines of the runner's traffic in a piece, text[from, to), as TRAFFIC_RUN found them. */
export interface TrafficRun {
  text: string;
  from: number;
  to: number;
  lines: number;
  /** Every line of it at INFO, none ending in `\r` (TRAFFIC_INFO_RUN's): none is news (line-news.ts's trafficNews). */
  plain?: boolean;
}

/** A line that pushLine adds as an entry of the run (a record), not one it attaches or ignores. */
export function isEntryLine(raw: string): boolean {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  return line.length > 0 && (RUNNER_TRAFFIC_LINE.test(line) || isRecordLine(line));
}

/** Lines in text[from, to) (whole lines joined by `\n`); by indexOf, since a copy without the newlines would be megabytes. */
function countLines(text: string, from: number, to: number): number {
  if (to <= from) return 0;
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n + (text.charCodeAt(to - 1) === 10 ? 0 : 1);
}

/**
 * A batch's pieces in file order: runs of the runner's traffic found natively (TRAFFIC_RUN), and the other lines one
 * by one. `entries`: the lines that become entries of the run; `starts`: a run's start line may be among them.
 */
export function segmentPieces(pieces: readonly string[]): {
  segs: (TrafficRun | string)[];
  entries: number;
  starts: boolean;
} {
  const segs: (TrafficRun | string)[] = [];
  let entries = 0;
  let starts = false;
  for (const text of pieces) {
    let pos = 0;
    while (pos < text.length) {
      // The plain lines first, then any others of the runner's traffic (at DEBUG, ending in `\r`): one pass over the
      // bytes tells both where the run ends and whether trafficNews need look at it.
      TRAFFIC_INFO_RUN.lastIndex = pos;
      TRAFFIC_INFO_RUN.test(text);
      const plainEnd = TRAFFIC_INFO_RUN.lastIndex;
      let end = plainEnd;
      if (end < text.length) {
        TRAFFIC_RUN.lastIndex = end;
        TRAFFIC_RUN.test(text);
        end = TRAFFIC_RUN.lastIndex;
      }
      if (end > pos) {
        const lines = countLines(text, pos, end);
        segs.push({ text, from: pos, to: end, lines, plain: end === plainEnd });
        entries += lines;
      }
      if (end >= text.length) break;
      let nl = text.indexOf('\n', end);
      if (nl < 0) nl = text.length;
      const raw = text.slice(end, nl);
      segs.push(raw);
      if (isEntryLine(raw)) {
        entries++;
        if (raw.includes(START_MESSAGE)) starts = true;
      }
      pos = nl + 1;
    }
  }
  return { segs, entries, starts };
}

/** Each line of text[from, to), whole lines joined by `\n`, its `\r` cut off, handed to `take`. */
export function eachLine(text: string, from: number, to: number, take: (line: string) => void): void {
  let pos = from;
  while (pos < to) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > to) nl = to;
    take(text.charCodeAt(nl - 1) === 13 ? text.slice(pos, nl - 1) : text.slice(pos, nl));
    pos = nl + 1;
  }
}
