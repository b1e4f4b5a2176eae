// Follows gateway.log from a saved byte position, reading only new bytes.
//
// Hermes rotates with RotatingFileHandler (gateway.log → gateway.log.1, new gateway.log) and also copes with an
// external `mv`; some setups copytruncate. We keep the current inode open, so after a rename the old inode's last
// bytes are still read from our own descriptor before switching to the new file. After a restart (no descriptor),
// the saved inode is looked up at `<file>.1`. Only complete lines are emitted; the position handed to `onLines` is
// the byte after the last complete line, so a restart never loses or repeats a line.
import { watch, promises as fsp, type FSWatcher, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { openRegular } from '../util/read-capped.js';
import type { Clock } from '../util/clock.js';
import { createLineDecoder, DEFAULT_MAX_LINE_BYTES } from './line-decoder.js';

export { splitLines, DEFAULT_MAX_LINE_BYTES } from './line-decoder.js';

/** The safety-net poll while fs.watch delivers events. */
const WATCHED_POLL_MS = 5_000;
/**
 * Hermes writes each line with a write() of its own: 50 lines a second are 50 file events. The first event after a
 * quiet spell is read at once (a failure line is judged without delay); the events of the next `batchMs` are answered
 * by one read at its end, so a busy log costs a read per window, not one per line (with the evaluations' own half-second
 * throttle, a line amid a burst is judged within 0.75 s).
 */
export const DEFAULT_BATCH_MS = 250;

export interface LogPosition {
  ino: number;
  /** File size when last read: a smaller size later means the file was truncated, even if it regrew past `offset`. */
  size?: number;
  /** Byte after the last complete line handed out (or after the bytes of an over-long line being skipped). */
  offset: number;
  /** In the middle of an over-long line whose head was already emitted: drop bytes up to the next newline. */
  skipping?: boolean;
}

export interface LogTailOptions {
  file: string;
  /** Where to resume. Without one, an existing file is followed from its end (history is log-history's job). */
  position?: LogPosition;
  /** Without a position: `end` (default) follows new lines only, `start` reads the existing file first. */
  startAt?: 'end' | 'start';
  /** Polling fallback, because file events are missing on some filesystems (NFS, some containers). */
  pollMs?: number;
  /** Use fs.watch on the directory for low latency (default true). */
  watch?: boolean;
  /** File events this soon after the read an event began are folded into one read at the window's end (DEFAULT_BATCH_MS). */
  batchMs?: number;
  /** The batch window's and the poll's timers. */
  clock: Pick<Clock, 'timer'>;
  /** Longer lines are cut to this many bytes; the rest of the line is dropped. */
  maxLineBytes?: number;
  chunkBytes?: number;
  /** onLines is handed pieces of whole lines, not single lines: the reader splits out only the lines it needs. */
  pieces?: boolean;
  /**
   * `bytes`: what the lines took in the file, newlines included (a reader counting growth need not measure each line).
   * With `pieces`, each string is one or more whole lines joined by `\n` (see LineDecoder.take).
   */
  onLines(lines: string[], position: LogPosition, bytes: number): void | Promise<void>;
  /** Unexpected read errors, reported once per distinct error until a read succeeds. A missing file is not one. */
  onError?(err: Error): void;
}

export interface TailStats {
  bytesRead: number;
  passes: number;
  /** Strings handed to onLines: lines, or pieces with `pieces`. */
  lines: number;
}

export interface LogTail {
  start(): void;
  /** Stops watching and closes the file once an in-flight read is done. Final. */
  stop(): Promise<void>;
  /** Reads whatever is new now; resolves after a read that began after this call. Never rejects. */
  readNow(): Promise<void>;
  position(): LogPosition | undefined;
  stats(): TailStats;
  /** Why the last read failed (e.g. `… is not a regular file (a FIFO)`); undefined after a good read or a missing file. */
  error(): string | undefined;
}

// A catch-up after a burst reads in few, large steps; a quiet log's reads are as small as what was written.
const DEFAULT_CHUNK = 1024 * 1024;

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await fsp.stat(file);
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/** Never a plain open: a FIFO at the log path would block it (and a libuv thread) for good. Non-regular: ENOTREG. */
async function openOrNull(file: string): Promise<FileHandle | null> {
  try {
    return await openRegular(file);
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

export function createLogTail(opts: LogTailOptions): LogTail {
  const file = path.resolve(opts.file);
  const dir = path.dirname(file);
  const base = path.basename(file);
  const pollMs = Math.max(10, opts.pollMs ?? 1000);
  const maxLine = Math.max(256, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const chunk = Math.max(4096, opts.chunkBytes ?? DEFAULT_CHUNK);
  const batchMs = Math.max(0, opts.batchMs ?? DEFAULT_BATCH_MS);
  const { clock } = opts;

  // The open inode, if any.
  let fh: FileHandle | null = null;
  let ino = 0;
  let readOff = 0; // next byte to read
  let lastSize = 0;
  const decoder = createLineDecoder(maxLine);
  // A position not yet matched to an open file; undefined once consumed.
  let saved: LogPosition | undefined = opts.position;
  let firstPass = true;
  let lastPos: LogPosition | undefined = opts.position;

  let stopped = false;
  let started = false;
  let watcher: FSWatcher | null = null;
  let cancelPoll: (() => void) | null = null;
  // The open batch window, and whether an event came during it.
  let cancelBatch: (() => void) | null = null;
  let eventInBatch = false;
  let chain: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  let lastErr: string | undefined;
  let currentErr: string | undefined;
  const stats: TailStats = { bytesRead: 0, passes: 0, lines: 0 };

  const pos = (): LogPosition => {
    const p: LogPosition = { ino, size: lastSize, offset: decoder.lineOff };
    if (decoder.skipping) p.skipping = true;
    return p;
  };

  async function emit(lines: string[], bytes: number): Promise<void> {
    lastPos = pos();
    if (!lines.length) return;
    stats.lines += lines.length;
    try {
      await opts.onLines(lines, lastPos, bytes);
    } catch (e) {
      report(e);
    }
  }

  function report(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    const key = (err as NodeJS.ErrnoException).code ?? err.message;
    if (key === lastErr) return;
    lastErr = key;
    opts.onError?.(err);
  }

  function resetTo(offset: number, skip = false): void {
    readOff = offset;
    decoder.reset(offset, skip);
  }

  /** `known`: the open file's stat, taken just now through its path (a busy log's read is then one stat fewer). */
  async function readToEnd(known?: Stats): Promise<void> {
    if (!fh) return;
    const st = known ?? (await fh.stat());
    if (st.size < readOff || st.size < lastSize) resetTo(0); // truncated in place (copytruncate)
    lastSize = st.size;
    while (readOff < st.size && !stopped) {
      const n = Math.min(chunk, st.size - readOff);
      const buf = Buffer.allocUnsafe(n);
      const { bytesRead } = await fh.read(buf, 0, n, readOff);
      if (bytesRead <= 0) break;
      const at = readOff;
      readOff += bytesRead;
      stats.bytesRead += bytesRead;
      const from = decoder.lineOff;
      const lines = decoder.take(buf.subarray(0, bytesRead), at, opts.pieces === true);
      await emit(lines, decoder.lineOff - from);
    }
    lastPos = pos();
  }

  /** The file will not grow any more (rotated away): a last line without a newline is still a line. */
  async function finishAndClose(): Promise<void> {
    const from = decoder.lineOff;
    const line = decoder.flush(readOff);
    if (line !== undefined) await emit([line], decoder.lineOff - from);
    await closeFile();
  }

  async function closeFile(): Promise<void> {
    const h = fh;
    fh = null;
    if (h) await h.close().catch(() => {});
  }

  /** After a restart: the saved inode may now be `<file>.1`; finish its remaining bytes. */
  async function drainRotated(p: LogPosition): Promise<void> {
    // Not our inode if it is not a regular file: nothing to finish there.
    const h = await openOrNull(`${file}.1`).catch(() => null);
    if (!h) return;
    const st = await h.stat().catch(() => null);
    if (!st || st.ino !== p.ino || st.size < p.offset || (p.size !== undefined && st.size < p.size)) {
      await h.close().catch(() => {});
      return;
    }
    fh = h;
    ino = st.ino;
    lastSize = p.size ?? 0;
    resetTo(p.offset, p.skipping === true);
    await readToEnd();
    await finishAndClose();
  }

  async function openCurrent(): Promise<boolean> {
    const h = await openOrNull(file);
    if (!h) return false;
    const st = await h.stat();
    fh = h;
    ino = st.ino;
    lastSize = 0;
    if (saved && saved.ino === st.ino) {
      const truncated = st.size < saved.offset || (saved.size !== undefined && st.size < saved.size);
      if (truncated) resetTo(0);
      else {
        resetTo(saved.offset, saved.skipping === true);
        lastSize = saved.size ?? 0;
      }
    } else if (!saved && firstPass && (opts.startAt ?? 'end') === 'end') {
      resetTo(await lastLineStart(h, st.size));
    } else resetTo(0); // a new inode, or a file that appeared while we were waiting for it
    saved = undefined;
    firstPass = false;
    lastPos = pos();
    return true;
  }

  /** Following from the end: start after the last newline so a line being written is not cut in two. */
  async function lastLineStart(h: FileHandle, size: number): Promise<number> {
    if (size === 0) return 0;
    const n = Math.min(size, maxLine);
    const buf = Buffer.allocUnsafe(n);
    const { bytesRead } = await h.read(buf, 0, n, size - n);
    stats.bytesRead += bytesRead;
    const nl = buf.subarray(0, bytesRead).lastIndexOf(10);
    return nl < 0 ? size : size - n + nl + 1;
  }

  async function step(): Promise<void> {
    // Stat the path before reading our descriptor: if the path already names another inode, every write the old
    // inode got before the rename is visible to the read below.
    const st = await statOrNull(file);
    if (!fh) {
      if (saved && (!st || st.ino !== saved.ino)) {
        await drainRotated(saved);
        saved = undefined;
        firstPass = false; // the path names a file we have not read: from 0
      }
      if (!st) {
        firstPass = false; // the file will be new when it appears: read it from 0
        return;
      }
      if (!(await openCurrent())) return;
    }
    // A write after that stat is read on its own file event, or on the next poll.
    await readToEnd(st && st.ino === ino ? st : undefined);
    if (st && st.ino === ino) return;
    await finishAndClose();
    if (stopped) return;
    saved = undefined;
    firstPass = false;
    if (await openCurrent()) await readToEnd();
  }

  async function pass(): Promise<void> {
    if (stopped) return;
    stats.passes++;
    try {
      await step();
      lastErr = undefined;
      currentErr = undefined;
    } catch (e) {
      currentErr = e instanceof Error ? e.message : String(e);
      report(e);
      // Start over from the last good position on the next pass.
      if (fh) {
        saved = pos();
        await closeFile();
      }
    }
  }

  function readNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (queued) return queued;
    const next = chain.then(() => {
      queued = null;
      return pass();
    });
    queued = next;
    chain = next;
    return next;
  }

  const kick = () => void readNow();

  function onEvent(): void {
    if (batchMs === 0) return kick();
    if (cancelBatch) {
      eventInBatch = true;
      return;
    }
    kick();
    openBatch();
  }

  function openBatch(): void {
    cancelBatch = clock.timer(() => {
      cancelBatch = null;
      if (!eventInBatch || stopped) return;
      eventInBatch = false;
      kick();
      openBatch();
    }, batchMs);
  }

  function startWatch(): void {
    if (opts.watch === false || watcher || stopped) return;
    try {
      const w = watch(dir, (_ev, name) => {
        // Some platforms give no name: treat it as "something changed".
        if (!name || name === base || name.startsWith(`${base}.`)) onEvent();
      });
      w.on('error', () => {
        w.close();
        if (watcher === w) watcher = null; // polling carries on; retried on the next tick
      });
      watcher = w;
    } catch {
      watcher = null; // directory missing or watch unsupported
    }
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      startWatch();
      // While file events arrive the poll is only a safety net (an event lost, a watcher that died quietly): a
      // quiet gateway's log is not stat'ed every second.
      const tick = () => {
        startWatch();
        kick();
        if (!stopped) cancelPoll = clock.timer(tick, watcher ? Math.max(pollMs, WATCHED_POLL_MS) : pollMs);
      };
      cancelPoll = clock.timer(tick, watcher ? Math.max(pollMs, WATCHED_POLL_MS) : pollMs);
      kick();
    },
    async stop() {
      stopped = true;
      cancelPoll?.();
      cancelPoll = null;
      cancelBatch?.();
      cancelBatch = null;
      watcher?.close();
      watcher = null;
      await chain;
      await closeFile();
    },
    readNow,
    position: () => (fh ? pos() : lastPos),
    stats: () => ({ ...stats }),
    error: () => currentErr,
  };
}
