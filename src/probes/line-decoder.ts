// Bytes of a log, read in chunks that rarely end on a line end, as whole lines: a line cut by a read is carried over
// to the next chunk, an over-long one is cut to its head and the rest skipped. Tracks the byte after the last whole
// (or skipped) line, which is where a tail resumes after a restart.

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/**
 * A read's lines are cut from strings of about this size, not one string per read: a line is a slice that keeps its
 * string alive, and a 1 MB string lives in V8's large-object space, where 10 MB of reads a check made the old
 * generation grow and collect; pieces under 128 KB are young and die cheaply (and stay in cache while being split).
 */
const PIECE_BYTES = 64 * 1024;

/** Split bytes holding complete lines into strings, cutting over-long ones. Invalid UTF-8 becomes U+FFFD. */
export function splitLines(buf: Buffer, maxLineBytes = DEFAULT_MAX_LINE_BYTES): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    if (nl < 0) nl = buf.length;
    out.push(buf.toString('utf8', start, Math.min(nl, start + maxLineBytes)));
    start = nl + 1;
  }
  return out;
}

/** Whether every line in buf[from, end) is at most `max` bytes long. */
function fitsLines(buf: Buffer, from: number, end: number, max: number): boolean {
  while (end - from > max) {
    const nl = buf.indexOf(10, from);
    if (nl < 0 || nl >= end) return false;
    if (nl - from > max) return false;
    // Lines are short: jump ahead by `max` and look back for the newline nearest before it.
    const probe = buf.lastIndexOf(10, from + max);
    from = (probe > nl ? probe : nl) + 1;
  }
  return true;
}

export interface LineDecoder {
  /**
   * Consume one chunk read at byte `at`; returns the complete lines in it. `pieces`: each string returned holds one or
   * more whole lines joined by `\n` (a piece as cut, not split), for a reader that finds the lines it needs in a piece
   * with one native regex pass instead of handling every line in JavaScript.
   */
  take(buf: Buffer, at: number, pieces?: boolean): string[];
  /** Start afresh at `offset` (nothing carried); `skip`: the rest of the line at `offset` is dropped. */
  reset(offset: number, skip?: boolean): void;
  /** A line carried over with no newline yet, handed out whole (the file will not grow: it was rotated away). */
  flush(end: number): string | undefined;
  /** The byte after the last complete or skipped line. */
  readonly lineOff: number;
  /** Inside an over-long line whose rest is being dropped. */
  readonly skipping: boolean;
}

export function createLineDecoder(maxLine: number): LineDecoder {
  let lineOff = 0;
  let carry: Buffer[] = [];
  let carryLen = 0;
  let skipping = false;

  function take(buf: Buffer, at: number, pieces = false): string[] {
    const lines: string[] = [];
    let start = 0;
    // A line carried over from the last chunk (reads rarely end on a line end) or being skipped ends first, so the
    // rest of the chunk can take the common path.
    if (carryLen || skipping) {
      const nl = buf.indexOf(10);
      if (nl >= 0) {
        if (skipping) skipping = false;
        else {
          const whole = Buffer.concat([...carry, buf.subarray(0, nl)]);
          lines.push(whole.toString('utf8', 0, Math.min(whole.length, maxLine)));
          carry = [];
          carryLen = 0;
        }
        start = nl + 1;
        lineOff = at + start;
      }
    }
    // The common case, decoded a piece at a time: nothing carried over or being skipped, and no line longer than maxLine.
    if (!carryLen && !skipping) {
      const last = buf.lastIndexOf(10);
      if (last >= start && fitsLines(buf, start, last, maxLine)) {
        while (start <= last) {
          let end = last;
          if (last - start > PIECE_BYTES) {
            end = buf.lastIndexOf(10, start + PIECE_BYTES);
            if (end < start) end = buf.indexOf(10, start + PIECE_BYTES); // a line longer than a piece
          }
          const text = buf.toString('utf8', start, end);
          start = end + 1;
          if (pieces) {
            lines.push(text);
            continue;
          }
          let from = 0;
          for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
            lines.push(text.slice(from, nl));
            from = nl + 1;
          }
          lines.push(text.slice(from));
        }
        lineOff = at + start;
      }
    }
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      const piece = buf.subarray(start, nl);
      if (skipping) skipping = false;
      else if (carryLen) {
        const whole = Buffer.concat([...carry, piece]);
        lines.push(whole.toString('utf8', 0, Math.min(whole.length, maxLine)));
        carry = [];
        carryLen = 0;
      } else lines.push(piece.toString('utf8', 0, Math.min(piece.length, maxLine)));
      start = nl + 1;
      lineOff = at + start;
    }
    const rest = buf.subarray(start);
    if (!rest.length) return lines;
    if (skipping) {
      lineOff = at + buf.length;
    } else {
      carry.push(rest);
      carryLen += rest.length;
      if (carryLen > maxLine) {
        // A runaway line: hand out its head (it holds the timestamp and logger) and drop the rest.
        lines.push(Buffer.concat(carry).toString('utf8', 0, maxLine));
        carry = [];
        carryLen = 0;
        skipping = true;
        lineOff = at + buf.length;
      }
    }
    return lines;
  }

  return {
    take,
    reset(offset, skip = false) {
      lineOff = offset;
      carry = [];
      carryLen = 0;
      skipping = skip;
    },
    flush(end) {
      if (!carryLen || skipping) return undefined;
      const line = Buffer.concat(carry).toString('utf8', 0, Math.min(carryLen, maxLine));
      carry = [];
      carryLen = 0;
      lineOff = end;
      return line;
    },
    get lineOff() {
      return lineOff;
    },
    get skipping() {
      return skipping;
    },
  };
}
