// History gatewatch did not see: read gateway.log backwards from its end until the last `Starting Hermes Gateway...`
// record, within a byte budget, so a long-running gateway's 5 MB log is not read whole on every start. Then a run
// tracker keeps that view current as the tailer delivers new lines.
//
// Memory over weeks: a run keeps its first `head` records (the startup lines detectors judge), its last `tail`
// records, and in between only "important" records (WARNING+, gateway.run lifecycle lines, connect/reconnect/resume
// lines), at most `important` of them, oldest dropped first. `previous` keeps the last `previous` records of the run
// before. Order stays chronological. The defaults hold a few thousand records (~1–2 MB).
import type { FileHandle } from 'node:fs/promises';
import type { LogRecord, LogView } from '../evidence.js';
import { START_MESSAGE, isContinuationLine, isRecordLine, isRunStart, parseLogLine, parseLogLines } from './log-parse.js';
import { DEFAULT_MAX_LINE_BYTES, splitLines, type LogPosition } from './log-tail.js';
import { openRegular } from '../util/read-capped.js';
import { createClassIndex, RUN_CLASSES, type RecordClassifier } from './run-classes.js';

export interface RunCaps {
  head?: number;
  tail?: number;
  important?: number;
  previous?: number;
}

const CAPS: Required<RunCaps> = { head: 300, tail: 2000, important: 1000, previous: 200 };

export interface HistoryOptions {
  /** Bytes read at most, over gateway.log and gateway.log.1 together. */
  maxBytes?: number;
  chunkBytes?: number;
  /** Bytes read before the start line to fill `previous`. */
  previousBytes?: number;
  maxLineBytes?: number;
  caps?: RunCaps;
}

/** A LogView (hand it to createRunTracker) plus where the tailer should resume. */
export interface LogHistory extends LogView {
  /** End of the complete lines read from the current file: resume the tailer here (undefined: no file yet). */
  position?: LogPosition;
  bytesRead: number;
  /** Files read, newest first. */
  files: string[];
}

const MARKER = Buffer.from('gateway.run: Starting Hermes Gateway...');
/** A start line is short; a longer line needs no look. */
const MAX_START_LINE = 4096;

interface Scan {
  ino: number;
  size: number;
  /** Bytes [from, end) of the file, where `end` is after its last newline. */
  data: Buffer;
  from: number;
  end: number;
  /** Absolute offset of the start record's line, -1 if none within the budget. */
  startAt: number;
  bytes: number;
}

