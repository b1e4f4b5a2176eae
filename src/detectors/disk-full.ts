// A full disk under a live gateway (hermes-gateway-current.md §10.2, #52383, PR #88295): every reply a user gets is
// `Sorry, I encountered an error (OSError). [Errno 28] No space left on device` (the runner logs each failed turn,
// `Agent error in session …`, with its traceback), and SQLite then says `database or disk is full`. The disk forecast
// warns while it fills; this is the disk already full. A restart frees nothing (and a start on a full disk fails in its
// turn): space does, usually from what Hermes never prunes, `state-snapshots/` and `cron/output/` (#52383).
import type { Detector, LogRecord } from '../evidence.js';
import { DISK_FULL } from '../probes/agent-tail.js';
import { INBOUND_MSG } from '../probes/traffic-lines.js';
import { age, currentRun, finding, matching, patternGroup, processAlive } from './common.js';
import { bytesText, criticalFree } from './forecast-disk.js';

/** The runner's line for a turn that failed; its traceback says why (real v0.17 line). */
const AGENT_ERROR = /^Agent error in session /;
const LINES = patternGroup(DISK_FULL, AGENT_ERROR);
/** Still full: the last such line is this recent (a turn fails at each message; a freed disk logs nothing). */
const FRESH_MS = 15 * 60_000;

/** gateway.log lives in `<home>/logs/`. */
const homeOf = (logFile: string): string => logFile.replace(/[\\/]logs[\\/][^\\/]+$/, '') || 'HERMES_HOME';

/** A user's message quotes whatever it quotes: the words there say nothing of this disk. */
const quotesUser = (r: LogRecord) => INBOUND_MSG.test(r.message);

const says = (r: LogRecord): string | undefined =>
  quotesUser(r) ? undefined : [r.message, ...(r.extra ?? [])].map((l) => DISK_FULL.exec(l)?.[0]).find(Boolean);

const diskFull: Detector = {
  check: 'disk_full',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const start = currentRun(ev).startedAt;
    const seen = new Set<string>();
    const lines = [...matching(ev, LINES), ...(ev.hermes?.agentOnly ?? [])]
      .filter(
        (r) =>
          r.ts <= ev.now &&
          (start === undefined || r.ts >= start) &&
          says(r) !== undefined &&
          !seen.has(r.line) &&
          seen.add(r.line),
      )
      .sort((a, b) => a.ts - b.ts);
    const last = lines.at(-1);
    if (!last || ev.now - last.ts > FRESH_MS) return [];
    // A reading since the last failure above Hermes' critical line: the disk was freed.
    const d = ev.disk;
    const reading = d?.samples.filter((p) => p.at <= ev.now).at(-1);
    if (d && reading && reading.at > last.ts && reading.freeBytes > criticalFree(d)) return [];
    const first = lines[0]!;
    return [
      finding(ev, s, {
        check: 'disk_full',
        severity: 'critical',
        // A whole-gateway cause: it holds every restart, each of which would start on the same full disk.
        restart: 'never',
        params: {
          error: says(last)!,
          count: String(lines.length),
          ago: age(ev.now - first.ts),
          home: d?.path ?? homeOf(ev.log.file),
          free:
            d && reading
              ? { key: 'finding.disk_full.free', params: { free: bytesText(reading.freeBytes), home: d.path } }
              : '',
        },
        since: first.ts,
        evidence: [first.line, ...(lines.length > 1 ? [last.line] : [])],
      }),
    ];
  },
};

export const diskFullDetectors: Detector[] = [diskFull];
