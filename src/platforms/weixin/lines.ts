// What Weixin's adapter (`gateway.platforms.weixin`, tag `[Weixin]`) logs (hermes-gateway-current.md §6, §9.9).
import type { LogNeedle } from '../../evidence.js';

/** §6: the session expired; it sleeps 10 minutes and tries again, forever. */
export const SESSION_EXPIRED = /^\[Weixin\] Session expired; pausing for 10 minutes/;
/** §6: getUpdates / poll failures (3 → 30 s backoff, then the poll session is recycled). */
export const POLL_FAILED = /^\[Weixin\] (getUpdates failed ret=|poll error \(\d+\/\d+\): )/;
/** §6: it heard someone, or connected. */
export const HEARD = /^\[Weixin\] (inbound from=|Connected account=)/;
/**
 * §9.9, #96416: a send refused as a rate limit whose real cause is a stale `context_token`; since PR #115359 the
 * real reason is logged once.
 */
export const STALE_SEND =
  /^\[Weixin\] send failed to=\S+: iLink sendmessage (rate limited; cooldown active|rate limited: ret=-2)/;
/** §6: a message a user sent the bot (`[%s] inbound from=%s type=%s media=%d`): it renews that user's session. */
export const INBOUND_FROM = /^\[Weixin\] inbound from=([^\s,]+)/;
/** The runner's line for the same message (hermes-gateway-current.md §8.7; fields as the real gateway.log has them). */
export const RUNNER_INBOUND = /^inbound message: platform=weixin\b/;

/**
 * What the stale-session rule reads over hours (src/probes/log-hours.ts; agent.log holds the adapter's and the
 * runner's lines too): the refused sends, and the users' own messages.
 */
export const HOURS_NEEDLES: readonly LogNeedle[] = [
  { text: 'iLink sendmessage rate limited', keep: (r) => STALE_SEND.test(r.message) },
  { text: '[Weixin] inbound from=', keep: (r) => INBOUND_FROM.test(r.message) },
  { text: 'gateway.run: inbound message: platform=weixin ', keep: (r) => RUNNER_INBOUND.test(r.message) },
];

export const SESSION_NOT_READY = /^\[Weixin\] send failed to=\S+: iLink sendmessage session not ready/;

export const sample = {
  staleSend: (to: string) => `[Weixin] send failed to=${to}: iLink sendmessage rate limited; cooldown active for 10.0s`,
};
