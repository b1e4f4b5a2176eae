// Telegram Bot API `sendMessage`, send-only: alerts into one chat (a user, a group or a channel) as HTML. The answer is
// always `{ok, error_code, description, parameters}`; 429 carries `parameters.retry_after` in seconds.
// (The two-way Telegram bot is the `channels.telegram` chat channel, not this.)
import * as z from 'zod';
import { definePlugin } from '../channels/plugin.js';
import { alertTitle, renderReply, TELEGRAM_HTML } from '../delivery/render-markdown.js';
import { createRateLimit, judge, notifierChannel, postJson, request } from './http.js';
import { CredentialsRefused } from '../channels/refused.js';
import { t } from '../i18n.js';
import { redact } from '../util/redact.js';
import { capRetryAfter } from '../util/retry-after.js';
import { said } from '../config/schema-text.js';
import { httpUrl } from '../config/http-url.js';

// 4096 characters after entity parsing; the tags count here too, so this is on the safe side.
const MAX_CHARS = 4_096;

export const plugin = definePlugin({
  type: 'telegram',
  kind: 'notifier',
  platform: 'telegram',
  schema: () => z.strictObject({
    bot_token: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, { error: said('config.schema.bot_token', { example: '123456:ABC-…' }) }),
    chat_id: z.union([z.number().int(), z.string().min(1)], { error: said('config.schema.chat_id_any') }),
    api_base: httpUrl().default('https://api.telegram.org'),
  }),
  secretKeys: ['bot_token'],
  create(s, host) {
    const url = `${s.api_base.replace(/\/+$/, '')}/bot${s.bot_token}/sendMessage`;
    return notifierChannel({
      name: s.name,
      locale: host.locale,
      secrets: [s.bot_token],
      // 20 messages a minute to one group.
      limit: createRateLimit({ max: 20, perMs: 60_000 }),
      // getMe: who the bot is, nothing sent. 401 is a wrong or revoked token, 404 a malformed one (Bot API reference).
      service: 'Telegram',
      async checkCredentials(signal) {
        const a = await request(`${s.api_base.replace(/\/+$/, '')}/bot${s.bot_token}/getMe`, { signal });
        if ('error' in a) throw new Error(redact(a.error, [s.bot_token]));
        if (a.status >= 500) throw new Error(`HTTP ${a.status}`);
        if (a.status !== 401 && a.status !== 404) return undefined;
        const what = redact(`${a.status} ${typeof a.json?.description === 'string' ? a.json.description : ''}`.trim(), [s.bot_token]);
        return new CredentialsRefused(host.source ?? 'config', `channels.notifiers[name: ${s.name}].bot_token`, `was refused by Telegram (${what}): check the token from @BotFather`, t(host.locale, 'channel.fix.telegram.credentials'), { service: 'Telegram', answer: what });
      },
      async send(alert, locale, signal) {
        const text = renderReply(alert.reply, TELEGRAM_HTML, { locale, title: alertTitle(alert, locale), limit: { chars: MAX_CHARS } });
        const a = await postJson(url, { chat_id: s.chat_id, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } }, { signal });
        return judge(a, {
          service: 'Telegram',
          ok: (r) => r.status === 200 && r.json?.ok === true,
          code: (j) => j.error_code,
          message: (j) =>
            j.parameters?.migrate_to_chat_id !== undefined
              ? `${j.description} (the group is now a supergroup: set chat_id to ${j.parameters.migrate_to_chat_id})`
              : j.description,
          retryAfterMs: (r) => (typeof r.json?.parameters?.retry_after === 'number' ? capRetryAfter(r.json.parameters.retry_after * 1000) : undefined),
        });
      },
    });
  },
});
