// A gateway in Hermes' Docker image (hermes-deployments.md §1): the container is up whatever the gateway does (its
// program is a heartbeat), so the container's state says little; the gateway's own supervisor is s6 inside it, one
// slot `gateway-<profile>` per profile, asked with `s6-svstat` through the container runtime's exec. Nothing on the
// volume names the container: it is the one whose mounts put the home's root at /opt/data, or the one the gateway's
// cgroup names.
import { CONTAINER_HOME, hasBootLog, NO_DAEMON, rootOf, type Runtime } from './container-home.js';
import path from 'node:path';
import type { ContainerFacts, ServiceEvidence } from '../evidence.js';
import { RUNTIME_KINDS } from '../evidence/service.js';
import type { TargetConfig } from '../config/schema.js';
import { runCommand, trimDetail, type Host } from './host.js';
import { cgroupOomKills, containerIdOf, hostPidOf, type CgroupContainer } from './pid-namespace.js';
import { canonical, readPidFile, recordOwner } from './process.js';
import { containerOfSlot } from './container-of-slot.js';
import { MiB, readCapped } from '../util/read-capped.js';
import { parseGatewayState } from './state-file.js';
import { loopOutput } from './container-output.js';
import { endingNow, inTransit, notRunning, removed } from './container-stops.js';
import { isNoS6, parseSvstat, slotEvidence, slotName } from './container-slot.js';
import { policyLoop, policyWords } from './container-policy.js';
import { dialectOf } from './supervisors/runtimes.js';

export type { Runtime };

export { CONTAINER_HOME };

interface Inspected {
  Id?: string;
  Name?: string;
  State?: {
    Status?: string;
    Running?: boolean;
    Pid?: number;
    ExitCode?: number;
    OOMKilled?: boolean;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: {
      Status?: string;
      FailingStreak?: number;
      Log?: { ExitCode?: number; Output?: string; End?: string }[] | null;
    } | null;
  };
  RestartCount?: number;
  Path?: string;
  Args?: string[];
  Config?: {
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] | null } | null;
    /** Podman's `--health-on-failure`. */
    HealthcheckOnFailureAction?: string;
  };
  Mounts?: { Source?: string; Destination?: string }[];
  HostConfig?: { Memory?: number; Init?: boolean; RestartPolicy?: { Name?: string; MaximumRetryCount?: number } };
}

/** s6-overlay's PID 1 in Hermes' image: any other program, or the runtime's own init in front of it, leaves no s6. */
const S6_INIT = '/init';
/**
 * The image's own entrypoints, which exec /init where the container's PID 1 is theirs: the dispatcher of current images
 * (its Dockerfile's ENTRYPOINT; under a runtime's init it falls back to no s6, which HostConfig.Init says), and the
 * tini shim kept for old templates (#34192), which strips tini's flags and execs /init.
 */
const S6_ENTRYPOINTS: ReadonlySet<string> = new Set([
  S6_INIT,
  '/opt/hermes/docker/entrypoint-dispatch.sh',
  '/usr/bin/tini',
]);

/**
 * A container whose command (its entrypoint's argv) and environment run Hermes' gateways under s6: the image's own
 * entrypoints, without the opt-outs of supervision (hermes-deployments.md §1.1). Any other program is the gateway.
 */
export function supervisesWithS6(argv: readonly string[], env: readonly string[]): boolean {
  if (argv[0] !== undefined && !S6_ENTRYPOINTS.has(argv[0]) && !argv.includes(S6_INIT)) return false;
  if (argv.includes('--no-supervise')) return false;
  return !env.some((e) => /^HERMES_GATEWAY_NO_SUPERVISE=(1|true|yes)$/i.test(e));
}

/** Its configuration says the gateway is its program (hermes-deployments.md §1.1: the opt-outs of supervision). */
function programOf(c: Inspected): boolean {
  if (c.HostConfig?.Init === true) return true;
  // No path inspected: judged by its arguments and environment only.
  return !supervisesWithS6([c.Path ?? S6_INIT, ...(c.Args ?? [])], c.Config?.Env ?? []);
}

