// The Feishu / Lark app-bot channel as a plugin: two-way (p2p chats, @mentions, card buttons) over the long
// connection. The SDK is imported only when the channel is configured, so `gatewatch check` stays light.
import { definePlugin } from '../../channel-kit/plugin.js';
import { say } from './words.js';
import { feishuSchema, type FeishuSettings } from './settings.js';

export { feishuSchema };
export type { FeishuSettings };

export const plugin = definePlugin({
  type: 'feishu',
  kind: 'chat',
  operatorKey: 'feishu_open_id',
  platform: 'feishu',
  secretKeys: ['app_secret'],
  example: {
    settings: {
      app_id: 'cli_0123456789abcdef',
      app_secret: '${GATEWATCH_FEISHU_SECRET}',
      alert_to: [{ chat_id: 'YOUR_CHAT_ID' }],
    },
  },
  // Feishu/Lark access tokens, in its SDK's and the gateway's logs: t-… (tenant), u-… (user).
  secretShapes: [{ pattern: /(?<![\w-])[tu]-[A-Za-z0-9_]{16,512}/g, need: /[tu]-/ }],
  setup: { secretEnv: 'GATEWATCH_FEISHU_SECRET', appId: true, alertTo: (id) => ({ open_id: id }) },
  schema: feishuSchema,
  words: async () => (await import('./words.js')).words,
  describe: (s, { operators }) =>
    s.alert_to.length
      ? { key: 'validate.about.app_alert_to', params: { app: s.app_id, count: s.alert_to.length } }
      : { key: 'validate.about.app_operators', params: { app: s.app_id, count: operators } },
  escalationNote: (s) => (s.urgent ? say.all('routes.feishu_urgent', { how: s.urgent }) : undefined),
  async create(settings, host) {
    return (await import('./index.js')).createChannel(settings, host);
  },
  async asker(settings) {
    return (await import('./ask.js')).feishuAsker(settings);
  },
});
