// WeCom (hermes-gateway-current.md §6, §9.8): the state stays `connected` through all of these.
import { definePlatform } from '../platform.js';
import { ATTEMPT_ENDED, RECONNECTED, RECONNECT_TROUBLE, SERVER_CLOSED, WS_ERROR } from './lines.js';
import { en, zhCN } from './words.js';

export const wecom = definePlatform({
  platform: 'wecom',
  words: { en, 'zh-CN': zhCN },
  rules: [
    // A reconnect loop, or 846609 persisting "for minutes" (§9.8): five within 15 minutes, spread over 3 minutes or more
    // (#47564's dead windows were 57–79 s; one reply's chunks fail within a second), with no `Reconnected`. A restart
    // fixes it.
    {
      text: 'platform_deaf.wecom',
      restart: 'helps',
      bad: RECONNECT_TROUBLE,
      good: RECONNECTED,
      minCount: 5,
      windowMs: 15 * 60_000,
      minSpanMs: 3 * 60_000,
      freshMs: 5 * 60_000,
    },
    // #47572: a drop whose reconnect logs neither `Reconnected` nor a failure is a hung `_open_connection()`. The
    // backoff is seconds; ten minutes unanswered is hung. A restart fixes it.
    {
      text: 'platform_deaf.wecom_hung',
      restart: 'helps',
      bad: WS_ERROR,
      good: ATTEMPT_ENDED,
      unansweredMs: 10 * 60_000,
    },
    // #71337: closed by the server about every 300 s, reconnected each time; messages in each gap are late or lost. It
    // always reconnects (a cadence, not an episode): four in 30 minutes. A restart does not help (the heartbeat's body).
    {
      text: 'platform_deaf.wecom_300s',
      severity: 'warning',
      restart: 'never',
      bad: SERVER_CLOSED,
      minCount: 4,
      windowMs: 30 * 60_000,
      cadence: true,
    },
  ],
});
