// The time zone a home's logs are written in. Hermes stamps each line with logging's asctime: the gateway's own local
// time, with no zone in it. A gateway in another zone than gatewatch (the image's UTC beside a host in Asia/Shanghai, a
// VPS in New York watched from a box in Berlin) read in ours had its last line "5h old" seconds after it was written.
//
// The files say it themselves: a file's last record (and the traceback logged with it) was written when the file was
// last modified. Its stamp read as UTC, less that moment, is the writer's offset from UTC, to the quarter hour every
// zone keeps. A stamp not within seconds of such an offset (a file touched, or ended by lines printed later) teaches
// nothing. Each history read and each tail read that reaches a file's end learns it again, so a gateway started in
// another zone is read in its new one from its next line on. One offset for the whole of a folder: what one writer
// stamped in summer and in winter is read at today's offset (a DST change ago, an hour off), unless it is this host's
// zone, read as this host reads its own.
import path from 'node:path';
import { openRegular, type OpenFile } from '../util/read-capped.js';

/** The writer's UTC offset in ms, or undefined: this host's own zone (its DST and all). */
export type WriterZone = number | undefined;

const QUARTER_MS = 15 * 60_000;
/** A line is stamped as it is written (logging flushes each record): a sick disk may hold it seconds, not minutes. */
const SLACK_MS = 10_000;
/** UTC−12 to UTC+14: the zones there are. */
const EARLIEST_MS = -12 * 3600_000;
const LATEST_MS = 14 * 3600_000;

/**
 * A line's stamp at its head, as the writer's records carry it: Hermes' (`%(asctime)s …`), or the lark SDK's own stdout
 * handler's (`[Lark] [%(asctime)s] [%(levelname)s] …`, lark_oapi/core/log.py), which launchd sends into gateway.log.
 */
const STAMP = /^(?:\[Lark\] \[)?(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3})[ \]]/;

/** A stamp's fields read as if UTC, or undefined for a line that does not begin with one. */
function stampFieldsAsUtc(line: string): number | undefined {
  const m = STAMP.exec(line);
  if (!m) return undefined;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The instant a stamp's wall time names (month from 1), written in `zone`: this host's as it reads its own (its DST
 * and all) where undefined.
 */
export function instantOf(y: number, mo: number, d: number, h: number, mi: number, s = 0, ms = 0, zone?: WriterZone) {
  return zone === undefined
    ? new Date(y, mo - 1, d, h, mi, s, ms).getTime()
    : Date.UTC(y, mo - 1, d, h, mi, s, ms) - zone;
}

/** This host's UTC offset at `t`, in ms. */
export const hostOffsetAt = (t: number): number => -new Date(t).getTimezoneOffset() * 60_000;

/** What `line`, the last of a file modified at `mtimeMs`, says of its writer's zone; null when it says nothing. */
export function zoneFromLastLine(line: string, mtimeMs: number): WriterZone | null {
  const fields = stampFieldsAsUtc(line);
  if (fields === undefined) return null;
  const off = fields - mtimeMs;
  const quarter = Math.round(off / QUARTER_MS) * QUARTER_MS;
  if (Math.abs(off - quarter) > SLACK_MS || quarter < EARLIEST_MS || quarter > LATEST_MS) return null;
  return quarter === hostOffsetAt(mtimeMs) ? undefined : quarter;
}

/** By folder: a home's logs, every file in it written by the same gateway and its tools. One entry a watched folder. */
const zones = new Map<string, WriterZone>();

/** Lines back from a file's end to its last record: a traceback logged with it (logger.exception) is one write. */
const BACK_LINES = 400;

/**
 * A line of a traceback Python wrote with the record before it: indented frames and source, its header, the words
 * between chained ones, the exception's own line. Anything else after the last record (a print to stdout a service
 * manager sends into gateway.log, minutes later) was written at another time than the record, and tells nothing.
 */
const TRACEBACK_LINE =
  /^(?:\s|$|Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause|[A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit|Warning|Group)\b)/;

/**
 * The last record among the lines that end a file (whole lines, or pieces of lines joined by `\n`, oldest first), when
 * every line after it is a traceback written with it; undefined otherwise, or when none is near the end.
 */
export function lastRecordOf(lines: readonly string[]): string | undefined {
  let seen = 0;
  for (let i = lines.length - 1; i >= 0 && seen < BACK_LINES; i--) {
    const piece = lines[i]!;
    for (let end = piece.length; seen++ < BACK_LINES; ) {
      const from = end === 0 ? 0 : piece.lastIndexOf('\n', end - 1) + 1;
      const head = piece.slice(from, Math.min(end, from + 96));
      if (STAMP.test(head)) return piece.slice(from, end);
      if (!TRACEBACK_LINE.test(head)) return undefined;
      if (from === 0) break;
      end = from - 1;
    }
  }
  return undefined;
}

/**
 * Learns the zone of the folder of `file` from the lines that end it (lastRecordOf) and its last write (zoneFromLastLine);
 * lines that say nothing change nothing.
 */
export function noteFileEnd(file: string, lines: readonly string[], mtimeMs: number): void {
  const last = lastRecordOf(lines);
  const z = last === undefined ? null : zoneFromLastLine(last, mtimeMs);
  tried.set(path.dirname(file), mtimeMs);
  // Bounded by the folders gatewatch reads: a line chooses a value, never a key.
  if (z !== null) zones.set(path.dirname(file), z);
}

/** What one read of a file's last bytes takes: its last record and a traceback after it. */
const LAST_BYTES = 16 * 1024;
/** By folder, the last write a read of its end was told nothing by: not read again until the file is written. */
const tried = new Map<string, number>();

/**
 * Learns the zone of `file`'s folder from the end of the open file (`st`: its stat now), unless a read of that folder
 * taught it already (`again`: whatever it taught): a one-shot look's readers run side by side, and the first to parse
 * must not read the hours in ours; a tail far behind learns before it reads the lines in between.
 */
export async function learnZone(file: string, fh: OpenFile, st = fh.opened, again = false): Promise<void> {
  const folder = path.dirname(file);
  if ((!again && zones.has(folder)) || tried.get(folder) === st.mtimeMs || st.size === 0) return;
  const n = Math.min(LAST_BYTES, st.size);
  const buf = Buffer.allocUnsafe(n);
  const { bytesRead } = await fh.read(buf, 0, n, st.size - n).catch(() => ({ bytesRead: 0 }));
  if (bytesRead !== n || buf[n - 1] !== 10) return;
  const text = buf.toString('utf8', 0, n - 1);
  // The first line is cut unless the read began the file.
  noteFileEnd(file, [n < st.size ? text.slice(text.indexOf('\n') + 1) : text], st.mtimeMs);
}

/** learnZone through a file of our own opening: a reader of the folder's other logs first (a served profile's root). */
export async function learnZoneOf(file: string): Promise<void> {
  if (zones.has(path.dirname(file))) return;
  const fh = await openRegular(file).catch(() => undefined);
  if (!fh) return;
  try {
    await learnZone(file, fh);
  } finally {
    await fh.close().catch(() => {});
  }
}

/** The zone the lines of `file` are written in, as its folder's files last said. */
export function zoneOf(file: string): WriterZone {
  return zones.size === 0 ? undefined : zones.get(path.dirname(file));
}
