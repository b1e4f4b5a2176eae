// Whether a container's gateway is down because someone meant it, or on its way up or down, rather than dead: the
// container's runtime stopped it on the operator's word (its events), its restart policy or a boot is under way, or the
// operator stopped the slot (`hermes gateway stop`'s `desired_state`, a raw `s6-svc -d`). Read by ./container.ts.
import type { ContainerFacts, ServiceEvidence, SlotStatus } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { bootLogOf, type Runtime } from './container-home.js';
import {
  type ContainerEvent,
  containerEvents,
  endingSince,
  eventsLine,
  stoppedBy,
  stopping,
  unixTime,
} from './container-events.js';
import { endedAtSignal, lastShutdownContext } from './shutdown-context.js';
import { runCommand, type Host } from './host.js';
import { dialectOf } from './supervisors/runtimes.js';
import { loopOutput } from './container-output.js';
import { policyGaveUp, policyLoop, policyWords } from './container-policy.js';
import { parseGatewayState } from './state-file.js';
import { KiB, MiB, readCapped, readTailSpanning } from '../util/read-capped.js';

/** A container that has just ended: its runtime logs a stop's `stop` a moment after the `die`; looked at again first. */
const JUST_ENDED_MS = 3_000;
/** How long before its end a stop through the runtime began, at most: its grace (10 s by default) and more. */
const STOP_WINDOW_MS = 5 * 60_000;
/** Restarts by the runtime's policy that are its own business; past them the container is said to be down. */
const RESTARTS_OWN = 3;
/** A `podman restart` under way this long after its death has not brought the container back. */
const RESTART_MS = 60_000;
/** A container started this recently is booting: its slots are made by the boot's reconciler, not there before it. */
const BOOT_MS = 60_000;

/**
 * A container that is not running: its runtime's restart policy is starting it again; it has just ended; the operator
 * stopped it through the runtime (`docker stop`, `docker restart`, Compose's stop: its events say `stop` after the
 * `die`); or it died (`docker kill`, its program's end), which the detectors say.
 */
export async function notRunning(
  runtime: Runtime,
  ev: ServiceEvidence,
  host: Host,
  now?: number,
  logFile?: string,
): Promise<ServiceEvidence> {
  const c = ev.container!;
  // The gateway its program: what its restart policy does is the whole of its supervision.
  const base: ServiceEvidence = {
    ...ev,
    active: false,
    state: c.status,
    ...(c.program ? { supervised: false, slot: undefined, output: `${runtime} logs ${c.name}` } : {}),
    ...policyWords(c),
  };
  // Docker's restart policy starts it again, waiting longer after each death: a few are its own to repair, a run of
  // them a container that does not stay up.
  // One that restarts it forever on a gateway that dies at every start is a crash loop its restarts will not end.
  // Podman has no `restarting`: its conmon starts the next life at once, and the container reads `stopped` between.
  const loop = c.status === 'restarting' || !policyGaveUp(c) ? await policyLoop(runtime, c, host, now) : undefined;
  if (loop) {
    const { cause } = await loopOutput(runtime, c, host);
    return { ...base, restarting: true, deaths: loop, ...(cause ? { cause } : {}) };
  }
  if (c.status === 'restarting') return (c.restartCount ?? 0) < RESTARTS_OWN ? { ...base, restarting: true } : base;
  // Ended after the look began, or moments before it: its stop's events may still be on their way.
  if (now !== undefined && c.finishedAt !== undefined && now - c.finishedAt < JUST_ENDED_MS)
    return { ...base, restarting: true };
  // Its own health check ended it (Podman's `--health-on-failure=stop|kill`): not the operator's stop, whatever the
  // gateway's last words were (a stop's SIGTERM), nor a death of its own.
  const health = healthEnded(c);
  if (health) return { ...base, healthEnded: health };
  // From its stop signal (a stop waits 10 s by default before its SIGKILL) to its events after the end, by the
  // runtime's own clock.
  const end = c.finishedAt;
  const events =
    end === undefined
      ? undefined
      : await containerEvents(runtime, c.id, unixTime(end - STOP_WINDOW_MS), unixTime(end + JUST_ENDED_MS), host);
  const by = events && (await stopOf(runtime, events, c, logFile));
  // `podman restart` whose start has not come yet: under way for a while, then a gateway it left down.
  if (by?.restart)
    return now !== undefined && end !== undefined && now - end < RESTART_MS ? { ...base, restarting: true } : base;
  if (by) return { ...base, stopped: { at: by.at, line: by.line } };
  // A death, or its policy's give-up: the line it ended on (a setting its boot refuses is fixed by no start).
  const gaveUp = policyGaveUp(c);
  const { cause } = await loopOutput(runtime, c, host);
  return { ...base, ...(gaveUp ? { gaveUp } : {}), ...(cause ? { cause } : {}) };
}

