// QQ (the official QQ Bot API, Hermes' `qqbot`): its own checks (checks.ts: a fatal close, v0.18.0's reconnect bug, the
// reconnect give-up, a 4009 never resumed, a connection with no sign of life) and its forecasts (forecast.ts: the
// reconnect give-up, the 4009 rate, the access token's clock), from hermes-gateway.md and qq-bot-protocol.md, and their
// words (words.ts).
import { definePlatform } from '../platform.js';
import { qqChecks } from './checks.js';
import { qqForecasts } from './forecast.js';
import { en, zhCN } from './words.js';

export const qqbot = definePlatform({
  platform: 'qqbot',
  words: { en, 'zh-CN': zhCN },
  checks: qqChecks,
  forecasts: qqForecasts,
});
