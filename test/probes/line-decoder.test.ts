// The decoder hands out the same lines however the bytes are cut into reads, and however long the reads are (a long
// read is decoded a piece at a time).
import { describe, expect, it } from 'vitest';
import { createLineDecoder, splitLines } from '../../src/probes/line-decoder.js';
import { rng } from '../helpers/rng.js';

function text(rand: () => number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 400_000; i++) {
    const n = rand() < 0.01 ? 35_000 + Math.floor(rand() * 5_000) : Math.floor(rand() * 200);
    // Multi-byte characters too: a piece must never end inside one.
    const l = `${i} ${'é中a'.repeat(Math.ceil(n / 3)).slice(0, n)}`;
    lines.push(l);
    size += Buffer.byteLength(l) + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

describe('line decoder', () => {
  it('hands out the lines of one long read as splitLines does, through pieces', () => {
    const buf = text(rng(7));
    const d = createLineDecoder(128 * 1024);
    expect(d.take(buf, 0)).toEqual(splitLines(buf.subarray(0, buf.length - 1), 128 * 1024));
    expect(d.lineOff).toBe(buf.length);
  });

  it('hands out the same lines for reads of any size', () => {
    const rand = rng(11);
    const buf = text(rand);
    const want = splitLines(buf.subarray(0, buf.length - 1), 128 * 1024);
    for (const most of [1_000, 70_000, 300_000]) {
      const d = createLineDecoder(128 * 1024);
      const got: string[] = [];
      for (let at = 0; at < buf.length; ) {
        const n = Math.min(buf.length - at, 1 + Math.floor(rand() * most));
        got.push(...d.take(buf.subarray(at, at + n), at));
        at += n;
      }
      expect(got).toEqual(want);
      expect(d.lineOff).toBe(buf.length);
    }
  });
});
