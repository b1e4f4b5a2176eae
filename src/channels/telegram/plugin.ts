// The Telegram bot channel as a plugin: two-way (commands, buttons) over long polling. The grammY implementation is
// imported only when the channel is configured, so `gatewatch check` stays light.
import * as z from 'zod';
import { definePlugin } from '../plugin.js';
import { DURATION_RANGES, durationIn } from '../../config/durations.js';
import { said } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';

/** A chat id: a user id, a group id (negative, `-100…` for supergroups) or `@channelusername`. */
const chatId = () => z.union([z.number().int(), z.string().regex(/^(-?\d+|@[A-Za-z0-9_]{4,})$/, { error: said('config.schema.chat_id') })]).transform(String);

/** Built on first use (see definePlugin). */
export const telegramSchema = () => z.strictObject({
  bot_token: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: said('config.schema.bot_token', { example: '123456789:AAE…' }) }),
  api_base: httpUrl(said('config.schema.bot_api_url'))
    .default('https://api.telegram.org')
    .transform((s) => s.replace(/\/+$/, '')),
  /** Chats that get alerts; empty = every operator with a telegram_id, in their private chat with the bot. */
  alert_to: z.array(z.strictObject({ chat_id: chatId() }), { error: said('config.schema.list_of', { item: '{chat_id: ...}' }) }).default([]),
  give_up_after: durationIn(DURATION_RANGES.give_up_after).default(30 * 60_000),
});

export type TelegramSettings = z.output<ReturnType<typeof telegramSchema>>;

export const plugin = definePlugin({
  type: 'telegram',
  kind: 'chat',
  operatorKey: 'telegram_id',
  platform: 'telegram',
  numericOperatorId: true,
  secretKeys: ['bot_token'],
  // Alerts go to each operator's private chat with the bot when alert_to is empty.
  setup: { secretEnv: 'GATEWATCH_TELEGRAM_TOKEN' },
  schema: telegramSchema,
  describe: (s) => `${s.alert_to.length} alert chat${s.alert_to.length === 1 ? '' : 's'}`,
  async create(settings, host) {
    return (await import('./index.js')).createChannel(settings, host);
  },
});
