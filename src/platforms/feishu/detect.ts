// Feishu/Lark: the SDK's own reconnect ladder, its silent give-up, and the restart churn a watchdog must not add
// (hermes-gateway-current.md §9.4).
import type { Detector } from '../../evidence.js';
import { definePlatform } from '../platform.js';
import { age, currentRun, finding, processAlive } from '../../detectors/common.js';
import { entryFact, liveEntries, withProfile } from '../../detectors/platform-entries.js';
import { HOURS_NEEDLES, LARK_RETRY } from './lines.js';
import { ladderForecast } from './forecast.js';
import { LARK_LADDER_MS, larkRetries, linkLostSince } from './link.js';
import { en, zhCN } from './words.js';
import { feishuChecks } from './checks.js';
import { churnCheck } from './churn.js';

const gaveUp: Detector['detect'] = (ev, s) => {
  if (!processAlive(ev)) return [];
  const started = currentRun(ev).startedAt;
  return liveEntries(ev).flatMap((e) => {
    let since = linkLostSince(ev, e);
    if (since === undefined) return [];
    if (started !== undefined) since = Math.max(since, started);
    if (ev.now - since <= LARK_LADDER_MS) return [];
    const retries = larkRetries(ev, since);
    const tries = retries.length ? LARK_RETRY.exec(retries.at(-1)!.message)![1]! : '?';
    const f = finding(ev, s, {
      check: 'platform_deaf',
      text: 'platform_deaf.feishu_gave_up',
      cause: 'feishu_gave_up',
      severity: 'critical',
      restart: 'helps',
      platform: e.key,
      params: { ago: age(ev.now - since), tries },
      since,
      evidence: [entryFact(e), ...(retries.length ? [retries.at(-1)!.line] : [])],
    });
    return [withProfile(f, e.profile)];
  });
};

export const feishu = definePlatform({
  platform: 'feishu',
  words: { en, 'zh-CN': zhCN },
  checks: [...feishuChecks, churnCheck],
  agentLines: [LARK_RETRY],
  hoursLines: HOURS_NEEDLES,
  deaf: [gaveUp],
  forecasts: [ladderForecast],
  holdsDown: (ev, e) => {
    const since = linkLostSince(ev, e);
    return since !== undefined && ev.now - since <= LARK_LADDER_MS;
  },
});
