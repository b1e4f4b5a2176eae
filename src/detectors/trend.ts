// A steady trend in samples taken over time (the gateway's RSS, the disk's free space), and nothing else: a forecast
// extrapolates a line, so it rests only on a line that fits, that has moved enough to matter, and that is still moving
// the same way at both ends. A flat line, noise, a one-off step (a snapshot written once, a cache filled at start) and
// a climb that has stopped give none. Pure.
import type { FindingParam } from '../types.js';
import { formatTime } from '../util/time.js';

export interface Point {
  at: number;
  v: number;
}

export interface Fit {
  /** Units per ms. */
  slope: number;
  r2: number;
}

/** Least squares of the value on time. */
export function fitLine(points: readonly Point[]): Fit {
  const n = points.length;
  if (n < 2) return { slope: 0, r2: 0 };
  const t0 = points[0]!.at;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0,
    syy = 0;
  for (const p of points) {
    const x = p.at - t0;
    sx += x;
    sy += p.v;
    sxx += x * x;
    sxy += x * p.v;
    syy += p.v * p.v;
  }
  const vx = n * sxx - sx * sx;
  const vy = n * syy - sy * sy;
  if (vx <= 0) return { slope: 0, r2: 0 };
  const cov = n * sxy - sx * sy;
  return { slope: cov / vx, r2: vy > 0 ? (cov * cov) / (vx * vy) : 0 };
}

export interface SteadyRule {
  /** `up`: a climb (memory), `down`: a fall (free space). */
  direction: 'up' | 'down';
  /** At least this much history and this many samples before a trend is judged. */
  minSpanMs: number;
  minSamples: number;
  /** The change over the span that counts (in the samples' unit): less is a flat line. */
  minChange: number;
  /** How well the line fits (R²): less is noise. */
  minR2: number;
  /**
   * The last stretch that must still move the same way, at a third of the whole rate at least: a trend that turned
   * (flat or back) for most of it is withdrawn.
   */
  recentMs: number;
}

export interface Steady {
  first: Point;
  last: Point;
  spanMs: number;
  /** Units per ms, in the rule's direction (positive). */
  rate: number;
  samples: number;
}

/** One end of the history moves at a third of the whole rate at least (both ends do, or it was a single step). */
const STEADY_SHARE = 1 / 3;

export function steadyTrend(points: readonly Point[], rule: SteadyRule): Steady | undefined {
  if (points.length < rule.minSamples) return undefined;
  const first = points[0]!;
  const last = points.at(-1)!;
  const spanMs = last.at - first.at;
  if (spanMs < rule.minSpanMs) return undefined;
  const sign = rule.direction === 'up' ? 1 : -1;
  const fit = fitLine(points);
  const rate = fit.slope * sign;
  if (rate <= 0 || fit.r2 < rule.minR2 || rate * spanMs < rule.minChange) return undefined;
  // A level that jumped once and stayed fits a line too: its oldest third or its newest stretch is flat. A trend
  // keeps moving at both ends.
  const early = points.filter((p) => p.at <= first.at + spanMs / 3);
  const recent = points.filter((p) => p.at >= last.at - Math.min(rule.recentMs, spanMs));
  for (const part of [early, recent]) {
    if (part.length < 3 || fitLine(part).slope * sign < rate * STEADY_SHARE) return undefined;
  }
  return { first, last, spanMs, rate, samples: points.length };
}

/**
 * The trend as an evidence line: what was sampled, its first and last sample (value and time), how many, and the rate
 * an hour (`fmt` words a value with its unit).
 */
export function trendFact(what: FindingParam, t: Steady, fmt: (v: number) => string, rule: SteadyRule): FindingParam {
  return {
    key: 'evidence.trend',
    params: {
      what,
      from: fmt(t.first.v),
      from_at: formatTime(t.first.at),
      to: fmt(t.last.v),
      to_at: formatTime(t.last.at),
      samples: t.samples,
      rate: `${rule.direction === 'up' ? '+' : '−'}${fmt(t.rate * 3_600_000)}`,
    },
  };
}
