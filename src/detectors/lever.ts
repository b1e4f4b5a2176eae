// What gatewatch can do to a gateway by itself, decided in one place from what the look found: restart it, only start
// it, or only watch it, and through what. doctor's and /status's service lines, a stop's "… brings it back", a
// finding's "gatewatch restarts it by itself" (service-words.ts) and an alert's auto-restart line all read this, so
// none of them promises a lever another denies: a Docker gateway gatewatch cannot reach is watched, not restarted,
// on every line (the restart policy skips it the same way: src/actions/restart-policy.ts restartGate).
import type { Evidence, ServiceEvidence } from '../evidence.js';

/**
 * `through`: whose state the service line shows and what gatewatch acts through: the root gateway that serves this
 * profile, the image's s6 slot (`docker exec … hermes gateway …`), the container itself (no s6 inside, a permissions
 * loop the container's boot repairs, or a stopped container), a service manager, the commands in gatewatch's config,
 * the command it was started with by hand, or nothing.
 */
export type LeverThrough = 'root' | 'slot' | 'container' | 'service' | 'commands' | 'session' | 'nothing';

export interface Lever {
  /** restart: it restarts it (starts it when down); start: it can only start it; watch: it can neither. */
  can: 'restart' | 'start' | 'watch';
  through: LeverThrough;
  /**
   * watch: the container runtime did not answer (no access to its socket), the container is another user's rootless
   * one, nothing runs the gateway, or its target says `restart: false`.
   */
  why?: 'runtime' | 'rootless' | 'no_manager' | 'config' | 'removed';
}

export function leverOf(
  ev: Pick<Evidence, 'service'> & { hermes?: Pick<NonNullable<Evidence['hermes']>, 'serving'> },
): Lever {
  const s = ev.service;
  if (s.watchOnly) return { can: 'watch', through: 'nothing', why: 'config' };
  if (ev.hermes?.serving?.role === 'served') return { can: 'restart', through: 'root' };
  switch (s.manager) {
    case 'docker':
    case 'podman':
      return containerLever(s);
    case 'kubernetes':
      // An exited life is the kubelet's to start again: gatewatch has nothing to pull until the next one runs.
      return s.container && !s.container.running ? { can: 'watch', through: 'container' } : containerLever(s);
    case 'none':
      // Started by hand, as gatewatch saw it: it starts that command again once the gateway is down.
      return s.origin
        ? { can: 'restart', through: 'session' }
        : { can: 'watch', through: 'nothing', why: 'no_manager' };
    case 'command':
      return { can: 'restart', through: 'commands' };
    default:
      return { can: 'restart', through: 'service' };
  }
}

function containerLever(s: ServiceEvidence): Lever {
  const c = s.container;
  // Another user's rootless Podman container: that user's podman alone knows it.
  if (!c && s.rootless) return { can: 'watch', through: 'container', why: 'rootless' };
  // Its runtime has no such container any more: nothing to start or exec in, until someone creates it again.
  if (!c && s.state === 'removed') return { can: 'watch', through: 'container', why: 'removed' };
  // The runtime did not answer (its socket is root's): gatewatch reads the home and the process, and acts on nothing.
  if (!c) return { can: 'watch', through: 'container', why: 'runtime' };
  if (!c.running) return { can: 'start', through: 'container' };
  // No s6 inside, or a loop on files the container's boot hands back to its user: the container is the lever.
  if (s.supervised === false || s.slot?.denied) return { can: 'restart', through: 'container' };
  return { can: 'restart', through: 'slot' };
}

/** The slot is down or has no s6 slot of that name: the lever starts it (a restart of a down slot does nothing). */
export function slotIsDown(s: ServiceEvidence): boolean {
  return s.slot?.status ? !s.slot.status.up : s.slot?.missing === true;
}
