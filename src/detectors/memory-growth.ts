// Memory climbing towards the OOM (hermes-gateway-current.md §9.20, §10.4): #81625 went from ~150 MB to 54–64 GB every
// ~2 h and froze the host; #58817 grew 300 MB → 1.5 GB in 20 h. A forecast: said before it happens, with the trend it
// rests on and the time left to Hermes' own critical memory tier (§8.3: MemAvailable under 64 MiB or 5 %) and to the
// limit itself (the cgroup's, or what the host still has). A flat, noisy or falling RSS, a one-off step and a climb
// that has stopped say nothing, and the forecast is withdrawn when the climb turns.
//
// The trend rests on the process's VmRSS samples (a daemon's, one a minute) and on Hermes' own `[MEMORY] rss=` lines of
// the current life (every 5 min, kept over hours): a cold look (`gatewatch check` from cron) has one sample but the
// same lines, so both reach the same verdict. Those lines give the life's peak, which never falls; a peak is the RSS
// only while the process still stands at it, so they count only when the VmRSS read now is at the last peak. A life
// that levelled off gives a flat peak, and an earlier life's climb ended with that life: a sawtooth of nightly
// restarts is no climb.
import type { Detector, Evidence, LogRecord, MemoryTrend } from '../evidence.js';
import type { FindingParam } from '../types.js';
import { currentLifePeaks, MEMORY_LINE, memoryPeak, type MemoryPeak } from '../probes/memory-lines.js';
import { finding, matching, patternGroup, processAlive } from './common.js';
import { runsRelease, wayOut } from './known-releases.js';
import { inWords } from './time-left.js';
import { steadyTrend, trendFact, type Point, type SteadyRule } from './trend.js';

/**
 * At least 30 min and 6 samples (a start-up's warm-up is not a leak); growth of 50 MiB and 10 % at least, a line that
 * fits (R² ≥ 0.7), still climbing over the last 30 min.
 */
const RULE: SteadyRule = {
  direction: 'up',
  minSpanMs: 30 * 60_000,
  minSamples: 6,
  minChange: 50 * 1024,
  minR2: 0.7,
  recentMs: 30 * 60_000,
};
const MIN_GROWTH = 0.1;
/** Warned when the first of the two would be reached within a day; a restart is worth it when the limit is under 30 minutes away. */
const WARN_WITHIN_MS = 24 * 3_600_000;
const RESTART_WITHIN_MS = 30 * 60_000;
/** Hermes' critical tier (`classify_pressure`, §8.3): MemAvailable under 64 MiB or under 5 % of the total. */
const CRITICAL_FLOOR_KIB = 64 * 1024;
const CRITICAL_SHARE = 0.05;

const mib = (kib: number) => `${Math.round(kib / 1024)} MB`;

/** What helps besides the restart that buys time: the way out of the release that leaks (§9.20), when this home runs it. */
const helps = (ev: Evidence): FindingParam =>
  runsRelease(ev, 'memory_leak') ? wayOut(ev, 'memory_leak') : { key: 'forecast.memory.helps' };

type Ceiling = NonNullable<MemoryTrend['ceiling']>;
const floorKib = (c: Ceiling) => Math.max(CRITICAL_FLOOR_KIB, CRITICAL_SHARE * (c.totalKib ?? 0));
const floorOf = (c: Ceiling) => mib(floorKib(c));

/** The RSS at which what is left falls under Hermes' critical line, when the total is known. */
function criticalAt(c: Ceiling): number | undefined {
  return c.totalKib ? c.kib - floorKib(c) : undefined;
}

/** The RSS read now stands at the life's last logged peak: at 90 % of it at least (a peak it fell from says nothing). */
const AT_PEAK = 0.9;
const MEMORY_LINES = patternGroup(MEMORY_LINE);

/** Hermes' memory lines of the current life: agent.log's over hours and gateway.log's current run, once each. */
function lifePeaks(ev: Evidence): MemoryPeak[] {
  const seen = new Set<string>();
  const records: LogRecord[] = [...(ev.hermes?.hours ?? []), ...matching(ev, MEMORY_LINES)];
  const peaks = records
    .filter((r) => r.ts <= ev.now && !seen.has(r.line) && seen.add(r.line))
    .flatMap((r) => memoryPeak(r) ?? []);
  return currentLifePeaks(peaks);
}

