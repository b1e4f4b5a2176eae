// The lines the live watch passes over on a healthy gateway as read by nobody (src/probes/line-news.ts), taken out of a
// built evidence: a detector case must find the same causes without them (test/probes/line-news.test.ts, and every
// platform's table through platformCases).
import type { Evidence, LogRecord } from '../../src/evidence.js';
import { runGroups } from '../../src/detectors/common.js';
import { isNewsLine } from '../../src/probes/line-news.js';
import { isTrafficLine } from '../../src/probes/log-traffic.js';

/** A record no detector reads: not news, not message traffic, no traceback after it. */
export const unread = (r: LogRecord): boolean =>
  !r.extra?.length && !isTrafficLine(r.line) && !isNewsLine(r.line, runGroups);

/** `ev` without the unread records of its current and previous run. */
export function withoutUnread(ev: Evidence): Evidence {
  const keep = (r: LogRecord) => !unread(r);
  return { ...ev, log: { ...ev.log, run: ev.log.run.filter(keep), previous: ev.log.previous.filter(keep) } };
}
