// The Telegram bot channel as a plugin: two-way (commands, buttons) over long polling. The grammY implementation is
// imported only when the channel is configured, so `gatewatch check` stays light.
import { definePlugin } from '../../channel-kit/plugin.js';
import { TOKEN_SHAPES } from './bot-api.js';
import { telegramSchema, type TelegramSettings } from './settings.js';

export { telegramSchema };
export type { TelegramSettings };

export const plugin = definePlugin({
  type: 'telegram',
  kind: 'chat',
  operatorKey: 'telegram_id',
  platform: 'telegram',
  numericOperatorId: true,
  secretKeys: ['bot_token'],
  example: {
    settings: { bot_token: '${GATEWATCH_TELEGRAM_TOKEN}' },
    env: { GATEWATCH_TELEGRAM_TOKEN: '123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-dz' },
  },
  secretShapes: TOKEN_SHAPES,
  // Alerts go to each operator's private chat with the bot when alert_to is empty.
  setup: { secretEnv: 'GATEWATCH_TELEGRAM_TOKEN' },
  schema: telegramSchema,
  words: async () => (await import('./words.js')).words,
  describe: (s, { operators }) =>
    s.alert_to.length
      ? { key: 'validate.about.alert_to', params: { count: s.alert_to.length } }
      : { key: 'validate.about.operators', params: { count: operators } },
  async create(settings, host) {
    return (await import('./index.js')).createChannel(settings, host);
  },
  async asker(settings, host) {
    return (await import('./ask.js')).telegramAsker(settings, host);
  },
});