async function openOrNull(file: string): Promise<FileHandle | null> {
  try {
    return await openRegular(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function readAt(fh: FileHandle, len: number, at: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, at + got);
    if (bytesRead <= 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** The last start record whose line lies wholly in `region` (which begins at a line start only if `atLineStart`). */
function findStart(region: Buffer, atLineStart: boolean): number {
  let i = region.length;
  while (i > 0) {
    i = region.lastIndexOf(MARKER, i - 1);
    if (i < 0) return -1;
    const nl = region.lastIndexOf(10, i);
    if (nl < 0 && !atLineStart) return -1; // its line starts in bytes not read yet: the next chunk sees it again
    const lineStart = nl + 1;
    const lineEnd = region.indexOf(10, i);
    if (lineEnd >= 0 && lineEnd - lineStart <= MAX_START_LINE) {
      const rec = parseLogLine(region.toString('utf8', lineStart, lineEnd).replace(/\r$/, ''));
      if (rec && isRunStart(rec)) return lineStart;
    }
    i = lineStart;
  }
  return -1;
}

async function scanBack(fh: FileHandle, budget: number, o: Required<Omit<HistoryOptions, 'caps'>>): Promise<Scan> {
  const st = await fh.stat();
  let pos = st.size;
  let bytes = 0;
  let startAt = -1;
  const chunks: Buffer[] = [];
  // The first (maybe partial) line of [pos, size): joined to the next chunk to find a start line split across two.
  let head: Buffer | null = Buffer.alloc(0);
  while (pos > 0 && bytes < budget && startAt < 0) {
    const n = Math.min(o.chunkBytes, pos, budget - bytes);
    const b = await readAt(fh, n, pos - n);
    pos -= n;
    bytes += b.length;
    chunks.unshift(b);
    const region: Buffer = head ? Buffer.concat([b, head]) : b;
    const at = findStart(region, pos === 0);
    if (at >= 0) startAt = pos + at;
    const nl = region.indexOf(10);
    if (nl < 0) head = head && region.length <= MAX_START_LINE ? Buffer.from(region) : null;
    else head = nl + 1 <= MAX_START_LINE ? Buffer.from(region.subarray(0, nl + 1)) : null;
  }
  // Some lines before the start record, for `previous`.
  const prevFrom = startAt >= 0 ? Math.max(0, startAt - o.previousBytes) : pos;
  while (pos > prevFrom && bytes < budget) {
    const n = Math.min(o.chunkBytes, pos - prevFrom, budget - bytes);
    const b = await readAt(fh, n, pos - n);
    pos -= n;
    bytes += b.length;
    chunks.unshift(b);
  }
  let data = Buffer.concat(chunks);
  // Drop a last line still being written; the tailer picks it up once complete.
  const lastNl = data.lastIndexOf(10);
  data = data.subarray(0, lastNl + 1);
  return { ino: st.ino, size: st.size, data, from: pos, end: pos + data.length, startAt, bytes };
}

/** Lines of a scan: the run part (from the start record, or all) and the part before it. */
function linesOf(s: Scan, maxLine: number): { before: string[]; run: string[] } {
  // Bytes before the first newline are the tail of a line we did not read whole.
  let skip = 0;
  if (s.from > 0) skip = s.data.indexOf(10) + 1;
  if (s.startAt < 0) return { before: [], run: splitLines(s.data.subarray(skip), maxLine) };
  const cut = s.startAt - s.from;
  return {
    before: splitLines(s.data.subarray(Math.min(skip, cut), cut), maxLine),
    run: splitLines(s.data.subarray(cut), maxLine),
  };
}

/**
 * Where a tail of the same file begins after this history read (`saved`: a position from an earlier run). Where the
 * history read no file at all, every line of the file the tail then finds is news, from its first: a gateway started
 * just before gatewatch creates its log between the two reads, and following that log from its end lost its start-up.
 */
export function tailStart(history: LogHistory, saved?: LogPosition): { position?: LogPosition; startAt: 'start' | 'end' } {
  const position = history.position ?? saved;
  return { ...(position ? { position } : {}), startAt: history.files.length === 0 ? 'start' : 'end' };
}

export async function readLogHistory(file: string, opts: HistoryOptions = {}): Promise<LogHistory> {
  const o = {
    maxBytes: opts.maxBytes ?? 8 * 1024 * 1024,
    chunkBytes: Math.max(1024, opts.chunkBytes ?? 64 * 1024),
    previousBytes: opts.previousBytes ?? 128 * 1024,
    maxLineBytes: opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
  };
  const files: string[] = [];
  const scans: Scan[] = [];
  let bytesRead = 0;
  let error: string | undefined;
  let position: LogPosition | undefined;

  async function scanFile(name: string, skipIno: number): Promise<Scan | null> {
    const fh = await openOrNull(name);
    if (!fh) return null;
    try {
      const s = await scanBack(fh, o.maxBytes - bytesRead, o);
      if (s.ino === skipIno) return null; // rotated between our two opens: same bytes
      files.push(name);
      scans.push(s);
      bytesRead += s.bytes;
      position ??= { ino: s.ino, size: s.size, offset: s.end };
      return s;
    } finally {
      await fh.close().catch(() => {});
    }
  }

  try {
    const cur = await scanFile(file, -1);
    if (!cur) error = `log file not found: ${file}`;
    // No start record in the whole current file, or no file: rotation may just have happened.
    if ((!cur || (cur.startAt < 0 && cur.from === 0)) && bytesRead < o.maxBytes) {
      if (await scanFile(`${file}.1`, cur?.ino ?? -1)) error = undefined;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Our own errors name the file already: `… is not a regular file (a FIFO)`.
    error = code === 'ENOTREG' ? (e as Error).message : `cannot read ${file}: ${(e as Error).message}`;
  }

  // Oldest file first; the run starts in the newest file that holds a start record.
  const ordered = [...scans].reverse();
  let before: string[] = [];
  let run: string[] = [];
  for (const s of ordered) {
    const l = linesOf(s, o.maxLineBytes);
    if (s.startAt >= 0) {
      before = l.before;
      run = l.run;
    } else run = run.concat(l.run);
  }
  // The run's lines go through a tracker as the tailer's do: only what it keeps is parsed.
  const tracker = createRunTracker({ file, run: [], previous: parseLogLines(before), runStartSeen: false }, opts.caps);
  tracker.pushLines(run);
  const out: LogHistory = { ...tracker.view(), bytesRead, files };
  if (error) out.error = error;
  if (position) out.position = position;
  return out;
}

// ---- run tracker ----

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
const ownRecord = (r: LogRecord): LogRecord => ({ ...r, logger: own(r.logger), message: own(r.message), line: own(r.line) });

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

/**
 * The runner's message traffic at INFO or DEBUG, as a record line's header and message start: most lines of a busy
 * gateway. One native regex test answers them (startsWith at an offset costs more, several times over).
 */
const RUNNER_TRAFFIC = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?:INFO|DEBUG)(?: \[[^\]]*\])? gateway\.run: (?:inbound message|response ready):/;

/**
 * RUNNER_TRAFFIC on a whole record line (RECORD_LINE's `.*$`): such a line is a record (isRecordLine), not a start
 * record, and not important. One test of it answers all three for most lines of a busy log.
 */
const RUNNER_TRAFFIC_LINE = new RegExp(`${RUNNER_TRAFFIC.source}.*$`);

const INBOUND = 'inbound message: ';
/** `platform=<p>` in a runner inbound line's message (RUNNER_INBOUND's tail, searched from its lastIndex). */
const INBOUND_PLATFORM = /\bplatform=([\w.-]+)/g;
const PLATFORM_KEY = 'platform=';

/** A character of INBOUND_PLATFORM's `[\w.-]`. */
const isPlatformChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;

/**
 * RUNNER_INBOUND's platform, for a line known to be the runner's traffic (RUNNER_TRAFFIC_LINE): no header to check.
 * `known`, the platform of the last inbound line, is answered by comparison, without a match: a busy gateway's
 * inbound lines mostly name the platform the one before named.
 */
function trafficInboundPlatform(line: string, known?: string): string | undefined {
  let p = line.startsWith('INFO ', 24) ? 28 : 29; // the space before the logger or the session tag
  if (line.charCodeAt(p + 1) === 91 /* [ */) p = line.indexOf(']', p) + 1;
  const msg = p + 1 + 'gateway.run: '.length;
  if (!line.startsWith(INBOUND, msg)) return undefined;
  const at = msg + INBOUND.length;
  // `platform=` right after `inbound message: ` is INBOUND_PLATFORM's first match (a space before it: a word boundary).
  if (known && line.startsWith(PLATFORM_KEY, at) && line.startsWith(known, at + PLATFORM_KEY.length) && !isPlatformChar(line.charCodeAt(at + PLATFORM_KEY.length + known.length))) return known;
  INBOUND_PLATFORM.lastIndex = at;
  return INBOUND_PLATFORM.exec(line)?.[1];
}

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

/** A QQ adapter's inbound-message line (hermes-gateway.md §4.1 `[%s] C2C message: …`; group and guild alike). */
const RUNNER_TRAFFIC_INFO = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO(?: \[[^\]]*\])? gateway\.run: (?:inbound message|response ready):.*$/;

const QQ_INBOUND = /^\[QQBot(?::[^\]]*)?\] (?:C2C|Group|Guild) message: /;

/**
 * A line of ordinary message traffic: the runner's `inbound message:` / `response ready:` and the QQ adapter's inbound
 * messages, at INFO. On a healthy gateway such a line cannot raise a finding (it only proves a socket alive), so a
 * busy gateway's traffic need not be judged line by line: the schedule still judges it.
 */
export function isTrafficLine(line: string): boolean {
  // The common case in one test: the runner's traffic at INFO, a whole record line (RECORD's `(.*)$`).
  if (RUNNER_TRAFFIC_INFO.test(line)) return true;
  if (!line.startsWith('INFO ', 24) || !isRecordLine(line)) return false;
  let p = 29;
  if (line.charCodeAt(p) === 91 /* [ */) p = line.indexOf('] ', p) + 2;
  const colon = line.indexOf(': ', p);
  if (colon < 0) return false;
  const logger = line.slice(p, colon);
  const msg = colon + 2;
  if (logger === 'gateway.run') return line.startsWith('inbound message:', msg) || line.startsWith('response ready:', msg);
  return logger.includes('qqbot') && QQ_INBOUND.test(line.slice(msg, msg + 40));
}

/** Sticky at a line start: the lines from there on that RUNNER_TRAFFIC_INFO matches (see PIECE_HEADER). */
const TRAFFIC_INFO_RUN = /(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO(?: \[[^\]\n]*\])? gateway\.run: (?:inbound message|response ready):[^\n\r\u2028\u2029]*(?:\n|$))*/y;

