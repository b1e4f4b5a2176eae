// A platform the state file reports as not connected for longer than the grace, while the gateway runs.
// More specific platform causes (QQ loop exhausted, 4009 stuck, banned, …) win over this one in runDetectors.
import type { Detector } from '../evidence.js';
import type { Finding } from '../types.js';
import { textParam } from '../i18n.js';
import {
  age,
  currentRun,
  finding,
  isConnectLine,
  lastIndex,
  parseTime,
  platformOf,
  processAlive,
  stateIsCurrent,
} from './common.js';
import { openOutage, outageEvidence, readRunOutages, unreachableSpec } from './outages.js';
import { retiredEntry } from './platform-entries.js';

const DOWN = new Set(['disconnected', 'fatal', 'retrying']);

const platformDown: Detector = {
  check: 'platform_down',
  detect(ev, s) {
    if (!processAlive(ev) || !ev.state || !stateIsCurrent(ev)) return [];
    const run = currentRun(ev).records;
    const outages = readRunOutages(ev);
    const out: Finding[] = [];
    for (const [platform, st] of Object.entries(ev.state.platforms ?? {})) {
      // A platform the operator removed: its earlier life's entry stays in the file, and is history (issue 50 item 5).
      if (!DOWN.has(st.state) || retiredEntry(ev, platform)) continue;
      const updated = parseTime(st.updated_at);
      const lastUp = lastIndex(run, (r) => platformOf(r) === platform && isConnectLine(r));
      // The log saw it come back after the state was written: the state file is behind.
      if (lastUp >= 0 && updated !== undefined && run[lastUp]!.ts > updated) continue;
      const outage = openOutage(outages, platform);
      // Each failed reconnect rewrites updated_at, so the start of the outage dates it.
      const candidates = [updated, outage?.start.ts].filter((t): t is number => t !== undefined);
      const earliest = candidates.length ? Math.min(...candidates) : undefined;
      // An entry older than this run's start line was carried over from the previous run (Hermes keeps the entries
      // across a restart, e.g. after `hermes update`): it dates no outage of this run; the grace counts from the start.
      const started = ev.log.runStartSeen ? currentRun(ev).startedAt : undefined;
      const since = earliest !== undefined && started !== undefined ? Math.max(earliest, started) : earliest;
      if (since !== undefined && ev.now - since <= s.disconnectGraceMs) continue;
      const detail = [
        st.error_code && `error_code=${st.error_code}`,
        st.error_message && `error_message=${st.error_message}`,
      ]
        .filter(Boolean)
        .join(' ');
      const stateLine = `gateway_state.json: ${platform}=${st.state}${st.updated_at ? ` updated_at=${st.updated_at}` : ''}${detail ? ` ${detail}` : ''}`;
      const ago = since !== undefined ? age(ev.now - since) : '?';
      const held = unreachableSpec(ev, outage, platform, ago);
      out.push(
        finding(ev, s, {
          check: 'platform_down',
          severity: 'critical',
          restart: 'helps',
          platform,
          params: { state: textParam(`status.state.${st.state}`, st.state), ago },
          since,
          ...held,
          evidence: outageEvidence(outage, [stateLine]),
        }),
      );
    }
    return out;
  },
};

export const platformDetectors: Detector[] = [platformDown];
