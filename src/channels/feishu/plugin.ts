// The Feishu / Lark app-bot channel as a plugin: two-way (p2p chats, @mentions, card buttons) over the long
// connection. The SDK is imported only when the channel is configured, so `gatewatch check` stays light.
import * as z from 'zod';
import { definePlugin } from '../plugin.js';
import { DURATION_RANGES, durationIn } from '../../config/durations.js';
import { said } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';

/** Built on first use (see definePlugin). */
export const feishuSchema = () => z.strictObject({
  // The Feishu SDK's start() silently does nothing for any other shape (feishu-node-sdk reference).
  app_id: z.string().regex(/^cli_[0-9a-fA-F]{16}$/, { error: said('config.schema.feishu_app_id') }),
  app_secret: z.string(),
  domain: httpUrl().default('https://open.feishu.cn'),
  alert_to: z
    .array(z.union([z.strictObject({ chat_id: z.string() }), z.strictObject({ open_id: z.string() })], { error: said('config.schema.one_of_two', { a: '{chat_id: ...}', b: '{open_id: ...}' }) }))
    .default([]),
  give_up_after: durationIn(DURATION_RANGES.give_up_after).default(30 * 60_000),
  /** Escalations also buzz the operators' feishu_open_ids through Feishu's urgent API; sms and phone cost the tenant. */
  urgent: z.enum(['app', 'sms', 'phone'], { error: said('config.schema.feishu_urgent') }).optional(),
});

export type FeishuSettings = z.output<ReturnType<typeof feishuSchema>>;

export const plugin = definePlugin({
  type: 'feishu',
  kind: 'chat',
  operatorKey: 'feishu_open_id',
  platform: 'feishu',
  secretKeys: ['app_secret'],
  setup: { secretEnv: 'GATEWATCH_FEISHU_SECRET', appId: true, alertTo: (id) => ({ open_id: id }) },
  schema: feishuSchema,
  describe: (s) => `app ${s.app_id}, ${s.alert_to.length} alert target${s.alert_to.length === 1 ? '' : 's'}`,
  escalationNote: (s) => (s.urgent ? { key: 'routes.feishu_urgent', params: { how: s.urgent } } : undefined),
  async create(settings, host) {
    return (await import('./index.js')).createChannel(settings, host);
  },
});
