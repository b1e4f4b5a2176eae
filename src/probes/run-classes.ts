// The current run's records sorted into classes (the detectors' pattern groups), kept as the run tracker adds and
// drops records, so a view hands the detectors their classes without a pass over the whole run. A busy log is judged
// up to twice a second, and a pass over the ~2,300 records a full run holds was most of a glance (issue 21).
//
// It mirrors the tracker's own parts: head (append only), important middle and tail (append at the end, leave at the
// front). Each part keeps only its classified records, in arrays that are only ever appended to, or replaced when
// compacted: a view's snapshot is three (array, start, end) triples, never a copy.
import type { LogRecord } from '../evidence.js';

/** Sorts a record into classes: bit b set, it belongs to class b. What it reads of a record must never change. */
export interface RecordClassifier {
  classify(r: LogRecord): number;
  /** Changes when the classes do (a group registered late): every record is then classified again. */
  version(): number;
}

/** One part's classified records in [start, end) of arrays never written below `end` again. */
export interface ClassesSlice {
  records: readonly LogRecord[];
  masks: readonly number[];
  start: number;
  end: number;
}

/** The classes of one view's run, in run order over the slices. Valid only for that very `run` array. */
export interface RunClasses {
  run: readonly LogRecord[];
  version: number;
  slices: ClassesSlice[];
}

/** Where a view keeps its RunClasses: not enumerable, so a copied or rebuilt view never carries a stale one. */
export const RUN_CLASSES = Symbol('runClasses');

interface Part {
  records: LogRecord[];
  masks: number[];
  start: number;
}

const newPart = (): Part => ({ records: [], masks: [], start: 0 });

export interface ClassIndex {
  /** `r` joins the end of `part` (0 head, 1 important middle, 2 tail). */
  add(part: 0 | 1 | 2, r: LogRecord): void;
  /** `r` leaves the front of `part`; a record never classified, or not there, changes nothing. */
  drop(part: 1 | 2, r: LogRecord): void;
  /** A new run: nothing kept. */
  reset(): void;
  /** The classes of `run`, built from `parts` afresh when the classifier's classes changed. */
  snapshot(
    run: readonly LogRecord[],
    parts: () => [readonly LogRecord[], readonly LogRecord[], readonly LogRecord[]],
  ): RunClasses;
}

export function createClassIndex(c: RecordClassifier): ClassIndex {
  let parts: Part[] = [newPart(), newPart(), newPart()];
  let version = c.version();
  const add = (p: Part, r: LogRecord) => {
    const m = c.classify(r);
    if (!m) return;
    p.records.push(r);
    p.masks.push(m);
  };
  return {
    add: (part, r) => add(parts[part]!, r),
    drop(part, r) {
      const p = parts[part]!;
      if (p.records[p.start] !== r) return;
      p.start++;
      // Compact into new arrays (a snapshot may still read the old ones) once the dropped half outweighs the kept.
      if (p.start >= 64 && p.start * 2 >= p.records.length)
        parts[part] = { records: p.records.slice(p.start), masks: p.masks.slice(p.start), start: 0 };
    },
    reset() {
      parts = [newPart(), newPart(), newPart()];
    },
    snapshot(run, current) {
      if (version !== c.version()) {
        version = c.version();
        parts = [newPart(), newPart(), newPart()];
        current().forEach((records, i) => records.forEach((r) => add(parts[i]!, r)));
      }
      return {
        run,
        version,
        slices: parts.map((p) => ({ records: p.records, masks: p.masks, start: p.start, end: p.records.length })),
      };
    },
  };
}
