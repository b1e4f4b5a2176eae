// A gateway nothing supervises (hermes-deployments.md §2: WSL2 without systemd, Termux, a gateway run by hand under
// tmux or nohup). While it lives, how it was started is read off the host (its ancestors, its terminal, whether it
// ignores SIGHUP) and its command line kept: when it dies, the alert says what started it and that nothing will start
// it again, and gatewatch can start the same command itself, detached from any terminal (its own session, output to
// the home's log). What it saw is kept for this gatewatch's life only: one that never saw the gateway alive cannot.
import { readlink } from '../util/file-calls.js';
import type { TargetConfig } from '../config/schema.js';
import type { UnmanagedOrigin } from '../evidence.js';
import type { PidRecord } from '../evidence.js';
import { isGatewayRunArgv, readPidFile } from './process.js';
import { parseEnviron } from './process.js';
import { KiB, readProcText } from '../util/read-capped.js';
import { parseProcStat, type ProcStat } from './proc-stat.js';

/** /proc/<pid>/stat with its controlling terminal (field 7, 0 for none); undefined when gone or a zombie. */
async function stat(pid: number): Promise<(ProcStat & { tty: number }) | undefined> {
  try {
    const text = await readProcText(`/proc/${pid}/stat`, 4 * KiB);
    const st = parseProcStat(text);
    if (!st || st.state === 'Z' || st.state === 'X') return undefined;
    return { ...st, tty: Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[4]) || 0 };
  } catch {
    return undefined;
  }
}

/** Whether the process ignores SIGHUP (bit 0 of SigIgn): what `nohup` leaves it with. */
async function ignoresHangup(pid: number): Promise<boolean> {
  const status = await readProcText(`/proc/${pid}/status`, 8 * KiB).catch(() => '');
  const m = /^SigIgn:\s*([0-9a-f]+)$/m.exec(status);
  return m ? (BigInt(`0x${m[1]}`) & 1n) === 1n : false;
}

/** How a live process was started, read off the host: under tmux or screen, from a terminal, with nohup, or neither. */
export async function originOf(pid: number): Promise<UnmanagedOrigin | undefined> {
  const self = await stat(pid);
  if (!self) return undefined;
  const raw = await readProcText(`/proc/${pid}/cmdline`, 256 * KiB).catch(() => '');
  const argv = raw.replace(/\0+$/, '').split('\0').filter(Boolean);
  if (!isGatewayRunArgv(argv)) return undefined;
  let via: UnmanagedOrigin['via'] | undefined;
  for (let p = self.ppid, n = 0; p > 1 && n < 32 && !via; n++) {
    const a = await stat(p);
    if (!a) break;
    if (/^tmux/.test(a.comm)) via = 'tmux';
    else if (/^screen$/i.test(a.comm)) via = 'screen';
    p = a.ppid;
  }
  via ??= (await ignoresHangup(pid)) ? 'nohup' : self.tty !== 0 ? 'terminal' : 'background';
  const env = await readProcText(`/proc/${pid}/environ`, 256 * KiB).then(parseEnviron, () => null);
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  return {
    via,
    argv,
    ...(cwd ? { cwd } : {}),
    ...(env?.HERMES_HOME ? { hermesHome: env.HERMES_HOME } : {}),
    pid,
    startTicks: self.startTicks,
  };
}

// The last origin seen per home, for this gatewatch's life.
const seen = new Map<string, UnmanagedOrigin>();

/**
 * The origin of this home's gateway: read while it lives (once per life), the one last seen when it is gone (`alive`
 * false), undefined when this gatewatch never saw it alive. Linux only (elsewhere nothing is read). `given`: the pid
 * record the look read already (null: it found none), so gateway.pid is read once a look.
 */
export async function unmanagedOrigin(
  target: TargetConfig,
  given?: PidRecord | null,
): Promise<UnmanagedOrigin | undefined> {
  if (process.platform !== 'linux') return undefined;
  const last = seen.get(target.hermes_home);
  const record = given !== undefined ? given : (await readPidFile(target.pid_file)).record;
  const now = record ? await stat(record.pid) : undefined;
  const live = now && (record?.start_time === undefined || record.start_time === now.startTicks);
  if (record && live) {
    if (last && last.pid === record.pid && last.startTicks === now!.startTicks) return { ...last, alive: true };
    const o = await originOf(record.pid);
    if (o) {
      seen.set(target.hermes_home, o);
      return { ...o, alive: true };
    }
  }
  return last ? { ...last, alive: false } : undefined;
}
