// Every log beside gateway.log (issue 54): agent.log (every logger's lines, a library's own among them, §2.2), the
// service manager's stderr file (launchd's `gateway.error.log`, each line stamped by Hermes' `stderr_timestamp`
// wrapper), MCP servers' stderr (`mcp-stderr.log`, §9.17), the dashboard's and plugins' logs: discovered under the
// home's `logs/`, never listed by name. gateway.log has its own live reader (the run tracker); rotated and compressed
// files, JSON records (`gateway-exit-diag.log`, read by the lifecycle probe) and files not written for two days say
// nothing now.
//
// Each file is read from where the last read of this process stopped (the first read takes its tail), and only the
// records some reader keeps are kept, a bounded number a file: reading more files costs a stat each when they did not
// change. A line is a Python log record; or a line an stderr wrapper stamped (`YYYY-MM-DD HH:MM:SS,mmm <text>`); or an
// unstamped line, dated by the file's last write only when it is among the file's last lines.
import { stat } from '../util/file-calls.js';
import path from 'node:path';
import type { LogLevel, LogRecord } from '../evidence.js';
import { openRegular, rotatedOf, type OpenFile } from '../util/read-capped.js';
import { listLogs, type ListLogs } from './logs-listing.js';
import type { OpenRegular } from '../util/look-files.js';
import { isContinuationLine, openBrackets, parseLogLine } from './log-parse.js';
import { instantOf, zoneOf, type WriterZone } from './log-zone.js';

const TAIL_BYTES = 128 * 1024;
/** Records kept a file: the newest. */
const KEEP = 200;
/** Files read at most, and state kept for at most this many. */
const MAX_FILES = 32;
const STATE_FILES = 128;
/** Not written for this long: the file says nothing now. */
const STALE_MS = 48 * 3_600_000;
/** An unstamped line is dated by the file's last write only among the file's last lines. */
const UNDATED_TAIL = 20;
const MARK_BYTES = 64;

/** Names that are no live log of text lines: rotated (`.1`, `.2026-11-25`), compressed, JSON records. */
const NOT_LIVE = /\.(?:\d+|\d{4}-\d{2}-\d{2}\w*|gz|bz2|xz|zst|zip|json|jsonl)$/;
/** Read by their own probes: the run tracker (gateway.log), the lifecycle probe (exit diagnostics, update.log). */
const OWN_READERS = new Set(['gateway.log', 'gateway-exit-diag.log', 'update.log']);

/**
 * What a reader keeps of a record: nothing (false), the record (true), or the record as its slot's one (a slot's name):
 * it replaces the slot's earlier record, so a line a busy log repeats (httpx's `200 OK` for every request) holds one
 * record of the file's budget, where it stands among the others, not the whole budget.
 */
export type Keep = (r: LogRecord) => boolean | string;

/**
 * What a reader says of the records it keeps of a file (oldest first): the first record of each story still open at
 * their end (a platform failing since), kept however many records come after it; and whether such a story begins
 * with the oldest of them, so that it may have begun before what was read (a loop older than a log's rotation).
 */
export interface Stories {
  starts: readonly LogRecord[];
  atEdge: boolean;
}
export type OpenStories = (kept: readonly LogRecord[]) => Stories;

/**
 * A first read whose oldest records leave a story open reads further back for its beginning, in steps, through the
 * file it rolled over from: at most this much more (a busy agent.log rotates at 5 MB, issue 77).
 */
const BACK_STEP = 256 * 1024;
const BACK_MAX = 2 * 1024 * 1024;

interface FileState {
  ino: number;
  /** The byte after the last complete line read. */
  offset: number;
  kept: LogRecord[];
  /** Each slot's record among `kept`. */
  slots: Map<string, LogRecord>;
  /** The last record read, for continuation lines that come in the next read. */
  last?: LogRecord;
  /** The bytes just before `offset`: a file written anew in place (not appended to) no longer has them there. */
  mark: Buffer;
  /** The file's mtime at the last read: unchanged with its size, it was not written since (nothing to read). */
  mtimeMs: number;
  busy: Promise<unknown>;
}

const files = new Map<string, FileState>();

/** How many bytes the reads of this process took (the tests and the bench measure that a later read is small). */
export const sideStats = { bytesRead: 0 };

/**
 * The files under `logsDir` (and one level of folders under it) worth reading now, agent.log first; errors.log only
 * when there is no agent.log (it holds agent.log's warnings). Bounded, links not followed. `list`: the look's listing.
 */