function factsOf(c: Inspected, runtime: Runtime): ContainerFacts {
  const st = c.State ?? {};
  const started = st.StartedAt ? Date.parse(st.StartedAt) : Number.NaN;
  // `0001-01-01T00:00:00Z` until its first end.
  const finished = st.FinishedAt ? Date.parse(st.FinishedAt) : Number.NaN;
  return {
    id: c.Id ?? '',
    name: (c.Name ?? '').replace(/^\//, '') || (c.Id ?? '').slice(0, 12),
    status: st.Status ?? 'unknown',
    // Docker says Running (and Restarting) while its policy waits to start the next life: nothing runs in it then.
    running: st.Running === true && st.Status !== 'restarting',
    ...(st.Pid ? { pid: st.Pid } : {}),
    ...(st.ExitCode !== undefined ? { exitCode: st.ExitCode } : {}),
    ...(st.OOMKilled ? { oomKilled: true } : {}),
    ...(Number.isFinite(started) && started > 0 ? { startedAt: started } : {}),
    ...(Number.isFinite(finished) && finished > 0 ? { finishedAt: finished } : {}),
    ...(c.RestartCount ? { restartCount: c.RestartCount } : {}),
    ...(c.HostConfig?.RestartPolicy
      ? {
          restartPolicy: {
            name: c.HostConfig.RestartPolicy.Name || 'no',
            max: c.HostConfig.RestartPolicy.MaximumRetryCount ?? 0,
          },
        }
      : {}),
    ...(programOf(c) ? { program: true } : {}),
    ...(c.HostConfig?.Memory ? { memoryLimit: c.HostConfig.Memory } : {}),
    homeSource: c.Mounts?.find((m) => m.Destination === CONTAINER_HOME)?.Source,
    ...(c.Config?.Labels?.PODMAN_SYSTEMD_UNIT ? { systemdUnit: c.Config.Labels.PODMAN_SYSTEMD_UNIT } : {}),
    ...composeOf(runtime, c.Config?.Labels ?? {}),
    ...healthOf(c),
  };
}

/**
 * Compose's labels: the tool to run again, and where. podman-compose adds its own beside Docker Compose's; a Podman
 * container with Docker Compose's alone was made through Podman's socket or `podman compose`, which is its own to run.
 */
export function composeOf(runtime: Runtime, labels: Record<string, string>): Pick<ContainerFacts, 'compose'> {
  if (!labels['com.docker.compose.project'] && !labels['io.podman.compose.project']) return {};
  const dir = labels['com.docker.compose.project.working_dir'];
  const tool = labels['io.podman.compose.project'] ? 'podman-compose' : `${runtime} compose`;
  return { compose: { tool, ...(dir ? { dir } : {}) } };
}

/** A health check's output is quoted up to this much (its last line kept whole where it fits). */
const HEALTH_OUTPUT_CHARS = 300;

/** The container's own health check as Docker and Podman report it (`State.Health`), where it has one. */
function healthOf(c: Inspected): Pick<ContainerFacts, 'health'> {
  const h = c.State?.Health;
  if (!h?.Status) return {};
  const last = h.Log?.at(-1);
  const output = last?.Output?.trim().split('\n').filter(Boolean).at(-1)?.slice(0, HEALTH_OUTPUT_CHARS);
  // `["CMD-SHELL", "curl -f …"]` or `["CMD", "curl", "-f", …]`: the command as it is typed.
  const test = c.Config?.Healthcheck?.Test ?? [];
  const command = (/^CMD(-SHELL)?$/.test(test[0] ?? '') ? test.slice(1) : test).join(' ');
  const onFailure = c.Config?.HealthcheckOnFailureAction;
  const lastAt = last?.End ? Date.parse(last.End) : Number.NaN;
  return {
    health: {
      status: h.Status,
      streak: h.FailingStreak ?? 0,
      ...(last?.ExitCode !== undefined ? { exitCode: last.ExitCode } : {}),
      ...(output ? { output } : {}),
      ...(command ? { test: command } : {}),
      ...(onFailure && onFailure !== 'none' ? { onFailure } : {}),
      ...(Number.isFinite(lastAt) ? { lastAt } : {}),
    },
  };
}

async function inspect(
  runtime: Runtime,
  refs: string[],
  host: Host,
): Promise<Inspected[] | { error: string; missing?: true }> {
  const r = await runCommand([runtime, 'inspect', ...refs], host);
  // `inspect` of several, one missing: exit 1, the others still printed.
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout || 'null');
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length) return parsed as Inspected[];
  // It answered that there is no such container (Docker's `No such object`, Podman's `no such object`): gone.
  const missing = r.exitCode !== undefined && /\bno such (object|container)\b/i.test(r.stderr + r.stdout);
  return { error: `${runtime} inspect: ${r.failure ?? 'no answer'}${detail(r)}`, ...(missing ? { missing } : {}) };
}

