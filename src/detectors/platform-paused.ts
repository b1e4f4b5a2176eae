// A platform the operator paused (`/platform pause <name>`, hermes-gateway-current.md §9.10): intent, not an outage.
// Hermes never pauses one by itself, so gatewatch says so once and does not restart to undo it (a restart would re-queue
// it: the pause lives in memory).
import type { Detector } from '../evidence.js';
import { finding, parseTime, processAlive } from './common.js';
import { entryFact, liveEntries, withProfile } from './platform-entries.js';

const platformPaused: Detector = {
  check: 'platform_paused',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    return liveEntries(ev)
      .filter((e) => e.st.state === 'paused')
      .map((e) => {
        const since = parseTime(e.st.updated_at);
        return withProfile(
          finding(ev, s, {
            check: 'platform_paused',
            severity: 'info',
            // Neither restarts nor blocks a restart the gateway needs for something else.
            restart: 'wait',
            platform: e.key,
            params: { reason: e.st.error_message || 'auto-paused after repeated failures', name: e.platform },
            ...(since !== undefined ? { since } : {}),
            evidence: [entryFact(e)],
          }),
          e.profile,
        );
      });
  },
};

export const pausedDetectors: Detector[] = [platformPaused];
