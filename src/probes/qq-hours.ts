// QQ's lines kept over hours (src/probes/log-hours.ts reads agent.log for them, across the gateway's restarts): each
// session close with 4009, whose rate over hours tells QQ's routine idle kick (about one per 30 min, #39928) from a
// session dropped every minute for hours (#19648) (hermes-gateway-current.md §10.4; the line: hermes-gateway.md §4.1).
import type { LogNeedle } from '../evidence.js';

/** `[QQBot:<app id>] WebSocket closed: code=4009 reason=Session timed out` (WARNING, QQ's adapter). */
export const QQ_CLOSED_4009 = /^\[QQBot(?::[^\]]*)?\] WebSocket closed: code=4009\b/;

export const QQ_HOURS_NEEDLES: readonly LogNeedle[] = [
  { text: 'WebSocket closed: code=4009', keep: (r) => QQ_CLOSED_4009.test(r.message) },
];
