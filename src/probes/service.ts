// Which supervisor runs the gateway, and what it says about it: the configured one, or under `auto` the one the live
// gateway's own process names (its ancestors, its environment, its cgroup), else the one this gatewatch last saw run
// it, else the one whose traces on the host name this home (a unit file, a pm2 dump, a supervisord program, a runit
// service, the image's files), else none. Each supervisor's own questions are its adapter's (./supervisors/).
import type { PidRecord, ProcessEvidence, ServiceEvidence } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { hostOf, type Host, type HostOptions } from './host.js';
import { CONTAINER_HOME, looksContainerHome } from './container.js';
import { goneNow, readPidFile } from './process.js';
import { procTraits } from './proc-traits.js';
import { parseProcStat } from './proc-stat.js';
import { KiB, readProcText } from '../util/read-capped.js';
import { lastShutdownContext } from './shutdown-context.js';
import { adapterOf, SUPERVISORS } from './supervisors/index.js';
import type { Claim, ProcTraits } from './supervisors/types.js';
import { CONTAINER_KINDS } from '../evidence/service.js';

export { defaultUnit, scopeArgs, unitName, unitPath, type Scope } from './supervisors/systemd.js';
export { defaultLabel, labelName, plistPath } from './supervisors/launchd.js';

export interface ResolvedManager extends Omit<Claim, 'from'> {
  /** docker/podman, as `init` found it: the container and the slot, or why the runtime could not tell. */
  container?: { name?: string; slot?: string; error?: string };
}

function hasCommands(target: TargetConfig): boolean {
  const s = target.service;
  return Boolean(s.is_active || s.restart || s.start || s.stop);
}

// The supervisor each home's live gateway was last seen under, for this gatewatch's life: a gateway that is down is
// still its supervisor's (its pid file left with it). A container's too, however it was found: the image's reconciler
// deletes the pid file at each start, and an image without a boot log leaves few other traces of itself.
const remembered = new Map<string, Claim>();

const inContainer = (c: Pick<Claim, 'manager'>) => CONTAINER_KINDS.has(c.manager);

/** What a live process's traits say runs it: the first adapter that claims it. */
export function claimOf(traits: ProcTraits): Claim | undefined {
  for (const a of SUPERVISORS) {
    const c = a.claims?.(traits);
    if (c) return { ...c, from: 'process' };
  }
  return undefined;
}

/** The live gateway's traits, from the look's process evidence or the pid file; a container's gateway has none here. */
async function liveTraits(
  target: TargetConfig,
  o: { proc?: Pick<ProcessEvidence, 'alive' | 'pid' | 'nsPid' | 'pidFile'>; pidRecord?: PidRecord | null },
): Promise<ProcTraits | undefined> {
  if (o.proc) {
    if (!o.proc.alive || o.proc.pid === undefined || o.proc.nsPid !== undefined) return undefined;
    return procTraits(o.proc.pid, o.proc.pidFile?.start_time);
  }
  const record = o.pidRecord !== undefined ? o.pidRecord : (await readPidFile(target.pid_file)).record;
  if (!record || record.hermes_home?.startsWith(CONTAINER_HOME)) return undefined;
  return procTraits(record.pid, record.start_time);
}

/** The comm of a process's parent (`s6-supervise`), as /proc says it. */
async function parentComm(pid: number): Promise<string | undefined> {
  const stat = (p: number) => readProcText(`/proc/${p}/stat`, 4 * KiB).then(parseProcStat, () => null);
  const st = await stat(pid);
  return st ? (await stat(st.ppid))?.comm : undefined;
}

interface Resolution {
  claim: Claim;
  traits?: ProcTraits;
}

