// What Telegram answers gatewatch's own bot where Hermes' Telegram begins (getMe, §10.5), without the channel
// (ChannelPlugin.asker) and without grammY: the running channel asks the same, and a one-shot `gatewatch check` asks it
// where Telegram fails.
import type { PluginHost } from '../../channel-kit/plugin.js';
import { platformAnswer } from '../../channel-kit/platform-answer.js';
import type { PlatformAnswer } from '../../types.js';
import { redact } from '../../util/redact.js';
import { callBot } from './bot-api.js';
import type { TelegramSettings } from './settings.js';

/**
 * Read from the HTTP status itself (a proxy's 502 page is no JSON for grammY to read): an answer of any kind says
 * Telegram serves.
 */
export function telegramAsker(
  s: Pick<TelegramSettings, 'api_base' | 'bot_token'>,
  host: Pick<PluginHost, 'clock'>,
): (signal: AbortSignal) => Promise<PlatformAnswer> {
  const token = s.bot_token;
  return async (signal) => {
    const r = await callBot(s.api_base, token, 'getMe', {}, signal, host.clock);
    return r.ok ? platformAnswer(200, 'getMe ok') : platformAnswer(r.status, redact(r.detail, [token]));
  };
}
