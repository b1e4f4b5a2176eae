// What the Lark SDK and Hermes' Feishu supervisor say while the link is down (hermes-gateway-current.md §9.4).
import type { LogNeedle } from '../../evidence.js';
import { LOOP_EXIT } from './churn.js';

/** The SDK's own ladder (logger `Lark`, agent.log/errors.log only): `[Lark] trying to reconnect for the 1st time`. */
export const LARK_RETRY = /\btrying to reconnect for the (\d+)(?:st|nd|rd|th) time\b/;

/**
 * What the restart-churn rule reads over hours (src/probes/log-hours.ts): each receive-loop exit (the line is the
 * churn rule's own, ./churn.ts: the gateway restarted after each drop).
 */
export const HOURS_NEEDLES: readonly LogNeedle[] = [
  { text: 'Lark: receive message loop exit', keep: (r) => r.logger === 'Lark' && LOOP_EXIT.test(r.message) },
];

/** The state entry's `error_message` while Hermes' supervisor rebuilds (thread died) or the SDK ladder runs. */
export const LINK_LOST = /^Feishu websocket link lost; (rebuilding|reconnecting)$/;

/** §9.4: Hermes' per-adapter supervisor rebuilding the thread (`[Feishu] WebSocket client thread exited unexpectedly; restarting in %.0fs`). */
export const SUPERVISOR_RESTART =
  /^\[Feishu\] (WebSocket client thread exited unexpectedly; restarting in|WebSocket restart failed \(retrying\): )/;
/** Connected (hermes-gateway.md §4.2: `[Feishu] Connected in websocket mode (…)`). */
export const CONNECTED = /^\[Feishu\] Connected in /;

export const sample = {
  larkRetry: (n: number) =>
    `[Lark] trying to reconnect for the ${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'} time`,
};
