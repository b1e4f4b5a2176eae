// Starts that refused because they did not see themselves supervised (hermes-gateway-current.md §9.16, #82538): each
// prints `✗ A gateway is already running under <manager> for this profile.` and exits 1 within a second, before any
// log record. The print goes to stdout, which launchd writes to gateway.log (§5) untimestamped: the log parser skips
// such lines, so they are read here, from the log's tail, only while no gateway of the home is alive.
import type { RefusedStarts } from '../evidence.js';
import { isRecordLine } from './log-parse.js';
import { KiB, readTail } from '../util/read-capped.js';
import type { OpenRegular } from '../util/look-files.js';

/** `_guard_supervised_gateway_conflict`'s first line (§9.16). */
export const REFUSED = /^✗ A gateway is already running under (.+?) for this profile\.$/;
/** A few dozen refusals with their advice; the loop needs three. */
const TAIL_BYTES = 16 * KiB;

/**
 * The refusals written after the log's last record (a healthy run's lines after them mean they are over), with the
 * log's mtime: the raw prints carry no time, and the last write is the latest of them.
 */
export function refusedStartsIn(lines: readonly string[], mtimeMs: number): RefusedStarts | undefined {
  let i = lines.length - 1;
  while (i >= 0 && !isRecordLine(lines[i]!)) i--;
  const after = lines.slice(i + 1).filter((l) => REFUSED.test(l));
  if (!after.length) return undefined;
  return { count: after.length, manager: REFUSED.exec(after.at(-1)!)![1]!, line: after.at(-1)!, lastAt: mtimeMs };
}

/** `open`: the look's shared opening of the file (src/util/look-files.ts). */
export async function readRefusedStarts(file: string, open?: OpenRegular): Promise<RefusedStarts | undefined> {
  const tail = await readTail(file, TAIL_BYTES, open).catch(() => undefined);
  return tail && refusedStartsIn(tail.lines, tail.mtimeMs);
}
