// The last lines of a log file, read backwards in chunks: never the whole file.
import { promises as fs } from 'node:fs';

export async function readLastLines(
  file: string,
  n: number,
  match?: (line: string) => boolean,
  maxBytes = 4 << 20,
): Promise<string[]> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const chunk = 64 * 1024;
    let pos = size;
    let carry = '';
    const out: string[] = [];
    while (pos > 0 && out.length < n && size - pos < maxBytes) {
      const len = Math.min(chunk, pos);
      pos -= len;
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, pos);
      const text = buf.toString('utf8') + carry;
      const lines = text.split('\n');
      carry = pos > 0 ? lines.shift()! : '';
      for (let i = lines.length - 1; i >= 0 && out.length < n; i--) {
        const l = lines[i]!;
        if (l && (!match || match(l))) out.push(l);
      }
    }
    if (carry && out.length < n && (!match || match(carry))) out.push(carry);
    return out.reverse();
  } finally {
    await fh.close();
  }
}
