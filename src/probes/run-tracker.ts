// A run tracker keeps the view of the gateway's current run (and the tail of the one before) current as the tailer
// delivers new lines.
//
// Memory over weeks: a run keeps its first `head` records (the startup lines detectors judge), its last `tail`
// records, and in between only "important" records (WARNING+, gateway.run lifecycle lines, connect/reconnect/resume
// lines), at most `important` of them, oldest dropped first. `previous` keeps the last `previous` records of the run
// before. Order stays chronological. The defaults hold a few thousand records (~1–2 MB).
import type { LogRecord, LogView } from '../evidence.js';
import { START_MESSAGE, isContinuationLine, isRecordLine, isRunStart, parseLogLine } from './log-parse.js';
import { createClassIndex, RUN_CLASSES, type RecordClassifier } from './run-classes.js';
import {
  RUNNER_INBOUND,
  RUNNER_TRAFFIC,
  RUNNER_TRAFFIC_LINE,
  TRAFFIC_RUN,
  newestInbound,
  trafficInboundPlatform,
} from './log-traffic.js';
import {
  answeredKey,
  COMMAND_MSG,
  ENDS_TURN_MSG,
  INBOUND_MSG,
  RESPONSE_MSG,
  sentReply,
  trafficField,
} from './traffic-lines.js';

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
  /** As pushLines, for pieces of whole lines joined by `\n` (LineDecoder.take's `pieces`). */
  pushText(pieces: readonly string[]): void;
  view(): LogView;
  /** Records of the current run dropped by the caps (neither head, tail nor important). */
  dropped(): number;
}

/**
 * `s` copied out of the text it was cut from. The tailer cuts a read's lines from strings of up to 64 KB and V8 keeps
 * that whole string alive for any slice of it: what a run keeps for its lifetime (head, up to 1000 important records,
 * the newest inbound line per platform) must hold only its own bytes. Concatenation then slicing makes a flat copy.
 */
const own = (s: string): string => (' ' + s).slice(1);
const ownRecord = (r: LogRecord): LogRecord => ({
  ...r,
  logger: own(r.logger),
  message: own(r.message),
  line: own(r.line),
});

const LIFECYCLE_NOISE = /^(inbound message|response ready):/;
const CONNECTION = /connect|reconnect|resum|disconnect|ready|fatal|shutdown|stopp/i;

/** Worth keeping from the middle of a long run. */
function isImportant(r: LogRecord): boolean {
  if (r.level !== 'INFO' && r.level !== 'DEBUG') return true;
  if (r.logger === 'gateway.run') return !LIFECYCLE_NOISE.test(r.message);
  return CONNECTION.test(r.message);
}

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
type Entry = LogRecord | Pending | string;
const isPending = (e: Entry): e is Pending | string => typeof e === 'string' || (e as Pending).raw !== undefined;
const rawOf = (e: Pending | string) => (typeof e === 'string' ? e : e.raw);
const extraOf = (e: Pending | string) => (typeof e === 'string' ? undefined : e.extra);
const isTrafficEntry = (e: Pending | string) => typeof e === 'string' || e.traffic === true;

/** isImportant for a line known to be a record (isRecordLine): read from its header, without parsing it whole. */
function isImportantLine(line: string): boolean {
  if (RUNNER_TRAFFIC.test(line)) return false;
  // `YYYY-MM-DD HH:MM:SS,mmm LEVEL[ [tag]] logger: message`: the level starts at 24.
  let p: number;
  if (line.startsWith('INFO ', 24)) p = 28;
  else if (line.startsWith('DEBUG ', 24)) p = 29;
  else return true;
  if (line.charCodeAt(p + 1) === 91 /* [ */) p = line.indexOf(']', p) + 1;
  const colon = line.indexOf(': ', p + 1);
  if (colon - (p + 1) === 11 && line.startsWith('gateway.run', p + 1)) {
    return !line.startsWith('inbound message:', colon + 2) && !line.startsWith('response ready:', colon + 2); // LIFECYCLE_NOISE
  }
  return CONNECTION.test(line.slice(colon + 2));
}

/** Whole lines of the runner's traffic in a piece, text[from, to), as TRAFFIC_RUN found them. */
interface TrafficRun {
  text: string;
  from: number;
  to: number;
  lines: number;
}