export async function sideLogFiles(logsDir: string, now: number, list: ListLogs = listLogs): Promise<string[]> {
  const found: { file: string; mtimeMs: number }[] = [];
  for (const e of await list(logsDir)) {
    const base = path.basename(e.name);
    if (!e.file || NOT_LIVE.test(base) || (e.name === base && OWN_READERS.has(base))) continue;
    found.push({ file: path.join(logsDir, e.name), mtimeMs: 0 });
  }
  for (const f of found) f.mtimeMs = (await stat(f.file).catch(() => undefined))?.mtimeMs ?? 0;
  const live = found.filter((f) => now - f.mtimeMs <= STALE_MS);
  const agent = path.join(logsDir, 'agent.log');
  const hasAgent = live.some((f) => f.file === agent);
  return live
    .filter((f) => !(hasAgent && f.file === path.join(logsDir, 'errors.log')))
    .sort((a, b) => Number(b.file === agent) - Number(a.file === agent) || b.mtimeMs - a.mtimeMs)
    .slice(0, MAX_FILES)
    .map((f) => f.file);
}

/** `YYYY-MM-DD HH:MM:SS,mmm ` as Hermes' stderr wrapper and logging's default asctime stamp a line. */
const STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}) (.*)$/;

/** What a line that is no log record says of itself: an error report, else an ordinary line. */
const levelOf = (text: string): LogLevel =>
  /^(?:--- Logging error ---|Traceback\b|[A-Za-z_][\w.]*(?:Error|Exception)\b)|\b(?:error|failed|fatal)\b/i.test(text)
    ? 'ERROR'
    : 'INFO';

/** CPython's `Handler.handleError` report goes on past its traceback (Lib/logging/__init__.py). */
const LOGGING_ERROR = '--- Logging error ---';
const REPORT_LINE = /^(?:Call stack:|Message: |Arguments: |Logged from file |Unable to print the message)/;
/** CPython's words between two chained tracebacks of one report. */
const CHAINED = /^(?:During handling of the above exception|The above exception was the direct cause)/;

/** Lines of one read as records: log records, stamped lines, unstamped ones near the file's end (dated `mtimeMs`). */
export function readSideLines(
  lines: string[],
  mtimeMs: number,
  prev: LogRecord | undefined,
  source: string,
  /** The zone its lines are stamped in (log-zone.ts). */
  zone?: WriterZone,
): LogRecord[] {
  const out: LogRecord[] = [];
  let last = prev;
  let open = 0;
  const undatedFrom = lines.length - UNDATED_TAIL;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const rec = parseLogLine(line, zone);
    if (rec) {
      out.push(rec);
      last = rec;
      open = openBrackets(rec.message);
      continue;
    }
    if (!line.trim()) continue;
    const m = STAMP.exec(line);
    const text = m ? m[8]! : line;
    const report = last?.message === LOGGING_ERROR && REPORT_LINE.test(text);
    // A traceback after a finished one is another report (a loop's next failure), unless Python chained the two.
    const anew = /^Traceback \(/.test(text) && !!last?.extra?.length && !CHAINED.test(last.extra.at(-1) ?? '');
    if (last && !anew && (open > 0 || report || CHAINED.test(text) || isContinuationLine(text))) {
      if (open > 0) open = openBrackets('('.repeat(open) + text);
      last.extra ??= [];
      // Bound what a runaway traceback can hold in memory.
      if (last.extra.length < 200) last.extra.push(text);
      continue;
    }
    if (!m && i < undatedFrom) continue;
    const ts = m ? instantOf(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!, zone) : mtimeMs;
    if (Number.isNaN(ts)) continue;
    const own: LogRecord = { ts, level: levelOf(text), logger: source, message: text, line };
    out.push(own);
    last = own;
    open = openBrackets(text);
  }
  return out;
}

/** The whole lines of bytes [from, end of file) of `fh`; the first one is cut unless `from` is a line's start. */
async function readLines(
  fh: OpenFile,
  from: number,
  size: number,
  atLineStart: boolean,
): Promise<{ lines: string[]; end: number; mark: Buffer; begin: number }> {
  const buf = Buffer.allocUnsafe(Math.max(0, size - from));
  const { bytesRead } = await fh.read(buf, 0, buf.length, from);
  sideStats.bytesRead += bytesRead;
  // Whole lines only: a line still being written is read next time.
  const upTo = buf.lastIndexOf(10, bytesRead - 1) + 1;
  let lines = upTo === 0 ? [] : buf.toString('utf8', 0, upTo - 1).split('\n');
  lines = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const cut = from > 0 && !atLineStart;
  if (cut) lines = lines.slice(1);
  // Where the first whole line begins: a read of the bytes before it ends there, the cut line whole.
  const begin = cut ? from + Math.min(upTo, buf.indexOf(10) + 1) : from;
  return { lines, end: from + upTo, mark: Buffer.from(buf.subarray(Math.max(0, upTo - MARK_BYTES), upTo)), begin };
}

