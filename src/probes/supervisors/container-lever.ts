// What gatewatch can do through a container (detectors/lever.ts leverOf): Docker's and Podman's adapters, and the
// kubelet's for a running life.
import type { Lever, ServiceEvidence } from '../../evidence.js';

export function containerLever(s: ServiceEvidence): Lever {
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
