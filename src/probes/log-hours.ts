// A log's few lines over hours, for failures that are slow and steady: one refused Weixin delivery an hour for a day
// (hermes-gateway-current.md §9.9), a gateway restarted after each Lark link drop every ~30 min (§9.4). Only their
// repetition over hours says what they are, across the gateway's restarts; the current run (run-tracker.ts) and the
// agent.log tail the other probes read (agent-tail.ts, 128 KB) are minutes deep on a busy gateway.
//
// Per file, it keeps the lines that carry a needle (a plain substring: found by a native byte search, no line split
// or parse of the rest), the newest PER_NEEDLE of each, within the horizon. The first read takes the file's last
// BUDGET bytes (and the rotated `.1` before it, if the file is shorter); every later read only the bytes appended
// since, and after a rotation the rest of the rotated file. Memory: a few hundred short records a file, FILES files.
import type { LogNeedle, LogRecord } from '../evidence.js';
import { MiB, openRegular, rotatedOf, type OpenFile } from '../util/read-capped.js';
import { escapeRegExp } from '../util/escape-regexp.js';
import type { OpenRegular } from '../util/look-files.js';
import { threadedFs, type LookFs } from '../util/look-fs.js';
import { parseLogLine } from './log-parse.js';
import { learnZone, zoneOf } from './log-zone.js';
import { isAskedStop } from './death-tally.js';

/** The gateway's run boundaries as the runner writes them (hermes-gateway.md §4.0), in any log that has its lines. */
export const RUN_NEEDLES: readonly LogNeedle[] = [
  { text: 'gateway.run: Starting Hermes Gateway...', keep: (r) => r.logger === 'gateway.run' },
  { text: 'gateway.run: Received SIG', keep: isAskedStop },
  {
    text: 'gateway.run: Stopping gateway',
    keep: (r) => r.logger === 'gateway.run' && /^Stopping gateway\b/.test(r.message),
  },
];

export const HOURS_HORIZON_MS = 48 * 3_600_000;
/** Bytes a first read takes from the end (the file and its rotated `.1` together), and a later read at most. */
const BUDGET = 8 * MiB;
const CHUNK = MiB;
/** Lines kept per needle: a line an hour for two days, or a restart every 30 min for a day. */
const PER_NEEDLE = 128;
const FILES = 64;
const NL = 10;

interface Kept {
  file: string;
  ino: number;
  /** The byte after the last complete line read. */
  offset: number;
  /** The needles' texts this was read for: other needles read the file afresh. */
  key: string;
  /** Per needle, oldest first. */
  lines: LogRecord[][];
  /** Reads of one file one at a time: two gathers at once must not read the same bytes twice. */
  busy: Promise<unknown>;
  /** A read of the file is under way: lines a tail hands over meanwhile are left to it (feedLogHours). */
  reading: boolean;
}

const files = new Map<string, Kept>();

export interface HoursOptions {
  /** Epoch ms: lines older than the horizon before it are let go. */
  now: number;
  horizonMs?: number;
  /** How the file is opened: the look's shared opening (src/util/look-files.ts). */
  open?: OpenRegular;
  /** The look's calls (src/util/look-fs.ts): how the rotated file is stat'ed. */
  fs?: LookFs;
}

/** How many bytes the reads of this process took (the bench and the tests measure that a later read is small). */
export const hoursStats = { bytesRead: 0 };

/**
 * The lines of `file` that carry one of `needles`, within the horizon, oldest first: each as its record (no
 * continuation lines). A missing or unreadable file gives what was kept from it before, or nothing.
 */
export async function readLogHours(file: string, needles: readonly LogNeedle[], o: HoursOptions): Promise<LogRecord[]> {
  const key = needles.map((n) => n.text).join('\n');
  let kept = files.get(file);
  if (kept && kept.key !== key) kept = undefined;
  if (!kept) {
    kept = { file, ino: -1, offset: 0, key, lines: needles.map(() => []), busy: Promise.resolve(), reading: false };
    files.delete(file);
    if (files.size >= FILES) files.delete(files.keys().next().value!);
    files.set(file, kept);
  }
  const k = kept;
  const read = k.busy.then(async () => {
    k.reading = true;
    try {
      await catchUp(file, needles, k, o.open ?? openRegular, o.fs ?? threadedFs);
    } finally {
      k.reading = false;
    }
  });
  k.busy = read.catch(() => undefined);
  await read.catch(() => undefined);
  const since = o.now - (o.horizonMs ?? HOURS_HORIZON_MS);
  for (let i = 0; i < k.lines.length; i++) {
    const l = k.lines[i]!;
    let drop = 0;
    while (drop < l.length && l[drop]!.ts < since) drop++;
    if (drop) k.lines[i] = l.slice(drop);
  }
  return k.lines.flat().sort((a, b) => a.ts - b.ts);
}

