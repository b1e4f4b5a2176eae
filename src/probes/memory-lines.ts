// Hermes' own memory line (hermes-gateway-current.md §9.20): INFO `gateway.memory_monitor` `[MEMORY] %srss=%s gc=%s
// threads=%d uptime=%ds`, every 5 min, prefixed `baseline ` at a life's start and `shutdown ` at its stop. `rss` is
// ru_maxrss, the life's peak: it never falls within a life. Kept over hours from agent.log (src/probes/log-hours.ts),
// across the gateway's restarts, so a cold look sees the climb a daemon would have sampled.
import type { LogNeedle, LogRecord } from '../evidence.js';

/** `[MEMORY] rss=512MB …`, `[MEMORY] baseline rss=301.5MB …`: the prefix, the figure and its unit. */
export const MEMORY_LINE = /^\[MEMORY\] (?:(baseline|shutdown) )?rss=(\d+(?:\.\d+)?)\s*([KMG])i?B\b/i;
const UPTIME = /\buptime=(\d+(?:\.\d+)?)s\b/;
export const MEMORY_LOGGER = 'gateway.memory_monitor';

/** Two days of lines every 5 min, and a margin: a sawtooth of nightly restarts is seen whole. */
const KEEP = 600;

export const MEMORY_HOURS_NEEDLES: readonly LogNeedle[] = [
  { text: '[MEMORY] ', keep: (r) => r.logger === MEMORY_LOGGER && MEMORY_LINE.test(r.message), max: KEEP },
];

const KIB: Record<string, number> = { K: 1, M: 1024, G: 1024 * 1024 };

export interface MemoryPeak {
  at: number;
  /** The life's peak RSS so far, KiB. */
  kib: number;
  /** When the life began (the line's time less its uptime), epoch ms; undefined without `uptime=`. */
  lifeStart?: number;
  mark?: 'baseline' | 'shutdown';
  line: string;
}

/** The record as a peak, if it is Hermes' memory line. */
export function memoryPeak(r: LogRecord): MemoryPeak | undefined {
  if (r.logger !== MEMORY_LOGGER) return undefined;
  const m = MEMORY_LINE.exec(r.message);
  if (!m) return undefined;
  const up = UPTIME.exec(r.message)?.[1];
  return {
    at: r.ts,
    kib: Math.round(Number(m[2]) * KIB[m[3]!.toUpperCase()]!),
    ...(up !== undefined ? { lifeStart: r.ts - Number(up) * 1000 } : {}),
    ...(m[1] ? { mark: m[1].toLowerCase() as 'baseline' | 'shutdown' } : {}),
    line: r.line,
  };
}

/** Lives further apart than this at their start are two lives (a line's time and its uptime round to a second). */
const SAME_LIFE_MS = 90_000;

/**
 * The peaks of the newest life, oldest first: the lines after the last `baseline` (or after a gap in the uptimes that
 * says a new life began); none when that life logged its `shutdown`.
 */
export function currentLifePeaks(peaks: readonly MemoryPeak[]): MemoryPeak[] {
  const sorted = [...peaks].sort((a, b) => a.at - b.at);
  let from = 0;
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i]!;
    const prev = sorted[i - 1]!;
    const newLife =
      p.mark === 'baseline' ||
      prev.mark === 'shutdown' ||
      (p.lifeStart !== undefined &&
        prev.lifeStart !== undefined &&
        Math.abs(p.lifeStart - prev.lifeStart) > SAME_LIFE_MS) ||
      p.kib < prev.kib;
    if (newLife) from = i;
  }
  const life = sorted.slice(from);
  return life.at(-1)?.mark === 'shutdown' ? [] : life;
}
