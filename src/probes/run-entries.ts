// The entries a run tracker holds: records, and the lines of its tail not parsed yet. What of them is worth keeping
// from the middle of a long run, and the copies that let go of the tailer's reads.
import type { LogRecord } from '../evidence.js';
import { parseLogLine } from './log-parse.js';
import { RUNNER_TRAFFIC } from './log-traffic.js';

/**
 * `s` copied out of the text it was cut from. The tailer cuts a read's lines from strings of up to 64 KB and V8 keeps
 * that whole string alive for any slice of it: what a run keeps for its lifetime (head, up to 1000 important records,
 * the newest inbound line per platform) must hold only its own bytes. Concatenation then slicing makes a flat copy.
 */
export const own = (s: string): string => (' ' + s).slice(1);
export const ownRecord = (r: LogRecord): LogRecord => ({
  ...r,
  logger: own(r.logger),
  message: own(r.message),
  line: own(r.line),
});

const LIFECYCLE_NOISE = /^(inbound message|response ready):/;
const CONNECTION = /connect|reconnect|resum|disconnect|ready|fatal|shutdown|stopp/i;

/** Worth keeping from the middle of a long run. */
export function isImportant(r: LogRecord): boolean {
  if (r.level !== 'INFO' && r.level !== 'DEBUG') return true;
  if (r.logger === 'gateway.run') return !LIFECYCLE_NOISE.test(r.message);
  return CONNECTION.test(r.message);
}

/**
 * A tail line not parsed yet. A busy gateway's lines mostly pass through the tail and are dropped unread (neither
 * head nor important): they are parsed only if they stay (a view is asked for, or they are important on the way out).
 */
export interface Pending {
  raw: string;
  extra?: string[];
  /** The runner's message traffic (isTrafficEntry). */
  traffic?: true;
}
/**
 * A bare string is a pending line of the runner's message traffic without continuation lines: most lines of a busy
 * gateway, held with no object per line, and known to be dropped on the way out without a second look at it.
 */
export type Entry = LogRecord | Pending | string;
export const isPending = (e: Entry): e is Pending | string => typeof e === 'string' || (e as Pending).raw !== undefined;
export const rawOf = (e: Pending | string) => (typeof e === 'string' ? e : e.raw);
export const extraOf = (e: Pending | string) => (typeof e === 'string' ? undefined : e.extra);
export const isTrafficEntry = (e: Pending | string) => typeof e === 'string' || e.traffic === true;

/** isImportant for a line known to be a record (isRecordLine): read from its header, without parsing it whole. */
export function isImportantLine(line: string): boolean {
  if (RUNNER_TRAFFIC.test(line)) return false;
  // `YYYY-MM-DD HH:MM:SS,mmm LEVEL[ [tag]] logger: message`: the level starts at 24.
  let p: number;
  if (line.startsWith('INFO ', 24)) p = 28;
  else if (line.startsWith('DEBUG ', 24)) p = 29;
  else return true;
  if (line.charCodeAt(p + 1) === 91 /* [ */) p = line.indexOf(']', p) + 1;
  const colon = line.indexOf(': ', p + 1);
  if (colon - (p + 1) === 11 && line.startsWith('gateway.run', p + 1)) {
    return !line.startsWith('inbound message:', colon + 2) && !line.startsWith('response ready:', colon + 2); // LIFECYCLE_NOISE
  }
  return CONNECTION.test(line.slice(colon + 2));
}

/**
 * Parse the pending entries of entries[from..] in place, each record on to `settled`; a line that no longer reads as a
 * record is dropped. Returns the new length: entries[..length) then holds records only.
 */
export function settleEntries(entries: Entry[], from: number, settled: (r: LogRecord) => void): number {
  let out = from;
  for (let i = out; i < entries.length; i++) {
    let e = entries[i]!;
    if (isPending(e)) {
      const r = parseLogLine(rawOf(e));
      if (!r) continue;
      const extra = extraOf(e);
      if (extra) r.extra = extra;
      e = r;
    }
    settled(e);
    entries[out++] = e;
  }
  entries.length = out;
  return out;
}
