// A platform the state file reports as not connected for longer than the grace, while the gateway runs.
// More specific platform causes (QQ loop exhausted, 4009 stuck, banned, …) win over this one in runDetectors.
import type { Detector, LogRecord } from '../evidence.js';
import type { Finding } from '../types.js';
import { age, currentRun, finding, isConnectLine, isDrop, isRunner, lastIndex, parseTime, platformOf, processAlive, stateIsCurrent } from './common.js';

const DOWN = new Set(['disconnected', 'fatal', 'retrying']);

function isFailure(r: LogRecord, p: string): boolean {
  if (platformOf(r) !== p && !(isRunner(r) && r.message.startsWith(`Reconnect ${p} `))) return false;
  return isDrop(r) || /^✗ \w+ (failed to connect|error: )|^Reconnect \w+ (failed|error)|\bReconnect failed: |Failed to connect: /.test(r.message.replace(/^\[[^\]]+\] /, ''));
}

const platformDown: Detector = {
  check: 'platform_down',
  detect(ev, s) {
    if (!processAlive(ev) || !ev.state || !stateIsCurrent(ev)) return [];
    const run = currentRun(ev).records;
    const out: Finding[] = [];
    for (const [platform, st] of Object.entries(ev.state.platforms ?? {})) {
      if (!DOWN.has(st.state)) continue;
      const updated = parseTime(st.updated_at);
      const lastUp = lastIndex(run, (r) => platformOf(r) === platform && isConnectLine(r));
      // The log saw it come back after the state was written: the state file is behind.
      if (lastUp >= 0 && updated !== undefined && run[lastUp]!.ts > updated) continue;
      const firstFail = run.slice(lastUp + 1).find((r) => isFailure(r, platform));
      const lastFail = [...run].reverse().find((r) => isFailure(r, platform));
      // Each failed reconnect rewrites updated_at, so the first failure after the last connect dates the outage.
      const candidates = [updated, firstFail?.ts].filter((t): t is number => t !== undefined);
      const since = candidates.length ? Math.min(...candidates) : undefined;
      if (since !== undefined && ev.now - since <= s.disconnectGraceMs) continue;
      const detail = [st.error_code && `error_code=${st.error_code}`, st.error_message && `error_message=${st.error_message}`].filter(Boolean).join(' ');
      out.push(
        finding(ev, s, {
          check: 'platform_down',
          severity: 'critical',
          restart: 'helps',
          platform,
          params: { state: st.state, ago: since !== undefined ? age(ev.now - since) : '?' },
          since,
          evidence: [
            `gateway_state.json: ${platform}=${st.state}${st.updated_at ? ` updated_at=${st.updated_at}` : ''}${detail ? ` ${detail}` : ''}`,
            ...[firstFail, lastFail !== firstFail ? lastFail : undefined].filter((r): r is LogRecord => !!r).map((r) => r.line),
          ],
        }),
      );
    }
    return out;
  },
};

export const platformDetectors: Detector[] = [platformDown];
