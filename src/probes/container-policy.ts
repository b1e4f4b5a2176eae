// What a container's runtime does by itself where the gateway is the container's program (no s6 inside): its restart
// policy starts the container again after each end (`on-failure[:N]`, `unless-stopped`, `always`) or never (`no`,
// `docker run`'s default), and on-failure:N gives up after N restarts (hermes-supervisors.md, "Containers whose
// program is the gateway"). In the image with s6 the container outlives the gateway, and its policy says nothing of it.
import type { ContainerFacts, ServiceEvidence } from '../evidence.js';

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
  if (!c.program || c.running || c.status !== 'exited' || p?.name !== 'on-failure' || p.max <= 0) return undefined;
  const restarts = c.restartCount ?? 0;
  if (restarts < p.max || !c.exitCode) return undefined;
  return {
    ...(c.finishedAt !== undefined ? { at: c.finishedAt } : {}),
    line: `exited (${c.exitCode}) after ${restarts} restarts: ${setting(p)}`,
    lives: restarts + 1,
  };
}
