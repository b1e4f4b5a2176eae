// Every process on this host, read through /proc by a caller's reader, a few at a time and within a deadline: the
// Telegram poller and WhatsApp bridge probes look for one process among hundreds, and a host with thousands must not
// hold an evaluation up.
import { readdir } from 'node:fs/promises';

const CONCURRENCY = 16;

export type ProcScan<T> = { ok: true; procs: Map<number, T>; partial: boolean } | { ok: false; reason: string };

export async function scanProcs<T>(read: (pid: number) => Promise<T | null | undefined>, timeoutMs: number): Promise<ProcScan<T>> {
  if (process.platform !== 'linux') return { ok: false, reason: 'process scan needs /proc' };
  const deadline = Date.now() + timeoutMs;
  let pids: number[];
  try {
    pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
  } catch (e) {
    return { ok: false, reason: `cannot list /proc (${(e as NodeJS.ErrnoException).code ?? e})` };
  }
  const procs = new Map<number, T>();
  for (let i = 0; i < pids.length; i += CONCURRENCY) {
    if (Date.now() > deadline) return { ok: true, procs, partial: true };
    const batch = pids.slice(i, i + CONCURRENCY);
    const got = await Promise.all(batch.map(read));
    got.forEach((p, k) => p != null && procs.set(batch[k]!, p));
  }
  return { ok: true, procs, partial: false };
}
