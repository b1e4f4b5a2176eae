// A gateway whose log grows abnormally fast (hermes-gateway-current.md §6: a DingTalk reconnect storm wrote 315 MB).
// A healthy gateway.log grows by kilobytes a minute even when busy; a storm writes megabytes. It fills the disk and
// buries everything else, but a restart is not the fix (the cause is usually a platform's reconnect loop, and rapid
// restarts make DingTalk stop routing for 40+ min): a warning with the rate and the line that repeats.
import type { Detector } from '../evidence.js';
import { age, finding, type EvidenceLine } from './common.js';

const MiB = 1024 * 1024;
/** Sustained over the window: 1 MiB/min is ~1.4 GB a day, two orders of magnitude above a busy gateway. */
const FLOOD_MIB_PER_MIN = 1;
/** Judged only once gatewatch followed the log this long: one big traceback is not a flood. */
const FLOOD_MIN_OBSERVED_MS = 5 * 60_000;
/** Still flooding: the last minute grew at least half the threshold. */
const STILL_GOING = 0.5;

const logFlood: Detector = {
  check: 'log_flood',
  detect(ev, s) {
    const g = ev.logGrowth;
    if (!g || g.spanMs < FLOOD_MIN_OBSERVED_MS) return [];
    const perMin = g.bytes / MiB / (g.spanMs / 60_000);
    const lastMin = g.lastMinuteBytes / MiB;
    if (perMin < FLOOD_MIB_PER_MIN || lastMin < FLOOD_MIB_PER_MIN * STILL_GOING) return [];
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
  },
};

export const floodDetectors: Detector[] = [logFlood];
