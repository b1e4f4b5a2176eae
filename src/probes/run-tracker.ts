// A run tracker keeps the view of the gateway's current run (and the tail of the one before) current as the tailer
// delivers new lines.
//
// Memory over weeks: a run keeps its first `head` records (the startup lines detectors judge), its last `tail`
// records, and in between only "important" records (WARNING+, gateway.run lifecycle lines, connect/reconnect/resume
// lines), at most `important` of them, oldest dropped first (run-window.ts). `previous` keeps the last `previous`
// records of the run before. Order stays chronological. The defaults hold a few thousand records (~1–2 MB).
import type { LogRecord, LogView } from '../evidence.js';
import { START_MESSAGE, isRecordLine, isRunStart, parseLogLine } from './log-parse.js';
import { zoneOf } from './log-zone.js';
import { createClassIndex, RUN_CLASSES, type RecordClassifier } from './run-classes.js';
import { RUNNER_TRAFFIC_LINE } from './log-traffic.js';
import { isNewsLine, trafficNews } from './line-news.js';
import { createAnswerWatch } from './run-answers.js';
import { own } from './run-keep.js';
import { createInboundMemory } from './run-inbound.js';
import { eachLine, segmentPieces, type TrafficRun } from './run-segments.js';
import { passThrough, type ThroughPort } from './run-through.js';
import { createRunWindow } from './run-window.js';

export interface RunCaps {
  head?: number;
  tail?: number;
  important?: number;
  previous?: number;
}

const CAPS: Required<RunCaps> = { head: 300, tail: 2000, important: 1000, previous: 200 };

export interface RunTracker {
  /** Records in file order. A start record begins a new run and moves the current one into `previous`. */
  push(records: LogRecord[]): void;
  /** Raw complete lines from the tailer; continuation lines attach to the last record. */
  pushLines(lines: string[]): void;
  /**
   * As pushLines, for pieces of whole lines joined by `\n` (LineDecoder.take's `pieces`). Whether any line is news
   * (line-news.ts): not message traffic, nor a record no class of the tracker's classifier takes.
   */
  pushText(pieces: readonly string[]): boolean;
  view(): LogView;
  /** Records of the current run dropped by the caps (neither head, tail nor important). */
  dropped(): number;
}

/**
 * `classes`: the run's records sorted into these classes as they come and go, handed out with each view (see
 * run-classes.ts), so the detectors need no pass over the whole run per view.
 */
export function createRunTracker(initial: LogView, caps?: RunCaps, classes?: RecordClassifier): RunTracker {
  const c = { ...CAPS, ...caps };
  const index = classes ? createClassIndex(classes) : undefined;
  // A view handed in (a history read's) already knows some answers and inbound messages: its head is replayed below,
  // what its caps dropped is not.
  const file = initial.file;
  // Looked up as each line is read: the zone the log last said it is written in.
  const zone = () => (file === undefined ? undefined : zoneOf(file));
  const inbound = createInboundMemory(initial.inboundDropped, zone);
  const answers = createAnswerWatch(initial.answeredDropped, zone);
  const run = createRunWindow(c, inbound, answers, index, zone);
  let error = initial.error;
  let startSeen = false;
  let previous = initial.previous.slice(-c.previous);
  // The runner's traffic lines after the tail's last entry, not cut out yet: the lines a busy batch keeps usually
  // leave again with the next batch, as a whole, unread (leaveAll). Cut out before anything else looks at the tail.
  let lazy: TrafficRun[] = [];

  /** A record of the run: a start record begins a new run, moving the current one into `previous`. */
  function addRecord(r: LogRecord): void {
    if (isRunStart(r)) {
      if (run.count() > 0) {
        previous = run.records().slice(-c.previous);
        run.reset();
        inbound.clear();
        answers.reset();
      }
      startSeen = true;
    }
    run.add(r);
  }

  /** One raw complete line, as parseLogLines reads it; a line is parsed only when it starts a run or stays. */
  function pushLine(raw: string): void {
    if (lazy.length) cutLazy();
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line) return;
    if (RUNNER_TRAFFIC_LINE.test(line)) return run.traffic(line);
    if (isRecordLine(line)) {
      // A start record's message is exactly START_MESSAGE: only a line ending with it can be one (no scan of every line).
      if (line.endsWith(START_MESSAGE)) {
        const rec = parseLogLine(own(line), zone());
        if (rec) addRecord(rec);
      } else run.add({ raw: line });
      return;
    }
    run.attach(line);
  }

  /** The lazy traffic lines become the tail's entries, as pushLine would have made them. */
  function cutLazy(): void {
    const runs = lazy;
    lazy = [];
    for (const r of runs) eachLine(r.text, r.from, r.to, run.traffic);
  }

  const through: ThroughPort = {
    leaveAll() {
      run.leaveAll();
      for (const r of lazy) run.dropRun(r.text.slice(r.from, r.to), r.lines);
      lazy = [];
    },
    leave: run.leave,
    pushLine,
    dropRun: run.dropRun,
    keep: (r) => void lazy.push(r),
  };

  for (const r of initial.run) addRecord(r); // replayed so the caps apply; a leading start record moves nothing
  startSeen ||= initial.runStartSeen && initial.run.length > 0;

  return {
    push(records) {
      if (lazy.length) cutLazy();
      if (records.length) error = undefined;
      for (const r of records) addRecord(r);
      inbound.own();
    },
    pushLines(lines) {
      if (lines.length) error = undefined; // the file is there again
      for (const raw of lines) pushLine(raw);
      inbound.own();
    },
    pushText(pieces) {
      if (pieces.length) error = undefined;
      const { segs, entries, starts } = segmentPieces(pieces);
      let news = false;
      for (const seg of segs)
        if (
          typeof seg === 'string' ? isNewsLine(seg, classes) : !seg.plain && trafficNews(seg.text, seg.from, seg.to)
        ) {
          news = true;
          break;
        }
      // Entries of this batch that enter the full tail and leave it again before the batch ends: the first `passing`.
      const passing = run.filling() || starts ? 0 : entries - c.tail;
      if (passing > 0) passThrough(segs, passing, through);
      else {
        // As pushLines, line by line (a run's start, a small batch).
        if (lazy.length) cutLazy();
        for (const seg of segs) {
          if (typeof seg === 'string') pushLine(seg);
          else eachLine(seg.text, seg.from, seg.to, run.traffic);
        }
      }
      inbound.own();
      return news;
    },
    view() {
      if (lazy.length) cutLazy();
      const records = run.records();
      const v: LogView = { file, run: records, runStartSeen: startSeen, previous: previous.slice() };
      if (index) Object.defineProperty(v, RUN_CLASSES, { value: index.snapshot(records, run.parts) });
      if (error) v.error = error;
      const at = inbound.stamps();
      if (at) v.inboundDropped = at;
      const answered = answers.answered();
      if (answered) v.answeredDropped = answered;
      return v;
    },
    dropped: () => run.dropped(),
  };
}
