// The live gateway's VmRSS over time, sampled as gathers come (at most once a minute), kept for six hours: what the
// memory_growth detector fits a line to (hermes-gateway-current.md §9.20). A new pid starts a new series.
import type { MemoryTrend } from '../evidence.js';
import { memoryCeiling, readRssKib } from '../probes/memory.js';

export const MEMORY_SAMPLE_EVERY_MS = 60_000;
export const MEMORY_KEEP_MS = 6 * 3_600_000;
/** Six hours at one a minute, and a margin: the series never grows past this. */
const MAX_SAMPLES = 400;

export interface MemorySampler {
  /** Samples `pid` now unless it was sampled within the minute; the series so far (undefined before the first). */
  sample(pid: number, now: number): Promise<MemoryTrend | undefined>;
}

export function createMemorySampler(): MemorySampler {
  let trend: MemoryTrend | undefined;
  return {
    async sample(pid, now) {
      if (trend && trend.pid !== pid) trend = undefined;
      const last = trend?.samples.at(-1);
      if (last && now - last.at < MEMORY_SAMPLE_EVERY_MS && now >= last.at) return trend;
      const rssKib = await readRssKib(pid);
      if (rssKib === undefined) return trend;
      const ceiling = await memoryCeiling(pid, rssKib);
      const samples = [
        ...(trend?.samples ?? []).filter((s) => now - s.at <= MEMORY_KEEP_MS && s.at <= now),
        { at: now, rssKib },
      ].slice(-MAX_SAMPLES);
      trend = { pid, samples, ...(ceiling ? { ceiling } : {}) };
      return trend;
    },
  };
}
