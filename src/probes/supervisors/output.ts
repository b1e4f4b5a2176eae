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

/** Hermes' own record of a line (`[2026-… ]WARNING gateway.plugins: …`, its stamp taken off or not): its level. */
const LEVEL = /^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} )?(DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.-]+: /;
/** The first line of a life's output: Hermes starting. */
const LIFE_START = /Starting Hermes Gateway\.\.\./;

/**
 * A line a program marks as its error: `[stage2] ERROR: …` (the image's boot refusing `--user`), `s6-overlay-suexec:
 * fatal: …`, `FATAL: …`, `Error: …` (Node's), `[ERROR] …` and `ERROR [stage2] …` (a level in brackets or before a
 * tag). The prose an error goes on with ("… cannot repair startup state — startup") is not it.
 */
const TAGGED =
  /^(?:\[[\w.-]+\]\s*)?(?:[\w./-]+:\s+)?(?:(?:ERROR|FATAL|CRITICAL|Error|error|fatal)(?::|!)\s|\[(?:ERROR|FATAL|CRITICAL)\]\s|(?:ERROR|FATAL|CRITICAL)\s+\[)/;

/**
 * How surely a line says why the gateway died: 4 an exception, 3 an error it logged or a program marked as its error,
 * 2 a failure said bare, 1 one it warned of.
 */
function causeRank(l: string): number {
  if (EXCEPTION.test(l)) return 4;
  const level = LEVEL.exec(l)?.[1];
  if (level === 'ERROR' || level === 'CRITICAL' || (!level && TAGGED.test(l))) return 3;
  if (!FAILED.test(l)) return 0;
  return level ? 1 : 2;
}

/**
 * The line of `lines` that says why it died, from its last lives (each begins at Hermes' start line), newest first:
 * in the first that has one, its last exception, else its last error (logged as one, or a failure said bare); else the
 * last failure the newest warned of. A life just begun in a loop has not died yet: the one before it says why. A
 * warning every healthy start writes (a plugin that did not load) or a link that dropped a life ago is not it.
 */
export function causeLine(lines: readonly string[]): string | undefined {
  // A runtime's stamp (`docker logs --timestamps`) before Hermes' own: both taken off.
  const clean = lines.map((l) => l.trim().replace(STAMP, '').replace(STAMP, '')).filter(Boolean);
  const lives: string[][] = [];
  let end = clean.length;
  for (let i = clean.length - 1; i >= 0 && lives.length < LIVES_READ; i--)
    if (i === 0 || LIFE_START.test(clean[i]!)) {
      lives.push(clean.slice(i, end).reverse());
      end = i;
    }
  let hit: string | undefined;
  for (const life of lives) {
    for (let rank = 4; !hit && rank >= 2; rank--) hit = life.find((l) => causeRank(l) === rank);
    if (hit) break;
  }
  hit ??= lives.map((life) => life.find((l) => causeRank(l) === 1)).find(Boolean);
  return hit ? redact(hit).slice(0, 300) : undefined;
}

/** How many lives back a cause is looked for: a loop's newest life may not have died yet. */
const LIVES_READ = 3;

/**
 * When svlogd stamped a line, epoch ms: `-t` TAI64N (djb's label, 2^62 + 10 + Unix seconds), `-tt` and `-ttt` UTC
 * (`2026-11-28_13:30:01.12345`, `2026-11-28T13:30:01.12345`). Undefined for a line it did not stamp.
 */
export function svlogdStampMs(line: string): number | undefined {
  const tai = /^@([0-9a-f]{16})([0-9a-f]{8})\s/.exec(line);
  if (tai)
    return Number(BigInt(`0x${tai[1]}`) - (1n << 62n) - 10n) * 1000 + Math.floor(Number.parseInt(tai[2]!, 16) / 1e6);
  const iso = /^(\d{4}-\d\d-\d\d)[_T](\d\d:\d\d:\d\d)(\.\d+)?\s/.exec(line);
  if (!iso) return undefined;
  const ms = Date.parse(`${iso[1]}T${iso[2]}${(iso[3] ?? '').slice(0, 4)}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The gateway's deaths its logger kept, for a supervisor that keeps no count (runit): the cause line, written once a
 * life by a gateway that dies as it starts, each stamped within `windowMs` before `now`. A look alone, `check` the
 * first time, sees a loop that gatewatch did not watch begin.
 */
export async function loggedDeaths(
  file: string,
  now: number,
  windowMs: number,
): Promise<{ cause?: string; deaths?: { count: number; firstAt: number; lastAt: number } }> {
  const tail = await readTail(file, 64 * KiB).catch(() => undefined);
  const cause = tail ? causeLine(tail.lines) : undefined;
  if (!tail || !cause || Number.isNaN(now)) return cause ? { cause } : {};
  const times: number[] = [];
  for (const l of tail.lines) {
    const at = svlogdStampMs(l);
    if (at === undefined || now - at > windowMs || at - now > 60_000) continue;
    if (redact(l.trim().replace(STAMP, '')).slice(0, 300) === cause) times.push(at);
  }
  return times.length
    ? { cause, deaths: { count: times.length, firstAt: times[0]!, lastAt: times.at(-1)! } }
    : { cause };
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
