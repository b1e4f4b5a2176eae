// The snapshot `hermes update` takes before it changes anything left state.db out, too big for it
// (hermes-gateway-current.md §10.2, #75411: `⚠ Snapshot: skipping state.db (5.0 GB exceeds 1.0 GB limit)`): rolling
// that update back brings no state.db back, and nothing says so after the update scrolled by. A restart changes
// nothing; a copy of the database does.
import type { Detector } from '../evidence.js';
import { UPDATE_RECENT_MS } from '../probes/lifecycle.js';
import { age, finding } from './common.js';

const CHECK = 'state_db_snapshot_skipped';

const snapshotSkipped: Detector = {
  check: CHECK,
  detect(ev, s) {
    const u = ev.hermes?.lifecycle?.lastUpdate;
    const skipped = u?.stateDbSkipped;
    if (!u || !skipped || u.endedAt > ev.now || ev.now - u.endedAt > UPDATE_RECENT_MS) return [];
    return [
      finding(ev, s, {
        check: CHECK,
        // About the backup, not the running gateway: it holds no other cause's restart.
        severity: 'warning',
        restart: 'never',
        params: { size: skipped.size, limit: skipped.limit, ago: age(ev.now - u.endedAt) },
        since: u.endedAt,
        evidence: [`update.log: ${skipped.line}`],
      }),
    ];
  },
};

export const updateSnapshotDetectors: Detector[] = [snapshotSkipped];
