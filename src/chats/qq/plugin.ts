// The QQ official-bot channel as a plugin: two-way (C2C and group @-messages over the gateway). The implementation
// (ws, the reply windows) is imported only when the channel is configured, so `gatewatch check` stays light.
import { definePlugin } from '../../channel-kit/plugin.js';
import type { Phrase } from '../../i18n.js';
import { qqSchema, type QQSettings } from './settings.js';

export { qqSchema };
export type { QQSettings };

export const plugin = definePlugin({
  type: 'qq',
  kind: 'chat',
  operatorKey: 'qq_openid',
  platform: 'qqbot',
  secretKeys: ['client_secret'],
  example: {
    settings: { app_id: '102345678', client_secret: '${GATEWATCH_QQ_SECRET}', alert_to: [{ user: 'YOUR_QQ_OPENID' }] },
  },
  setup: { secretEnv: 'GATEWATCH_QQ_SECRET', appId: true, alertTo: (id) => ({ user: id }) },
  schema: qqSchema,
  words: async () => (await import('./words.js')).words,
  // No alert_to: QQ lets a bot push only where a user wrote first, so alerts wait for an operator's message.
  describe: (s): Phrase =>
    s.alert_to.length
      ? { key: 'validate.about.app_alert_to', params: { app: s.app_id, count: s.alert_to.length } }
      : { key: 'validate.about.app_held', params: { app: s.app_id } },
  async create(settings, host) {
    return (await import('./index.js')).createChannel(settings, host);
  },
  async asker(settings, host) {
    return (await import('./ask.js')).qqAsker(settings, host);
  },
});