/**
 * Whole lines of `file` that a live tail has just read (pieces of lines joined by `\n`, LineDecoder.take's), ending at
 * `at` and taking `bytes` there: kept as a read would keep them, and the next read starts after them. Gateway.log's
 * tail reads every new byte anyway: a busy log's check read each of them twice (issue 62). Taken
 * only when they follow on from what was read last (same file, no gap, no read under way) for these same needles;
 * else a read gets them from the file as before.
 */
export function feedLogHours(
  file: string,
  needles: readonly LogNeedle[],
  pieces: readonly string[],
  at: { ino: number; offset: number },
  bytes: number,
): void {
  const k = files.get(file);
  if (!k || k.reading || k.key !== needles.map((n) => n.text).join('\n')) return;
  if (k.ino !== at.ino || k.offset !== at.offset - bytes) return;
  for (const piece of pieces) findLinesIn(piece, needles, k);
  k.offset = at.offset;
}

async function catchUp(
  file: string,
  needles: readonly LogNeedle[],
  k: Kept,
  open: OpenRegular,
  fs: LookFs,
): Promise<void> {
  let fh: OpenFile;
  try {
    fh = await open(file);
  } catch {
    return;
  }
  try {
    const st = fh.opened;
    await learnZone(file, fh);
    if (st.ino === k.ino && st.size >= k.offset) {
      // The same file grown: only the new bytes (a backlog past the budget loses its oldest part, not the newest).
      k.offset = await scan(fh, Math.max(k.offset, st.size - BUDGET), st.size, k.offset, needles, k);
      return;
    }
    let budget = BUDGET;
    const rotated = rotatedOf(file);
    const old = await fs.stat(rotated).catch(() => undefined);
    if (k.ino >= 0 && old?.ino === k.ino && old.size > k.offset) {
      // Rotated since the last read: the rest of the file we were reading is `.1` now.
      budget -= await scanFile(open(rotated), Math.max(k.offset, old.size - budget), k.offset, needles, k);
    } else if (k.ino < 0 && old && st.size < budget) {
      // First read of a file shorter than the budget: the hours before it are in the rotated one.
      const from = Math.max(0, old.size - (budget - st.size));
      budget -= await scanFile(open(rotated), from, from === 0 ? 0 : -1, needles, k);
    }
    // A truncated file (copytruncate) starts again from its first byte; a new or first-read one takes its last bytes.
    const from = st.ino === k.ino ? 0 : Math.max(0, st.size - Math.max(budget, CHUNK));
    k.ino = st.ino;
    k.offset = await scan(fh, from, st.size, from === 0 ? 0 : -1, needles, k);
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * scan() of another file (the rotated one), as the look opened it (a one-shot look's in its turn). Returns the bytes
 * it was given to read.
 */
async function scanFile(
  opening: Promise<OpenFile>,
  from: number,
  lineStart: number,
  needles: readonly LogNeedle[],
  k: Kept,
): Promise<number> {
  let fh: OpenFile;
  try {
    fh = await opening;
  } catch {
    return 0;
  }
  try {
    const st = fh.opened;
    await scan(fh, from, st.size, lineStart, needles, k);
    return Math.max(0, st.size - from);
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * Bytes [from, to) of the file, whole lines only: `lineStart` is `from` when it begins a line, else -1 (the part line
 * before the first newline is skipped). Returns the byte after the last complete line.
 */
async function scan(
  fh: OpenFile,
  from: number,
  to: number,
  lineStart: number,
  needles: readonly LogNeedle[],
  k: Kept,
): Promise<number> {
  const texts = needles.map((n) => Buffer.from(n.text));
  let pos = from;
  // One buffer for the whole scan: a line cut by a read is moved to its front and the next read lands after it (a
  // new buffer a read, and the cut line joined to each with a copy of the whole, were a tenth of a busy log's check).
  let buf: Buffer | undefined;
  let carry = 0;
  let skipFirst = lineStart !== from;
  let end = from;
  while (pos < to) {
    buf ??= Buffer.allocUnsafe(Math.min(CHUNK, to - from));
    const want = Math.min(buf.length - carry, to - pos);
    const { bytesRead } = await fh.read(buf, carry, want, pos);
    if (bytesRead <= 0) break;
    hoursStats.bytesRead += bytesRead;
    pos += bytesRead;
    let data = buf.subarray(0, carry + bytesRead);
    carry = 0;
    if (skipFirst) {
      const nl = data.indexOf(NL);
      if (nl < 0) continue;
      data = data.subarray(nl + 1);
      skipFirst = false;
    }
    const last = data.lastIndexOf(NL);
    if (last < 0) {
      // A line as long as the buffer: not one a needle's line is, so its rest is skipped up to the next line.
      if (data.length === buf.length) skipFirst = true;
      else carry = data.copy(buf, 0);
      continue;
    }
    findLines(data.subarray(0, last + 1), texts, needles, k);
    end = pos - (data.length - last - 1);
    carry = data.copy(buf, 0, last + 1);
  }
  return end;
}

/** What findLines searches: a buffer of the file's bytes, or a tail's text. */
interface Searched<N> {
  indexOf(needle: N, from?: number): number;
  lastIndexOf(needle: N, from?: number): number;
  length: number;
}

/** The lines of `data` (whole lines) that carry a needle, parsed and kept under the first needle they carry. */
function findLines(data: Buffer, texts: Buffer[], needles: readonly LogNeedle[], k: Kept): void {
  keepHits(data, texts, NL, needles, k, (start, end) => data.toString('utf8', start, end));
}

/**
 * Per needle set, one pattern for them all: a tail's text is searched in one native pass, not one a needle (ten passes
 * over every byte were a tenth of a busy log's check, issue 62). Each needle is searched by its text after a leading
 * `<logger>: `: the runner's `gateway.run: ` begins every line of its traffic, and a pattern starting with it half
 * matched at each (3× slower). A line found so carries the key only: keepHits checks the needles themselves.
 */
const anyNeedle = new Map<string, RegExp>();

function needlePattern(needles: readonly LogNeedle[]): RegExp {
  const keys = needles.map(({ text }) => {
    const logger = /^[\w.]+: /.exec(text)?.[0].length ?? 0;
    return text.length - logger >= 8 ? text.slice(logger) : text;
  });
  return new RegExp(keys.map(escapeRegExp).join('|'), 'g');
}

/** findLines over a tail's text: lines joined by `\n`. */
function findLinesIn(text: string, needles: readonly LogNeedle[], k: Kept): void {
  let re = anyNeedle.get(k.key);
  if (!re) {
    if (anyNeedle.size >= FILES) anyNeedle.clear();
    anyNeedle.set(k.key, (re = needlePattern(needles)));
  }
  // The lines that carry a key, whole: keepHits sorts those that carry a needle under the first one each carries, as
  // it would in the whole text (a needle is one line's, so none is missed that the whole text's search would find).
  let found = '';
  for (let from = 0; ; ) {
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) break;
    const eol = text.indexOf('\n', m.index);
    found += text.slice(text.lastIndexOf('\n', m.index) + 1, eol < 0 ? text.length : eol + 1);
    if (eol < 0) break;
    from = eol + 1;
  }
  if (!found) return;
  keepHits(
    found,
    needles.map((n) => n.text),
    '\n',
    needles,
    k,
    (start, end) => found.slice(start, end),
  );
}

function keepHits<N>(
  data: Searched<N>,
  texts: N[],
  nl: N,
  needles: readonly LogNeedle[],
  k: Kept,
  lineAt: (start: number, end: number) => string,
): void {
  const hits = new Map<number, number>();
  for (let n = 0; n < texts.length; n++) {
    for (let at = data.indexOf(texts[n]!); at >= 0; at = data.indexOf(texts[n]!, at + 1)) {
      const start = data.lastIndexOf(nl, at) + 1;
      if (!hits.has(start)) hits.set(start, n);
      const eol = data.indexOf(nl, at);
      at = eol < 0 ? data.length : eol;
    }
  }
  for (const start of [...hits.keys()].sort((a, b) => a - b)) {
    const n = hits.get(start)!;
    const eol = data.indexOf(nl, start);
    let line = lineAt(start, eol < 0 ? data.length : eol);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const r = parseLogLine(line, zoneOf(k.file));
    if (!r || (needles[n]!.keep && !needles[n]!.keep!(r))) continue;
    const l = k.lines[n]!;
    l.push(r);
    const max = needles[n]!.max ?? PER_NEEDLE;
    if (l.length > max) l.splice(0, l.length - max);
  }
}
