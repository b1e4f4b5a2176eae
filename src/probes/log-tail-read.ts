// A log tail's reads (log-tail.ts): the open inode, where in it the next line begins, and what became of the file
// between two passes (rotated away, truncated, replaced, gone).
//
// Hermes rotates with RotatingFileHandler (gateway.log → gateway.log.1, new gateway.log) and also copes with an
// external `mv`; some setups copytruncate. We keep the current inode open, so after a rename the old inode's last
// bytes are still read from our own descriptor before switching to the new file. After a restart (no descriptor),
// the saved inode is looked up at `<file>.1`. Only complete lines are emitted; the position handed on with them is
// the byte after the last complete line, so a restart never loses or repeats a line.
import { promises as fsp, type Stats } from 'node:fs';
import { openRegular, rotatedOf, type OpenFile } from '../util/read-capped.js';
import { createLineDecoder } from './line-decoder.js';
import { learnZone, noteFileEnd } from './log-zone.js';

export interface LogPosition {
  ino: number;
  /** File size when last read: a smaller size later means the file was truncated, even if it regrew past `offset`. */
  size?: number;
  /** Byte after the last complete line handed out (or after the bytes of an over-long line being skipped). */
  offset: number;
  /** In the middle of an over-long line whose head was already emitted: drop bytes up to the next newline. */
  skipping?: boolean;
}

export interface TailReaderOptions {
  /** An absolute path. */
  file: string;
  /** Where to resume; without one, see `startAt`. */
  position?: LogPosition;
  /** Without a position: `end` follows new lines only, `start` reads the existing file first. */
  startAt: 'end' | 'start';
  maxLineBytes: number;
  chunkBytes: number;
  /** Lines handed on as pieces of whole lines (LineDecoder.take). */
  pieces: boolean;
  /** Counted as the reads go. */
  stats: { bytesRead: number; lines: number };
  onLines(lines: string[], position: LogPosition, bytes: number): void | Promise<void>;
  /** onLines failed: the read goes on. */
  report(err: unknown): void;
  /** The tail was stopped: a read in progress ends after its chunk. */
  stopped(): boolean;
}

export interface TailReader {
  /** Reads whatever is new, across a rotation or truncation since the last pass. Throws on an unexpected error. */
  pass(): Promise<void>;
  /** After a pass that threw: the file is closed, and the next pass starts over from the last good position. */
  startOver(): Promise<void>;
  position(): LogPosition | undefined;
  close(): Promise<void>;
}

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
async function openOrNull(file: string): Promise<OpenFile | null> {
  try {
    return await openRegular(file);
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/** Following from the end: start after the last newline so a line being written is not cut in two. */
async function lastLineStart(
  h: OpenFile,
  size: number,
  maxLine: number,
  stats: { bytesRead: number },
): Promise<number> {
  if (size === 0) return 0;
  const n = Math.min(size, maxLine);
  const buf = Buffer.allocUnsafe(n);
  const { bytesRead } = await h.read(buf, 0, n, size - n);
  stats.bytesRead += bytesRead;
  const nl = buf.subarray(0, bytesRead).lastIndexOf(10);
  return nl < 0 ? size : size - n + nl + 1;
}

export function createTailReader(o: TailReaderOptions): TailReader {
  const { file, stats } = o;
  // The open inode, if any.
  let fh: OpenFile | null = null;
  let ino = 0;
  let readOff = 0; // next byte to read
  let lastSize = 0;
  const decoder = createLineDecoder(o.maxLineBytes);
  // A position not yet matched to an open file; undefined once consumed.
  let saved: LogPosition | undefined = o.position;
  let firstPass = true;
  let lastPos: LogPosition | undefined = o.position;

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
      await o.onLines(lines, lastPos, bytes);
    } catch (e) {
      o.report(e);
    }
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
    // Far behind: the zone the file's end says its lines are in, before the chunks up to it are read.
    if (st.size - readOff > o.chunkBytes) await learnZone(file, fh, st, true);
    while (readOff < st.size && !o.stopped()) {
      const n = Math.min(o.chunkBytes, st.size - readOff);
      const buf = Buffer.allocUnsafe(n);
      const { bytesRead } = await fh.read(buf, 0, n, readOff);
      if (bytesRead <= 0) break;
      const at = readOff;
      readOff += bytesRead;
      stats.bytesRead += bytesRead;
      const from = decoder.lineOff;
      const lines = decoder.take(buf.subarray(0, bytesRead), at, o.pieces);
      // Its last record, written at its mtime: the zone its lines are stamped in, learnt before they are read.
      if (decoder.lineOff === st.size && lines.length) noteFileEnd(file, lines, st.mtimeMs);
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
    const h = await openOrNull(rotatedOf(file)).catch(() => null);
    if (!h) return;
    const st = h.opened;
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
    const st = h.opened;
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
    } else if (!saved && firstPass && o.startAt === 'end') {
      resetTo(await lastLineStart(h, st.size, o.maxLineBytes, stats));
    } else resetTo(0); // a new inode, or a file that appeared while we were waiting for it
    saved = undefined;
    firstPass = false;
    lastPos = pos();
    return true;
  }

  return {
    async pass() {
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
      if (o.stopped()) return;
      saved = undefined;
      firstPass = false;
      if (await openCurrent()) await readToEnd();
    },
    async startOver() {
      if (!fh) return;
      saved = pos();
      await closeFile();
    },
    position: () => (fh ? pos() : lastPos),
    close: closeFile,
  };
}