/**
 * What the file that `file` rolled over from (`.1`, src/util/read-capped.ts) adds to a read that is not a plain
 * append: after a rollover since the last read, the rest of the file we were reading; at a first read of a file
 * shorter than the budget, the end of the one before it. A story that began before the rollover is read whole.
 */
async function beforeRollover(
  file: string,
  st0: FileState,
  size: number,
  open: OpenRegular,
): Promise<{ lines: string[]; mtimeMs: number; from: number } | undefined> {
  const rollover = st0.ino >= 0;
  if (!rollover && size >= TAIL_BYTES) return undefined;
  let fh: OpenFile;
  try {
    fh = await open(rotatedOf(file));
  } catch {
    return undefined;
  }
  try {
    const old = fh.opened;
    if (rollover && (old.ino !== st0.ino || old.size < st0.offset)) return undefined;
    const budget = rollover ? TAIL_BYTES : TAIL_BYTES - size;
    const from = Math.max(rollover ? st0.offset : 0, old.size - budget);
    const { lines, begin } = await readLines(fh, from, old.size, rollover && from === st0.offset);
    return { lines, mtimeMs: old.mtimeMs, from: begin };
  } finally {
    await fh.close().catch(() => {});
  }
}

/** Where a first read began: in the file at `from`, and in the file it rolled over from at `rotatedFrom` if read. */
interface ReadFrom {
  from: number;
  rotatedFrom?: number;
}

/**
 * Records before a first read's (`at`), while the records kept of them and of the read (`seen`) leave a story open at
 * their oldest: in the file before where the read began, then in the file it rolled over from, a chunk at a time.
 * Lines without a stamp are not dated here: only the file's last lines may take its last write's time.
 */
async function readBack(
  file: string,
  fh: OpenFile,
  at: ReadFrom,
  o: { source: string; open: OpenRegular; keep: Keep; stories: OpenStories; seen: readonly LogRecord[] },
): Promise<LogRecord[]> {
  let out: LogRecord[] = [];
  let kept: LogRecord[] = [...o.seen];
  let budget = BACK_MAX;
  const opened = () => o.stories(kept).atEdge;
  const from = async (h: OpenFile, end: number) => {
    for (let e = end; e > 0 && budget > 0 && opened(); ) {
      const start = Math.max(0, e - Math.min(BACK_STEP, budget));
      const { lines, begin } = await readLines(h, start, e, start === 0);
      budget -= e - start;
      // The next read ends where this one's first whole line began: the line it cut is read whole there.
      e = begin > start && begin < e ? begin : start;
      const recs = readSideLines(lines, Number.NaN, undefined, o.source, zoneOf(file));
      out = [...recs, ...out];
      kept = [...recs.filter((r) => o.keep(r)), ...kept];
    }
  };
  await from(fh, at.from);
  if (!opened() || budget <= 0) return out;
  const old = await o.open(rotatedOf(file)).catch(() => undefined);
  if (!old) return out;
  try {
    await from(old, at.rotatedFrom ?? old.opened.size);
  } finally {
    await old.close().catch(() => {});
  }
  return out;
}

