// Photon, iMessage through a node sidecar (hermes-gateway-current.md §10.1). Under launchd its PATH lacks
// /opt/homebrew/bin, node is not found and the platform is skipped without a line (#52155); after Spectrum rate-limits
// the sidecar and the runner reconnects it, replies are logged as sent and never arrive (#52794). The inbound gRPC
// stream that dies after the first message logs nothing (#52155): no line to read, so not judged here; the operator's
// `detect.expect_inbound: { photon: … }` says the silence (platform_silent), as for any quiet platform.
import type { Evidence, LogRecord } from '../../evidence.js';
import { currentRun, matching, patternGroup } from '../../detectors/common.js';
import { definePlatform } from '../platform.js';
import { RATE_LIMITED, RECONNECTED, SENDING } from './lines.js';
import { en, zhCN } from './words.js';

const LINES = patternGroup(RATE_LIMITED, RECONNECTED, SENDING);
/** Replies still being handed over: the last within this long (a quiet bot has nothing to lose). */
const SENDING_FRESH_MS = 30 * 60_000;

/** The rate limit, the reconnect after it and the replies sent since, in this run; empty unless all three are there. */
function repliesAfterRateLimit(ev: Evidence): LogRecord[] {
  const start = currentRun(ev).startedAt;
  const agent = (ev.hermes?.agentOnly ?? []).filter(
    (r) => RATE_LIMITED.test(r.message) && (start === undefined || r.ts >= start),
  );
  const run = matching(ev, LINES);
  const limited = [...agent, ...run.filter((r) => RATE_LIMITED.test(r.message))]
    .filter((r) => r.ts <= ev.now)
    .sort((a, b) => a.ts - b.ts)
    .at(-1);
  if (!limited) return [];
  const back = run.find((r) => r.ts >= limited.ts && RECONNECTED.test(r.message));
  if (!back) return [];
  const sent = run.filter((r) => r.ts >= back.ts && r.ts <= ev.now && SENDING.test(r.message));
  if (!sent.length || ev.now - sent.at(-1)!.ts > SENDING_FRESH_MS) return [];
  return [limited, back, ...sent];
}

export const photon = definePlatform({
  platform: 'photon',
  words: { en, 'zh-CN': zhCN },
  agentLines: [RATE_LIMITED],
  rules: [
    // #52794: rate-limited by Spectrum, reconnected by the runner, and from then on every `Sending response` line is a
    // reply nobody receives. The report states nothing on a restart: said, not acted on.
    {
      text: 'platform_deaf.photon_replies',
      restart: 'wait',
      severity: 'warning',
      bad: SENDING,
      read: repliesAfterRateLimit,
      params: (episode) => ({ sent: String(episode.filter((r) => SENDING.test(r.message)).length) }),
    },
  ],
  // #52155: launchd's PATH lacks /opt/homebrew/bin, so the sidecar's node is not found and Photon is skipped, with no
  // line of its own: `Gateway running with 1 platform(s)` where 2 are configured. A restart runs with the same PATH.
  notStarted: (ev) =>
    ev.service.manager === 'launchd'
      ? { text: 'startup_incomplete.photon_path', restart: 'never', params: { job: ev.service.name ?? 'launchd' } }
      : undefined,
});
