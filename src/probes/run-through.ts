// A busy batch, more entries than a run's tail holds: the first entries pass through the tail and out again before the
// batch ends, and the runs of traffic among them are dropped unread.
import type { TrafficRun } from './run-segments.js';
import { isEntryLine } from './run-segments.js';

/** What passThrough does to the run tracker. */
export interface ThroughPort {
  /** The whole tail leaves, in order (and the traffic kept unread from the batch before). */
  leaveAll(): void;
  /** The oldest entry of the tail leaves it. */
  leave(): void;
  /** One raw line, as the tracker takes a line. */
  pushLine(raw: string): void;
  /** Whole lines of traffic that enter and leave within the batch: counted, their inbound lines and answers noted. */
  dropRun(span: string, lines: number): void;
  /** Traffic that stays in the tail: cut out when something looks at it, or left unread with the next busy batch. */
  keep(run: TrafficRun): void;
}

/**
 * A batch's segments (segmentPieces) when its first `through` entries pass through the tail. The whole tail leaves
 * before any entry of this batch does, in order, once the batch's first entry comes (a continuation line before it
 * still belongs to the tail's newest entry). An entry of the batch that passes through leaves when the next one comes,
 * its continuation lines attached; a run of traffic passing through is dropped unread, and the continuation lines after
 * it with it.
 */
export function passThrough(segs: readonly (TrafficRun | string)[], through: number, port: ThroughPort): void {
  let emptied = false;
  let owed = false;
  let sunk = false;
  const arrive = () => {
    if (!emptied) port.leaveAll();
    emptied = true;
    if (owed) port.leave();
    owed = false;
    sunk = false;
  };
  for (const seg of segs) {
    if (typeof seg === 'string') {
      if (!isEntryLine(seg)) {
        if (!sunk) port.pushLine(seg);
        continue;
      }
      arrive();
      port.pushLine(seg);
      if (through > 0) {
        through--;
        owed = true;
      }
      continue;
    }
    arrive();
    let from = seg.from;
    let lines = seg.lines;
    if (through > 0) {
      const n = Math.min(through, seg.lines);
      let cut = seg.to;
      if (n < seg.lines) {
        cut = from;
        for (let i = 0; i < n; i++) cut = seg.text.indexOf('\n', cut) + 1;
      }
      port.dropRun(seg.text.slice(from, cut), n);
      through -= n;
      if (n === seg.lines) {
        sunk = true;
        continue;
      }
      from = cut;
      lines -= n;
    }
    port.keep({ text: seg.text, from, to: seg.to, lines });
  }
}
