// The Telegram channel's settings: their schema and type, apart from the plugin (plugin.ts) so that the channel's code
// (loaded on first use) imports its settings without importing the plugin that loads it.
import * as z from '../../util/zod.js';
import { DURATION_RANGES, durationIn } from '../../config/durations.js';
import { said, saidIn } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';
import { botTokenSchema, DEFAULT_API_BASE } from './bot-api.js';
import { say } from './words.js';

/** A chat id: a user id, a group id (negative, `-100…` for supergroups) or `@channelusername`. */
const chatId = () =>
  z.pipe(
    z.union([
      z.number().check(z.int()),
      z.string().check(z.regex(/^(-?\d+|@[A-Za-z0-9_]{4,})$/, { error: saidIn(say.all('config.schema.chat_id')) })),
    ]),
    z.transform(String),
  );

/** Built on first use (see definePlugin). */
export const telegramSchema = () =>
  z.strictObject({
    bot_token: botTokenSchema(),
    api_base: z.pipe(
      z._default(httpUrl(saidIn(say.all('config.schema.bot_api_url'))), DEFAULT_API_BASE),
      z.transform((s: string) => s.replace(/\/+$/, '')),
    ),
    /** Chats that get alerts; empty = every operator with a telegram_id, in their private chat with the bot. */
    alert_to: z._default(
      z.array(z.strictObject({ chat_id: chatId() }), {
        error: said('config.schema.list_of', { item: '{chat_id: ...}' }),
      }),
      [],
    ),
    give_up_after: z._default(durationIn(DURATION_RANGES.give_up_after), 30 * 60_000),
  });

export type TelegramSettings = z.output<ReturnType<typeof telegramSchema>>;
