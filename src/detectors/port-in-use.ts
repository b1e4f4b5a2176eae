// A Hermes listener that cannot bind its port (hermes-gateway-current.md §10.2, #98126: `ERROR: [Errno 48] error while
// attempting to bind on address ('0.0.0.0', 9119): [errno 48] address already in use` ×1,509 in the dashboard's stderr
// file): the dashboard (or the API server) is down while something else holds its port, and it retries into the log.
// Read from whatever log beside gateway.log said it (issue 54), with the host's own answer of who listens there. A
// restart of the gateway frees no port: whoever holds it must stop, or the listener take another port.
import type { Detector } from '../evidence.js';
import { age, finding } from './common.js';

/** Several within the half hour, the last still recent: one failed bind at a start is a race, not a port held. */
const MIN = 3;
const WINDOW_MS = 30 * 60_000;
const FRESH_MS = 10 * 60_000;

const portInUse: Detector = {
  check: 'port_in_use',
  detect(ev, s) {
    const p = ev.hermes?.portInUse;
    const lines = (p?.lines ?? []).filter((r) => r.ts <= ev.now && ev.now - r.ts <= WINDOW_MS);
    const last = lines.at(-1);
    if (!p || lines.length < MIN || !last || ev.now - last.ts > FRESH_MS) return [];
    const first = lines[0]!;
    const holder =
      p.owner?.pid !== undefined
        ? { key: 'finding.port_in_use.holder' as const, params: { pid: p.owner.pid, cmd: p.owner.cmdline ?? '?' } }
        : { key: 'finding.port_in_use.holder.unknown' as const };
    return [
      finding(ev, s, {
        check: 'port_in_use',
        cause: String(p.port),
        severity: 'warning',
        // The gateway's own platforms are untouched; a restart of it frees no port.
        restart: 'never',
        params: { port: p.port, host: p.host, count: String(lines.length), ago: age(ev.now - first.ts), holder },
        since: first.ts,
        evidence: [first.line, ...(lines.length > 1 ? [last.line] : [])],
      }),
    ];
  },
};

export const portInUseDetectors: Detector[] = [portInUse];
