// The entries of one run a run tracker keeps, under its caps: the first `head` (the startup lines detectors judge), the
// last `tail`, and in between only important ones (isImportant), at most `important`, oldest dropped first. Entries
// come in file order and leave the tail at its front; what the caps drop is handed to the inbound memory and the
// answer watch on its way out.
import type { LogRecord } from '../evidence.js';
import { isContinuationLine, parseLogLine } from './log-parse.js';
import type { WriterZone } from './log-zone.js';
import { newestInbound } from './log-traffic.js';
import type { AnswerWatch } from './run-answers.js';
import type { ClassIndex } from './run-classes.js';
import type { InboundMemory } from './run-inbound.js';
import { isImportant, isImportantLine, own, ownRecord } from './run-keep.js';

// The entry kinds live beside the code that reads them for every line that comes and goes: called through an import
// (Node's own module loader, as in `npm run bench`) they cost a tail of small batches some 5% more time.

/**
 * A tail line not parsed yet. A busy gateway's lines mostly pass through the tail and are dropped unread (neither
 * head nor important): they are parsed only if they stay (a view is asked for, or they are important on the way out).
 */
interface Pending {
  raw: string;
  extra?: string[];
  /** The runner's message traffic (isTrafficEntry). */
  traffic?: true;
}
/**
 * A bare string is a pending line of the runner's message traffic without continuation lines: most lines of a busy
 * gateway, held with no object per line, and known to be dropped on the way out without a second look at it.
 */
export type Entry = LogRecord | Pending | string;
const isPending = (e: Entry): e is Pending | string => typeof e === 'string' || (e as Pending).raw !== undefined;
const rawOf = (e: Pending | string) => (typeof e === 'string' ? e : e.raw);
const extraOf = (e: Pending | string) => (typeof e === 'string' ? undefined : e.extra);
const isTrafficEntry = (e: Pending | string) => typeof e === 'string' || e.traffic === true;

/**
 * Parse the pending entries of entries[from..] in place, each record on to `settled`; a line that no longer reads as a
 * record is dropped. Returns the new length: entries[..length) then holds records only.
 */
function settleEntries(entries: Entry[], from: number, settled: (r: LogRecord) => void, zone: WriterZone): number {
  let out = from;
  for (let i = out; i < entries.length; i++) {
    let e = entries[i]!;
    if (isPending(e)) {
      const r = parseLogLine(rawOf(e), zone);
      if (!r) continue;
      const extra = extraOf(e);
      if (extra) r.extra = extra;
      e = r;
    }
    settled(e);
    entries[out++] = e;
  }
  entries.length = out;
  return out;
}

export interface WindowCaps {
  head: number;
  tail: number;
  important: number;
}

export interface RunWindow {
  /** The run's next entry: into the head while it fills, else into the tail (its oldest entry leaving a full one). */
  add(e: Entry): void;
  /**
   * add() for a line of the runner's traffic: once the head is full, most lines of a busy log, which pass through the
   * tail and out again, so they take the shortest way.
   */
  traffic(line: string): void;
  /** A continuation line attaches to the newest entry; another line, or one with no entry before it, is ignored. */
  attach(line: string): void;
  /** The oldest entry of a full tail leaves it: kept among the important records, or dropped. */
  leave(): void;
  /**
   * The whole tail leaves, in order: as leave() one entry at a time, except that the runner's traffic lines still
   * held as strings (the last batch's kept lines) go in runs, joined and searched natively as dropRun does.
   */
  leaveAll(): void;
  /** Traffic lines that entered and left the tail within one batch, never cut out: counted, their inbound lines noted. */
  dropRun(span: string, lines: number): void;
  /** The head still fills. */
  filling(): boolean;
  count(): number;
  /** The records in file order; the tail's pending lines are parsed in place first. */
  records(): LogRecord[];
  /** The head, the important records and the tail, as the class index sorts them (after records()). */
  parts(): [LogRecord[], LogRecord[], LogRecord[]];
  /** Records of the run dropped by the caps. */
  dropped(): number;
  /** A new run: nothing held, nothing dropped. */
  reset(): void;
}

