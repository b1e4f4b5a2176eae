// A platform that has carried no inbound message for longer than the operator expects (`detect.expect_inbound`,
// off by default) while the gateway is up: possibly deaf. Quiet is not dead (hermes-gateway-current.md §7 trap 6):
// only the operator knows which chats are busy, so this only says so, as a warning, and never restarts. Deafness the
// platform's own lines show (platform_deaf, an orphan bridge, Feishu's dead loop…) is reported by those checks first.
import type { Detector } from '../evidence.js';
import type { Finding } from '../types.js';
import { age, currentRun, finding, processAlive } from './common.js';
import { lastInbound } from './inbound.js';
import { liveEntries, withProfile } from './platform-entries.js';

const platformSilent: Detector = {
  check: 'platform_silent',
  detect(ev, s) {
    const expected = s.expectInboundMs;
    if (!expected || !processAlive(ev)) return [];
    // Without a start we cannot tell how long the gateway has listened: say nothing.
    const start = currentRun(ev).startedAt ?? ev.process.startedAt;
    if (start === undefined) return [];
    const out: Finding[] = [];
    for (const e of liveEntries(ev)) {
      const limit = expected[e.platform];
      // A multiplexed profile's `p:x` entry is that profile's target's to judge, against its own log.
      if (!limit || e.key.includes(':') || e.st.state !== 'connected') continue;
      const last = lastInbound(ev, e.platform);
      const quietSince = last !== undefined && last > start ? last : start;
      if (ev.now - quietSince <= limit) continue;
      out.push(
        withProfile(
          finding(ev, s, {
            check: 'platform_silent',
            severity: 'warning',
            // Neither restarts nor blocks a restart: silence alone does not say a restart would help.
            restart: 'wait',
            platform: e.key,
            params: {
              ago: age(ev.now - quietSince),
              up: age(ev.now - start),
              expected: age(limit),
              last:
                last === undefined
                  ? { key: 'finding.platform_silent.last.never' }
                  : {
                      key: 'finding.platform_silent.last.at',
                      params: { at: new Date(last).toISOString().replace(/\.\d+Z$/, 'Z') },
                    },
            },
            since: quietSince,
            evidence: [
              `gateway_state.json: ${e.key}=${e.st.state}`,
              last === undefined
                ? {
                    key: 'evidence.inbound.none',
                    params: { platform: e.platform, started: new Date(start).toISOString() },
                  }
                : { key: 'evidence.inbound.last', params: { platform: e.platform, at: new Date(last).toISOString() } },
              `detect.expect_inbound.${e.platform}: ${age(limit)}`,
            ],
          }),
          e.profile,
        ),
      );
    }
    return out;
  },
};

export const silentDetectors: Detector[] = [platformSilent];
