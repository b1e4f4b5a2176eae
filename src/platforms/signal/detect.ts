// Signal's SSE stream (hermes-gateway-current.md §9.6): hung with the daemon healthy, or reconnecting every 2 s.
import { definePlatform } from '../platform.js';
import { SSE_CONNECTED, SSE_IDLE } from './lines.js';
import { en, zhCN } from './words.js';

export const signal = definePlatform({
  platform: 'signal',
  words: { en, 'zh-CN': zhCN },
  rules: [
    // signal-cli 0.14.6 or multi-account mode answers the events URL with 400; the stream opens, logs connected and
    // ends, and the backoff resets on each "successful connect": connected every ~2 s. Ten in two minutes cannot be
    // ordinary reconnects. A restart does not help: the fix is signal-cli's version or mode.
    {
      text: 'platform_deaf.signal_loop',
      restart: 'never',
      bad: SSE_CONNECTED,
      minCount: 10,
      windowMs: 2 * 60_000,
      cadence: true,
    },
    // The idle check repeats every ~2 min with no `connected` after it: hung. Three in a row (~6 min) with no inbound
    // message is past a quiet spell (keepalives keep a healthy stream from ever logging it). A restart fixes it.
    {
      text: 'platform_deaf.signal_hang',
      restart: 'helps',
      bad: SSE_IDLE,
      good: SSE_CONNECTED,
      inboundClears: true,
      minCount: 3,
      windowMs: 10 * 60_000,
      freshMs: 5 * 60_000,
    },
  ],
});