/** A health check's stop waits out the stop's grace (10 s by default) before its SIGKILL: its end comes that late. */
const HEALTH_END_MS = 15_000;

/**
 * The container's own health check ended it: unhealthy, its action on failure one that ends the container, and its
 * last run ending as the container's life did (the runtime's clock both). Podman 4.3 logs no event for the action.
 */
function healthEnded(c: ContainerFacts): ServiceEvidence['healthEnded'] {
  const h = c.health;
  if (h?.status !== 'unhealthy' || (h.onFailure !== 'stop' && h.onFailure !== 'kill')) return undefined;
  if (h.lastAt === undefined || c.finishedAt === undefined) return undefined;
  const after = c.finishedAt - h.lastAt;
  if (after < -1_000 || after > HEALTH_END_MS) return undefined;
  return { action: h.onFailure, at: c.finishedAt };
}

/**
 * Who ended the container's last life, in its runtime's events: a stop or restart through it. Podman's are told from
 * a death by the gateway's own last words where its code is not 0: Hermes exits 1 at a SIGTERM.
 */
async function stopOf(
  runtime: Runtime,
  events: ContainerEvent[],
  c: ContainerFacts,
  logFile: string | undefined,
): Promise<{ at: number; line: string; restart?: true } | undefined> {
  const plain = stoppedBy(events, runtime);
  const words =
    plain || !dialectOf(runtime).stopsByWords || !logFile || c.startedAt === undefined
      ? undefined
      : await endedAtSignal(logFile, c.startedAt);
  const by = plain ?? (words ? stoppedBy(events, runtime, true) : undefined);
  if (!by) return undefined;
  const line = eventsLine(runtime, by.events) + (words ? `; gateway.log: ${words.line}` : '');
  return { at: by.at, line, ...(by.restart ? { restart: true } : {}) };
}

/**
 * A running container whose slot s6 cannot tell of is on its way up or down, not missing a gateway: it booted moments
 * ago and its reconciler has not made the slots yet (it logs each profile once it has: a line of this life in
 * container-boot.log says it is done) or s6 has not begun to supervise the one it made, or its runtime is stopping it
 * (a stop signal, no end yet).
 */
export async function inTransit(
  runtime: Runtime,
  c: ContainerFacts,
  home: string,
  slot: string,
  svstat: { stdout: string; stderr: string },
  host: Host,
  now?: number,
): Promise<'starting' | 'stopping' | undefined> {
  // Stopped between the runtime's inspect and its exec: `Error response from daemon: Container … is not running`.
  if (/\bis (not running|restarting)\b/.test(svstat.stderr + svstat.stdout)) return 'stopping';
  // `now` is when the look began: a life that started after it (a restart finished under the look) is booting too.
  const booting = now !== undefined && c.startedAt !== undefined && now - c.startedAt < BOOT_MS;
  if (booting && (!(await reconciledSince(home, c.startedAt!)) || (await slotMade(runtime, c, slot, host))))
    return 'starting';
  // Until a second from now: the stop signal of this very moment too (the runtime waits that second).
  return (await endingNow(runtime, c, host)) ? 'stopping' : undefined;
}

/**
 * Its runtime is stopping or restarting the life of the container that inspect saw: a stop signal since the last
 * start, or a stop signal or death since that life's start (the look may have reached the next life already).
 */
export async function endingNow(runtime: Runtime, c: ContainerFacts, host: Host): Promise<boolean> {
  const events = await containerEvents(runtime, c.id, '120s', '-1s', host);
  if (!events) return false;
  return !!stopping(events) || (c.startedAt !== undefined && !!endingSince(events, c.startedAt));
}

