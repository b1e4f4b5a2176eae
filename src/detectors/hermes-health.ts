// What Hermes says about itself (hermes-gateway-current.md §9.23): its API server's readiness checks. The handler
// answers 200 even when degraded, so the JSON is judged. `gateway` and the platforms repeat gateway_state.json, which
// gatewatch judges itself; the checks only Hermes can make (model, disk, state_db, config, background_queues) are new.
import type { Detector } from '../evidence.js';
import { finding, processAlive } from './common.js';

const OWN = new Set(['gateway']);

const hermesHealth: Detector = {
  check: 'hermes_health',
  detect(ev, s) {
    const h = ev.hermes?.health;
    if (!h || h.error || h.status === 'ok' || !processAlive(ev)) return [];
    const failing = Object.entries(h.checks ?? {}).filter(([k, v]) => v !== 'ok' && !OWN.has(k));
    if (!failing.length) return [];
    const list = failing.map(([k, v]) => `${k}=${v}`).join(', ');
    return [
      finding(ev, s, {
        check: 'hermes_health',
        severity: 'warning',
        // Readiness a restart does not change (a full disk, no model configured): said, not acted on.
        restart: 'wait',
        params: { status: h.status ?? '?', checks: list },
        evidence: [{ key: 'evidence.hermes_health', params: { status: h.status ?? '?', checks: list } }],
      }),
    ];
  },
};

export const hermesHealthDetectors: Detector[] = [hermesHealth];
