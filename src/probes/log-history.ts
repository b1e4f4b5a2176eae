// History gatewatch did not see: read gateway.log backwards from its end until the last `Starting Hermes Gateway...`
// record, within a byte budget, so a long-running gateway's 5 MB log is not read whole on every start. The lines read
// go through a run tracker (run-tracker.ts), which then keeps that view current as the tailer delivers new lines.
import type { LogView } from '../evidence.js';
import { isRunStart, parseLogLine, parseLogLines } from './log-parse.js';
import { DEFAULT_MAX_LINE_BYTES, splitLines, type LogPosition } from './log-tail.js';
import { openRegular, rotatedOf, type OpenFile } from '../util/read-capped.js';
import type { OpenRegular } from '../util/look-files.js';
import { createLineDecoder } from './line-decoder.js';
import { createRunTracker, type RunCaps } from './run-tracker.js';
import { noteFileEnd, zoneOf } from './log-zone.js';

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
/** gateway.log's backups Hermes keeps (`gateway.log.1` … `.3`, hermes-gateway.md §2.2). */
const MAX_COPIES = 3;
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
  mtimeMs: number;
}

async function openOrNull(file: string, open: OpenRegular): Promise<OpenFile | null> {
  try {
    return await open(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function readAt(fh: OpenFile, len: number, at: number): Promise<Buffer> {
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

async function scanBack(fh: OpenFile, budget: number, o: Required<Omit<HistoryOptions, 'caps'>>): Promise<Scan> {
  const st = fh.opened;
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
    // The chunk and the head of what follows it, as one region, without copying the chunk: its whole lines are
    // searched where they are, and only the line across its end (its last partial line and the head) is joined.
    const lastNl = b.lastIndexOf(10);
    const across: Buffer = head?.length ? Buffer.concat([b.subarray(lastNl + 1), head]) : b.subarray(lastNl + 1);
    let at = findStart(across, lastNl >= 0 || pos === 0);
    if (at >= 0) at += lastNl + 1;
    else if (lastNl >= 0) at = findStart(b.subarray(0, lastNl + 1), pos === 0);
    if (at >= 0) startAt = pos + at;
    const nl = b.indexOf(10);
    if (nl < 0) head = head && across.length <= MAX_START_LINE ? Buffer.from(across) : null;
    else head = nl + 1 <= MAX_START_LINE ? Buffer.from(b.subarray(0, nl + 1)) : null;
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
  return { ino: st.ino, size: st.size, data, from: pos, end: pos + data.length, startAt, bytes, mtimeMs: st.mtimeMs };
}

/** The whole lines of the last few KB of `data` (which ends with a newline), joined by `\n`. */
function endOf(data: Buffer): string {
  let from = data.length > END_BYTES ? data.indexOf(10, data.length - END_BYTES) + 1 : 0;
  // A last line longer than that: its head holds its stamp.
  if (from >= data.length - 1) from = data.lastIndexOf(10, data.length - 2) + 1;
  return data.toString('utf8', from, Math.min(data.length - 1, from + END_BYTES));
}
const END_BYTES = 64 * 1024;

/** Whole lines of `data` as pieces of lines joined by `\n` (LineDecoder.take's pieces), each cut to `maxLine`. */
function piecesOf(data: Buffer, maxLine: number): string[] {
  return createLineDecoder(maxLine).take(data, 0, true);
}

/**
 * Lines of a scan: the run part (from the start record, or all) as pieces, and the part before it as lines. The run's
 * megabytes of message traffic are passed over by the tracker natively (pushText), not made a string a line.
 */
function linesOf(s: Scan, maxLine: number): { before: string[]; run: string[] } {
  // Bytes before the first newline are the tail of a line we did not read whole.
  let skip = 0;
  if (s.from > 0) skip = s.data.indexOf(10) + 1;
  if (s.startAt < 0) return { before: [], run: piecesOf(s.data.subarray(skip), maxLine) };
  const cut = s.startAt - s.from;
  return {
    before: splitLines(s.data.subarray(Math.min(skip, cut), cut), maxLine),
    run: piecesOf(s.data.subarray(cut), maxLine),
  };
}

/**
 * Where a tail of the same file begins after this history read (`saved`: a position from an earlier run). Where the
 * history read no file at all, every line of the file the tail then finds is news, from its first: a gateway started
 * just before gatewatch creates its log between the two reads, and following that log from its end lost its start-up.
 */
export function tailStart(
  history: LogHistory,
  saved?: LogPosition,
): { position?: LogPosition; startAt: 'start' | 'end' } {
  const position = history.position ?? saved;
  return { ...(position ? { position } : {}), startAt: history.files.length === 0 ? 'start' : 'end' };
}

/** `open`: how each file is opened (a look's shared opening: src/util/look-files.ts). */
export async function readLogHistory(
  file: string,
  opts: HistoryOptions = {},
  open: OpenRegular = openRegular,
): Promise<LogHistory> {
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
    const fh = await openOrNull(name, open);
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
    // No start record in the whole current file, or no file: rotation may just have happened. A run longer than one
    // file (a loop that began two rollovers ago) goes on in the copies before it (`.2`, `.3`: RotatingFileHandler's
    // backups), within the same budget (issue 77).
    let last = cur;
    let skip = cur?.ino ?? -1;
    for (
      let k = 1;
      k <= MAX_COPIES && (!last || (last.startAt < 0 && last.from === 0)) && bytesRead < o.maxBytes;
      k++
    ) {
      const copy = await scanFile(k === 1 ? rotatedOf(file) : `${file}.${k}`, skip);
      if (!copy) break;
      if (k === 1) error = undefined;
      last = copy;
      skip = copy.ino;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Our own errors name the file already: `… is not a regular file (a FIFO)`.
    error = code === 'ENOTREG' ? (e as Error).message : `cannot read ${file}: ${(e as Error).message}`;
  }

  // The newest file that ends in a whole line says what zone its lines are stamped in (log-zone.ts).
  const ended = scans.find((s) => s.end === s.size && s.data.length > 0);
  if (ended) noteFileEnd(file, [endOf(ended.data)], ended.mtimeMs);
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
  // The run's lines go through a tracker as the tailer's pieces do: only what it keeps is parsed. The first piece (the
  // start record's) on its own: a batch that holds a start line, or fills the run's head, is taken line by line, and
  // the rest of a busy run (2 MB of message traffic: 17,000 lines) is then passed over natively as the tail would be.
  const previous = parseLogLines(before, undefined, zoneOf(file));
  const tracker = createRunTracker({ file, run: [], previous, runStartSeen: false }, opts.caps);
  tracker.pushText(run.slice(0, 1));
  tracker.pushText(run.slice(1));
  const out: LogHistory = { ...tracker.view(), bytesRead, files };
  if (error) out.error = error;
  if (position) out.position = position;
  return out;
}
