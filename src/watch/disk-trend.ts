// The free space of the disk under a Hermes home over time, sampled as gathers come (one statfs, at most once a
// minute), kept for a day: what the disk forecast fits a line to (hermes-gateway-current.md §10.2, §10.4). Every
// sample of the last two hours, then one per ten minutes: a day in ~250 samples. The home's growth sources are
// measured only while the free space falls, at most every 30 minutes, each walk bounded (src/probes/disk.ts). Each
// sample also asks after every place Hermes writes (issue 60): its mount read-only, its filesystem out of inodes (then
// the growth sources are counted too: which holds most files).
import type { DiskTrend, WritePlace } from '../evidence.js';
import {
  growthDirSizes,
  inodesOut,
  readDiskSpace,
  readWritePlaces,
  type DirSize,
  type WalkBudget,
  type WriterView,
} from '../probes/disk.js';
import { readMounts } from '../probes/mountinfo.js';
import { fresh, type Shared } from '../util/shared.js';
import { threadedFs, type LookFs } from '../util/look-fs.js';

export const DISK_SAMPLE_EVERY_MS = 60_000;
export const DISK_KEEP_MS = 24 * 3_600_000;
/** Every sample this recent is kept; older ones one per THIN_EVERY_MS. */
const DENSE_MS = 2 * 3_600_000;
const THIN_EVERY_MS = 10 * 60_000;
/** Directory sizes at most this often, and only when the free space fell this much within FALLING_MS. */
export const DIRS_EVERY_MS = 30 * 60_000;
const FALLING_MS = 30 * 60_000;
const FALLING_BYTES = 32 * 1024 * 1024;

export interface DiskSampler {
  /**
   * Samples the disk of `home` now unless it was sampled within the minute; the series so far (undefined if none).
   * `view`: whose mount table says whether a place is read-only (the gateway's, where it runs); `shared`: what a round
   * of looks reads once.
   */
  sample(home: string, now: number, view?: WriterView, shared?: Shared, fs?: LookFs): Promise<DiskTrend | undefined>;
}

/** The series with one more sample: dense for the last two hours, thinned before, none older than a day. */
function kept(samples: DiskTrend['samples'], next: { at: number; freeBytes: number }): DiskTrend['samples'] {
  const out: DiskTrend['samples'] = [];
  for (const s of samples) {
    if (s.at > next.at || next.at - s.at > DISK_KEEP_MS) continue;
    const prev = out.at(-1);
    if (next.at - s.at > DENSE_MS && prev && s.at - prev.at < THIN_EVERY_MS) continue;
    out.push(s);
  }
  out.push(next);
  return out;
}

/** The free space fell within the last half hour by enough to be worth a look at what grows. */
function falling(samples: DiskTrend['samples'], now: number): boolean {
  const last = samples.at(-1)!;
  const most = Math.max(...samples.filter((s) => now - s.at <= FALLING_MS).map((s) => s.freeBytes));
  return most - last.freeBytes >= FALLING_BYTES;
}

/** The places as read now, each dated since the samples in a row before found it read-only or out of inodes. */
function dated(places: WritePlace[], before: WritePlace[] | undefined, now: number): WritePlace[] {
  return places.map((p) => {
    const old = before?.find((x) => x.name === p.name && x.mount === p.mount);
    const ro = p.readOnly ? (old?.readOnly ? (old.readOnlySince ?? now) : now) : undefined;
    const out = inodesOut(p.inodes) ? (inodesOut(old?.inodes) ? (old!.inodesOutSince ?? now) : now) : undefined;
    return {
      ...p,
      ...(ro !== undefined ? { readOnlySince: ro } : {}),
      ...(out !== undefined ? { inodesOutSince: out } : {}),
    };
  });
}

export function createDiskSampler(o: { budget?: WalkBudget } = {}): DiskSampler {
  let trend: DiskTrend | undefined;
  let measured: { at: number; dirs: DirSize[] } | undefined;
  return {
    async sample(home, now, view, shared = fresh, fs = threadedFs) {
      if (trend && trend.path !== home) {
        trend = undefined;
        measured = undefined;
      }
      const last = trend?.samples.at(-1);
      if (last && now - last.at < DISK_SAMPLE_EVERY_MS && now >= last.at) return trend;
      const space = await readDiskSpace(home, fs);
      if (!space) return trend;
      const samples = kept(trend?.samples ?? [], { at: now, freeBytes: space.freeBytes });
      // The mount tables (ours, the gateway's) are the same for every home a round of looks samples: read once in it.
      const mounts = (pid: number | 'self') => shared(`mounts ${pid}`, () => readMounts(pid));
      const places = dated(await readWritePlaces(home, space, view, mounts, fs), trend?.places, now);
      let dirs = trend?.dirs;
      const filling = falling(samples, now) || places.some((p) => inodesOut(p.inodes));
      if ((!measured || now - measured.at >= DIRS_EVERY_MS) && filling) {
        const sizes = await growthDirSizes(home, o.budget);
        const before = measured;
        dirs = sizes.map((d) => {
          const old = before?.dirs.find((x) => x.name === d.name);
          return old ? { ...d, grewBytes: d.bytes - old.bytes, overMs: now - before!.at } : d;
        });
        measured = { at: now, dirs: sizes };
      }
      trend = {
        path: home,
        totalBytes: space.totalBytes,
        reservedBytes: space.reservedBytes,
        samples,
        ...(dirs ? { dirs } : {}),
        ...(places.length ? { places } : {}),
      };
      return trend;
    },
  };
}