/** isTrafficLine for every line of pieces of whole lines joined by `\n`: the runner's traffic is passed over natively. */
export function everyTrafficLine(pieces: readonly string[]): boolean {
  for (const text of pieces) {
    if (!text || text.endsWith('\n')) return false; // an empty line
    let pos = 0;
    for (;;) {
      TRAFFIC_INFO_RUN.lastIndex = pos;
      TRAFFIC_INFO_RUN.test(text);
      const end = TRAFFIC_INFO_RUN.lastIndex;
      if (end >= text.length) break;
      let nl = text.indexOf('\n', end);
      if (nl < 0) nl = text.length;
      if (!isTrafficLine(text.slice(end, nl))) return false;
      if (nl >= text.length) break;
      pos = nl + 1;
    }
  }
  return true;
}

/** The runner's inbound line and its platform (`inbound message: platform=<p> user=…`), read from the raw line. */
const RUNNER_INBOUND = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?:INFO|DEBUG)(?: \[[^\]]*\])? gateway\.run: inbound message: [^\n]*?\bplatform=([\w.-]+)/;

// ---- runs of traffic in a piece ----
// A piece's traffic lines are found and skipped by native regex passes (irregexp runs compiled code even where
// JavaScript is not optimized, as under the daemon's --no-turbofan): only the lines that are not the runner's traffic,
// and the traffic lines that stay in the tail, are cut out as strings. A line's `[^\]]*` becomes `[^\]\n]*` and its
// `.` becomes `[^\n\r\u2028\u2029]`, so no match runs into the next line.