async function catchUp(
  file: string,
  st0: FileState,
  keep: Keep,
  open: OpenRegular,
  stories?: OpenStories,
): Promise<void> {
  let fh: OpenFile;
  try {
    fh = await open(file);
  } catch {
    return;
  }
  try {
    const st = fh.opened;
    if (st.ino === st0.ino && st.size === st0.offset && st.mtimeMs === st0.mtimeMs) return;
    let same = st.ino === st0.ino && st.size >= st0.offset;
    if (same && st0.mark.length) {
      const at = Buffer.allocUnsafe(st0.mark.length);
      const { bytesRead } = await fh.read(at, 0, at.length, st0.offset - at.length);
      same = bytesRead === at.length && at.equals(st0.mark);
    }
    if (same && st.size === st0.offset) return;
    const source = path.basename(file);
    const first = st0.ino < 0;
    let rotatedFrom: number | undefined;
    const records: LogRecord[] = [];
    if (!same) {
      const before = st.ino !== st0.ino ? await beforeRollover(file, st0, st.size, open) : undefined;
      // A file replaced or written anew in place: what was kept of it says nothing now.
      if (!before) {
        st0.kept = [];
        st0.slots.clear();
        st0.last = undefined;
      } else {
        records.push(...readSideLines(before.lines, before.mtimeMs, st0.last, source, zoneOf(file)));
        st0.last = records.at(-1) ?? st0.last;
        rotatedFrom = before.from;
      }
    }
    // A new, rotated or truncated file: its tail; the same file grown: what came since (its tail past the budget).
    const from = same ? Math.max(st0.offset, st.size - TAIL_BYTES) : Math.max(0, st.size - TAIL_BYTES);
    const read = await readLines(fh, from, st.size, from === st0.offset && same);
    st0.ino = st.ino;
    st0.mtimeMs = st.mtimeMs;
    st0.offset = read.end;
    st0.mark = read.mark;
    const now = readSideLines(read.lines, st.mtimeMs, st0.last, source, zoneOf(file));
    records.push(...now);
    if (records.length) st0.last = records.at(-1);
    if (first && stories) {
      const seen = records.filter((r) => keep(r));
      if (stories(seen).atEdge) {
        const at = { from: read.begin, ...(rotatedFrom !== undefined ? { rotatedFrom } : {}) };
        records.unshift(...(await readBack(file, fh, at, { source, open, keep, stories, seen })));
      }
    }
    st0.kept = capped(keptOf(records, keep, st0), stories);
  } finally {
    await fh.close().catch(() => {});
  }
}

/** The newest KEEP records, and the first of each story still open however old (`stories`: the reader's). */
function capped(kept: LogRecord[], stories: OpenStories | undefined): LogRecord[] {
  if (kept.length <= KEEP) return kept;
  const newest = kept.slice(-KEEP);
  const starts = stories?.(kept).starts.filter((r) => !newest.includes(r)) ?? [];
  return starts.length ? [...kept.filter((r) => starts.includes(r)), ...newest] : newest;
}

/** The file's kept records with what `keep` keeps of `records` after them, each slot's latest alone. */
function keptOf(records: readonly LogRecord[], keep: Keep, st: FileState): LogRecord[] {
  const fresh: (LogRecord | undefined)[] = [];
  const at = new Map<string, number>();
  for (const r of records) {
    const k = keep(r);
    if (!k) continue;
    if (k !== true) {
      const before = at.get(k);
      if (before !== undefined) fresh[before] = undefined;
      at.set(k, fresh.length);
    }
    fresh.push(r.extra && r.extra.length > 20 ? { ...r, extra: r.extra.slice(-20) } : r);
  }
  const replaced = new Set<LogRecord>();
  for (const [k, i] of at) {
    const old = st.slots.get(k);
    if (old) replaced.add(old);
    st.slots.set(k, fresh[i]!);
  }
  const older = replaced.size ? st.kept.filter((r) => !replaced.has(r)) : st.kept;
  return [...older, ...fresh.filter((r): r is LogRecord => r !== undefined)];
}

/**
 * The records of `list` that `keep` keeps, oldest first, each once: a line written to two of them (agent.log and
 * errors.log, or launchd's stderr file beside agent.log, stamped a few ms apart) counts once; a line a file repeats
 * counts as often as it does. `open`: the look's shared opening of each.
 */
export async function readSideLogs(
  list: readonly string[],
  keep: Keep,
  open: OpenRegular = openRegular,
  stories?: OpenStories,
): Promise<LogRecord[]> {
  const all: { r: LogRecord; file: number }[] = [];
  for (const [i, file] of list.entries()) {
    let st = files.get(file);
    if (!st) {
      st = {
        ino: -1,
        offset: 0,
        kept: [],
        slots: new Map(),
        mark: Buffer.alloc(0),
        mtimeMs: 0,
        busy: Promise.resolve(),
      };
      if (files.size >= STATE_FILES) files.delete(files.keys().next().value!);
      files.set(file, st);
    }
    const s = st;
    const read = s.busy.then(() => catchUp(file, s, keep, open, stories));
    s.busy = read.catch(() => undefined);
    await read.catch(() => undefined);
    for (const r of s.kept) all.push({ r, file: i });
  }
  return once(all.sort((a, b) => a.r.ts - b.r.ts));
}

/** A line another file already gave (the same logger's same message within a second) counts once. */
function once(records: { r: LogRecord; file: number }[]): LogRecord[] {
  const seen = new Map<string, { ts: number; file: number }>();
  const out: LogRecord[] = [];
  for (const { r, file } of records) {
    const key = `${r.logger}\0${r.message}`;
    const at = seen.get(key);
    if (at && at.file !== file && Math.abs(r.ts - at.ts) < 1000) continue;
    seen.set(key, { ts: r.ts, file });
    out.push(r);
  }
  return out;
}
