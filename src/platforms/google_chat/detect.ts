// Google Chat connected and hearing nothing (hermes-gateway-current.md §10.1, #68387, open): `bot_user_id=<unresolved>`,
// no ADDED_TO_SPACE, no envelope at all; the Pub/Sub pull delivers nothing. The fix is on Google's side (the Chat app's
// configuration and its Pub/Sub subscription), so a restart does not help. The same silence without the token is read
// by what it is (issue 54): connected for hours and not one message, while the gateway's other platforms carry some.
import type { Detector } from '../../evidence.js';
import { age, currentRun, finding, matching, parseTime, patternGroup, processAlive } from '../../detectors/common.js';
import { lastInbound, othersHeard } from '../../detectors/inbound.js';
import { liveEntries } from '../../detectors/platform-entries.js';
import { definePlatform } from '../platform.js';
import { KEY, UNRESOLVED } from './lines.js';
import { en, zhCN } from './words.js';

const LINES = patternGroup(UNRESOLVED);
/** Long enough that an idle space is not mistaken for it at once; the unresolved id already says what is wrong. */
const SILENT_MS = 10 * 60_000;

const unresolved: Detector['detect'] = (ev, s) => {
  if (!processAlive(ev)) return [];
  const line = matching(ev, LINES)
    .filter((r) => UNRESOLVED.test(r.message) && r.ts <= ev.now)
    .at(-1);
  if (!line || ev.now - line.ts < SILENT_MS) return [];
  // The entry's own key (the reference does not spell it): its messages are counted under it.
  const key = liveEntries(ev).find((e) => KEY.test(e.key))?.key ?? 'google_chat';
  const bare = key.slice(key.indexOf(':') + 1);
  const heard = lastInbound(ev, bare);
  if (heard !== undefined && heard > line.ts) return [];
  return [
    finding(ev, s, {
      check: 'platform_deaf',
      text: 'platform_deaf.google_chat',
      cause: 'google_chat',
      severity: 'warning',
      restart: 'never',
      platform: key,
      params: { ago: age(ev.now - line.ts) },
      since: line.ts,
      evidence: [line.line],
    }),
  ];
};

/** Connected this long with no message at all, while the gateway's other platforms carried some (issue 54). */
const SILENT_SINCE_MS = 3 * 3_600_000;
/** What the other platforms must have carried meanwhile: the gateway hears people, so nobody writing is not why. */
const OTHERS_MIN = 3;

/**
 * #68387 without its token (another version's words, or none): Google Chat connected hours ago and has delivered
 * nothing since, not one message, while the same gateway's other platforms carried several. An idle space says
 * nothing (the gateway's other platforms are as quiet); a space that had a message since says nothing.
 */
const silentSinceConnect: Detector['detect'] = (ev, s) => {
  if (!processAlive(ev)) return [];
  const entry = liveEntries(ev).find((e) => KEY.test(e.key) && e.st.state === 'connected' && !e.key.includes(':'));
  if (!entry) return [];
  const connected = [parseTime(entry.st.updated_at), currentRun(ev).startedAt].filter(
    (t): t is number => t !== undefined,
  );
  if (!connected.length) return [];
  const since = Math.max(...connected);
  if (ev.now - since < SILENT_SINCE_MS) return [];
  const heard = lastInbound(ev, entry.key);
  if (heard !== undefined && heard > since) return [];
  const others = othersHeard(ev, entry.key, since);
  if (others < OTHERS_MIN) return [];
  return [
    finding(ev, s, {
      check: 'platform_deaf',
      text: 'platform_deaf.google_chat_silent',
      cause: 'google_chat_silent',
      severity: 'warning',
      restart: 'never',
      platform: entry.key,
      params: { ago: age(ev.now - since), others },
      since,
      evidence: [
        `gateway_state.json: ${entry.key}=${entry.st.state} updated_at=${entry.st.updated_at ?? '?'}`,
        { key: 'evidence.inbound.none', params: { platform: entry.key, started: new Date(since).toISOString() } },
      ],
    }),
  ];
};

export const googleChat = definePlatform({
  platform: 'google_chat',
  words: { en, 'zh-CN': zhCN },
  // The token first: it says why; the silence alone only that nothing came.
  deaf: [unresolved, silentSinceConnect],
});
