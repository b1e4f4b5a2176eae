// Feishu/Lark: the SDK's own reconnect ladder, its silent give-up, and the restart churn a watchdog must not add
// (hermes-gateway-current.md §9.4).
import type { Detector, Evidence, LogRecord } from '../../evidence.js';
import { definePlatform } from '../platform.js';
import {
  age,
  currentRun,
  finding,
  lastIndex,
  matching,
  parseTime,
  patternGroup,
  processAlive,
} from '../../detectors/common.js';
import { entryFact, liveEntries, withProfile, type Entry } from '../../detectors/platform-entries.js';
import { CONNECTED, HOURS_NEEDLES, LARK_RETRY, LINK_LOST, SUPERVISOR_RESTART } from './lines.js';
import { en, zhCN } from './words.js';

/** §9.4: "state `retrying` with that message for > 20 min → restart once"; before that the SDK's ladder (~10 tries
 * over ~17 min) is still running, and a restart per drop only adds churn (#31367: 48 restarts a day). */
export const LARK_LADDER_MS = 20 * 60_000;

const SUPERVISOR_LINES = patternGroup(SUPERVISOR_RESTART, CONNECTED);

/**
 * When the entry's link-lost episode began, if it is one: `retrying_since` (written only once it needs attention),
 * else the supervisor's first restart line since the link was last up, else the entry's `updated_at` (re-stamped on
 * each write, so the latest it can be).
 */
function linkLostSince(ev: Evidence, e: Entry): number | undefined {
  if (e.platform !== 'feishu' || e.st.state !== 'retrying' || !LINK_LOST.test(e.st.error_message ?? ''))
    return undefined;
  const lines = e.profile && e.key.includes(':') ? [] : matching(ev, SUPERVISOR_LINES);
  const up = lastIndex(lines, (r) => CONNECTED.test(r.message));
  const first = lines.slice(up + 1).find((r) => SUPERVISOR_RESTART.test(r.message))?.ts;
  const stamps = [parseTime(e.st.retrying_since ?? undefined), first, parseTime(e.st.updated_at)].filter(
    (t): t is number => t !== undefined,
  );
  return stamps.length ? Math.min(...stamps) : undefined;
}

function larkRetries(ev: Evidence, since: number): LogRecord[] {
  return (ev.hermes?.agentOnly ?? []).filter((r) => r.ts >= since && LARK_RETRY.test(r.message));
}

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
  agentLines: [LARK_RETRY],
  hoursLines: HOURS_NEEDLES,
  deaf: [gaveUp],
  holdsDown: (ev, e) => {
    const since = linkLostSince(ev, e);
    return since !== undefined && ev.now - since <= LARK_LADDER_MS;
  },
});