/**
 * A slot that is down because its operator said so: `hermes gateway stop` persisted `desired_state: stopped`, which
 * the image's reconciler obeys at every container start (so no restart of the container brings it back), or s6 was
 * told to take it down (`s6-svc -d`, by hand or by a container's stop) and has not been told to bring it up since.
 */
export async function stoppedByOperator(
  target: TargetConfig,
  status: SlotStatus,
  state: SlotStatus['state'],
  now?: number,
): Promise<ServiceEvidence['stopped']> {
  const desired = await desiredState(target.state_file);
  if (desired?.state === 'stopped')
    return {
      ...(desired.at !== undefined ? { at: desired.at } : {}),
      line: 'gateway_state.json: desired_state=stopped',
    };
  if (state !== 'stopped') return undefined;
  return { ...(now !== undefined ? { at: now - status.seconds * 1000 } : {}), line: `s6-svstat: ${status.line}` };
}

/** `desired_state` and when the state file was last written (its `updated_at`), as the image's reconciler reads it. */
async function desiredState(file: string): Promise<{ state: string; at?: number } | undefined> {
  const text = await readCapped(file, MiB).catch(() => undefined);
  const st = text === undefined ? null : parseGatewayState(text).state;
  if (!st?.desired_state) return undefined;
  const at = st.updated_at ? Date.parse(st.updated_at) : Number.NaN;
  return { state: st.desired_state, ...(Number.isFinite(at) ? { at } : {}) };
}

/**
 * The slot's folder is there, s6-svscan just has not started its supervisor yet (s6-svstat says `s6-supervise not
 * running` of a folder that is not there as well).
 */
async function slotMade(runtime: Runtime, c: ContainerFacts, slot: string, host: Host): Promise<boolean> {
  return (await runCommand([runtime, 'exec', c.id, 'test', '-d', `/run/service/${slot}`], host)).exitCode === 0;
}

/** The boot reconciler has logged a profile since `since` (this container's start; the log's stamps are seconds). */
async function reconciledSince(home: string, since: number): Promise<boolean> {
  const lines = await readTailSpanning(bootLogOf(home), 64 * KiB).then(
    (t) => t.lines,
    () => [] as string[],
  );
  const last = lines.filter((l) => l.trim()).at(-1);
  const at = last ? Date.parse(last.split(' ')[0] ?? '') : Number.NaN;
  return Number.isFinite(at) && at >= since - 1_000;
}

/** How far back a removed container's events are read for who removed it. */
const REMOVED_WINDOW_MS = 10 * 60_000;

/**
 * A container its runtime no longer has. Removed through the runtime (`docker rm -f`: a `kill` before its end;
 * `docker compose down`, `podman rm -f`: a stop's SIGTERM, which the gateway's last words say): the operator's stop,
 * until it is created again. One that removed itself when its program ended (`--rm`) is a death.
 */
export async function removed(
  runtime: Runtime,
  ev: ServiceEvidence,
  host: Host,
  now?: number,
  logFile?: string,
): Promise<ServiceEvidence> {
  const base: ServiceEvidence = { ...ev, active: false, state: 'removed' };
  const events =
    now === undefined
      ? await containerEvents(runtime, ev.name!, `${REMOVED_WINDOW_MS / 1000}s`, '-1s', host)
      : await containerEvents(runtime, ev.name!, unixTime(now - REMOVED_WINDOW_MS), unixTime(now), host);
  const gone = events?.filter((e) => e.action === 'destroy' || e.action === 'remove').at(-1);
  const killed = events?.some((e) => (e.action === 'kill' || e.action === 'stop') && (!gone || e.at <= gone.at));
  const said = logFile ? await lastShutdownContext(logFile) : undefined;
  const bySignal = said?.latest === true && said.signal !== undefined;
  if (!killed && !bySignal) return base;
  const when = said?.latest ? said.at : (gone?.at ?? undefined);
  const line = `${runtime} inspect ${ev.name}: no such container${said?.latest ? `; gateway.log: ${said.line}` : ''}`;
  return { ...base, stopped: { ...(when !== undefined ? { at: when } : {}), line } };
}
