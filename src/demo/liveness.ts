// Whether the demo gateway runs: what its supervisor (`ctl.js status`) and its commands ask; is-active.sh, which
// gatewatch runs on every scheduled check, asks the same in shell (test/demo/is-active.test.ts holds the two together).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PidRecord } from '../evidence.js';
import { pidExists } from '../util/pid.js';
import { parseProcStat, type ProcStat } from '../probes/proc-stat.js';

export function pidFilePath(home: string): string {
  return path.join(home, 'gateway.pid');
}

export async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Process identity: /proc/<pid>/stat field 22 (clock ticks since boot) on Linux, create_time*100 elsewhere.

async function readProcStat(pid: number): Promise<ProcStat | null> {
  return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''));
}

export async function procStartTime(pid: number): Promise<number | null> {
  return (await readProcStat(pid))?.startTicks ?? null;
}

export async function readPidRecord(home: string): Promise<PidRecord | null> {
  const raw = await readJson(pidFilePath(home));
  if (!isObject(raw) || !Number.isInteger(raw.pid) || (raw.pid as number) <= 0) return null;
  return raw as unknown as PidRecord;
}

export interface Liveness {
  alive: boolean;
  pid?: number;
  record?: PidRecord;
  /** Why not alive: `no pid file`, `not running`, `pid reused`, `not a gateway`. */
  reason?: string;
}

/** Is the process named by gateway.pid alive, the same process (start time), and a `gateway run`? */
export async function gatewayLiveness(home: string): Promise<Liveness> {
  const record = await readPidRecord(home);
  if (!record) return { alive: false, reason: 'no pid file' };
  const pid = record.pid;
  if (!pidExists(pid)) return { alive: false, pid, record, reason: 'not running' };
  if (process.platform === 'linux') {
    const stat = await readProcStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') return { alive: false, pid, record, reason: 'not running' };
    if (record.start_time !== undefined && record.start_time !== stat.startTicks)
      return { alive: false, pid, record, reason: 'pid reused' };
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const i = cmdline.indexOf('gateway');
    if (i < 0 || cmdline[i + 1] !== 'run') return { alive: false, pid, record, reason: 'not a gateway' };
  }
  return { alive: true, pid, record };
}

/** Like isPidAlive, but a zombie (exited, not yet reaped) counts as dead. */
export async function isPidRunning(pid: number): Promise<boolean> {
  if (!pidExists(pid)) return false;
  if (process.platform !== 'linux') return true;
  const stat = await readProcStat(pid);
  return !!stat && stat.state !== 'Z' && stat.state !== 'X';
}
