// The live gateway's RSS over time, sampled as gathers come (at most once a minute), kept for six hours: what the
// memory_growth forecast fits a line to (hermes-gateway-current.md §9.20, §10.4). The process's current VmRSS, never
// Hermes' `[MEMORY] rss=` peak; where /proc does not show it, the loop heartbeat's `mem` (§8.3: Hermes' own sample of
// its current RSS and of what the host has, every 30 s), when the heartbeat is that process's and fresh. A new pid
// starts a new series.
import type { Heartbeat, MemoryTrend } from '../evidence.js';
import { memoryCeiling, readRssKib } from '../probes/memory.js';
import { fresh, type Shared } from '../util/shared.js';

export const MEMORY_SAMPLE_EVERY_MS = 60_000;
export const MEMORY_KEEP_MS = 6 * 3_600_000;
/** Six hours at one a minute, and a margin: the series never grows past this. */
const MAX_SAMPLES = 400;
/** Hermes' `_HEARTBEAT_FRESH_TTL_S` (§8.3): an older heartbeat is no live reading. */
const HEARTBEAT_FRESH_MS = 150_000;

export interface MemorySampler {
  /**
   * Samples `pid` now unless it was sampled within the minute; the series so far (undefined before the first).
   * `heartbeat`: the home's loop heartbeat, read when /proc cannot tell the RSS.
   */
  sample(pid: number, now: number, heartbeat?: Heartbeat, shared?: Shared): Promise<MemoryTrend | undefined>;
}

/** The heartbeat's own reading of `pid`, if it is that process's, fresh, and has the figures. */
function fromHeartbeat(pid: number, now: number, hb: Heartbeat | undefined) {
  const mem = hb?.mem;
  if (hb?.pid !== pid || hb.updatedAt === undefined || now - hb.updatedAt > HEARTBEAT_FRESH_MS) return undefined;
  if (mem?.rssKib === undefined) return undefined;
  return { at: Math.min(now, hb.updatedAt), rssKib: mem.rssKib, mem };
}

export function createMemorySampler(): MemorySampler {
  let trend: MemoryTrend | undefined;
  return {
    async sample(pid, now, heartbeat, shared = fresh) {
      if (trend && trend.pid !== pid) trend = undefined;
      const last = trend?.samples.at(-1);
      if (last && now - last.at < MEMORY_SAMPLE_EVERY_MS && now >= last.at) return trend;
      // A root's, for each profile it serves: read once in a round of looks.
      const own = await shared(`rss ${pid}`, () => readRssKib(pid));
      const hb = own === undefined ? fromHeartbeat(pid, now, heartbeat) : undefined;
      // A heartbeat already sampled is no new reading.
      if (own === undefined && (!hb || (last && hb.at <= last.at))) return trend;
      const at = own !== undefined ? now : hb!.at;
      const rssKib = own ?? hb!.rssKib;
      const ceiling =
        (await shared(`ceiling ${pid} ${rssKib}`, () => memoryCeiling(pid, rssKib))) ??
        (hb?.mem.availableKib !== undefined
          ? {
              kib: rssKib + hb.mem.availableKib,
              source: 'host' as const,
              ...(hb.mem.totalKib ? { totalKib: hb.mem.totalKib } : {}),
            }
          : undefined);
      const samples = [
        ...(trend?.samples ?? []).filter((s) => now - s.at <= MEMORY_KEEP_MS && s.at <= at),
        { at, rssKib },
      ].slice(-MAX_SAMPLES);
      trend = { pid, samples, ...(ceiling ? { ceiling } : {}) };
      return trend;
    },
  };
}
