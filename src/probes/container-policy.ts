// What a container's runtime does by itself where the gateway is the container's program (no s6 inside): its restart
// policy starts the container again after each end (`on-failure[:N]`, `unless-stopped`, `always`) or never (`no`,
// `docker run`'s default), and on-failure:N gives up after N restarts (hermes-supervisors.md, "Containers whose
// program is the gateway"). In the image with s6 the container outlives the gateway, and its policy says nothing of it,
// unless the container itself ends at every start (its boot refusing the container's settings): then its policy's
// restarts and give-up are the gateway's too.
import type { ContainerFacts, ServiceEvidence } from '../evidence.js';
import type { Runtime } from './container-home.js';
import { containerEvents, unixTime } from './container-events.js';
import type { Host } from './host.js';

/** Restarts by the runtime's policy that make a loop (Docker's RestartCount since the last start by hand). */
const LOOP_RESTARTS = 3;
/** How far back its events are read for the loop's deaths. */
const LOOP_WINDOW_MS = 10 * 60_000;
/** The window read first: enough for a runtime that restarts at once (Podman, ten times a second). */
const RECENT_WINDOW_MS = 30_000;
/** A loop whose last death is older than this has ended. */
const LOOP_LIVE_MS = 2 * 60_000;
/** A life that has run this long has left the loop. */
const LIFE_OUT_MS = 30_000;

/** The policy as `docker run --restart` takes it. */
function setting(p: NonNullable<ContainerFacts['restartPolicy']>): string {
  return `--restart ${p.name === 'on-failure' && p.max > 0 ? `on-failure:${p.max}` : p.name}`;
}

/** Whether the runtime brings the gateway back after a death, in its setting's words; `no` is a risk, said once. */
export function policyWords(c: ContainerFacts): Pick<ServiceEvidence, 'respawn' | 'risks'> {
  const p = c.restartPolicy;
  if (!p || !c.program) return {};
  if (p.name === 'no') return { respawn: { restarts: false, setting: setting(p) }, risks: ['no_autorestart'] };
  const limit = p.name === 'on-failure' && p.max > 0 ? { limit: String(p.max) } : {};
  return { respawn: { restarts: true, setting: setting(p), ...limit } };
}

/**
 * The runtime has given up: on-failure:N restarted it N times and it ended with a failure again. Docker counts its
 * restarts since the container's last start by hand, so a start after a fix begins a new count.
 */
export function policyGaveUp(c: ContainerFacts): ServiceEvidence['gaveUp'] {
  const p = c.restartPolicy;
  if (c.running || c.status !== 'exited' || p?.name !== 'on-failure' || p.max <= 0) return undefined;
  const restarts = c.restartCount ?? 0;
  if (restarts < p.max || !c.exitCode) return undefined;
  return {
    ...(c.finishedAt !== undefined ? { at: c.finishedAt } : {}),
    line: `exited (${c.exitCode}) after ${restarts} restarts: ${setting(p)}`,
    lives: restarts + 1,
  };
}

/**
 * A policy that restarts the gateway forever (`unless-stopped`, `always`, `on-failure` without a limit) on a gateway
 * that dies at every start: Docker restarts it with a growing wait and never gives up (12 restarts in 3 min 40 s of a
 * gateway that exits 127), and the container reads `restarting` or young. Its deaths are its `die` events since the
 * window's start, each not a stop through the runtime; undefined when there is no such loop, or no events to count.
 */
export async function policyLoop(
  runtime: Runtime,
  c: ContainerFacts,
  host: Host,
  now: number | undefined,
): Promise<ServiceEvidence['deaths']> {
  const p = c.restartPolicy;
  if (!p || p.name === 'no' || (c.restartCount ?? 0) < LOOP_RESTARTS || now === undefined) return undefined;
  if (c.running && c.startedAt !== undefined && now - c.startedAt > LIFE_OUT_MS) return undefined;
  const diesSince = async (ms: number) => {
    const events = await containerEvents(runtime, c.id, unixTime(now - ms), unixTime(now), host);
    return (events ?? []).filter((e, i, all) => e.action === 'die' && all[i + 1]?.action !== 'stop');
  };
  // The last half minute first: Podman's conmon restarts at once, ten times a second, and its events of ten minutes
  // would be thousands; Docker's waits grow to a minute, which only the longer window counts.
  let dies = await diesSince(RECENT_WINDOW_MS);
  if (dies.length < LOOP_RESTARTS) dies = await diesSince(LOOP_WINDOW_MS);
  if (dies.length < LOOP_RESTARTS) return undefined;
  const firstAt = dies[0]!.at;
  const lastAt = dies.at(-1)!.at;
  // A loop that has ended (the operator's stop since, its policy's give-up) is not one now: Docker's longest wait
  // between two restarts is a minute.
  if (now - lastAt > LOOP_LIVE_MS) return undefined;
  return { count: dies.length, windowS: Math.max(1, Math.round((now - firstAt) / 1000)), firstAt, lastAt };
}
