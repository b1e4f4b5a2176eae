// When a log began: the time on its first line. A log of runaway size (§10.2: a plugin's log at 63 GiB in about four
// days; runaway logs at 16 GiB a day, §10.4) tells its own rate to a cold look, its size against the time of its first
// line, without a second sample. Any of the formats a Hermes home's logs carry: Hermes' own (`2026-11-25 06:00:03,116
// INFO …`, local time), the Lark SDK's on stdout (`[Lark] [2026-11-25 06:00:03,116] [INFO] …`), an ISO stamp with its
// zone. One read of the file's first bytes; a log's pace lately, two small reads.
import { openRegular } from '../util/read-capped.js';

const HEAD = 512;
const STAMP = /(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?/;

/** The epoch ms of the first timestamp on a line, read as local time unless it carries its zone. */
export function stampOf(line: string): number | undefined {
  const m = STAMP.exec(line);
  if (!m) return undefined;
  const ms = Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0'));
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!m[8]) return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (m[8] === 'Z') return utc;
  const z = /([+-])(\d{2}):?(\d{2})/.exec(m[8])!;
  return utc - (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
}

const WINDOW = 4096;

/**
 * The time on the first stamped whole line at or after `offset` (within a small window), and on the last stamped line
 * of the file: two small reads. A log's pace lately is the bytes between them over the time between them (issue 54: a
 * 4.2 GiB log growing 450 MB an hour, old enough that its whole life's rate says nothing).
 */
export async function stampsAround(file: string, offset: number): Promise<{ at: number; last: number } | undefined> {
  const fh = await openRegular(file).catch(() => undefined);
  if (!fh) return undefined;
  try {
    const st = await fh.stat();
    const read = async (from: number) => {
      const buf = Buffer.alloc(WINDOW);
      const { bytesRead } = await fh.read(buf, 0, WINDOW, Math.max(0, from));
      // A run of NUL bytes (a file grown over a hole, a crash's preallocation) ends a line as a newline does.
      return buf.toString('utf8', 0, bytesRead).split(/\n|\0+/);
    };
    // From the byte before `offset`: the first line read is cut (or empty, when a line begins at `offset`).
    const at = (await read(offset - 1))
      .slice(offset > 0 ? 1 : 0, -1)
      .map(stampOf)
      .find((t) => t !== undefined);
    const tail = (await read(st.size - WINDOW)).slice(1);
    const last = tail
      .map(stampOf)
      .filter((t): t is number => t !== undefined)
      .at(-1);
    return at !== undefined && last !== undefined ? { at, last } : undefined;
  } catch {
    return undefined;
  } finally {
    await fh.close().catch(() => {});
  }
}

/** The time on the file's first line; undefined when it has none there or cannot be read. */
export async function firstLineTime(file: string): Promise<number | undefined> {
  const fh = await openRegular(file).catch(() => undefined);
  if (!fh) return undefined;
  try {
    const buf = Buffer.alloc(HEAD);
    const { bytesRead } = await fh.read(buf, 0, HEAD, 0);
    const text = buf.toString('utf8', 0, bytesRead);
    return stampOf(text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')));
  } catch {
    return undefined;
  } finally {
    await fh.close().catch(() => {});
  }
}
