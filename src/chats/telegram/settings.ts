// The Telegram channel's settings: their schema and type, apart from the plugin (plugin.ts) so that the channel's code
// (loaded on first use) imports its settings without importing the plugin that loads it.
import * as z from 'zod';
import { DURATION_RANGES, durationIn } from '../../config/durations.js';
import { said, saidIn } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';
import { botTokenSchema, DEFAULT_API_BASE } from './bot-api.js';
import { say } from './words.js';

/** A chat id: a user id, a group id (negative, `-100…` for supergroups) or `@channelusername`. */
const chatId = () =>
  z
    .union([
      z.number().int(),
      z.string().regex(/^(-?\d+|@[A-Za-z0-9_]{4,})$/, { error: saidIn(say.all('config.schema.chat_id')) }),
    ])
    .transform(String);

/** Built on first use (see definePlugin). */
export const telegramSchema = () =>
  z.strictObject({
    bot_token: botTokenSchema(),
    api_base: httpUrl(saidIn(say.all('config.schema.bot_api_url')))
      .default(DEFAULT_API_BASE)
      .transform((s) => s.replace(/\/+$/, '')),
    /** Chats that get alerts; empty = every operator with a telegram_id, in their private chat with the bot. */
    alert_to: z
      .array(z.strictObject({ chat_id: chatId() }), {
        error: said('config.schema.list_of', { item: '{chat_id: ...}' }),
      })
      .default([]),
    give_up_after: durationIn(DURATION_RANGES.give_up_after).default(30 * 60_000),
  });

export type TelegramSettings = z.output<ReturnType<typeof telegramSchema>>;
