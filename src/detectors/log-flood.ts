// A gateway whose log grows abnormally fast (hermes-gateway-current.md §6: a DingTalk reconnect storm wrote 315 MB).
// A healthy gateway.log grows by kilobytes a minute even when busy; a storm writes megabytes. It fills the disk and
// buries everything else, but a restart is not the fix (the cause is usually a platform's reconnect loop, and rapid
// restarts make DingTalk stop routing for 40+ min): a warning with the rate and the line that repeats.
import type { DetectSettings, Detector, Evidence, LogGrowth } from '../evidence.js';
import type { Finding } from '../types.js';
import { age, finding, type EvidenceLine } from './common.js';

const MiB = 1024 * 1024;
/** A file's name from its path, either separator (detectors stay pure: no node:path). */
const baseName = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
/** Sustained over the window: 1 MiB/min is ~1.4 GB a day, two orders of magnitude above a busy gateway. */
const FLOOD_MIB_PER_MIN = 1;
/** Judged only once gatewatch followed the log this long: one big traceback is not a flood. */
const FLOOD_MIN_OBSERVED_MS = 5 * 60_000;
/** Still flooding: the last minute grew at least half the threshold. */
const STILL_GOING = 0.5;

const logFlood: Detector = {
  check: 'log_flood',
  detect(ev, s) {
    return [...gatewayLog(ev, s), ...otherLogs(ev, s)];
  },
};

/** The rate of a growth, MiB a minute, when it is a flood still going on. */
function flooding(g: Pick<LogGrowth, 'bytes' | 'spanMs' | 'lastMinuteBytes'>): number | undefined {
  if (g.spanMs < FLOOD_MIN_OBSERVED_MS) return undefined;
  const perMin = g.bytes / MiB / (g.spanMs / 60_000);
  if (perMin < FLOOD_MIB_PER_MIN || g.lastMinuteBytes / MiB < FLOOD_MIB_PER_MIN * STILL_GOING) return undefined;
  return perMin;
}

/**
 * The other files under `<home>/logs`, by their size (§10.2: a plugin wrote a log to 63 GiB in about four days; the
 * dashboard's loop on a malformed state.db, 520,772 lines a day, #96591): one finding a file, an incident each.
 */
function otherLogs(ev: Evidence, s: DetectSettings): Finding[] {
  const own = baseName(ev.log.file);
  return (ev.logFiles ?? []).flatMap((g) => {
    const name = baseName(g.file);
    const perMin = name === own ? undefined : flooding(g);
    if (perMin === undefined) return [];
    return [
      finding(ev, s, {
        check: 'log_flood',
        text: 'log_flood.file',
        cause: name,
        severity: 'warning',
        restart: 'wait',
        params: { rate: perMin.toFixed(1), mb: (g.bytes / MiB).toFixed(0), window: age(g.spanMs), file: g.file, name },
        since: ev.now - g.spanMs,
        evidence: [
          {
            key: 'evidence.log_flood.size',
            params: {
              file: g.file,
              mb: (g.bytes / MiB).toFixed(1),
              span: age(g.spanMs),
              rate: perMin.toFixed(1),
              last: (g.lastMinuteBytes / MiB).toFixed(1),
            },
          },
        ],
      }),
    ];
  });
}

function gatewayLog(ev: Evidence, s: DetectSettings): Finding[] {
  const g = ev.logGrowth;
  const perMin = g && flooding(g);
  if (!g || perMin === undefined) return [];
  const lastMin = g.lastMinuteBytes / MiB;
  const share = g.top && g.top.sampled ? Math.round((100 * g.top.count) / g.top.sampled) : 0;
  const top: EvidenceLine[] = g.top
    ? [
        { key: 'evidence.log_flood.top', params: { count: g.top.count, sampled: g.top.sampled, line: g.top.line } },
        { key: 'evidence.log_flood.sample', params: { sample: g.top.sample } },
      ]
    : [];
  return [
    finding(ev, s, {
      check: 'log_flood',
      severity: 'warning',
      // Not 'never': a flood must not block a restart another cause needs; not 'helps': a restart is no fix.
      restart: 'wait',
      params: {
        rate: perMin.toFixed(1),
        mb: (g.bytes / MiB).toFixed(0),
        window: age(g.spanMs),
        file: g.file,
        line: g.top?.line ?? '-',
        share: String(share),
      },
      since: ev.now - g.spanMs,
      evidence: [
        {
          key: 'evidence.log_flood.growth',
          params: {
            file: g.file,
            mb: (g.bytes / MiB).toFixed(1),
            lines: g.lines,
            span: age(g.spanMs),
            rate: perMin.toFixed(1),
            last: lastMin.toFixed(1),
          },
        },
        ...top,
      ],
    }),
  ];
}

export const floodDetectors: Detector[] = [logFlood];
