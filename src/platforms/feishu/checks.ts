// Feishu causes. Up to v0.17.x the adapter sent through asyncio's default executor; once that was shut down every
// send failed with `Executor shutdown has been called` until a restart (#10849, #18740): it receives but cannot reply.
// With several Feishu apps in one process (multiplexed profiles) the Lark SDK's receive loop dies on "attached to a
// different loop" (hermes-gateway-current.md §8.10): it replies but no longer receives.
import type { Detector, LogRecord } from '../../evidence.js';
import type { PlatformCheck } from '../../detectors/platform-rule.js';
import { textParam } from '../../i18n.js';
import {
  age,
  body,
  currentRun,
  finding,
  isFeishu,
  isRunner,
  matching,
  patternGroup,
  processAlive,
} from '../../detectors/common.js';
import { liveEntries } from '../../detectors/platform-entries.js';

const EXECUTOR =
  /^Send (error|attempt \d+\/\d+ failed for chat \S+; retrying in \d+s): .*Executor shutdown has been called/;

const LINES = patternGroup(new RegExp(`^\\[(Feishu|Lark)\\] (?:${EXECUTOR.source.slice(1)})`, 'i'));

const executorShutdown: Detector = {
  check: 'feishu_executor_shutdown',
  detect(ev, s) {
    const hits = matching(ev, LINES).filter((r) => isFeishu(r) && EXECUTOR.test(body(r)));
    if (!hits.length) return [];
    const last = hits[hits.length - 1]!;
    const cause = last.extra?.find((x) => /^RuntimeError: /.test(x));
    return [
      finding(ev, s, {
        check: 'feishu_executor_shutdown',
        severity: 'critical',
        restart: 'helps',
        platform: 'feishu',
        since: hits[0]!.ts,
        params: { count: String(hits.length) },
        evidence: [...(hits.length > 1 ? [hits[0]!.line] : []), last.line, ...(cause ? [cause] : [])],
      }),
    ];
  },
};

// The SDK's own logger `Lark` (agent.log / errors.log only, the root's). The reference quotes the RuntimeError's words
// but not whether they sit in the record's message or in its traceback: both are read.
const OTHER_LOOP = /attached to a different loop/;
const otherLoop = (r: LogRecord) => [r.message, ...(r.extra ?? [])].some((l) => OTHER_LOOP.test(l));
// A Feishu message that arrived: the runner's line (the sample of a real gateway.log in test/fixtures/hermes/), or
// the adapter's own (hermes-gateway.md §4.2). Either proves one app still receives.
const FEISHU_IN = /^inbound message: platform=feishu\b|^\[(?:Feishu|Lark)\] Inbound \S+ message received: /i;
const FEISHU_IN_LINES = patternGroup(FEISHU_IN);

const loopDied: Detector = {
  check: 'feishu_loop_died',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const start = currentRun(ev).startedAt;
    // A restart recovers it: only this life's deaths count.
    const hits = (ev.hermes?.agentOnly ?? []).filter((r) => otherLoop(r) && (start === undefined || r.ts >= start));
    const last = hits[hits.length - 1];
    if (!last) return [];
    if (matching(ev, FEISHU_IN_LINES).some((r) => r.ts > last.ts && (isRunner(r) || isFeishu(r)))) return [];
    const apps = liveEntries(ev).filter((e) => e.platform === 'feishu');
    // v0.21.4+ publishes `retrying` when the SDK thread dies: then Hermes' own entry (platform_down) tells it.
    if (apps.some((e) => e.st.state !== 'connected')) return [];
    const cause = last.extra?.find((l) => OTHER_LOOP.test(l) && l !== last.message);
    return [
      finding(ev, s, {
        check: 'feishu_loop_died',
        severity: 'critical',
        restart: 'helps',
        platform: 'feishu',
        since: last.ts,
        params: {
          ago: age(ev.now - last.ts),
          count: String(hits.length),
          apps: apps.length ? apps.map((e) => `${e.key}=${e.st.state}`).join(', ') : 'feishu',
          version: ev.hermes?.version.version ?? textParam('finding.feishu_loop_died.version.unknown', 'unknown'),
        },
        evidence: [
          last.line,
          ...(cause ? [cause] : []),
          ...(apps.length ? [`gateway_state.json: ${apps.map((e) => `${e.key}=${e.st.state}`).join(' ')}`] : []),
          { key: 'evidence.feishu_no_inbound', params: { since: new Date(last.ts).toISOString() } },
        ],
      }),
    ];
  },
};

export const feishuChecks: PlatformCheck[] = [executorShutdown, loopDied].map((d) => ({
  ...d,
  before: 'platform_auth_failed',
}));
