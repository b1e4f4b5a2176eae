// When a log began: the time on its first line. A log of runaway size (§10.2: a plugin's log at 63 GiB in about four
// days; runaway logs at 16 GiB a day, §10.4) tells its own rate to a cold look, its size against the time of its first
// line, without a second sample. Any of the formats a Hermes home's logs carry: Hermes' own (`2026-11-25 06:00:03,116
// INFO …`, local time), the Lark SDK's on stdout (`[Lark] [2026-11-25 06:00:03,116] [INFO] …`), an ISO stamp with its
// zone. One read of the file's first bytes; a log's pace lately, two small reads.
import { openRegular, type OpenFile } from '../util/read-capped.js';
import { instantOf, zoneOf, type WriterZone } from './log-zone.js';

const HEAD = 512;
const STAMP = /(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?/;

/** The epoch ms of the first timestamp on a line, read in the writer's `zone` unless it carries its own. */
export function stampOf(line: string, zone?: WriterZone): number | undefined {
  const m = STAMP.exec(line);
  if (!m) return undefined;
  const ms = Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0'));
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!m[8]) return instantOf(y, mo, d, h, mi, s, ms, zone);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (m[8] === 'Z') return utc;
  const z = /([+-])(\d{2}):?(\d{2})/.exec(m[8])!;
  return utc - (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
}

const WINDOW = 4096;

/** Reads up to WINDOW bytes of an open file from `from`, as lines; a run of NUL bytes (a file grown over a hole, a
 * crash's preallocation) ends a line as a newline does. */
async function linesAt(fh: OpenFile, from: number): Promise<string[]> {
  const buf = Buffer.alloc(WINDOW);
  const { bytesRead } = await fh.read(buf, 0, WINDOW, Math.max(0, from));
  return buf.toString('utf8', 0, bytesRead).split(/\n|\0+/);
}

/** `read` on the file opened, or undefined when it cannot be opened or read. */
async function withFile<T>(file: string, read: (fh: OpenFile, size: number) => Promise<T>): Promise<T | undefined> {
  const fh = await openRegular(file).catch(() => undefined);
  if (!fh) return undefined;
  try {
    return await read(fh, fh.opened.size);
  } catch {
    return undefined;
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * The time on the first stamped whole line at or after `offset` (within a small window): one small read. Against the
 * last line's (tailOf), the bytes between them over the time between them are a log's pace lately (issue 54: a 4.2 GiB
 * log growing 450 MB an hour, old enough that its whole life's rate says nothing).
 */
export async function stampAt(file: string, offset: number): Promise<number | undefined> {
  return withFile(file, async (fh) =>
    // From the byte before `offset`: the first line read is cut (or empty, when a line begins at `offset`).
    (await linesAt(fh, offset - 1))
      .slice(offset > 0 ? 1 : 0, -1)
      .map((l) => stampOf(l, zoneOf(file)))
      .find((t) => t !== undefined),
  );
}

/**
 * A log's end as one small read tells it: the time on its last stamped line, and how long its lines are (bytes a line
 * over its whole last lines: a pace in bytes said in lines, an MCP server's stderr at ~1,600 lines a second).
 */
export async function tailOf(file: string): Promise<{ last?: number; lineBytes?: number } | undefined> {
  return withFile(file, async (fh, size) => {
    // The first line read is cut, and so is the last one while it is being written.
    const lines = (await linesAt(fh, size - WINDOW)).slice(size > WINDOW ? 1 : 0);
    // A hole's NULs split like newlines: only lines with something on them are measured.
    const whole = lines.slice(0, -1).filter((l) => l.length > 0);
    const last = lines
      .map((l) => stampOf(l, zoneOf(file)))
      .filter((t): t is number => t !== undefined)
      .at(-1);
    const bytes = whole.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    return {
      ...(last !== undefined ? { last } : {}),
      ...(whole.length >= 2 ? { lineBytes: bytes / whole.length } : {}),
    };
  });
}

/** The time on the file's first line; undefined when it has none there or cannot be read. */
export async function firstLineTime(file: string): Promise<number | undefined> {
  return withFile(file, async (fh) => {
    const buf = Buffer.alloc(HEAD);
    const { bytesRead } = await fh.read(buf, 0, HEAD, 0);
    const text = buf.toString('utf8', 0, bytesRead);
    return stampOf(text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')), zoneOf(file));
  });
}
