// A container its runtime froze (`docker pause`, `podman pause`, a tool that freezes containers): every process in it
// stopped in the cgroup freezer, the gateway too, which answers nothing and serves nobody while its process and its
// container read "running". What a frozen gateway shows (an event loop that does not answer, platforms gone quiet) is
// the pause's, and a restart would undo a pause its operator made: said once as the pause, with its unpause, and
// nothing restarted for it.
import type { Detector, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { finding } from './common.js';

const isPaused = (ev: Pick<Evidence, 'service'>): boolean => ev.service.container?.status === 'paused';

const containerPaused: Detector = {
  check: 'container_paused',
  detect(ev, s) {
    const c = ev.service.container;
    if (!c || !isPaused(ev)) return [];
    return [
      finding(ev, s, {
        check: 'container_paused',
        severity: 'warning',
        restart: 'never',
        once: true,
        params: { container: c.name, runtime: ev.service.manager },
        evidence: [{ key: 'evidence.container', params: { name: c.name, state: c.status } }],
      }),
    ];
  },
};

export const containerPausedDetectors: Detector[] = [containerPaused];

/** While the container is frozen, what its gateway shows is the pause's: only the pause and the setup's lint stay. */
export function heldByPause(ev: Evidence, found: Finding[], isLint: (f: Finding) => boolean): Finding[] {
  if (!isPaused(ev)) return found;
  return found.filter((f) => f.check === 'container_paused' || f.check === 'supervisor_risk' || isLint(f));
}
