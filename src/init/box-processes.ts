// The live processes `init` learns from: each `gateway run` a supervisor runs (its own process says which and the home
// it serves), and the supervisors themselves, which name where their programs are written down: pm2's God daemon its
// home (its title, cut short when the home is long, else its environment), supervisord its configuration (`-c`),
// runsvdir its service folder. A container's gateway is left to the container's runtime (its adapter's box()).
import path from 'node:path';
import { readlink } from '../util/file-calls.js';
import { KiB, readProcText } from '../util/read-capped.js';
import { inNestedPidNamespace } from '../probes/pid-namespace.js';
import { procTraits } from '../probes/proc-traits.js';
import { readProcEntry, scanProcs, type ProcEntry } from '../probes/proc-scan.js';
import { liveGatewayHome, isGatewayRunArgv, parseEnviron } from '../probes/process.js';
import { claimOf } from '../probes/service.js';
import { adapterOf, SUPERVISORS } from '../probes/supervisors/index.js';
import type { ManagerKind } from '../evidence.js';
import type { Host } from '../probes/host.js';
import type { FindingParam } from '../types.js';
import { unreadWhy, type BoxGateway, type Unread } from './box-types.js';

export interface LiveFinds {
  gateways: BoxGateway[];
  /** Where each supervisor's live daemons keep their programs (its adapter's place()), by its kind. */
  places: Map<ManagerKind, string[]>;
  unread: Unread[];
}

const SCAN_MS = 5_000;
const base = (a: string | undefined) => (a ? path.basename(a) : '');

/** A process's environment, or why it cannot be read (nothing when it is gone since the scan). */
async function environ(pid: number): Promise<{ env?: Record<string, string>; why?: FindingParam }> {
  try {
    return { env: parseEnviron(await readProcText(`/proc/${pid}/environ`, 256 * KiB)) };
  } catch (e) {
    return { why: unreadWhy(e) };
  }
}

/** The service keys a live gateway's claim names, or why gatewatch cannot act through it: its adapter's. */
const keysOf = (claim: NonNullable<ReturnType<typeof claimOf>>, cgroup: string | undefined, uid: number) =>
  adapterOf(claim.manager).keys?.(claim, { ...(cgroup !== undefined ? { cgroup } : {}), uid });

function placeOf(out: LiveFinds, kind: ManagerKind, place: string): void {
  out.places.set(kind, [...(out.places.get(kind) ?? []), place]);
}

/** `denied`: the gateways whose environment (so whose home) cannot be read, said once for all of them. */
async function liveGateway(p: ProcEntry, host: Host, out: LiveFinds, denied: Map<number, FindingParam>): Promise<void> {
  if (await inNestedPidNamespace(p.pid)) return;
  const { env, why } = await environ(p.pid);
  if (!env) {
    if (why) denied.set(p.pid, why);
    return;
  }
  const home = await liveGatewayHome(p.pid, p.argv, env, host.homedir);
  const traits = await procTraits(p.pid, p.startTicks);
  const claim = traits && claimOf(traits);
  if (!home || !claim) return;
  // A live gateway's own supervisor daemon (pm2's home, named by its claim) is a place of that supervisor's too.
  if (claim.via) placeOf(out, claim.manager, claim.via);
  const keys = keysOf(claim, traits.cgroup, host.uid);
  if (!keys) return;
  if ('why' in keys) out.unread.push({ what: claim.name ?? `/proc/${p.pid}`, why: keys.why });
  else out.gateways.push({ home, label: base(claim.name) || claim.manager, service: keys });
}

/** Every live gateway a supervisor runs, and where the live supervisors keep their programs. */
export async function liveFinds(host: Host): Promise<LiveFinds> {
  const out: LiveFinds = { gateways: [], places: new Map(), unread: [] };
  if (host.platform !== 'linux') return out;
  const scan = await scanProcs((pid) => readProcEntry(pid, 4 * KiB), SCAN_MS);
  if (!scan.ok) {
    out.unread.push({ what: '/proc', why: scan.reason });
    return out;
  }
  const denied = new Map<number, FindingParam>();
  for (const p of scan.procs.values()) {
    if (isGatewayRunArgv(p.argv)) {
      await liveGateway(p, host, out, denied);
      continue;
    }
    // A supervisor's own daemon: where it keeps its programs, as its adapter reads it.
    const live = {
      argv: p.argv,
      cwd: () => readlink(`/proc/${p.pid}/cwd`).catch(() => undefined),
      env: async () => (await environ(p.pid)).env,
    };
    for (const a of SUPERVISORS) {
      const place = await a.place?.(live);
      if (place) placeOf(out, a.kind, place);
    }
  }
  // Other users' gateways, as a user: `/proc/{812,907}/environ: permission denied`.
  const pids = [...denied.keys()].sort((a, b) => a - b);
  if (pids.length)
    out.unread.push({
      what: `/proc/${pids.length > 1 ? `{${pids.join(',')}}` : pids[0]}/environ`,
      why: denied.get(pids[0]!)!,
    });
  if (scan.partial)
    out.unread.push({ what: '/proc', why: { key: 'init.unread.partial', params: { s: SCAN_MS / 1000 } } });
  return out;
}
