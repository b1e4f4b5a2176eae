// The gateway's current memory (hermes-gateway-current.md §9.20): Hermes' own `[MEMORY] rss=` is ru_maxrss, a peak that
// never falls, so the trend is read from /proc/<pid>/status VmRSS. The ceiling is the process's cgroup limit
// (systemd MemoryMax, a container's limit) when it has one, else what the host still has: its RSS plus MemAvailable.
import { readFile } from 'node:fs/promises';

/** VmRSS of `pid` in KiB; undefined when the process is gone or /proc is not there (macOS). */
export async function readRssKib(pid: number): Promise<number | undefined> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const m = text && /^VmRSS:\s+(\d+) kB/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface MemoryCeiling {
  kib: number;
  source: 'cgroup' | 'host';
}

/** cgroup v2 (`0::/path`) memory.max, else v1's memory.limit_in_bytes; `max` or a huge v1 value means none. */
async function cgroupLimitKib(pid: number): Promise<number | undefined> {
  const cg = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
  const v2 = /^0::(\/.*)$/m.exec(cg)?.[1];
  const v1 = /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:(\/.*)$/m.exec(cg)?.[1];
  const file = v2 !== undefined ? `/sys/fs/cgroup${v2 === '/' ? '' : v2}/memory.max` : v1 !== undefined ? `/sys/fs/cgroup/memory${v1 === '/' ? '' : v1}/memory.limit_in_bytes` : undefined;
  if (!file) return undefined;
  const raw = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (!/^\d+$/.test(raw)) return undefined;
  const kib = Number(raw) / 1024;
  // v1 writes "no limit" as a page-rounded 2^63.
  return kib > 2 ** 50 ? undefined : kib;
}

export async function memoryCeiling(pid: number, rssKib: number): Promise<MemoryCeiling | undefined> {
  const cg = await cgroupLimitKib(pid);
  if (cg !== undefined) return { kib: cg, source: 'cgroup' };
  const info = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const avail = /^MemAvailable:\s+(\d+) kB/m.exec(info)?.[1];
  return avail ? { kib: rssKib + Number(avail), source: 'host' } : undefined;
}
