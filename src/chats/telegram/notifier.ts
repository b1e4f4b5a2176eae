// Telegram Bot API `sendMessage`, send-only: alerts into one chat (a user, a group or a channel) as HTML, through the
// Bot API module the two-way channel uses too (bot-api.ts: one token pattern, one reading of Telegram's refusals).
// (The two-way Telegram bot is the `channels.telegram` chat channel, plugin.ts beside this.)
import * as z from '../../util/zod.js';
import { definePlugin } from '../../channel-kit/plugin.js';
import { alertTitle, renderReply, TELEGRAM_HTML } from '../../delivery/render-markdown.js';
import { createRateLimit, notifierChannel } from '../../channel-kit/http.js';
import { CredentialsRefused } from '../../channel-kit/refused.js';
import { say, words } from './words.js';
import { redact } from '../../util/redact.js';
import { saidIn } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';
import { botTokenSchema, callBot, DEFAULT_API_BASE, TOKEN_SHAPES } from './bot-api.js';

// 4096 characters after entity parsing; the tags count here too, so this is on the safe side.
const MAX_CHARS = 4_096;

export const plugin = definePlugin({
  type: 'telegram',
  kind: 'notifier',
  platform: 'telegram',
  schema: () =>
    z.strictObject({
      bot_token: botTokenSchema(),
      chat_id: z.union([z.number().check(z.int()), z.string().check(z.minLength(1))], {
        error: saidIn(say.all('config.schema.chat_id_any')),
      }),
      api_base: z._default(httpUrl(), DEFAULT_API_BASE),
    }),
  secretKeys: ['bot_token'],
  example: {
    settings: { bot_token: '${TG_ALERT_BOT_TOKEN}', chat_id: -1001234567890 },
    name: 'telegram-alerts',
    env: { TG_ALERT_BOT_TOKEN: '123456:ABC-def-0123456789abcdefghij' },
  },
  limits: { kept: '20 / minute', wait: 'the `retry_after` it sends (429)' },
  secretShapes: TOKEN_SHAPES,
  words: async () => words,
  create(s, host) {
    return notifierChannel({
      clock: host.clock,
      name: s.name,
      locale: host.locale,
      secrets: [s.bot_token],
      // 20 messages a minute to one group.
      limit: createRateLimit({ max: 20, perMs: 60_000 }),
      // getMe: who the bot is, nothing sent. 401 is a wrong or revoked token, 404 a malformed one (Bot API reference).
      service: 'Telegram',
      credentialsFix: (locale) => say(locale, 'channel.fix.telegram.credentials'),
      async checkCredentials(signal) {
        const a = await callBot(s.api_base, s.bot_token, 'getMe', {}, signal, host.clock);
        if (a.ok) return undefined;
        if (a.status === 0) throw new Error(redact(a.detail, [s.bot_token]));
        if (a.status >= 500) throw new Error(`HTTP ${a.status}`);
        if (a.status !== 401 && a.status !== 404) return undefined;
        const what = redact(`${a.status} ${a.description ?? ''}`.trim(), [s.bot_token]);
        return new CredentialsRefused(
          host.source ?? 'config',
          `channels.notifiers[name: ${s.name}].bot_token`,
          `was refused by Telegram (${what}): check the token from @BotFather`,
          say(host.locale, 'channel.fix.telegram.credentials'),
          { service: 'Telegram', answer: what },
        );
      },
      async send(alert, locale, signal) {
        const text = renderReply(alert.reply, TELEGRAM_HTML, {
          locale,
          title: alertTitle(alert, locale),
          limit: { chars: MAX_CHARS },
        });
        const a = await callBot(
          s.api_base,
          s.bot_token,
          'sendMessage',
          { chat_id: s.chat_id, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
          signal,
          host.clock,
        );
        if (a.ok) return { status: 'sent', detail: 'Telegram: HTTP 200' };
        if (a.status === 0) return { status: 'failed', detail: `Telegram: ${a.detail}` };
        const message =
          a.migratedTo !== undefined
            ? `${a.description} (the group is now a supergroup: set chat_id to ${a.migratedTo})`
            : (a.description ?? a.body);
        const detail = `Telegram: HTTP ${a.status}${a.code !== undefined ? ` code ${a.code}` : ''}${message ? `: ${message}` : ''}`;
        if (a.retryAfterMs !== undefined) return { status: 'failed', detail, retryAfterMs: a.retryAfterMs };
        return { status: 'failed', detail, ...(a.permanent ? { permanent: true } : {}) };
      },
    });
  },
});
