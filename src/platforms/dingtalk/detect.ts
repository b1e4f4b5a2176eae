// DingTalk (hermes-gateway-current.md §6, §9.7): storms a restart does not end, and routing a restart makes worse.
import type { Detector } from '../../evidence.js';
import { definePlatform } from '../platform.js';
import { age, finding, processAlive } from '../../detectors/common.js';
import { lastInbound } from '../../detectors/inbound.js';
import { entryFact, liveEntries, withProfile } from '../../detectors/platform-entries.js';
import { CONNECTED, HOURS_NEEDLES, SDK_AWAIT, SDK_MISMATCH, STREAM_ERROR } from './lines.js';
import { en, zhCN } from './words.js';

/** §9.7, #7562: after 5–10 quick restarts DingTalk stopped routing for 40+ minutes. */
const RAPID_STARTS = 5;
const RAPID_WITHIN_MS = 30 * 60_000;
/** A message may take a moment to arrive after a start; past this, the silence after a burst counts. */
const ROUTING_GRACE_MS = 2 * 60_000;
/** The field saw 40+ minutes of it; past an hour and a half of quiet the burst no longer explains it, nor holds restarts. */
const ROUTING_HOLD_MS = 90 * 60_000;

/** Connected after a burst of restarts, and nothing routed to it since the last one. */
const routingLost: Detector['detect'] = (ev, s) => {
  const starts = ev.hermes?.starts ?? [];
  if (!processAlive(ev) || starts.length < RAPID_STARTS) return [];
  const last = starts.at(-1)!;
  const burst = starts.filter((t) => last - t <= RAPID_WITHIN_MS);
  if (burst.length < RAPID_STARTS || ev.now - last < ROUTING_GRACE_MS || ev.now - last > ROUTING_HOLD_MS) return [];
  return liveEntries(ev)
    .filter((e) => e.platform === 'dingtalk' && e.st.state === 'connected' && !e.key.includes(':'))
    .filter((e) => (lastInbound(ev, e.platform) ?? 0) < last)
    .map((e) =>
      withProfile(
        finding(ev, s, {
          check: 'platform_deaf',
          text: 'platform_deaf.dingtalk_routing',
          cause: 'dingtalk_routing',
          // Quiet is not proof of lost routing: a warning, whose point is to stop the restarts that make it worse.
          severity: 'warning',
          restart: 'never',
          worse: true,
          platform: e.key,
          params: { count: String(burst.length), within: age(last - burst[0]!), ago: age(ev.now - last) },
          since: last,
          evidence: [
            entryFact(e),
            { key: 'evidence.dingtalk.starts', params: { count: burst.length, within: age(last - burst[0]!) } },
          ],
        }),
        e.profile,
      ),
    );
};

export const dingtalk = definePlatform({
  platform: 'dingtalk',
  words: { en, 'zh-CN': zhCN },
  agentLines: [SDK_AWAIT],
  hoursLines: HOURS_NEEDLES,
  rules: [
    // Every reconnect fails the same way: pin dingtalk-stream to what the adapter expects; a restart loads the same SDK.
    { text: 'platform_deaf.dingtalk_sdk', restart: 'never', bad: SDK_MISMATCH, minCount: 3, windowMs: 10 * 60_000 },
    // #9752's sibling: `dingtalk_stream.client` logs it itself (agent.log only), once per message it fails to process:
    // one line is the whole evidence (it is the code, not a blip), and how often users write is no part of the rule. A
    // DingTalk message Hermes heard after it says messages get through after all.
    { text: 'platform_deaf.dingtalk_sdk', restart: 'never', bad: SDK_AWAIT, inboundClears: true, source: 'agent' },
    // The stream error storm (no success line exists, so it is a rate). Rapid restarts make DingTalk stop routing for
    // 40+ min (#7562): alert, do not restart into it.
    {
      text: 'platform_deaf.dingtalk',
      restart: 'wait',
      bad: STREAM_ERROR,
      good: CONNECTED,
      minCount: 10,
      windowMs: 10 * 60_000,
    },
  ],
  deaf: [routingLost],
});
