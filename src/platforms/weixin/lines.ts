// What Weixin's adapter (`gateway.platforms.weixin`, tag `[Weixin]`) logs (hermes-gateway-current.md §6, §9.9).

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
export const SESSION_NOT_READY = /^\[Weixin\] send failed to=\S+: iLink sendmessage session not ready/;

export const sample = {
  staleSend: (to: string) => `[Weixin] send failed to=${to}: iLink sendmessage rate limited; cooldown active for 10.0s`,
};