/** A line that pushLine adds as an entry of the run (a record), not one it attaches or ignores. */
function isEntryLine(raw: string): boolean {
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
 * Per platform, the newest inbound line the caps dropped (raw: parsed only when a view is asked for). A busy run's
 * traffic leaves the view, but "when did Telegram last hear anything" must not.
 */
interface InboundMemory {
  /** A dropped line of the runner's traffic: noted if it is an inbound line naming a platform. */
  traffic(raw: string): void;
  /** `p`'s newest dropped inbound line; `last`: `p` is what the next traffic line likely names too. */
  set(p: string, raw: string, last: boolean): void;
  /** The lines noted during a batch own their text, once the batch is in (see `own`). */
  own(): void;
  /** A new run: nothing dropped yet. */
  clear(): void;
  /** Each platform's newest dropped inbound line's time; undefined when none. */
  stamps(): Record<string, number> | undefined;
}

function createInboundMemory(): InboundMemory {
  let lines = new Map<string, string>();
  // Lines set during this batch, still cut from the tailer's read: owned once the batch is in (a busy batch sets
  // thousands, of which only the last per platform stays).
  let cut = false;
  let lastPlatform: string | undefined;
  const set = (p: string, raw: string, last: boolean) => {
    lines.set(p, raw);
    cut = true;
    if (last) lastPlatform = p;
  };
  return {
    traffic(raw) {
      const p = trafficInboundPlatform(raw, lastPlatform);
      if (p) set(p, raw, true);
    },
    set,
    own() {
      if (!cut) return;
      cut = false;
      for (const [p, raw] of lines) lines.set(p, own(raw));
    },
    clear() {
      lines = new Map();
    },
    stamps() {
      if (!lines.size) return undefined;
      const at: Record<string, number> = {};
      for (const [p, raw] of lines) {
        const ts = parseLogLine(raw)?.ts;
        if (ts !== undefined) at[p] = ts;
      }
      return at;
    },
  };
}

/**
 * The chats the head leaves waiting: an inbound message with no reply to that chat after it in the head, keyed
 * `<platform>\n<chat>` (open-turns.ts reads turns the same way) → the chat. The head stays for the whole run; a reply
 * that came after it passes through the tail and is dropped with the traffic, and the chat would read as waiting from
 * then on: the reply's time is noted instead (LogView.answeredDropped).
 */
function headWaiting(head: readonly LogRecord[]): Map<string, string> {
  const open = new Map<string, string>();
  for (const r of head) {
    const sent = sentReply(r.message);
    if (sent) {
      const key = answeredKey(open, sent);
      if (key !== undefined) open.delete(key);
      continue;
    }
    if (r.logger !== 'gateway.run') continue;
    const reply = RESPONSE_MSG.exec(r.message);
    const inbound = reply ? undefined : INBOUND_MSG.exec(r.message);
    const chat = (reply || inbound) && trafficField(r.message, 'chat');
    // A line naming no chat cannot be told from another chat's reply: it is left as it was.
    if (!chat) continue;
    const key = `${(reply ?? inbound)![1]}\n${chat}`;
    if (reply || ENDS_TURN_MSG.test(r.message)) open.delete(key);
    else if (!COMMAND_MSG.test(r.message)) open.set(key, chat);
  }
  return open;
}

/** Any waiting chat named in a line (`chat=<c>`, `… to <c>`): one native test however many chats wait. */
function namingAny(waiting: ReadonlyMap<string, string>): RegExp {
  const chats = [...new Set(waiting.values())].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?:chat=| to )(?:${chats.join('|')})(?![^\\s'])`, 'g');
}

/** The waiting chat (its key) a line the caps drop answers, and the line's time; undefined for most lines. */
function answerIn(waiting: ReadonlyMap<string, string>, raw: string): { key: string; ts: number } | undefined {
  for (const [key, chat] of waiting) {
    if (!raw.includes(`chat=${chat}`) && !raw.includes(` to ${chat}`)) continue;
    const r = parseLogLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (!r) return undefined;
    const sent = sentReply(r.message);
    if (sent) {
      const k = answeredKey(waiting, sent);
      return k === undefined ? undefined : { key: k, ts: r.ts };
    }
    if (r.logger !== 'gateway.run' || trafficField(r.message, 'chat') !== chat) continue;
    const reply = RESPONSE_MSG.exec(r.message);
    const ends = reply ? undefined : ENDS_TURN_MSG.test(r.message) ? INBOUND_MSG.exec(r.message) : undefined;
    const p = (reply ?? ends)?.[1];
    if (p !== undefined && key === `${p}\n${chat}`) return { key, ts: r.ts };
  }
  return undefined;
}

/**
 * A batch's pieces in file order: runs of the runner's traffic found natively (TRAFFIC_RUN), and the other lines one
 * by one. `entries`: the lines that become entries of the run; `starts`: a run's start line may be among them.
 */
function segmentPieces(pieces: readonly string[]): { segs: (TrafficRun | string)[]; entries: number; starts: boolean } {
  const segs: (TrafficRun | string)[] = [];
  let entries = 0;
  let starts = false;
  for (const text of pieces) {
    let pos = 0;
    while (pos < text.length) {
      TRAFFIC_RUN.lastIndex = pos;
      TRAFFIC_RUN.test(text);
      const end = TRAFFIC_RUN.lastIndex;
      if (end > pos) {
        const lines = countLines(text, pos, end);
        segs.push({ text, from: pos, to: end, lines });
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

/**
 * `classes`: the run's records sorted into these classes as they come and go, handed out with each view (see
 * run-classes.ts), so the detectors need no pass over the whole run per view.
 */
export function createRunTracker(initial: LogView, caps?: RunCaps, classes?: RecordClassifier): RunTracker {
  const c = { ...CAPS, ...caps };
  const index = classes ? createClassIndex(classes) : undefined;
  const file = initial.file;
  let error = initial.error;
  let startSeen = false;
  let previous = initial.previous.slice(-c.previous);
  let head: LogRecord[] = [];
  let mid: LogRecord[] = [];
  let tail: Entry[] = [];
  let tailStart = 0;
  // tail[..settled) holds records only: a view parses the pending lines after it, not every entry of the tail again.
  let settled = 0;
  // The runner's traffic lines after the tail's last entry, not cut out yet: the lines a busy batch keeps usually
  // leave again with the next batch, as a whole, unread (leaveAll). Cut out before anything else looks at the tail.
  let lazy: TrafficRun[] = [];
  let dropped = 0;
  const inbound = createInboundMemory();
  // Set once the head is full (headWaiting); each answered chat leaves it for `answered`.
  let waiting: Map<string, string> | undefined;
  // A view handed in (a history read's) already knows some: its head is replayed below, its dropped replies are not.
  let answered: Map<string, number> | undefined = initial.answeredDropped
    ? new Map(Object.entries(initial.answeredDropped))
    : undefined;
  /** namingAny(waiting), rebuilt when a chat leaves it. */
  let naming: RegExp | undefined;
  /** A line the caps drop: the answer to a chat the head left waiting is noted. Most lines: one regex test. */
  const noteAnswer = (raw: string) => {
    if (!waiting?.size) return;
    naming ??= namingAny(waiting);
    naming.lastIndex = 0;
    if (!naming.test(raw)) return;
    const a = answerIn(waiting, raw);
    if (!a) return;
    waiting.delete(a.key);
    naming = undefined;
    (answered ??= new Map()).set(a.key, a.ts);
  };
  const noteDropped = (e: Entry) => {
    if (isPending(e) && isTrafficEntry(e)) return inbound.traffic(rawOf(e));
    const raw = isPending(e) ? rawOf(e) : e.line;
    if (!raw.includes(' gateway.run: inbound message: ')) return;
    const p = RUNNER_INBOUND.exec(raw)?.[1];
    if (p) inbound.set(p, raw, false);
  };

  const count = () => head.length + mid.length + tail.length - tailStart;
  /** Parse the pending lines of the tail in place; a line that no longer reads as a record is dropped. */
  const settleTail = () => {
    let out = Math.max(tailStart, settled);
    for (let i = out; i < tail.length; i++) {
      let e = tail[i]!;
      if (isPending(e)) {
        const r = parseLogLine(rawOf(e));
        if (!r) continue;
        const extra = extraOf(e);
        if (extra) r.extra = extra;
        e = r;
      }
      index?.add(2, e);
      tail[out++] = e;
    }
    tail.length = out;
    settled = out;
  };
  const all = (): LogRecord[] => {
    settleTail();
    // concat, not spread: the daemon's interpreter-only V8 (no TurboFan) makes an iterator result per element of a
    // spread, 2,300 of them per view on a full run (issue 21).
    return head.concat(mid, tail.slice(tailStart) as LogRecord[]);
  };
  const last = (): Entry | undefined =>
    tail.length > tailStart ? tail[tail.length - 1] : mid.length ? mid[mid.length - 1] : head[head.length - 1];

  function add(r: Entry): void {
    if (!isPending(r) && isRunStart(r)) {
      if (count() > 0) {
        previous = all().slice(-c.previous);
        head = [];
        mid = [];
        tail = [];
        tailStart = 0;
        settled = 0;
        dropped = 0;
        inbound.clear();
        waiting = undefined;
        answered = undefined;
        naming = undefined;
        index?.reset();
      }
      startSeen = true;
    }
    if (head.length < c.head) {
      if (isPending(r)) {
        const rec = parseLogLine(own(rawOf(r)));
        if (rec) {
          head.push(rec);
          index?.add(0, rec);
        }
      } else {
        head.push(r);
        index?.add(0, r);
      }
      if (head.length === c.head) {
        waiting = headWaiting(head);
        for (const key of answered?.keys() ?? []) waiting.delete(key);
      }
      return;
    }
    tail.push(r);
    if (tail.length - tailStart > c.tail) leave();
  }

  /**
   * add() for a line of the runner's traffic once the head is full: most lines of a busy log, which pass through the
   * tail and out again, so they take the shortest way.
   */
  function addTraffic(line: string): void {
    tail.push(line);
    if (tail.length - tailStart <= c.tail) return;
    const old = tail[tailStart];
    if (typeof old !== 'string') return leave();
    tailStart++;
    dropped++;
    inbound.traffic(old);
    noteAnswer(old);
    compact();
  }

  /** The oldest entry of a full tail leaves it: kept among the important records, or dropped. */
  function leave(): void {
    const old = tail[tailStart++]!;
    if (!isPending(old)) index?.drop(2, old);
    if (isPending(old) ? !isTrafficEntry(old) && isImportantLine(rawOf(old)) : isImportant(old)) {
      // A record settled in the tail by a view still holds the tailer's read.
      const rec = isPending(old) ? parseLogLine(own(rawOf(old))) : ownRecord(old);
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
      noteDropped(old);
      noteAnswer(isPending(old) ? rawOf(old) : old.line);
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

  /** One raw complete line, as parseLogLines reads it; a line is parsed only when it starts a run or stays. */
  function pushLine(raw: string): void {
    if (lazy.length) cutLazy();
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line) return;
    if (RUNNER_TRAFFIC_LINE.test(line)) {
      if (head.length < c.head) add(line);
      else addTraffic(line);
      return;
    }
    if (isRecordLine(line)) {
      // A start record's message is exactly START_MESSAGE: only a line ending with it can be one (no scan of every line).
      if (line.endsWith(START_MESSAGE)) {
        const rec = parseLogLine(own(line));
        if (rec) add(rec);
      } else add({ raw: line });
      return;
    }
    let prev = last();
    if (prev && isContinuationLine(line)) {
      if (typeof prev === 'string') {
        prev = { raw: prev, traffic: true };
        tail[tail.length - 1] = prev; // a string entry is always in the tail, and last
      }
      // Bound what a runaway traceback can hold in memory.
      if (!prev.extra) prev.extra = [];
      if (prev.extra.length < 200) prev.extra.push(own(line));
    }
  }

  /** The lazy traffic lines become the tail's entries, as pushLine would have made them. */
  function cutLazy(): void {
    const runs = lazy;
    lazy = [];
    for (const r of runs) pushRun(r.text, r.from, r.to);
  }

  /**
   * The whole tail leaves, in order: as leave() one entry at a time, except that the runner's traffic lines still
   * held as strings (the last batch's kept lines) go in runs, joined and searched natively as dropRun does.
   */
  function leaveAll(): void {
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
    for (const r of lazy) dropRun(r.text.slice(r.from, r.to), r.lines);
    lazy = [];
  }

  /** Traffic lines that entered and left the tail within one batch, never cut out: counted, their inbound lines noted. */
  function dropRun(span: string, lines: number): void {
    dropped += lines;
    for (const [p, raw] of newestInbound(span)) inbound.set(p, raw, true);
    // The answers to the chats the head left waiting, among them.
    noteAnswers(span);
  }

  /** noteAnswer for whole lines joined by `\n`: one native search for every waiting chat, not a step per line. */
  function noteAnswers(span: string): void {
    for (let from = 0; waiting?.size && from < span.length; ) {
      naming ??= namingAny(waiting);
      naming.lastIndex = from;
      const m = naming.exec(span);
      if (!m) return;
      const eol = span.indexOf('\n', m.index);
      const end = eol < 0 ? span.length : eol;
      noteAnswer(span.slice(span.lastIndexOf('\n', m.index) + 1, end));
      from = end + 1;
    }
  }

  /**
   * Each line of text[from, to), whole lines of traffic, as pushLine takes them: through addTraffic (or add while the
   * head fills), without testing again what TRAFFIC_RUN found.
   */
  function pushRun(text: string, from: number, to: number): void {
    let pos = from;
    while (pos < to) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0 || nl > to) nl = to;
      const line = text.charCodeAt(nl - 1) === 13 ? text.slice(pos, nl - 1) : text.slice(pos, nl);
      if (head.length < c.head) add(line);
      else addTraffic(line);
      pos = nl + 1;
    }
  }

  for (const r of initial.run) add(r); // replayed so the caps apply; a leading start record moves nothing
  startSeen ||= initial.runStartSeen && initial.run.length > 0;

  return {
    push(records) {
      if (lazy.length) cutLazy();
      if (records.length) error = undefined;
      for (const r of records) add(r);
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
      // Entries of this batch that enter the full tail and leave it again before the batch ends: the first `through`.
      let through = head.length < c.head || starts ? 0 : entries - c.tail;
      if (through <= 0) {
        // As pushLines, line by line (a run's start, a small batch).
        if (lazy.length) cutLazy();
        for (const seg of segs) {
          if (typeof seg === 'string') pushLine(seg);
          else pushRun(seg.text, seg.from, seg.to);
        }
        inbound.own();
        return;
      }
      // The whole tail leaves before any entry of this batch does, in order, once the batch's first entry comes (a
      // continuation line before it still belongs to the tail's newest entry). An entry of the batch that passes
      // through leaves when the next one comes, its continuation lines attached; a run of traffic passing through is
      // dropped unread, and the continuation lines after it with it.
      let emptied = false;
      let owed = false;
      let sunk = false;
      const arrive = () => {
        if (!emptied) leaveAll();
        emptied = true;
        if (owed) leave();
        owed = false;
        sunk = false;
      };
      for (const seg of segs) {
        if (typeof seg === 'string') {
          if (!isEntryLine(seg)) {
            if (!sunk) pushLine(seg);
            continue;
          }
          arrive();
          pushLine(seg);
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
          dropRun(seg.text.slice(from, cut), n);
          through -= n;
          if (n === seg.lines) {
            sunk = true;
            continue;
          }
          from = cut;
          lines -= n;
        }
        // Stays in the tail: cut out when something looks at it, or left unread with the next busy batch.
        lazy.push({ text: seg.text, from, to: seg.to, lines });
      }
      inbound.own();
    },
    view() {
      if (lazy.length) cutLazy();
      const run = all();
      const v: LogView = { file, run, runStartSeen: startSeen, previous: previous.slice() };
      if (index)
        Object.defineProperty(v, RUN_CLASSES, {
          value: index.snapshot(run, () => [head, mid, tail.slice(tailStart) as LogRecord[]]),
        });
      if (error) v.error = error;
      const at = inbound.stamps();
      if (at) v.inboundDropped = at;
      if (answered?.size) v.answeredDropped = Object.fromEntries(answered);
      return v;
    },
    dropped: () => dropped,
  };
}
