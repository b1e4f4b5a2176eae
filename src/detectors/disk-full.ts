// A full disk under a live gateway (hermes-gateway-current.md §10.2, #52383, PR #88295): every reply a user gets is
// `Sorry, I encountered an error (OSError). [Errno 28] No space left on device` (the runner logs each failed turn,
// `Agent error in session …`, with its traceback), and SQLite then says `database or disk is full`; a log the disk no
// longer takes says it in another file (CPython's `--- Logging error ---` report in launchd's stderr file), or nowhere.
// So the disk itself is asked too (issue 54): free space under Hermes' own critical tier is a full disk now, whatever
// the logs say. The disk forecast warns while it fills; this is the disk already full. A restart frees nothing (and a
// start on a full disk fails in its turn): space does, usually from what Hermes never prunes, `state-snapshots/` and
// `cron/output/` (#52383).
import type { DetectSettings, Detector, Evidence, LogRecord } from '../evidence.js';
import { DISK_FULL } from '../probes/agent-tail.js';
import { INBOUND_MSG } from '../probes/traffic-lines.js';
import { age, currentRun, finding, matching, patternGroup, processAlive } from './common.js';
import { bytesText, criticalFree, diskForecast } from './forecast-disk.js';
import type { Finding } from '../types.js';

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
    const d = ev.disk;
    const reading = d?.samples.filter((p) => p.at <= ev.now).at(-1);
    const full = !!d && !!reading && reading.freeBytes <= criticalFree(d);
    if (!last || ev.now - last.ts > FRESH_MS) return full ? tierFull(ev, s) : [];
    // A reading since the last failure above Hermes' critical line: the disk was freed.
    if (d && reading && reading.at > last.ts && !full) return [];
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
        evidence: [first.line, ...(lines.length > 1 ? [last.line] : []), ...(full ? [diskFact(ev)] : [])],
      }),
    ];
  },
};

/** The disk's reading as a fact: its free space of its total, against Hermes' critical line. */
function diskFact(ev: Evidence) {
  const d = ev.disk!;
  const free = d.samples.filter((p) => p.at <= ev.now).at(-1)!.freeBytes;
  return {
    key: 'evidence.disk.reading' as const,
    params: { path: d.path, free: bytesText(free), total: bytesText(d.totalBytes), floor: bytesText(criticalFree(d)) },
  };
}

/** The disk itself full, no log saying so (yet): its reading under Hermes' critical tier. */
function tierFull(ev: Evidence, s: DetectSettings): Finding[] {
  const d = ev.disk!;
  const reading = d.samples.filter((p) => p.at <= ev.now).at(-1)!;
  // Since the first of the readings in a row that are under the line (a look that just began: this one).
  let since = reading.at;
  for (const p of [...d.samples].reverse()) {
    if (p.at > ev.now) continue;
    if (p.freeBytes > criticalFree(d)) break;
    since = p.at;
  }
  // Still falling at a steady pace: the disk forecast's time to nothing left, said here (it would only repeat this).
  const trend = diskForecast(ev, s)[0];
  const p = trend?.text?.params;
  return [
    finding(ev, s, {
      check: 'disk_full',
      text: 'disk_full.tier',
      severity: 'critical',
      restart: 'never',
      params: {
        home: d.path,
        free: bytesText(reading.freeBytes),
        total: bytesText(d.totalBytes),
        floor: bytesText(criticalFree(d)),
        pace: p
          ? {
              key: 'finding.disk_full.tier.pace',
              params: { rate: p.rate!, over: p.over!, full_eta: p.full_eta!, dirs: p.dirs! },
            }
          : '',
      },
      since: trend?.since ?? since,
      evidence: [diskFact(ev), ...(trend?.evidenceText ?? [])],
    }),
  ];
}

export const diskFullDetectors: Detector[] = [diskFull];
