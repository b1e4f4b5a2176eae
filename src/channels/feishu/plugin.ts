// The Feishu / Lark app-bot channel as a plugin: two-way (p2p chats, @mentions, card buttons) over the long
// connection. The SDK is imported only when the channel is configured, so `gatewatch check` stays light.
import * as z from 'zod';
import { definePlugin } from '../plugin.js';
import { DURATION_RANGES, durationIn } from '../../config/durations.js';

/** Built on first use (see definePlugin). */
export const feishuSchema = () => z.strictObject({
  // The Feishu SDK's start() silently does nothing for any other shape (feishu-node-sdk reference).
  app_id: z.string().regex(/^cli_[0-9a-fA-F]{16}$/, { error: 'expected a Feishu app id: cli_ and 16 hex digits, like cli_a1b2c3d4e5f6a7b8' }),
  app_secret: z.string(),
  domain: z.string().default('https://open.feishu.cn'),
  alert_to: z
    .array(z.union([z.strictObject({ chat_id: z.string() }), z.strictObject({ open_id: z.string() })], { error: 'expected {chat_id: ...} or {open_id: ...}' }))
    .default([]),
  give_up_after: durationIn(DURATION_RANGES.give_up_after).default(30 * 60_000),
  /** Escalations also buzz the operators' feishu_open_ids through Feishu's urgent API; sms and phone cost the tenant. */
  urgent: z.enum(['app', 'sms', 'phone'], { error: 'expected app, sms or phone (sms and phone use the tenant\'s paid quota)' }).optional(),
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
