// A lost Feishu link as Hermes and the Lark SDK tell it (hermes-gateway-current.md §9.4): when the episode began, and
// the SDK's own reconnect tries since. Read by the give-up check (detect.ts) and the ladder's forecast (forecast.ts).
import type { Evidence, LogRecord } from '../../evidence.js';
import { lastIndex, matching, parseTime, patternGroup } from '../../detectors/common.js';
import { openOutage, readRunOutages } from '../../detectors/outages.js';
import type { Entry } from '../../detectors/platform-entries.js';
import { CONNECTED, LARK_RETRY, LINK_LOST, SUPERVISOR_RESTART } from './lines.js';

/** §9.4: "state `retrying` with that message for > 20 min → restart once"; before that the SDK's ladder (~10 tries
 * over ~17 min) is still running, and a restart per drop only adds churn (#31367: 48 restarts a day). */
export const LARK_LADDER_MS = 20 * 60_000;

const SUPERVISOR_LINES = patternGroup(SUPERVISOR_RESTART, CONNECTED);

/**
 * When the entry's link-lost episode began, if it is one: `retrying_since` (written only once it needs attention), the
 * supervisor's first restart line since the link was last up, the SDK's own first drop of the outage (its `Lark` lines,
 * agent.log only: issue 54), or the entry's `updated_at` (re-stamped on each write, so the latest it can be): the
 * earliest of them.
 */
export function linkLostSince(ev: Evidence, e: Entry): number | undefined {
  if (e.platform !== 'feishu' || e.st.state !== 'retrying' || !LINK_LOST.test(e.st.error_message ?? ''))
    return undefined;
  const lines = e.profile && e.key.includes(':') ? [] : matching(ev, SUPERVISOR_LINES);
  const up = lastIndex(lines, (r) => CONNECTED.test(r.message));
  const first = lines.slice(up + 1).find((r) => SUPERVISOR_RESTART.test(r.message))?.ts;
  const sdk = e.key.includes(':') ? undefined : openOutage(readRunOutages(ev), e.key)?.start.ts;
  const stamps = [parseTime(e.st.retrying_since ?? undefined), first, sdk, parseTime(e.st.updated_at)].filter(
    (t): t is number => t !== undefined,
  );
  return stamps.length ? Math.min(...stamps) : undefined;
}

export function larkRetries(ev: Evidence, since: number): LogRecord[] {
  return (ev.hermes?.agentOnly ?? []).filter((r) => r.ts >= since && LARK_RETRY.test(r.message));
}
