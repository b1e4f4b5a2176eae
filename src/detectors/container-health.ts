// The container's own health check (issue 82 item 7): an operator's `healthcheck:` in compose, a `--health-cmd`, an
// image's HEALTHCHECK (Hermes' image has none). Docker and Podman mark a container `unhealthy` after its check failed
// its retries in a row, and `docker ps` says so, while gatewatch's own look may find the gateway serving: said, with the
// check's command and its last output, so the two do not contradict each other unexplained. The runtime restarts
// nothing for it (Docker never; Podman only with `--health-on-failure`, which is said), and neither does gatewatch: a
// gateway that is really failing has its own finding and its own lever.
import type { Detector } from '../evidence.js';
import { finding } from './common.js';

const containerHealth: Detector = {
  check: 'container_unhealthy',
  detect(ev, s) {
    const c = ev.service.container;
    const h = c?.health;
    // A gateway that is down is said by its own finding (container_slot, a death): the check failing then is moot.
    if (!c?.running || h?.status !== 'unhealthy' || !ev.process.alive) return [];
    const runtime = ev.service.manager;
    const said = h.output ?? '-';
    return [
      finding(ev, s, {
        check: 'container_unhealthy',
        severity: 'warning',
        restart: 'never',
        params: {
          runtime,
          container: c.name,
          test: h.test ?? '-',
          streak: h.streak,
          code: String(h.exitCode ?? '-'),
          output: said,
          // Podman's `--health-on-failure`: it restarts (kills, stops) the container at each failure; else nothing does.
          acts: h.onFailure
            ? { key: 'finding.container_unhealthy.acts', params: { runtime, action: h.onFailure } }
            : { key: 'finding.container_unhealthy.marks', params: { runtime } },
        },
        evidence: [
          {
            key: 'evidence.container_health',
            params: { runtime, name: c.name, streak: h.streak, code: String(h.exitCode ?? '?'), output: said },
          },
        ],
      }),
    ];
  },
};

export const containerHealthDetectors: Detector[] = [containerHealth];