/** The points the trend is fitted to: the VmRSS samples, and the life's logged peaks while the process stands at them. */
function seriesOf(ev: Evidence, m: MemoryTrend): { points: Point[]; peaks: MemoryPeak[] } {
  const own = m.samples.filter((p) => p.at <= ev.now).map((p) => ({ at: p.at, v: p.rssKib }));
  const now = own.at(-1);
  const peaks = lifePeaks(ev);
  const last = peaks.at(-1);
  if (!now || !last || now.v < AT_PEAK * last.kib) return { points: own, peaks: [] };
  const points = [...peaks.map((p) => ({ at: p.at, v: p.kib })), ...own].sort((a, b) => a.at - b.at);
  return { points, peaks };
}

const memoryGrowth: Detector = {
  check: 'memory_growth',
  meaning: { roles: ['forecast'] },
  detect(ev, s) {
    const m = ev.memory;
    if (!m || !processAlive(ev) || (ev.process.pid !== undefined && ev.process.pid !== m.pid) || !m.ceiling) return [];
    const { points, peaks } = seriesOf(ev, m);
    const trend = steadyTrend(points, RULE);
    if (!trend || trend.rate * trend.spanMs < MIN_GROWTH * trend.first.v) return [];
    const { first, last } = trend;
    const left = m.ceiling.kib - last.v;
    const etaMs = left <= 0 ? 0 : left / trend.rate;
    const tier = criticalAt(m.ceiling);
    // Hermes' own line comes first, unless what is left is under it already (memory_pressure says so).
    const tierMs = tier !== undefined && tier > last.v ? (tier - last.v) / trend.rate : undefined;
    if ((tierMs ?? etaMs) > WARN_WITHIN_MS) return [];
    const soon = etaMs <= RESTART_WITHIN_MS;
    const cgroup = m.ceiling.source === 'cgroup';
    return [
      finding(ev, s, {
        check: 'memory_growth',
        text:
          tierMs !== undefined
            ? cgroup
              ? 'memory_growth.cgroup.tier'
              : 'memory_growth.tier'
            : cgroup
              ? 'memory_growth.cgroup'
              : 'memory_growth',
        severity: soon ? 'critical' : 'warning',
        // A restart buys time (§9.24 "yes, temporarily"): worth it only just before the OOM killer would strike.
        restart: soon ? 'helps' : 'wait',
        params: {
          from: mib(first.v),
          to: mib(last.v),
          over: inWords(trend.spanMs),
          rate: mib(trend.rate * 3_600_000),
          // A cgroup's own limit: the RSS plus the room its group has left (its evidence line) moves with the group's
          // page cache from one read to the next, and may stand above the limit the kernel enforces.
          limit: mib(cgroup ? (m.ceiling.totalKib ?? m.ceiling.kib) : m.ceiling.kib),
          eta: inWords(etaMs),
          helps: helps(ev),
          ...(tierMs !== undefined ? { tier_eta: inWords(tierMs), floor: floorOf(m.ceiling) } : {}),
        },
        since: first.at,
        evidence: [
          trendFact({ key: 'evidence.trend.rss', params: { pid: m.pid } }, trend, mib, RULE),
          ...(peaks.length
            ? [
                {
                  key: 'evidence.memory.peaks' as const,
                  params: { count: peaks.length, now: mib(m.samples.at(-1)!.rssKib), peak: mib(peaks.at(-1)!.kib) },
                },
                peaks[0]!.line,
                ...(peaks.length > 1 ? [peaks.at(-1)!.line] : []),
              ]
            : []),
          {
            key: cgroup ? 'evidence.memory.limit.cgroup' : 'evidence.memory.limit.host',
            params: { limit: mib(m.ceiling.kib) },
          },
          ...(tier !== undefined
            ? [
                {
                  key: 'evidence.memory.tier' as const,
                  params: { critical: mib(Math.max(0, tier)), floor: floorOf(m.ceiling) },
                },
              ]
            : []),
        ],
        // The growth itself is the release's (§9.20: upgrade or roll back); only the operator can change that.
        remedies: [{ kind: 'advice', advice: 'memory_growth' }],
      }),
    ];
  },
};

export const memoryDetectors: Detector[] = [memoryGrowth];