const detail = (r: { stdout: string; stderr: string }) => {
  const d = trimDetail(r.stderr || r.stdout, 200);
  return d ? `: ${d}` : '';
};

// Found containers by home: one `ps` and `inspect` of them all per home while the container answers, not per look.
const found = new Map<string, Found>();

interface Found {
  ref: string;
  /** Its name, once inspected. */
  name?: string;
  /** Found by its mount: whether it runs, and when it last started or ended (epoch ms). A live gateway's is running. */
  running?: boolean;
  last?: number;
  /** gateway.pid's pid and start when it was found: a stopped one is looked for again once another gateway claims it. */
  claim?: string;
  /** Podman: a rootless container's user, and whether the gateway is its program (src/probes/pid-namespace.ts). */
  rootless?: { uid: number; user?: string };
  program?: boolean;
}

/** The Docker or Podman container whose s6 supervises this home's slot; a pod's container is the kubelet's to say. */
async function slotContainer(target: TargetConfig): Promise<CgroupContainer | undefined> {
  const { root, profile } = rootOf(target.hermes_home);
  const slot = target.service.slot;
  const mounts = [{ path: await canonical(root), slot: slot ?? slotName(profile) }];
  // A profile's folder mounted by itself: the container runs its gateway as its default.
  if (profile) mounts.push({ path: await canonical(target.hermes_home), slot: slot ?? slotName('') });
  return containerOfSlot(mounts, (c) => RUNTIME_KINDS.has(c.runtime));
}

/**
 * The container holding this home, by the id the gateway's cgroup names, else by the mounts of the containers: the one
 * that mounts the home's root (or the home) at /opt/data, a running one first, else the one that ran last (a container
 * stopped before this gatewatch first looked is still the home's, its start the lever).
 */