/** A runner traffic line's header up to `gateway.run: `, inside a piece (RUNNER_TRAFFIC's). */
const PIECE_HEADER = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?:INFO|DEBUG)(?: \[[^\]\n]*\])? gateway\.run: `;
/** The end of a line in a piece: its newline, or the end of the piece. */
const EOL = String.raw`(?:\n|$)`;

/** Sticky at a line start: the lines from there on that RUNNER_TRAFFIC_LINE matches (a trailing `\r` allowed). */
const TRAFFIC_RUN = new RegExp(String.raw`(?:${PIECE_HEADER}(?:inbound message|response ready):[^\n\r\u2028\u2029]*\r?${EOL})*`, 'y');

/** The rest of an inbound line before trafficInboundPlatform's first `platform=<p>`. */
const BEFORE_PLATFORM = String.raw`inbound message: (?:(?!\bplatform=[\w.-])[^\n])*\bplatform=`;
/** A traffic line trafficInboundPlatform gives no platform: a response, or an inbound line naming none. */
const NO_PLATFORM = String.raw`${PIECE_HEADER}(?:response ready:|inbound message:(?! )|inbound message: (?:(?!\bplatform=[\w.-])[^\n])*$)[^\n]*${EOL}`;
/** Sticky over traffic lines: those naming no platform, then the first inbound line naming one ($1, its platform $2). */
const NEXT_INBOUND = new RegExp(String.raw`(?:${NO_PLATFORM})*(${PIECE_HEADER}${BEFORE_PLATFORM}([\w.-]+)[^\n]*)${EOL}`, 'ym');

/** Per platform: sticky over traffic lines naming it or no platform, the header matched once a line (`run`); `line`: a line naming it. */
const sameInbound = new Map<string, { run: RegExp; line: RegExp }>();
function samePlatform(p: string): { run: RegExp; line: RegExp } {
  let re = sameInbound.get(p);
  if (!re) {
    if (sameInbound.size >= 64) sameInbound.clear(); // platforms are few; a bound all the same
    const name = String.raw`${p.replace(/[.-]/g, '\\$&')}(?![\w.-])`;
    const run = String.raw`(?:${PIECE_HEADER}(?:response ready:[^\n]*|inbound message: (?:platform=${name}[^\n]*|(?:(?!\bplatform=[\w.-])[^\n])*(?:\bplatform=${name}[^\n]*)?)|inbound message:(?! )[^\n]*)${EOL})*`;
    re = { run: new RegExp(run, 'y'), line: new RegExp(String.raw`${PIECE_HEADER}${BEFORE_PLATFORM}${name}[^\n]*`, 'y') };
    sameInbound.set(p, re);
  }
  return re;
}

/**
 * Per platform, the newest inbound line (trafficInboundPlatform's answer) among `span`, whole traffic lines: one
 * native pass per change of platform, not a JavaScript step per line.
 */
export function newestInbound(span: string): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  for (;;) {
    NEXT_INBOUND.lastIndex = pos;
    const m = NEXT_INBOUND.exec(span);
    if (!m) return out;
    const p = m[2]!;
    const first = NEXT_INBOUND.lastIndex;
    const same = samePlatform(p);
    same.run.lastIndex = first;
    same.run.test(span); // a star: it always matches, if only the empty string
    pos = same.run.lastIndex;
    // The newest line naming p: back from the end of its stretch a line at a time (a response or two, as a rule).
    let line = m[1]!;
    for (let end = pos; end > first; ) {
      const start = span.lastIndexOf('\n', end - 2) + 1;
      same.line.lastIndex = start;
      const l = same.line.exec(span);
      if (l) {
        line = l[0];
        break;
      }
      end = start;
    }
    out.set(p, line.endsWith('\r') ? line.slice(0, -1) : line);
    if (pos >= span.length) return out;
  }
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
  // Per platform, the newest inbound line the caps dropped (raw: parsed only when a view is asked for). A busy run's
  // traffic leaves the view, but "when did Telegram last hear anything" must not.
  let inbound = new Map<string, string>();
  // Lines set in `inbound` during this batch, still cut from the tailer's read: owned once the batch is in (a busy
  // batch sets thousands, of which only the last per platform stays).
  let inboundCut = false;
  let lastPlatform: string | undefined;
  const noteTraffic = (raw: string) => {
    const p = trafficInboundPlatform(raw, lastPlatform);
    if (!p) return;
    inbound.set(p, raw);
    inboundCut = true;
    lastPlatform = p;
  };
  const noteDropped = (e: Entry) => {
    if (isPending(e) && isTrafficEntry(e)) return noteTraffic(rawOf(e));
    const raw = isPending(e) ? rawOf(e) : e.line;
    if (!raw.includes(' gateway.run: inbound message: ')) return;
    const p = RUNNER_INBOUND.exec(raw)?.[1];
    if (p) {
      inbound.set(p, raw);
      inboundCut = true;
    }
  };
  const ownInbound = () => {
    if (!inboundCut) return;
    inboundCut = false;
    for (const [p, raw] of inbound) inbound.set(p, own(raw));
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
        inbound = new Map();
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
    noteTraffic(old);
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
    for (const [p, raw] of newestInbound(span)) {
      inbound.set(p, raw);
      inboundCut = true;
      lastPlatform = p;
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
      ownInbound();
    },
    pushLines(lines) {
      if (lines.length) error = undefined; // the file is there again
      for (const raw of lines) pushLine(raw);
      ownInbound();
    },
    pushText(pieces) {
      if (pieces.length) error = undefined;
      // The batch in file order: runs of the runner's traffic found natively (TRAFFIC_RUN), and the other lines.
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
      // Entries of this batch that enter the full tail and leave it again before the batch ends: the first `through`.
      let through = head.length < c.head || starts ? 0 : entries - c.tail;
      if (through <= 0) {
        // As pushLines, line by line (a run's start, a small batch).
        if (lazy.length) cutLazy();
        for (const seg of segs) {
          if (typeof seg === 'string') pushLine(seg);
          else pushRun(seg.text, seg.from, seg.to);
        }
        ownInbound();
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
      ownInbound();
    },
    view() {
      if (lazy.length) cutLazy();
      const run = all();
      const v: LogView = { file, run, runStartSeen: startSeen, previous: previous.slice() };
      if (index) Object.defineProperty(v, RUN_CLASSES, { value: index.snapshot(run, () => [head, mid, tail.slice(tailStart) as LogRecord[]]) });
      if (error) v.error = error;
      if (inbound.size) {
        const at: Record<string, number> = {};
        for (const [p, raw] of inbound) {
          const ts = parseLogLine(raw)?.ts;
          if (ts !== undefined) at[p] = ts;
        }
        v.inboundDropped = at;
      }
      return v;
    },
    dropped: () => dropped,
  };
}