async function resolve(target: TargetConfig, host: Host, o: ProbeOptions): Promise<Resolution> {
  const cfg = target.service;
  if (cfg.manager !== 'auto')
    return { claim: { ...(await adapterOf(cfg.manager).configured!(target, host)), from: 'config' } };
  // auto: commands the operator wrote down win over what we would guess.
  if (hasCommands(target)) return { claim: { manager: 'command', from: 'config' } };
  const traits = host.platform === 'linux' ? await liveTraits(target, o) : undefined;
  // A live gateway in a container (its cgroup names the runtime): the container's, whatever the home's files say.
  // A Quadlet unit's container: systemd runs it (its restart, its stop), the container is how.
  const box = o.proc?.alive ? o.proc.container : undefined;
  // Hermes' s6 image in a Quadlet unit: s6 inside runs the gateway (its parent), so while it runs its slot is the
  // container's (a kill s6 repairs is no death of the unit's); once it is down its unit is again (a stop removes the
  // container): not remembered.
  const s6InUnit = !!box?.unit && o.proc?.pid !== undefined && (await parentComm(o.proc.pid)) === 's6-supervise';
  const boxed =
    box?.unit && !s6InUnit
      ? { manager: 'systemd' as const, name: box.unit.name, scope: box.unit.scope }
      : box && { manager: box.runtime };
  const live = traits ? claimOf(traits) : boxed && { ...boxed, from: 'process' as const };
  if (live) {
    if (!s6InUnit) remembered.set(target.hermes_home, live);
    return { claim: live, ...(traits ? { traits } : {}) };
  }
  // Seen running it before: still its supervisor's, whatever files a unit or a dump left beside it.
  const last = remembered.get(target.hermes_home);
  if (last) return { claim: { ...last, from: 'memory' }, ...(traits ? { traits } : {}) };
  // Hermes' own last words at its last stop name what ran it: that supervisor's program, where its traces hide it. Not
  // a container's gateway: its parent (the image's s6) and that parent's pid are the container's, not this host's.
  // Asked only where a parent is a supervisor's: a gateway started by hand reads no more than its log's tail.
  const said = await lastShutdownContext(target.log_file);
  if (said)
    for (const a of SUPERVISORS) {
      const c = await a.sender?.(said.parent, target, host);
      if (!c) continue;
      if (await looksContainerHome(target)) break;
      return { claim: { ...c, from: 'shutdown' }, ...(traits ? { traits } : {}) };
    }
  for (const a of SUPERVISORS) {
    const c = await a.traces?.(target, host);
    if (!c) continue;
    if (inContainer(c)) remembered.set(target.hermes_home, { ...c, from: 'traces' });
    return { claim: { ...c, from: 'traces' }, ...(traits ? { traits } : {}) };
  }
  return { claim: { manager: 'none', from: 'traces' }, ...(traits ? { traits } : {}) };
}

export type ProbeOptions = HostOptions & {
  /** The look's process evidence: the live gateway whose traits (or container) say who runs it. */
  proc?: Pick<ProcessEvidence, 'alive' | 'pid' | 'nsPid' | 'pidFile' | 'container'>;
  /** gateway.pid as the look read it already (null: none). */
  pidRecord?: PidRecord | null;
  /** Epoch ms now (the caller's clock); the wall clock when not given. */
  now?: number;
};

export async function resolveManager(target: TargetConfig, opts: ProbeOptions = {}): Promise<ResolvedManager> {
  const { from: _from, ...claim } = (await resolve(target, hostOf(opts), opts)).claim;
  return claim;
}

/** What the supervisor of this gateway says of it now. */
export async function probeService(target: TargetConfig, opts: ProbeOptions = {}): Promise<ServiceEvidence> {
  const host = hostOf(opts);
  const { claim, traits } = await resolve(target, host, opts);
  const ev = await adapterOf(claim.manager).probe(target, claim, host, {
    ...(traits ? { traits } : {}),
    ...(opts.pidRecord !== undefined ? { pidRecord: opts.pidRecord } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  });
  const said = noting(ev, opts);
  // `restart: false`: whatever runs it, gatewatch's lever is none (src/detectors/lever.ts).
  return target.restart === false ? { ...said, watchOnly: true } : said;
}

/**
 * A supervisor that says its service is up with a process that is gone (runit's `run: … (pid N)`, s6's `up (pid N)`)
 * has not yet taken note of its exit (a busy host), and starts the next as it does while the service is wanted up:
 * restarting, not up, bounded by the detectors' grace as any relaunch. A loaded run of `s6-svc -r` met that moment,
 * and a restart through s6 was said a critical SIGTERM death.
 */
function noting(ev: ServiceEvidence, opts: ProbeOptions): ServiceEvidence {
  if (!ev.active || ev.mainPid === undefined || ev.respawn?.restarts !== true) return ev;
  // The look's own process probe has just found that very process alive: no second read of its stat.
  const { proc } = opts;
  if (proc?.alive && proc.nsPid === undefined && proc.pid === ev.mainPid) return ev;
  if (!goneNow(ev.mainPid, undefined, opts)) return ev;
  const { upFor: _upFor, ...rest } = ev;
  return { ...rest, active: false, restarting: true };
}

/** The claim a resolution makes, for the actions that plan a lever on it. */
export async function claimFor(target: TargetConfig, opts: ProbeOptions = {}): Promise<Claim> {
  return (await resolve(target, hostOf(opts), opts)).claim;
}
