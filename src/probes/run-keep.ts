// What a run tracker keeps of a long run: the records worth keeping from its middle, and copies of them that let go of
// the tailer's reads.
import type { LogRecord } from '../evidence.js';
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
