// The QQ official-bot channel as a plugin: two-way (C2C and group @-messages over the gateway). The implementation
// (ws, the reply windows) is imported only when the channel is configured, so `gatewatch check` stays light.
import * as z from 'zod';
import { definePlugin } from '../plugin.js';
import { DURATION_RANGES, durationIn } from '../../config/durations.js';
import { said } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';

/** Built on first use (see definePlugin). */
export const qqSchema = () => z.strictObject({
  app_id: z.union([z.string(), z.number()]).transform(String),
  client_secret: z.string(),
  api_base: httpUrl().default('https://api.sgroup.qq.com'),
  token_url: httpUrl().default('https://bots.qq.com/app/getAppAccessToken'),
  /** GROUP_AND_C2C_EVENT (1 << 25) by default. */
  intents: z.number().int().default(1 << 25),
  alert_to: z
    .array(z.union([z.strictObject({ user: z.string() }), z.strictObject({ group: z.string() })], { error: said('config.schema.one_of_two', { a: '{user: OPENID}', b: '{group: OPENID}' }) }))
    .default([]),
  give_up_after: durationIn(DURATION_RANGES.give_up_after).default(30 * 60_000),
});

export type QQSettings = z.output<ReturnType<typeof qqSchema>>;

export const plugin = definePlugin({
  type: 'qq',
  kind: 'chat',
  operatorKey: 'qq_openid',
  platform: 'qqbot',
  secretKeys: ['client_secret'],
  setup: { secretEnv: 'GATEWATCH_QQ_SECRET', appId: true, alertTo: (id) => ({ user: id }) },
  schema: qqSchema,
  describe: (s) => `app ${s.app_id}, ${s.alert_to.length} alert target${s.alert_to.length === 1 ? '' : 's'}`,
  async create(settings, host) {
    return (await import('./index.js')).createChannel(settings, host);
  },
});
