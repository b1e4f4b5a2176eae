// What a live gateway's own process says of who runs it (Linux /proc): its ancestors up to init (pm2's God daemon,
// supervisord, runsv, s6-supervise, a tmux server, systemd), the variables its supervisor put in its environment (pm2's
// whole pm2_env, SUPERVISOR_PROCESS_NAME, TMUX, INVOCATION_ID), its cgroup (a systemd unit, a container). Read once a
// life: the same pid and start time answer from the last read.
import { readlink } from '../util/file-calls.js';
import { KiB, readProcLineSync, readProcText } from '../util/read-capped.js';
import { parseEnviron } from './process.js';
import { parseProcStat } from './proc-stat.js';
import { originOf } from './unmanaged.js';
import type { Ancestor, ProcTraits } from './supervisors/types.js';

/** The environment's variables an adapter reads: the rest (secrets among them) is never kept. */
const TRAIT_ENV = new Set([
  'HERMES_HOME',
  'INVOCATION_ID',
  'JOURNAL_STREAM',
  'PM2_HOME',
  'pm_id',
  'name',
  'pm_exec_path',
  'pm_err_log_path',
  'pm_out_log_path',
  'restart_time',
  'unstable_restarts',
  'autorestart',
  'SUPERVISOR_ENABLED',
  'SUPERVISOR_PROCESS_NAME',
  'SUPERVISOR_GROUP_NAME',
  'SUPERVISOR_SERVER_URL',
  'TMUX',
  'TMUX_PANE',
  'STY',
  'HERMES_S6_SUPERVISED_CHILD',
]);

const ANCESTORS_MAX = 12;
const CMDLINE_BYTES = 4 * KiB;

async function stat(pid: number) {
  const st = parseProcStat(await readProcText(`/proc/${pid}/stat`, 4 * KiB).catch(() => ''));
  return st && st.state !== 'Z' && st.state !== 'X' ? st : undefined;
}

function statNow(pid: number) {
  try {
    const st = parseProcStat(readProcLineSync(`/proc/${pid}/stat`));
    return st && st.state !== 'Z' && st.state !== 'X' ? st : undefined;
  } catch {
    return undefined;
  }
}

async function cmdline(pid: number): Promise<string> {
  const raw = await readProcText(`/proc/${pid}/cmdline`, CMDLINE_BYTES).catch(() => '');
  return raw.replace(/\0+$/, '').split('\0').join(' ').trim();
}

/** The unified hierarchy's path, else the systemd one's (`0::/system.slice/x.service`, `1:name=systemd:/…`). */
export function cgroupPath(text: string): string | undefined {
  const lines = text.split('\n');
  const v2 = lines.find((l) => l.startsWith('0::'))?.slice(3);
  const sd = lines.find((l) => /^\d+:name=systemd:/.test(l))?.replace(/^\d+:name=systemd:/, '');
  return v2 && v2 !== '/' ? v2 : sd && sd !== '/' ? sd : v2 || sd || undefined;
}

async function ancestors(ppid: number): Promise<Ancestor[]> {
  const out: Ancestor[] = [];
  for (let p = ppid; p >= 1 && out.length < ANCESTORS_MAX; ) {
    const st = await stat(p);
    if (!st) break;
    const cwd = await readlink(`/proc/${p}/cwd`).catch(() => undefined);
    out.push({ pid: p, comm: st.comm, cmdline: await cmdline(p), ...(cwd ? { cwd } : {}) });
    if (p === 1) break;
    p = st.ppid;
  }
  return out;
}

let own: string | undefined | null;
async function ownCgroup(): Promise<string | undefined> {
  if (own === undefined) own = cgroupPath(await readProcText('/proc/self/cgroup', 16 * KiB).catch(() => '')) ?? null;
  return own ?? undefined;
}

async function readTraits(pid: number): Promise<ProcTraits | undefined> {
  if (process.platform !== 'linux') return undefined;
  const st = await stat(pid);
  if (!st) return undefined;
  const raw = await readProcText(`/proc/${pid}/cmdline`, 256 * KiB).catch(() => '');
  const env = await readProcText(`/proc/${pid}/environ`, 256 * KiB).then(parseEnviron, () => ({}));
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (TRAIT_ENV.has(k)) kept[k] = v.slice(0, 512);
  const cgroup = cgroupPath(await readProcText(`/proc/${pid}/cgroup`, 16 * KiB).catch(() => ''));
  const origin = await originOf(pid);
  const self = await ownCgroup();
  return {
    pid,
    startTicks: st.startTicks,
    argv: raw.replace(/\0+$/, '').split('\0').filter(Boolean),
    env: kept,
    ancestors: await ancestors(st.ppid),
    ...(cgroup ? { cgroup } : {}),
    ...(self ? { ownCgroup: self } : {}),
    ...(origin ? { origin } : {}),
  };
}

// One read a life: the last traits read, by pid.
const last = new Map<number, ProcTraits>();

/** The traits of a live process (`startTicks`: the life it must be, when known); undefined when it is gone. */
export async function procTraits(pid: number, startTicks?: number): Promise<ProcTraits | undefined> {
  const kept = last.get(pid);
  // The same life: its stat line, read in this turn (a /proc read never waits), costs no trip through libuv's
  // threads, once a look for every profile a root serves.
  if (
    kept &&
    (startTicks === undefined || kept.startTicks === startTicks) &&
    statNow(pid)?.startTicks === kept.startTicks
  )
    return kept;
  const t = await readTraits(pid);
  if (last.size > 64) last.clear();
  if (t && (startTicks === undefined || t.startTicks === startTicks)) last.set(pid, t);
  else last.delete(pid);
  return t && (startTicks === undefined || t.startTicks === startTicks) ? t : undefined;
}
