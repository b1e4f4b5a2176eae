// Reading files gatewatch does not own. A FIFO at a watched path blocks a plain open() forever (and with it one of
// libuv's four threads, then every later file operation); a symlink to /dev/zero or a huge file makes a plain
// readFile() eat memory. So: open with O_NONBLOCK (a FIFO opens at once), refuse anything that is not a regular file,
// and never read more than a cap.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { fdCalls, inTurnFd, type FdCalls } from './file-calls.js';

/** O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer. O_NOCTTY: a tty stays ours. */
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export const KiB = 1024;
export const MiB = 1024 * 1024;

/** An error with a code (`ENOTREG`, `EFBIG`, or the system's) and a message that names the file. */
function fileError(code: string, message: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(message);
  e.code = code;
  return e;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  if (st.isSocket()) return 'a socket';
  return 'not a plain file';
}

function notRegular(file: string, st: Stats): NodeJS.ErrnoException {
  return fileError('ENOTREG', `${file} is not a regular file (${kindOf(st)})`);
}

function tooLarge(file: string, max: number): NodeJS.ErrnoException {
  return fileError('EFBIG', `${file} is larger than ${formatBytes(max)}`);
}

/** A size as a person reads it, to a tenth of a megabyte (`5.0 MB`, `12 KB`): a measured length, not a limit. */
export function formatSize(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(1)} MB` : n >= KiB ? `${Math.round(n / KiB)} KB` : `${n} B`;
}

export function formatBytes(n: number): string {
  return n >= MiB && n % MiB === 0 ? `${n / MiB} MB` : n >= KiB && n % KiB === 0 ? `${n / KiB} KB` : `${n} bytes`;
}

/**
 * A regular file open for reading: what the readers use of a FileHandle (read, stat, close) on a plain descriptor.
 * A look opens a dozen files a home, most of them small or missing, and a FileHandle's promises and finalizer cost
 * about as much again as the file operations themselves (issue 62 item 4; readProcText's note below).
 */
export interface OpenFile {
  /** Its fstat as it was opened (a regular file's): `stat()` asks again. */
  readonly opened: Stats;
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  stat(): Promise<Stats>;
  /** Closes it; a second close does nothing (the descriptor's number may be another file's by then). */
  close(): Promise<void>;
}

/** `callsNow()`: the descriptor calls an opening makes, as this process makes them (src/util/file-calls.ts). */
function opener(callsNow: () => FdCalls): (file: string) => Promise<OpenFile> {
  return async (file) => {
    const calls = callsNow();
    let fd = await calls.open(file, FLAGS);
    let st: Stats;
    try {
      st = await calls.fstat(fd);
    } catch (e) {
      await calls.close(fd).catch(() => {});
      throw e;
    }
    if (!st.isFile()) {
      await calls.close(fd).catch(() => {});
      throw notRegular(file, st);
    }
    const closed = () => fileError('EBADF', `${file} is closed`);
    return {
      opened: st,
      read: (b, at, n, position) =>
        fd < 0 ? Promise.reject(closed()) : calls.read(fd, b, at, n, position).then((bytesRead) => ({ bytesRead })),
      stat: () => (fd < 0 ? Promise.reject(closed()) : calls.fstat(fd)),
      close() {
        const was = fd;
        fd = -1;
        return was < 0 ? Promise.resolve() : calls.close(was);
      },
    };
  };
}

/** Open a regular file for reading without blocking; anything else throws ENOTREG (missing: ENOENT as usual). */
export const openRegular = opener(fdCalls);

/** openRegular with every call made in this turn: a one-shot look's (src/watch/one-look.ts). */
export const openRegularNow = opener(() => inTurnFd);

export interface CapOptions {
  /** Return the first `maxBytes` instead of failing with EFBIG (for /proc files, whose size reads as 0). */
  truncate?: boolean;
  /** How the file is opened: openRegular unless a one-shot look's (openRegularNow). */
  open?: (file: string) => Promise<OpenFile>;
}

/** How readAll reads: CapOptions, and whether a read that returns less than it asked for is the end (see readProcText). */
interface ReadOptions extends CapOptions {
  shortIsEnd?: boolean;
}

/** Up to `maxBytes` of a regular file as UTF-8. Larger: EFBIG (or the head, with `truncate`). */
export async function readCapped(file: string, maxBytes: number, opts: CapOptions = {}): Promise<string> {
  const fh = await (opts.open ?? openRegular)(file);
  try {
    return await readAll(file, maxBytes, fh.opened.size, opts, (b, at, n) =>
      fh.read(b, at, n, null).then((r) => r.bytesRead),
    );
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * The first buffers of /proc reads, handed back when the read has its text: the daemon reads a few /proc files every
 * liveness poll and two a process on every scan, and each took a fresh 4 KB buffer (Node's own pool takes only smaller
 * ones), the most of what its idle loop left to collect (issue 56). At most this many are kept; a read that finds
 * none free makes its own, kept after it while there is room. A reader of many files (a scan of every process) reads
 * at most this many at once (procReads), so its reads find one free.
 */
export const PROC_BUFFERS_KEPT = 8;
const procBuffers: Buffer[] = [];

/**
 * readCapped for a file the kernel makes under /proc (a process's cmdline, stat): never a FIFO or a device, so no
 * fstat to check it, and plain descriptors instead of a FileHandle each. A scan reads one per process on the host, and
 * the FileHandles' promises and finalizers doubled its CPU. The kernel fills such a read with all that is left up to
 * the count asked for (its stat line whole, a cmdline or environ page after page), so a read that comes back short is
 * the end: no second read to be told so, a quarter of a scan's file operations.
 */
export async function readProcText(file: string, maxBytes: number): Promise<string> {
  const first = Math.min(maxBytes + 1, 4 * KiB);
  const lent = first === 4 * KiB ? (procBuffers.pop() ?? Buffer.allocUnsafe(first)) : undefined;
  try {
    const calls = fdCalls();
    const fd = await calls.open(file, FLAGS);
    try {
      return await readAll(
        file,
        maxBytes,
        0,
        { truncate: true, shortIsEnd: true },
        (b, at, n) => calls.read(fd, b, at, n, null),
        lent,
      );
    } finally {
      await calls.close(fd).catch(() => {});
    }
  } finally {
    // Its text is a string of its own by now (or there is none): the buffer is free again.
    if (lent && procBuffers.length < PROC_BUFFERS_KEPT) procBuffers.push(lent);
  }
}

/**
 * readProcText in this turn, for a /proc file of a line (a process's stat): /proc never waits on a disk, and for so
 * short a read the thread pool's round trips and their promises cost a liveness poll far more than the read (a tenth of
 * it at 50 µs, where readFileSync, which sizes a file of size 0 by reading it into 64 KB, took 220 µs). Truncated at
 * 4 KB.
 */
export function readProcLineSync(file: string): string {
  return readProcHeadSync(file).text;
}

/**
 * readProcText in this turn: up to `maxBytes` of a /proc file, read until a read comes back short. For a one-shot look
 * of its own, whose loop has nothing else to do (a gateway's environment in a check's process table).
 */
export function readProcTextSync(file: string, maxBytes: number): string {
  const fd = openSync(file, FLAGS);
  try {
    let buf = procBuffers.pop() ?? Buffer.allocUnsafe(4 * KiB);
    let got = 0;
    for (;;) {
      const room = Math.min(buf.length, maxBytes) - got;
      const n = room > 0 ? readSync(fd, buf, got, room, null) : 0;
      got += n;
      if (n < room || got >= maxBytes) break;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes));
      buf.copy(bigger, 0, 0, got);
      if (buf.length === 4 * KiB && procBuffers.length < PROC_BUFFERS_KEPT) procBuffers.push(buf);
      buf = bigger;
    }
    const text = buf.toString('utf8', 0, got);
    if (buf.length === 4 * KiB && procBuffers.length < PROC_BUFFERS_KEPT) procBuffers.push(buf);
    return text;
  } finally {
    closeSync(fd);
  }
}

/**
 * The first 4 KB of a /proc file, read in this turn as readProcLineSync reads, and whether that was all of it (a
 * command line may be longer: its head alone decides nothing then).
 */
export function readProcHeadSync(file: string): { text: string; whole: boolean } {
  const buf = procBuffers.pop() ?? Buffer.allocUnsafe(4 * KiB);
  try {
    const fd = openSync(file, FLAGS);
    try {
      const n = readSync(fd, buf, 0, buf.length, null);
      return { text: buf.toString('utf8', 0, n), whole: n < buf.length };
    } finally {
      closeSync(fd);
    }
  } finally {
    if (procBuffers.length < PROC_BUFFERS_KEPT) procBuffers.push(buf);
  }
}

/**
 * The buffer a capped read fills: it grows by doubling up to one byte past the cap, so that a file over the cap is seen
 * to be. Files are read until EOF (/proc files report size 0, so the size is only a hint). `first`: the buffer to start
 * with, when the caller lends one of the right size.
 */
function filler(file: string, maxBytes: number, sizeHint: number, first?: Buffer) {
  let buf = first ?? Buffer.allocUnsafe(Math.min(maxBytes + 1, sizeHint > 0 ? sizeHint + 1 : 4 * KiB));
  let got = 0;
  return {
    /** Where the next read goes, or undefined once the cap is passed. */
    room(): { buf: Buffer; at: number; n: number } | undefined {
      if (got === buf.length) {
        if (buf.length > maxBytes) return undefined;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      return { buf, at: got, n: buf.length - got };
    },
    add(n: number) {
      got += n;
    },
    text(truncate: boolean | undefined): string {
      if (got > maxBytes) {
        if (!truncate) throw tooLarge(file, maxBytes);
        got = maxBytes;
      }
      return buf.toString('utf8', 0, got);
    },
  };
}

async function readAll(
  file: string,
  maxBytes: number,
  sizeHint: number,
  opts: ReadOptions,
  read: (b: Buffer, at: number, n: number) => Promise<number>,
  first?: Buffer,
): Promise<string> {
  const f = filler(file, maxBytes, sizeHint, first);
  for (let r = f.room(); r; r = f.room()) {
    const n = await read(r.buf, r.at, r.n);
    if (n <= 0) break;
    f.add(n);
    if (opts.shortIsEnd && n < r.n) break;
  }
  return f.text(opts.truncate);
}

/** A regular file's text a piece at a time, for a reader that parses as it reads (the history, src/history/load.ts). */
export interface TextPieces {
  /** The next piece of at most `chunkBytes` bytes as text, or undefined at the end. Past `maxBytes`: EFBIG. */
  next(): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * readCapped a piece at a time: opened and checked as it opens (ENOTREG, EFBIG), then read `chunkBytes` at a time
 * into one buffer. A character cut by a piece's end is handed out whole with the next piece.
 */
export async function openTextPieces(file: string, maxBytes: number, chunkBytes: number): Promise<TextPieces> {
  const fh = await openRegular(file);
  if (fh.opened.size > maxBytes) {
    await fh.close().catch(() => {});
    throw tooLarge(file, maxBytes);
  }
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, fh.opened.size + 1)));
  const decoder = new StringDecoder('utf8');
  let total = 0;
  let done = false;
  return {
    async next() {
      if (done) return undefined;
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, maxBytes);
      if (bytesRead > 0) return decoder.write(buf.subarray(0, bytesRead));
      done = true;
      const rest = decoder.end();
      return rest || undefined;
    },
    close: () => fh.close().catch(() => {}),
  };
}

/**
 * The last whole lines within `maxBytes` of the end of a regular file (an append-only log read from its end). `open`:
 * how the file is opened (a look's shared opening: src/util/look-files.ts).
 */
export async function readTail(
  file: string,
  maxBytes: number,
  open: (file: string) => Promise<OpenFile> = openRegular,
): Promise<{ lines: string[]; mtimeMs: number; bytes: number }> {
  const fh = await open(file);
  const st = fh.opened;
  try {
    const start = Math.max(0, st.size - maxBytes);
    const buf = Buffer.allocUnsafe(st.size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    let lines = buf.toString('utf8', 0, bytesRead).split('\n');
    if (start > 0) lines = lines.slice(1); // the first line is cut
    return {
      lines: lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim()),
      mtimeMs: st.mtimeMs,
      bytes: bytesRead,
    };
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * Where a log's last rollover went: Python's RotatingFileHandler renames `<file>` to `<file>.1` (Hermes' agent.log,
 * errors.log and gateway.log, hermes-gateway.md §2.2), and the image's boot reconciler its container-boot.log the same.
 */
export const rotatedOf = (file: string): string => `${file}.1`;

/**
 * readTail across the last rollover: a log shorter than `maxBytes` (just rolled over) is read whole, after the end of
 * the file it rolled over from, within the same budget, so a story that began before the rollover is read whole.
 */
export async function readTailSpanning(
  file: string,
  maxBytes: number,
  open: (file: string) => Promise<OpenFile> = openRegular,
): Promise<{ lines: string[]; mtimeMs: number; bytes: number }> {
  const now = await readTail(file, maxBytes, open);
  if (now.bytes >= maxBytes) return now;
  const before = await readTail(rotatedOf(file), maxBytes - now.bytes, open).catch(() => undefined);
  if (!before) return now;
  return { lines: [...before.lines, ...now.lines], mtimeMs: now.mtimeMs, bytes: before.bytes + now.bytes };
}

/** readCapped for start-up code that is synchronous anyway (the config file). */
export function readCappedSync(file: string, maxBytes: number): string {
  const fd = openSync(file, FLAGS);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(file, st);
    const f = filler(file, maxBytes, st.size);
    for (let r = f.room(); r; r = f.room()) {
      const n = readSync(fd, r.buf, r.at, r.n, null);
      if (n <= 0) break;
      f.add(n);
    }
    return f.text(false);
  } finally {
    closeSync(fd);
  }
}
