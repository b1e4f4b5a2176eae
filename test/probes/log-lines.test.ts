// The last lines of a log, read backwards: one huge line is kept as its start with its length, and the lines written
// before it are read on past it (issue 55 item 9); a line split between two reads, or a character split between
// them, comes back whole.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, readLastLines } from '../../src/probes/log-lines.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-log-lines-'));
let k = 0;
function file(text: string): string {
  const f = path.join(dir, `${k++}.log`);
  writeFileSync(f, text);
  return f;
}
const numbered = (from: number, to: number, word: string) =>
  Array.from({ length: to - from }, (_, i) => `${word} ${from + i}\n`).join('');

describe('readLastLines', () => {
  it('keeps a 5 MB line as its start, with its length, and reads the lines before it', async () => {
    const huge = `WARNING huge ${'x'.repeat(5 << 20)}`;
    const f = file(`${numbered(0, 20, 'before')}${huge}\n${numbered(0, 15, 'after')}`);
    const r = await readLastLines(f, 30);
    expect(r.lines).toHaveLength(30);
    expect(r.lines[0]).toBe('before 6');
    expect(r.lines[13]).toBe('before 19');
    expect(r.lines[14]!.startsWith('WARNING huge xxx')).toBe(true);
    expect(Buffer.byteLength(r.lines[14]!)).toBe(MAX_LINE_BYTES);
    expect(r.long).toEqual(new Map([[14, Buffer.byteLength(huge)]]));
    expect(r.lines[15]).toBe('after 0');
    expect(r.lines.at(-1)).toBe('after 14');
    expect(r.unread).toBeUndefined();
  });

  it('a huge line that is the first or the last of the file', async () => {
    const huge = `first ${'y'.repeat(200_000)}`;
    const a = await readLastLines(file(`${huge}\n${numbered(0, 3, 'then')}`), 10);
    expect(a.lines.map((l) => l.slice(0, 7))).toEqual(['first y', 'then 0', 'then 1', 'then 2']);
    expect(a.long).toEqual(new Map([[0, Buffer.byteLength(huge)]]));
    const b = await readLastLines(file(`${numbered(0, 2, 'was')}${huge}`), 10);
    expect(b.lines.map((l) => l.slice(0, 7))).toEqual(['was 0', 'was 1', 'first y']);
    expect(b.long).toEqual(new Map([[2, Buffer.byteLength(huge)]]));
  });

  it('lines and characters split between two reads come back whole; empty lines are skipped', async () => {
    // 64 KB reads: lines of multi-byte characters cross their bounds at every offset.
    const lines = Array.from({ length: 400 }, (_, i) => `${i} ${'日志'.repeat(50 + (i % 37))}`);
    const r = await readLastLines(file(`${lines.join('\n\n')}\n`), 1000);
    expect(r.lines).toEqual(lines);
    expect(r.long.size).toBe(0);
  });

  it('a line just under the limit is kept whole; one just over, as its start', async () => {
    const under = 'u'.repeat(MAX_LINE_BYTES);
    const over = `${'o'.repeat(MAX_LINE_BYTES)}é`;
    const r = await readLastLines(file(`${under}\n${over}\nend\n`), 5);
    expect(r.lines).toEqual([under, 'o'.repeat(MAX_LINE_BYTES), 'end']);
    expect(r.long).toEqual(new Map([[1, MAX_LINE_BYTES + 2]]));
  });

  it('stops at n lines and at the bytes it may hold', async () => {
    const f = file(numbered(0, 1000, 'line'));
    expect((await readLastLines(f, 3)).lines).toEqual(['line 997', 'line 998', 'line 999']);
    expect((await readLastLines(f, 1000, 24)).lines).toEqual(['line 997', 'line 998', 'line 999']);
  });
});
