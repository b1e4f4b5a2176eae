// The gateway's current memory (hermes-gateway-current.md §9.20): Hermes' own `[MEMORY] rss=` is ru_maxrss, a peak that
// never falls, so the trend is read from /proc/<pid>/status VmRSS. The ceiling is the process's cgroup limit
// (systemd MemoryMax, a container's limit) when it has one, else what the host still has: its RSS plus MemAvailable.
import path from 'node:path';
import { KiB, readProcText } from '../util/read-capped.js';

/**
 * A file the kernel makes (/proc, the cgroup's): read as such, into a kept buffer (readProcText). readFile took a 64 KB buffer for
 * each (their size reads 0 or 4096), five of them every look: 300 KB a look of the churn that grew the RSS of a day of
 * looks.
 */
const kernelText = (file: string) => readProcText(file, 64 * KiB);

/** VmRSS of `pid` in KiB; undefined when the process is gone or /proc is not there (macOS). */
export async function readRssKib(pid: number): Promise<number | undefined> {
  const text = await kernelText(`/proc/${pid}/status`).catch(() => undefined);
  const m = text && /^VmRSS:\s+(\d+) kB/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface MemoryCeiling {
  kib: number;
  source: 'cgroup' | 'host';
  /** What Hermes' memory tiers are a share of (§8.3): the cgroup's limit, else the host's MemTotal. */
  totalKib?: number;
}

/**
 * cgroup v2 (`0::/path`) memory.max, else v1's memory.limit_in_bytes; `max` or a huge v1 value means none. With what the
 * whole group uses now (memory.current, memory.usage_in_bytes): the bridge and MCP servers count against the limit too.
 * A hybrid host (systemd's, for years) lists both: its v2 hierarchy carries no memory controller where we look, so a
 * file that is not there is passed over for the v1 one.
 */
async function cgroupLimitKib(pid: number): Promise<{ limit: number; used?: number } | undefined> {
  const cg = await kernelText(`/proc/${pid}/cgroup`).catch(() => '');
  const v2 = /^0::(\/.*)$/m.exec(cg)?.[1];
  const v1 = /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:(\/.*)$/m.exec(cg)?.[1];
  const files = [
    ...(v2 !== undefined ? [{ file: `/sys/fs/cgroup${v2 === '/' ? '' : v2}/memory.max`, used: 'memory.current' }] : []),
    ...(v1 !== undefined
      ? [{ file: `/sys/fs/cgroup/memory${v1 === '/' ? '' : v1}/memory.limit_in_bytes`, used: 'memory.usage_in_bytes' }]
      : []),
  ];
  for (const f of files) {
    const raw = await kernelText(f.file).catch(() => undefined);
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw.trim())) return undefined;
    const kib = Number(raw.trim()) / 1024;
    // v1 writes "no limit" as a page-rounded 2^63.
    if (kib > 2 ** 50) return undefined;
    const used = (await kernelText(path.join(path.dirname(f.file), f.used)).catch(() => '')).trim();
    return { limit: kib, ...(/^\d+$/.test(used) ? { used: Number(used) / 1024 } : {}) };
  }
  return undefined;
}

export async function memoryCeiling(pid: number, rssKib: number): Promise<MemoryCeiling | undefined> {
  const cg = await cgroupLimitKib(pid);
  // The gateway's RSS may grow by what the group still has: its ceiling is its RSS plus that headroom.
  if (cg !== undefined)
    return {
      kib: cg.used !== undefined ? rssKib + Math.max(0, cg.limit - cg.used) : cg.limit,
      source: 'cgroup',
      totalKib: cg.limit,
    };
  const info = await kernelText('/proc/meminfo').catch(() => '');
  const avail = /^MemAvailable:\s+(\d+) kB/m.exec(info)?.[1];
  const total = /^MemTotal:\s+(\d+) kB/m.exec(info)?.[1];
  return avail
    ? { kib: rssKib + Number(avail), source: 'host', ...(total ? { totalKib: Number(total) } : {}) }
    : undefined;
}
