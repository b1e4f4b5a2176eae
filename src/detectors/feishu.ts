// Feishu causes. Up to v0.17.x the adapter sent through asyncio's default executor; once that was shut down every
// send failed with `Executor shutdown has been called` until a restart (#10849, #18740): it receives but cannot reply.
import type { Detector } from '../evidence.js';
import { body, finding, isFeishu, matching, patternGroup } from './common.js';

const EXECUTOR = /^Send (error|attempt \d+\/\d+ failed for chat \S+; retrying in \d+s): .*Executor shutdown has been called/;

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

export const feishuDetectors: Detector[] = [executorShutdown];