async function findContainer(
  runtime: Runtime,
  target: TargetConfig,
  host: Host,
): Promise<Found | { error: string; absent?: true; none?: true }> {
  const key = `${runtime}:${target.hermes_home}`;
  const cached = found.get(key);
  if (cached && cached.running !== false) return cached;
  // A stopped one is kept until a live gateway of this home is seen in another container (the operator ran a new one):
  // its pid file claimed again. Looked for only then, not at every look of an outage.
  const { record } = await readPidFile(target.pid_file);
  const claim = record ? `${record.pid}:${record.start_time ?? ''}` : '';
  if (cached && cached.claim === claim) return cached;
  const pid = record ? await hostPidOf(record.pid, record.start_time, recordOwner(target, record)) : undefined;
  // No live gateway: its slot's supervisor, in the container that mounts the home (a pod's is the kubelet's).
  const byCgroup = pid === undefined ? await slotContainer(target) : await containerIdOf(pid);
  // Another runtime's container (asked of both where both are installed) is not this runtime's to inspect.
  if (byCgroup && byCgroup.runtime !== runtime && RUNTIME_KINDS.has(byCgroup.runtime))
    return { error: `the gateway's container is a ${byCgroup.runtime} container` };
  if (byCgroup && cached && byCgroup.id !== cached.ref) found.delete(key);
  else if (cached) {
    found.set(key, { ...cached, claim });
    return cached;
  }
  if (byCgroup) {
    const f: Found = {
      ref: byCgroup.id,
      ...(byCgroup.rootless ? { rootless: byCgroup.rootless } : {}),
      ...(byCgroup.program !== undefined ? { program: byCgroup.program } : {}),
      claim,
    };
    found.set(key, f);
    return f;
  }
  const ps = await runCommand([runtime, 'ps', '-aq', '--no-trunc'], host);
  if (ps.exitCode !== 0)
    return {
      error: `${runtime} ps: ${ps.failure}${detail(ps)}`,
      ...(NO_DAEMON.test(`${ps.stderr}\n${ps.stdout}`) ? { absent: true } : {}),
    };
  const ids = ps.stdout.split('\n').filter((l) => /^[0-9a-f]{12,64}$/.test(l.trim()));
  const { root } = rootOf(target.hermes_home);
  const none = { error: `no ${runtime} container mounts ${root} at ${CONTAINER_HOME}`, none: true as const };
  if (!ids.length) return none;
  const all = await inspect(runtime, ids, host);
  if ('error' in all) return all;
  const want = new Set([await canonical(root), await canonical(target.hermes_home)]);
  const mounting: { c: Inspected; f: ContainerFacts }[] = [];
  for (const c of all) {
    const f = factsOf(c, runtime);
    if (f.homeSource && want.has(await canonical(f.homeSource)) && c.Id) mounting.push({ c, f });
  }
  // Several on one volume (Umbrel's app has a web UI beside the gateway): Hermes' own first (its command runs the
  // gateway, or it is the image's s6), then a running one, then the one that ran last.
  const hermes = ({ c }: { c: Inspected }) =>
    /\bgateway\b/.test([c.Path, ...(c.Args ?? [])].join(' ')) ||
    supervisesWithS6([c.Path ?? '', ...(c.Args ?? [])], c.Config?.Env ?? []);
  const ranked = mounting
    .map((m) => ({ ...m, hermes: hermes(m), last: Math.max(m.f.startedAt ?? 0, m.f.finishedAt ?? 0) }))
    .sort(
      (a, b) => Number(b.hermes) - Number(a.hermes) || Number(b.f.running) - Number(a.f.running) || b.last - a.last,
    );
  const best = ranked[0];
  if (!best?.c.Id) return none;
  const f: Found = { ref: best.c.Id, name: best.f.name, running: best.f.running, last: best.last, claim };
  found.set(key, f);
  return f;
}

/**
 * The runtime of the two installed whose container holds this home. Else one that could not be asked: a runtime that
 * answered with no container mounting it is none of them, one busy past the look's time (Podman holding a container's
 * lock) before one whose daemon does not run here (stopped, or not this user's to reach); else the first.
 */
export async function runtimeOfHome(
  runtimes: readonly [Runtime, ...Runtime[]],
  target: TargetConfig,
  host: Host,
): Promise<Runtime> {
  if (runtimes.length < 2) return runtimes[0];
  // The container the config names: the runtime that has it.
  const named = target.service.container;
  if (named) for (const r of runtimes) if (!('error' in (await inspect(r, [named], host)))) return r;
  const busy: Runtime[] = [];
  const absent: Runtime[] = [];
  const holding: { r: Runtime; f: Found }[] = [];
  for (const r of runtimes) {
    const f = await findContainer(r, target, host);
    if (!('error' in f)) holding.push({ r, f });
    else if (!f.none) (f.absent ? absent : busy).push(r);
  }
  // Both hold one (an old container of the other runtime left on the home): the running, else the one that ran last.
  holding.sort(
    (a, b) => Number(b.f.running ?? true) - Number(a.f.running ?? true) || (b.f.last ?? 0) - (a.f.last ?? 0),
  );
  return holding[0]?.r ?? busy[0] ?? absent[0] ?? runtimes[0];
}

const shortId = (ref: string) => (/^[0-9a-f]{64}$/.test(ref) ? ref.slice(0, 12) : ref);

/** The profile a home is inside the container whose /opt/data is `source`: '' for the root. */
function profileInside(home: string, source: string | undefined, fallback: string): string {
  if (!source) return fallback;
  const rel = path.relative(source, home);
  if (rel === '') return '';
  const m = /^profiles\/([^/]+)$/.exec(rel.split(path.sep).join('/'));
  return m ? m[1]! : fallback;
}

/** A slot up this long is settled: no restart of its container is under way. */
const SETTLED_S = 5;