export function createRunWindow(
  c: WindowCaps,
  inbound: InboundMemory,
  answers: AnswerWatch,
  index: ClassIndex | undefined,
  /** The zone the log's lines are written in, as the log last said (log-zone.ts). */
  zone: () => WriterZone,
): RunWindow {
  let head: LogRecord[] = [];
  let mid: LogRecord[] = [];
  let tail: Entry[] = [];
  let tailStart = 0;
  // tail[..settled) holds records only: a view parses the pending lines after it, not every entry of the tail again.
  let settled = 0;
  let dropped = 0;

  const last = (): Entry | undefined =>
    tail.length > tailStart ? tail[tail.length - 1] : mid.length ? mid[mid.length - 1] : head[head.length - 1];

  function add(r: Entry): void {
    if (head.length < c.head) {
      if (isPending(r)) {
        const rec = parseLogLine(own(rawOf(r)), zone());
        if (rec) {
          head.push(rec);
          index?.add(0, rec);
        }
      } else {
        head.push(r);
        index?.add(0, r);
      }
      if (head.length === c.head) answers.headFull(head);
      return;
    }
    tail.push(r);
    if (tail.length - tailStart > c.tail) leave();
  }

  function traffic(line: string): void {
    if (head.length < c.head) return add(line);
    tail.push(line);
    if (tail.length - tailStart <= c.tail) return;
    const old = tail[tailStart];
    if (typeof old !== 'string') return leave();
    tailStart++;
    dropped++;
    inbound.traffic(old);
    answers.note(old);
    compact();
  }

  function leave(): void {
    const old = tail[tailStart++]!;
    if (!isPending(old)) index?.drop(2, old);
    if (isPending(old) ? !isTrafficEntry(old) && isImportantLine(rawOf(old)) : isImportant(old)) {
      // A record settled in the tail by a view still holds the tailer's read.
      const rec = isPending(old) ? parseLogLine(own(rawOf(old)), zone()) : ownRecord(old);
      if (rec) {
        const extra = isPending(old) ? extraOf(old) : undefined;
        if (extra) rec.extra = extra;
        mid.push(rec);
        index?.add(1, rec);
        if (mid.length > c.important) {
          index?.drop(1, mid.shift()!);
          dropped++;
        }
      }
    } else {
      dropped++;
      const raw = isPending(old) ? rawOf(old) : old.line;
      if (isPending(old) && isTrafficEntry(old)) inbound.traffic(raw);
      else inbound.record(raw);
      answers.note(raw);
    }
    compact();
  }

  /** Once as many entries have left as the tail holds, the array starts afresh from the first that stays. */
  function compact(): void {
    if (tailStart <= c.tail) return;
    tail = tail.slice(tailStart);
    // Indices move with the slice: a settled count left as it was would have the next view skip lines unparsed.
    settled = Math.max(0, settled - tailStart);
    tailStart = 0;
  }

  function dropRun(span: string, lines: number): void {
    dropped += lines;
    for (const [p, raw] of newestInbound(span)) inbound.set(p, raw, true);
    // The answers to the chats the head left waiting, among them.
    answers.noteSpan(span);
  }

  return {
    add,
    traffic,
    attach(line) {
      let prev = last();
      if (!prev || !isContinuationLine(line)) return;
      if (typeof prev === 'string') {
        prev = { raw: prev, traffic: true };
        tail[tail.length - 1] = prev; // a string entry is always in the tail, and last
      }
      // Bound what a runaway traceback can hold in memory.
      if (!prev.extra) prev.extra = [];
      if (prev.extra.length < 200) prev.extra.push(own(line));
    },
    leave,
    leaveAll() {
      while (tail.length > tailStart) {
        if (typeof tail[tailStart] !== 'string') {
          leave();
          continue;
        }
        let end = tailStart;
        while (end < tail.length && typeof tail[end] === 'string') end++;
        dropRun((tail.slice(tailStart, end) as string[]).join('\n'), end - tailStart);
        tailStart = end;
      }
      tail = [];
      tailStart = 0;
      settled = 0;
    },
    dropRun,
    filling: () => head.length < c.head,
    count: () => head.length + mid.length + tail.length - tailStart,
    records() {
      settled = settleEntries(tail, Math.max(tailStart, settled), (r) => index?.add(2, r), zone());
      // concat, not spread: the daemon's interpreter-only V8 (no TurboFan) makes an iterator result per element of a
      // spread, 2,300 of them per view on a full run (issue 21).
      return head.concat(mid, tail.slice(tailStart) as LogRecord[]);
    },
    parts: () => [head, mid, tail.slice(tailStart) as LogRecord[]],
    dropped: () => dropped,
    reset() {
      head = [];
      mid = [];
      tail = [];
      tailStart = 0;
      settled = 0;
      dropped = 0;
      index?.reset();
    },
  };
}
