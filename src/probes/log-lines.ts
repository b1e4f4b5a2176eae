// The last lines of a log file, read backwards in chunks: never the whole file, and never a whole huge line. A line
// longer than MAX_LINE_BYTES (a plugin that logs a 5 MB payload on one line) is kept as its start, with its length,
// and the lines written before it are read on past it: one huge line neither fills the budget nor hides the rest.
import { promises as fs } from 'node:fs';

const CHUNK = 64 * 1024;
/** A line longer than this is kept as its start only: more than /logs shows of any line. */
export const MAX_LINE_BYTES = 16 * 1024;
/** How far the scan goes through the inside of long lines (bytes it does not keep), looking for their start. */
const MAX_SKIP_BYTES = 256 << 20;

export interface LastLines {
  /** Oldest first. A long line is its start (MAX_LINE_BYTES). */
  lines: string[];
  /** The lines longer than MAX_LINE_BYTES, by their index in `lines`: their whole length in bytes. */
  long: Map<number, number>;
  /**
   * The scan ended inside a line longer than it reads through (MAX_SKIP_BYTES): that line, before the first of
   * `lines`, is not among them; this many of its last bytes were seen.
   */
  unread?: number;
}

/** The start of a long line, as text: a character cut at the end is left out, not shown as a replacement mark. */
const headText = (b: Buffer) => b.toString('utf8').replace(/\uFFFD+$/, '');

/**
 * The last `n` non-empty lines of `file`, holding at most `maxBytes` of them (a long line counts as its start): what
 * the lines cost in memory, not how far back they were written.
 */
export async function readLastLines(file: string, n: number, maxBytes = 4 << 20): Promise<LastLines> {
  const fh = await fs.open(file, 'r');
  const out: { text: string; bytes?: number }[] = [];
  let kept = 0;
  let skipped = 0;
  try {
    const { size } = await fh.stat();
    let pos = size;
    // The line being read backwards: its parts so far (newest first), their length, and whether it is long.
    let parts: Buffer[] = [];
    let len = 0;
    const end = async (start: number) => {
      if (len > MAX_LINE_BYTES) {
        const head = Buffer.alloc(MAX_LINE_BYTES);
        const { bytesRead } = await fh.read(head, 0, MAX_LINE_BYTES, start);
        out.push({ text: headText(head.subarray(0, bytesRead)), bytes: len });
        kept += MAX_LINE_BYTES;
      } else if (len > 0) {
        out.push({ text: Buffer.concat(parts.reverse(), len).toString('utf8') });
        kept += len;
      }
      parts = [];
      len = 0;
    };
    while (pos > 0 && out.length < n && kept < maxBytes && skipped < MAX_SKIP_BYTES) {
      const size = Math.min(CHUNK, pos);
      pos -= size;
      const buf = Buffer.alloc(size);
      await fh.read(buf, 0, size, pos);
      let to = size;
      for (let nl = buf.lastIndexOf(10, to - 1); to > 0; nl = to > 0 ? buf.lastIndexOf(10, to - 1) : -1) {
        const piece = buf.subarray(nl + 1, to);
        if (len + piece.length > MAX_LINE_BYTES) {
          skipped += piece.length;
          parts = [];
        } else parts.push(piece);
        len += piece.length;
        if (nl < 0) break;
        await end(pos + nl + 1);
        to = nl;
        if (out.length >= n || kept >= maxBytes) break;
      }
    }
    if (pos === 0 && out.length < n) await end(0);
    const lines = out.reverse();
    const long = new Map<number, number>();
    lines.forEach((l, i) => l.bytes !== undefined && long.set(i, l.bytes));
    return { lines: lines.map((l) => l.text), long, ...(len > MAX_LINE_BYTES && pos > 0 ? { unread: len } : {}) };
  } finally {
    await fh.close();
  }
}
