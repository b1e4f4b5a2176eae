// What gatewatch can do to a gateway by itself, decided in one place from what the look found: restart it, only start
// it, or only watch it, and through what. doctor's and /status's service lines, a stop's "… brings it back", a
// finding's "gatewatch restarts it by itself" (service-words.ts) and an alert's auto-restart line all read this, so
// none of them promises a lever another denies: a Docker gateway gatewatch cannot reach is watched, not restarted,
// on every line (the restart policy skips it the same way: src/actions/restart-policy.ts restartGate).
import type { Evidence, Lever, ServiceEvidence } from '../evidence.js';
import { leverHook } from '../probes/supervisors/index.js';

export type { Lever, LeverThrough } from '../evidence.js';

export function leverOf(
  ev: Pick<Evidence, 'service'> & { hermes?: Pick<NonNullable<Evidence['hermes']>, 'serving'> },
): Lever {
  const s = ev.service;
  if (s.watchOnly) return { can: 'watch', through: 'nothing', why: 'config' };
  if (ev.hermes?.serving?.role === 'served') return { can: 'restart', through: 'root' };
  // Its supervisor's own (a container's, a gateway nothing supervises, the config's commands), else a restart through
  // the service manager.
  const own = leverHook(s.manager)?.(s);
  if (own) return own;
  // Taken out of what its supervisor reads (runit's link, s6's folder, supervisord's program): nothing to restart or
  // start through it until the operator puts it back.
  if (s.state === 'removed') return { can: 'watch', through: 'service', why: 'removed' };
  return { can: 'restart', through: 'service' };
}

/** The slot is down or has no s6 slot of that name: the lever starts it (a restart of a down slot does nothing). */
export function slotIsDown(s: ServiceEvidence): boolean {
  return s.slot?.status ? !s.slot.status.up : s.slot?.missing === true;
}