/** The container's state and the slot's, as ServiceEvidence. `now`: epoch ms by the caller's clock. */
export async function probeContainer(
  runtime: Runtime,
  target: TargetConfig,
  host: Host,
  now?: number,
): Promise<ServiceEvidence> {
  const ev = await probeOnce(runtime, target, host, now);
  const risk = ev.container ? await dialectOf(runtime).bootRisk?.(ev.container, host) : undefined;
  return risk ? { ...ev, risks: [...(ev.risks ?? []), risk] } : ev;
}

/** `again`: a second look, after the container the home's cache named was found recreated. */
async function probeOnce(
  runtime: Runtime,
  target: TargetConfig,
  host: Host,
  now?: number,
  again = false,
): Promise<ServiceEvidence> {
  const base: ServiceEvidence = { manager: runtime };
  const configured = target.service.container;
  const where: Found | { error: string } = configured
    ? { ref: configured }
    : await findContainer(runtime, target, host);
  if ('error' in where) return { ...base, error: where.error };
  // Another user's rootless container: only that user's podman knows it (this user's answers "no such container").
  // (rootless is read from a container's conmon: Podman's alone.)
  if (where.rootless && where.rootless.uid !== process.getuid?.())
    return {
      ...base,
      name: configured ?? shortId(where.ref),
      rootless: where.rootless,
      ...(where.program !== undefined ? { supervised: !where.program } : {}),
      error: `a rootless container of ${where.rootless.user ?? `uid ${where.rootless.uid}`}`,
    };
  const key = `${runtime}:${target.hermes_home}`;
  const got = await inspect(runtime, [where.ref], host);
  if ('error' in got) {
    found.delete(key);
    // Recreated (`compose up` after a change, `podman rm` and `run` again): the container that mounts the home now.
    if (got.missing && !configured && !again) {
      const next = await findContainer(runtime, target, host);
      if (!('error' in next) && next.ref !== where.ref) return probeOnce(runtime, target, host, now, true);
    }
    // Its runtime says it is gone: removed (`docker rm`, `docker compose down`, `podman rm`), or removed itself.
    if (got.missing)
      return removed(
        runtime,
        { ...base, name: configured ?? where.name ?? shortId(where.ref) },
        host,
        now,
        target.log_file,
      );
    // The runtime does not answer (no access to its socket): the container is still named, for the words of the lever.
    return { ...base, name: configured ?? shortId(where.ref), error: got.error };
  }
  const container = factsOf(got[0]!, runtime);
  // Its name kept with it (a container removed later is said by the name it had), and whether it runs.
  if (!configured && found.get(key)?.ref === where.ref)
    found.set(key, { ...where, name: container.name, running: container.running });
  // The OOM killer inside the container's limit ends the gateway and leaves the container up: only its cgroup counts it.
  const oomKills = container.pid ? await cgroupOomKills(container.pid) : undefined;
  if (oomKills) container.oomKills = oomKills;
  const canonicalSource = container.homeSource ? await canonical(container.homeSource) : undefined;
  const profile = profileInside(
    await canonical(target.hermes_home),
    canonicalSource,
    rootOf(target.hermes_home).profile,
  );
  const slot = target.service.slot ?? slotName(profile);
  const ev: ServiceEvidence = { ...base, name: container.name, container, slot: { name: slot, profile } };
  if (!container.running) return notRunning(runtime, ev, host, now, target.log_file);
  // Frozen: nothing in it answers, an exec neither (the detectors say the pause).
  const paused = (c: ContainerFacts): ServiceEvidence => ({ ...ev, container: c, active: false, state: 'paused' });
  if (container.status === 'paused') return paused(container);
  // Up for a moment between two ends of the whole container (its boot refusing its settings) that its policy restarts
  // forever: the container's loop, whatever its s6 would answer. Asked only of a young container its policy restarted.
  const whole = container.program ? undefined : await policyLoop(runtime, container, host, now);
  if (whole) {
    const { cause } = await loopOutput(runtime, container, host);
    return {
      ...ev,
      // Its s6 never comes up: what starts it again is the runtime's policy.
      supervised: false,
      active: false,
      restarting: true,
      state: container.status,
      output: `${runtime} logs ${container.name}`,
      deaths: whole,
      ...(cause ? { cause } : {}),
    };
  }
  const r = await runCommand([runtime, 'exec', container.id, '/command/s6-svstat', `/run/service/${slot}`], host);
  const status = r.exitCode === 0 ? parseSvstat(r.stdout.split('\n')[0] ?? '') : undefined;
  // Paused between the inspect and the exec (Docker: `… is paused`; Podman: `container state improper`): asked
  // again, it is the pause, not a container in transit.
  if (!status && /\bis paused\b|container state improper/.test(r.stderr + r.stdout)) {
    const again = await inspect(runtime, [container.id], host);
    const now2 = 'error' in again || !again[0] ? undefined : factsOf(again[0], runtime);
    if (now2?.status === 'paused') return paused({ ...container, status: now2.status, running: now2.running });
  }
  if (!status && isNoS6(r)) {
    // No s6 in this container (`--no-supervise`, a runtime that owns PID 1): the gateway is the container's program,
    // its exit the container's, and the lever the container's own restart.
    const program = { ...container, program: true };
    // Up for a moment between two deaths of a loop its policy restarts forever.
    const loop = await policyLoop(runtime, program, host, now);
    const cause = loop && (await loopOutput(runtime, program, host)).cause;
    return {
      ...ev,
      slot: undefined,
      supervised: false,
      active: container.running,
      state: container.status,
      output: `${runtime} logs ${container.name}`,
      ...policyWords(program),
      ...(loop ? { deaths: loop } : {}),
      ...(cause ? { cause } : {}),
    };
  }
  // A slot not settled up (down, or up for moments) in a container its runtime is stopping or restarting: the
  // runtime's own doing, in transit, not the gateway's death. Asked only then: a settled slot costs no events.
  if (status && !(status.up && status.seconds >= SETTLED_S)) {
    if (await endingNow(runtime, container, host)) return { ...ev, active: false, restarting: true, state: 'stopping' };
  }
  if (status) return slotEvidence(runtime, target, ev, status, host, now);
  const transit = await inTransit(runtime, container, target.hermes_home, slot, r, host, now);
  if (transit) return { ...ev, active: false, restarting: true, state: transit };
  // No slot of that name: a profile created from the host is not registered until a start inside (#111720).
  // s6-svstat of a directory no s6-supervise runs: "unable to read status for …: s6-supervise not running".
  const missing = r.exitCode !== undefined && /unable to read status|No such file/i.test(r.stderr + r.stdout);
  // The exec may have reached another life than inspect saw (a restart of a second between them): asked again, a
  // container that is no longer the one inspected is in transit, not missing a slot.
  if (missing && !(await sameLife(runtime, container, host)))
    return { ...ev, active: false, restarting: true, state: 'starting' };
  return {
    ...ev,
    ...(missing ? { active: false, state: 'no slot' } : {}),
    slot: { ...ev.slot!, ...(missing ? { missing: true } : {}) },
    ...(missing ? {} : { error: `s6-svstat: ${r.failure ?? 'no answer'}${detail(r)}` }),
  };
}

/** The container is still running the life inspect saw (its runtime says the same start). */
async function sameLife(runtime: Runtime, c: ContainerFacts, host: Host): Promise<boolean> {
  const again = await inspect(runtime, [c.id], host);
  if ('error' in again) return false;
  const now = factsOf(again[0]!, runtime);
  return now.running && now.startedAt === c.startedAt;
}

/**
 * Signs on the volume that the image runs this home, without asking any runtime: the pid record of a gateway that
 * runs (the image's reconciler deletes it at each start, and a gateway takes it with it), the state file's
 * `hermes_home` (Hermes v0.19+ writes it, and it outlives the gateway), the boot reconciler's log (not in every image:
 * v0.20.2's has none).
 */
export async function looksContainerHome(target: TargetConfig): Promise<boolean> {
  const inside = (home: string | undefined) => home === CONTAINER_HOME || !!home?.startsWith(`${CONTAINER_HOME}/`);
  const { record } = await readPidFile(target.pid_file);
  if (inside(record?.hermes_home)) return true;
  const text = await readCapped(target.state_file, MiB).catch(() => undefined);
  if (text !== undefined && inside(parseGatewayState(text).state?.hermes_home)) return true;
  return hasBootLog(target.hermes_home);
}
