// The Feishu / Lark app-bot channel as a plugin: two-way (p2p chats, @mentions, card buttons) over the long
// connection. The SDK is imported only when the channel is configured, so `gatewatch check` stays light.
import { definePlugin } from '../plugin.js';
import { feishuSchema, type FeishuSettings } from './settings.js';

export { feishuSchema };
export type { FeishuSettings };

export const plugin = definePlugin({
  type: 'feishu',
  kind: 'chat',
  operatorKey: 'feishu_open_id',
  platform: 'feishu',
  secretKeys: ['app_secret'],
  setup: { secretEnv: 'GATEWATCH_FEISHU_SECRET', appId: true, alertTo: (id) => ({ open_id: id }) },
  schema: feishuSchema,
  words: async () => (await import('./words.js')).words,
  describe: (s) => `app ${s.app_id}, ${s.alert_to.length} alert target${s.alert_to.length === 1 ? '' : 's'}`,
  escalationNote: (s) => (s.urgent ? { key: 'routes.feishu_urgent', params: { how: s.urgent } } : undefined),
  async create(settings, host) {
    return (await import('./index.js')).createChannel(settings, host);
  },
});
