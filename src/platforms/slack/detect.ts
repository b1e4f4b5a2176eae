// Slack's deafness (hermes-gateway-current.md §9.1): the state stays `connected` through both.
import { definePlatform } from '../platform.js';
import { CLOSED_SESSION, RECONNECT_FAILED } from './lines.js';
import { en, zhCN } from './words.js';
import { demo } from './demo.js';

export const slack = definePlatform({
  platform: 'slack',
  words: { en, 'zh-CN': zhCN },
  agentLines: [CLOSED_SESSION],
  demo,
  rules: [
    // §9.1: "≥ 6 in 2 min is the loop, not a blip" (every ~10 s, 151× in 17 min in the field). A restart fixes it.
    {
      text: 'platform_deaf.slack',
      restart: 'helps',
      bad: CLOSED_SESSION,
      minCount: 6,
      windowMs: 2 * 60_000,
      source: 'agent',
    },
    // Socket Mode's own rebuild failing over and over (gateway.log): the same outcome, the same fix. Its watchdog runs
    // every 15 s: no failure for 2 minutes and it has come back (it logs no line for that).
    {
      text: 'platform_deaf.slack_socket',
      restart: 'helps',
      bad: RECONNECT_FAILED,
      minCount: 5,
      windowMs: 15 * 60_000,
      freshMs: 2 * 60_000,
    },
  ],
});
