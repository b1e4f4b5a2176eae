// What the supervisors share: the gateway's last error line in the output a supervisor keeps (the cause a give-up or a
// loop is quoted with), and a local time as their logs write it (no zone).
import { redact } from '../../util/redact.js';
import path from 'node:path';
import { KiB, readCapped, readTail } from '../../util/read-capped.js';
import { homeOfRun } from './run-file.js';

/** A Python exception's own line (the last of a traceback), or a line a program prints when it fails. */
const EXCEPTION = /^([\w.]+(?:Error|Exception|Exit|Interrupt)): \S/;
const FAILED = /\b(error|fatal|failed|cannot|can't|unable|denied|not found|no such)\b/i;

/**
 * The stamp a supervisor's logger puts before each line: svlogd's `-t` (TAI64N, `@4000…`), `-tt`
 * (`2026-11-28_13:30:01.12345`) and `-ttt` (ISO), pm2's `--time` (`2026-11-28T13:30:01: `), s6-log's ISO 8601.
 */
const STAMP = /^(?:@[0-9a-f]{24}|\d{4}-\d\d-\d\d[T_ ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?:?)\s+/;

/** The line of `lines` that says why it died: the last exception line, else the last that says it failed. */
export function causeLine(lines: readonly string[]): string | undefined {
  const clean = lines.map((l) => l.trim().replace(STAMP, '')).filter(Boolean);
  const hit = [...clean].reverse().find((l) => EXCEPTION.test(l)) ?? [...clean].reverse().find((l) => FAILED.test(l));
  return hit ? redact(hit).slice(0, 300) : undefined;
}

/** The cause line of a log file's tail (64 KiB), or undefined when it has none or cannot be read. */
export async function causeOfFile(file: string): Promise<string | undefined> {
  const tail = await readTail(file, 64 * KiB).catch(() => undefined);
  return tail ? causeLine(tail.lines) : undefined;
}

/** Epoch ms of a local wall-clock time (the host's zone), as pm2 and supervisord write their logs. */
export function localMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
}

/** A service folder (runit's, s6's) whose `run` runs the gateway of this home. */
export async function runServesHome(dir: string, home: string, userHome: string): Promise<boolean> {
  return (await homeOfRun(dir, userHome)) === path.resolve(home);
}

/** The file a service's logger (`svlogd`, `s6-log`) writes its output to: log/run's last argument, `current` in it. */
export async function loggerCurrent(dir: string, logger: 'svlogd' | 's6-log'): Promise<string | undefined> {
  const run = await readCapped(path.join(dir, 'log', 'run'), 16 * KiB).catch(() => '');
  const m = new RegExp(`\\b${logger}\\b[^\\n]*?\\s(\\S+)\\s*$`, 'm').exec(run);
  return m ? path.join(path.resolve(path.join(dir, 'log'), m[1]!), 'current') : undefined;
}
