// ServerChan (Server酱): Turbo keys (SCT…) post to sctapi.ftqq.com/<key>.send, ServerChan³ keys (sctp<uid>t…) to
// <uid>.push.ft07.com/send/<key>.send. Markdown in `desp`; `code` 0 is success. The free Turbo tier allows 5 a day;
// HTTP 429 means "stop calling for 24 hours".
import * as z from '../util/zod.js';
import { wordsOf } from '../i18n.js';
import { definePlugin } from '../channel-kit/plugin.js';
import { alertTitle, MARKDOWN, PLAIN, renderReply, truncate } from '../delivery/render-markdown.js';
import { judge, notifierChannel, postJson } from '../channel-kit/http.js';
import { saidIn } from '../config/schema-text.js';
import { httpUrl } from '../config/http-url.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: {
    'config.schema.sendkey': 'expected a SendKey (SCT… for Turbo, sctp<uid>t… for ServerChan³)',
  },
  'zh-CN': {
    'config.schema.sendkey': '应为 SendKey（Turbo 为 SCT…，Server酱³ 为 sctp<uid>t…）',
  },
} as const;
const say = wordsOf(words);

const SC3_KEY = /^sctp(\d+)t/;
const DAILY_LIMIT_MS = 24 * 3_600_000;

/** The send URL for a key; `api_base` replaces the host part (self-hosted proxy, tests). */
export function serverchanUrl(sendkey: string, apiBase?: string): string {
  const sc3 = SC3_KEY.exec(sendkey);
  const key = encodeURIComponent(sendkey);
  if (sc3) return `${(apiBase ?? `https://${sc3[1]}.push.ft07.com`).replace(/\/+$/, '')}/send/${key}.send`;
  return `${(apiBase ?? 'https://sctapi.ftqq.com').replace(/\/+$/, '')}/${key}.send`;
}

export const plugin = definePlugin({
  type: 'serverchan',
  kind: 'notifier',
  words: async () => words,
  schema: () =>
    z.strictObject({
      sendkey: z.string().check(z.regex(/^(SCT|sctp\d+t)\w+$/, { error: saidIn(say.all('config.schema.sendkey')) })),
      api_base: z.optional(httpUrl()),
    }),
  secretKeys: ['sendkey'],
  example: { settings: { sendkey: '${SERVERCHAN_SENDKEY}' }, env: { SERVERCHAN_SENDKEY: 'SCT1234Tabcdef' } },
  limits: { kept: '–', wait: '24 h (HTTP 429: daily quota)' },
  // A SendKey, ServerChan's (SCT…) or ServerChan³'s (sctp…).
  secretShapes: [
    {
      pattern: /(?<![A-Za-z0-9_-])(?:SC[TU][0-9]{1,12}T[A-Za-z0-9]{8,128}|sctp[0-9]{1,12}t[A-Za-z0-9]{8,128})/g,
      need: /SC[TU]|sctp/,
    },
  ],
  create(s, host) {
    const url = serverchanUrl(s.sendkey, s.api_base);
    return notifierChannel({
      clock: host.clock,
      name: s.name,
      locale: host.locale,
      secrets: [s.sendkey],
      async send(alert, locale, signal) {
        // Titles must be one line; the 32-character limit is third-hand, the full title is repeated in desp.
        const full = alertTitle(alert, locale).replace(/\s*\n\s*/g, ' ');
        const body: Record<string, string> = {
          title: truncate(full, { chars: 32 }),
          desp: renderReply(alert.reply, MARKDOWN, { locale, title: full, limit: { bytes: 30_000 } }),
          short: truncate(
            renderReply({ title: '', lines: alert.reply.lines, fields: alert.reply.fields }, PLAIN, { locale }).replace(
              /\n/g,
              ' ',
            ),
            { chars: 64 },
          ),
        };
        if (SC3_KEY.test(s.sendkey)) body.tags = `gatewatch|${alert.severity}`;
        const a = await postJson(url, body, { signal });
        return judge(
          a,
          {
            service: 'ServerChan',
            ok: (r) => r.status === 200 && r.json?.code === 0,
            code: (j) => j.code,
            message: (j) => j.message || j.info || j.data?.error,
            retryAfterMs: (r) => (r.status === 429 ? DAILY_LIMIT_MS : undefined),
          },
          host.clock.now(),
        );
      },
    });
  },
});
