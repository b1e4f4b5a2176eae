// Weixin (iLink) (hermes-gateway-current.md §6, §9.9): the poll goes on, the state says `connected`, nothing arrives
// or nothing can be sent.
import type { HermesPlatform } from '../rule.js';
import { HEARD, POLL_FAILED, SESSION_EXPIRED, SESSION_NOT_READY, STALE_SEND } from './lines.js';

export const weixin: HermesPlatform = {
  platform: 'weixin',
  rules: [
    // Only a new login (QR) or a user message revives it.
    { text: 'platform_deaf.weixin', restart: 'never', bad: SESSION_EXPIRED, good: HEARD },
    // Hermes backs off 30 s after 3 failures and recycles the poll session itself: only a loop that outlasts many
    // recycles with nothing received is a cause, and a restart does what the recycle does.
    {
      text: 'platform_deaf.weixin_poll',
      restart: 'wait',
      bad: POLL_FAILED,
      good: HEARD,
      minCount: 9,
      windowMs: 15 * 60_000,
      freshMs: 5 * 60_000,
    },
    // Every send refused as "rate limited" while polling works: the user has not written in ~24 h. Three in an hour
    // with no message from anyone is not a burst limit (#96416: 22 of 22 over 10 days). The user must write first.
    {
      text: 'platform_deaf.weixin_stale',
      restart: 'never',
      bad: STALE_SEND,
      good: HEARD,
      minCount: 3,
      windowMs: 60 * 60_000,
    },
    // Since PR #115359 the real reason is logged, once: that is enough.
    { text: 'platform_deaf.weixin_stale', restart: 'never', bad: SESSION_NOT_READY, good: HEARD },
  ],
};
