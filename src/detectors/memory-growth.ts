// Memory climbing towards the OOM (hermes-gateway-current.md §9.20): #81625 went from ~150 MB to 54–64 GB every ~2 h
// and froze the host; #58817 grew 300 MB → 1.5 GB in 20 h. Said before the limit is reached, with the trend and when
// it would be reached; a flat or falling RSS says nothing.
import type { Detector, MemoryTrend } from '../evidence.js';
import { age, finding, processAlive } from './common.js';

/** At least this much history and this many samples before a trend is judged (a start-up's warm-up is not a leak). */
const MIN_SPAN_MS = 30 * 60_000;
const MIN_SAMPLES = 6;
/** Growth over the span that counts: 10 % and 50 MiB at least; a line that fits (R² ≥ 0.7), not noise. */
const MIN_GROWTH = 0.1;
const MIN_GROWTH_KIB = 50 * 1024;
const MIN_R2 = 0.7;
/** Warned when the limit would be reached within a day; a restart is worth it when it is under 30 minutes away. */
const WARN_WITHIN_MS = 24 * 3_600_000;
const RESTART_WITHIN_MS = 30 * 60_000;

export interface Fit {
  /** KiB per ms. */
  slope: number;
  r2: number;
}

/** Least squares of RSS on time. */
export function fitLine(samples: MemoryTrend['samples']): Fit {
  const n = samples.length;
  const t0 = samples[0]!.at;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0,
    syy = 0;
  for (const p of samples) {
    const x = p.at - t0;
    sx += x;
    sy += p.rssKib;
    sxx += x * x;
    sxy += x * p.rssKib;
    syy += p.rssKib * p.rssKib;
  }
  const vx = n * sxx - sx * sx;
  const vy = n * syy - sy * sy;
  if (vx <= 0) return { slope: 0, r2: 0 };
  const cov = n * sxy - sx * sy;
  return { slope: cov / vx, r2: vy > 0 ? (cov * cov) / (vx * vy) : 0 };
}

const mib = (kib: number) => `${Math.round(kib / 1024)} MB`;

const memoryGrowth: Detector = {
  check: 'memory_growth',
  detect(ev, s) {
    const m = ev.memory;
    if (!m || !processAlive(ev) || (ev.process.pid !== undefined && ev.process.pid !== m.pid) || !m.ceiling) return [];
    const samples = m.samples.filter((p) => p.at <= ev.now);
    if (samples.length < MIN_SAMPLES) return [];
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const span = last.at - first.at;
    if (span < MIN_SPAN_MS) return [];
    const fit = fitLine(samples);
    const grown = fit.slope * span;
    if (fit.slope <= 0 || fit.r2 < MIN_R2 || grown < MIN_GROWTH_KIB || grown < MIN_GROWTH * first.rssKib) return [];
    const left = m.ceiling.kib - last.rssKib;
    const etaMs = left <= 0 ? 0 : left / fit.slope;
    if (etaMs > WARN_WITHIN_MS) return [];
    const soon = etaMs <= RESTART_WITHIN_MS;
    return [
      finding(ev, s, {
        check: 'memory_growth',
        text: m.ceiling.source === 'cgroup' ? 'memory_growth.cgroup' : 'memory_growth',
        severity: soon ? 'critical' : 'warning',
        // A restart buys time (§9.24 "yes, temporarily"): worth it only just before the OOM killer would strike.
        restart: soon ? 'helps' : 'wait',
        params: {
          from: mib(first.rssKib),
          to: mib(last.rssKib),
          over: age(span),
          rate: `${Math.round((fit.slope * 3_600_000) / 1024)} MB`,
          limit: mib(m.ceiling.kib),
          eta: age(etaMs),
        },
        since: first.at,
        evidence: [
          {
            key: 'evidence.memory.trend',
            params: {
              pid: m.pid,
              samples: samples.length,
              from: mib(first.rssKib),
              to: mib(last.rssKib),
              over: age(span),
            },
          },
        ],
        // The growth itself is the release's (§9.20: upgrade or roll back); only the operator can change that.
        remedies: [{ kind: 'advice', advice: 'memory_growth' }],
      }),
    ];
  },
};

export const memoryDetectors: Detector[] = [memoryGrowth];
