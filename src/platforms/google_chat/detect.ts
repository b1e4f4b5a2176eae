// Google Chat connected and hearing nothing (hermes-gateway-current.md §10.1, #68387, open): `bot_user_id=<unresolved>`,
// no ADDED_TO_SPACE, no envelope at all; the Pub/Sub pull delivers nothing. The fix is on Google's side (the Chat app's
// configuration and its Pub/Sub subscription), so a restart does not help.
import type { Detector } from '../../evidence.js';
import { age, finding, matching, patternGroup, processAlive } from '../../detectors/common.js';
import { lastInbound } from '../../detectors/inbound.js';
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

export const googleChat = definePlatform({
  platform: 'google_chat',
  words: { en, 'zh-CN': zhCN },
  deaf: [unresolved],
});
