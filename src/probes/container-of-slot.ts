// The container of a stopped gateway, by its slot's supervisor. A live gateway's cgroup names its container; stopped
// (`gateway stop`, a parked exit), it leaves no process to ask, but the slot's s6-supervise still runs in the container
// that mounts the home at /opt/data, and its cgroup (or conmon) names that container. Where the runtime cannot be
// asked (its socket root's, its daemon down) this is all there is to name the container and its runtime by; where two
// runtimes are installed, it is what tells them apart without asking either.
import path from 'node:path';
import { KiB, readProcText } from '../util/read-capped.js';
import { CONTAINER_HOME } from './container-home.js';
import { containerIdOf, hostPathsOf, type CgroupContainer } from './pid-namespace.js';
import { keptScan } from './proc-scan.js';
import { canonical, readProcStat } from './process.js';

/** A scan of a few hundred command lines takes milliseconds: a host that holds it up this long is read in part. */
const SCAN_MS = 1_000;

/** The slot an `s6-supervise <slot>` at `pid` supervises (s6-overlay runs it as /command/s6-supervise). */
async function supervised(pid: number): Promise<string | undefined> {
  try {
    const [prog, name] = (await readProcText(`/proc/${pid}/cmdline`, 4 * KiB)).split('\0');
    return path.basename(prog ?? '') === 's6-supervise' && name ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Every s6-supervise on the host, the ones found last read first. */
const supervisors = keptScan(supervised, SCAN_MS);

/**
 * A home as a container may mount it at /opt/data (a canonical host path), and the slot its gateway has there: the
 * root's mount runs a profile in `gateway-<profile>`, a profile's folder mounted by itself runs it as the default.
 */
export interface SlotMount {
  path: string;
  slot: string;
}

/**
 * The supervisor found last for each home, while it lives: an outage's every look (and each runtime's, where two are
 * installed) asks again, and one stat read answers instead of a scan.
 */
const kept = new Map<string, { pid: number; startTicks: number; c: CgroupContainer }>();

/**
 * The container whose s6 supervises one of `mounts`' slots with its path at /opt/data, of those `accept` takes;
 * undefined when no such process runs here (the container stopped, or the slot's s6 another host's).
 */
export async function containerOfSlot(
  mounts: readonly SlotMount[],
  accept: (c: CgroupContainer) => boolean,
): Promise<CgroupContainer | undefined> {
  const key = mounts.map((m) => `${m.slot}\0${m.path}`).join('\n');
  const last = kept.get(key);
  if (last && (await readProcStat(last.pid))?.startTicks === last.startTicks) return last.c;
  kept.delete(key);
  const scan = await supervisors();
  if (!scan.ok) return undefined;
  for (const [pid, name] of scan.procs) {
    const paths = mounts.filter((m) => m.slot === name).map((m) => m.path);
    if (!paths.length) continue;
    const mounted = await Promise.all((await hostPathsOf(pid, CONTAINER_HOME)).map((p) => canonical(p)));
    if (!mounted.some((p) => paths.includes(p))) continue;
    const c = await containerIdOf(pid);
    if (!c || !accept(c)) continue;
    const st = await readProcStat(pid);
    if (st) kept.set(key, { pid, startTicks: st.startTicks, c });
    return c;
  }
  return undefined;
}
