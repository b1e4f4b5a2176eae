// The disk under the Hermes home filling up (hermes-gateway-current.md §10.2, §10.4): a forecast of when its free space
// falls under Hermes' own critical disk tier, and when it is full, at the rate it has fallen; with the home's growth
// sources that grew (Hermes prunes neither `state-snapshots/` nor `cron/output/`, #52383). On a full disk every reply
// is `[Errno 28] No space left on device` and SQLite says `database or disk is full`; a restart frees nothing.
import type { Detector, DiskTrend } from '../evidence.js';
import type { FindingParam } from '../types.js';
import { finding, type EvidenceLine } from './common.js';
import { inWords } from './time-left.js';
import { steadyTrend, trendFact, type SteadyRule } from './trend.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** 30 min and 6 samples at least, 64 MiB gone at least, a line that fits, still falling over the last 30 min. */
const RULE: SteadyRule = {
  direction: 'down',
  minSpanMs: 30 * 60_000,
  minSamples: 6,
  minChange: 64 * MiB,
  minR2: 0.7,
  recentMs: 30 * 60_000,
};
/** Said when the line reaches the tier within a week, and no further ahead than six times the span it rests on. */
const HORIZON_MS = 7 * 24 * 3_600_000;
const HORIZON_SPANS = 6;

/**
 * Hermes' disk tiers (`gateway/disk_status.py`, §10.2): critical under 256 MB free, or 95 % used with under 1 GB free;
 * elevated under 512 MB, or 85 % used with under 4 GB. Used = total − free − reserved, so as the free space falls a
 * tier begins at this much free.
 */
const TIERS = {
  critical: { used: 0.95, under: 256 * MiB, within: GiB },
  elevated: { used: 0.85, under: 512 * MiB, within: 4 * GiB },
};
function tierFree(d: DiskTrend, tier: (typeof TIERS)[keyof typeof TIERS]): number {
  return Math.max(tier.under, Math.min(tier.within, (1 - tier.used) * d.totalBytes - d.reservedBytes));
}

/** The free space under which Hermes calls this disk critical (`pressure: "critical"`). */
export const criticalFree = (d: DiskTrend): number => tierFree(d, TIERS.critical);

/** Bytes as the operator reads them: KB under a megabyte (a disk with 36 KB left), MB under a gigabyte, GB above. */
export function bytesText(n: number): string {
  const sign = n < 0 ? '−' : '';
  const a = Math.abs(n);
  if (a > 0 && a < MiB) return `${sign}${Math.round(a / 1024)} KB`;
  return a < GiB ? `${sign}${Math.round(a / MiB)} MB` : `${sign}${(a / GiB).toFixed(1)} GB`;
}
const signed = (n: number) => (n > 0 ? `+${bytesText(n)}` : bytesText(n));

/** The growth sources, those that grew most first; what the sentence names: those that grew. */
function dirsOf(d: DiskTrend): { lines: EvidenceLine[]; say: FindingParam } {
  const dirs = [...(d.dirs ?? [])].sort((a, b) => (b.grewBytes ?? 0) - (a.grewBytes ?? 0) || b.bytes - a.bytes);
  const lines = dirs.map(
    (x): EvidenceLine =>
      x.grewBytes !== undefined
        ? {
            key: 'evidence.disk.dir.grew',
            params: { dir: x.name, size: bytesText(x.bytes), grew: signed(x.grewBytes), over: inWords(x.overMs ?? 0) },
          }
        : {
            key: x.partial ? 'evidence.disk.dir.partial' : 'evidence.disk.dir',
            params: { dir: x.name, size: bytesText(x.bytes) },
          },
  );
  const grew = dirs.filter((x) => (x.grewBytes ?? 0) > 0).map((x) => x.name);
  const say: FindingParam = grew.length
    ? { key: 'forecast.disk.growing', params: { dirs: grew.join(', ') } }
    : dirs.some((x) => x.grewBytes !== undefined)
      ? { key: 'forecast.disk.elsewhere' }
      : { key: 'forecast.disk.unmeasured' };
  return { lines, say };
}

export const diskForecast: Detector['detect'] = (ev, s) => {
  const d = ev.disk;
  if (!d) return [];
  const points = d.samples.filter((p) => p.at <= ev.now).map((p) => ({ at: p.at, v: p.freeBytes }));
  const trend = steadyTrend(points, RULE);
  if (!trend) return [];
  const free = trend.last.v;
  const critical = tierFree(d, TIERS.critical);
  const fullMs = free / trend.rate;
  // Hermes' critical line first; under it already, the disk's end itself.
  const tierMs = free > critical ? (free - critical) / trend.rate : undefined;
  if ((tierMs ?? fullMs) > Math.min(HORIZON_MS, HORIZON_SPANS * trend.spanMs)) return [];
  const { lines, say } = dirsOf(d);
  const used = (d.totalBytes - free - d.reservedBytes) / d.totalBytes;
  return [
    finding(ev, s, {
      check: 'forecast',
      text: tierMs !== undefined ? 'forecast.disk' : 'forecast.disk.full',
      cause: 'disk',
      severity: 'warning',
      // §10.2: a full disk is not fixed by a restart; space is.
      restart: 'never',
      params: {
        home: d.path,
        free: bytesText(free),
        from: bytesText(trend.first.v),
        over: inWords(trend.spanMs),
        rate: bytesText(trend.rate * 3_600_000),
        floor: bytesText(critical),
        full_eta: inWords(fullMs),
        ...(tierMs !== undefined ? { eta: inWords(tierMs) } : {}),
        dirs: say,
      },
      since: trend.first.at,
      evidence: [
        trendFact({ key: 'evidence.trend.free', params: { path: d.path } }, trend, bytesText, RULE),
        {
          key: 'evidence.disk.tiers',
          params: {
            critical: bytesText(critical),
            elevated: bytesText(tierFree(d, TIERS.elevated)),
            total: bytesText(d.totalBytes),
            used: `${Math.round(used * 100)} %`,
          },
        },
        ...lines,
      ],
    }),
  ];
};
