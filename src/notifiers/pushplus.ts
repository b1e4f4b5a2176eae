// PushPlus (推送加, WeChat push): POST /send with the token in the JSON body, markdown template. Always HTTP 200;
// `code` 200 is success, 900 means "too many requests, stop sending", 903 a bad token. 5 requests a minute.
import * as z from '../util/zod.js';
import { wordsOf } from '../i18n.js';
import { MASK } from '../util/redact.js';
import { definePlugin } from '../channel-kit/plugin.js';
import { alertTitle, MARKDOWN, renderReply, truncate } from '../delivery/render-markdown.js';
import { createRateLimit, judge, notifierChannel, postJson } from '../channel-kit/http.js';
import { saidIn } from '../config/schema-text.js';
import { httpUrl } from '../config/http-url.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: {
    'config.schema.pushplus_token': 'expected the PushPlus user token',
  },
  'zh-CN': {
    'config.schema.pushplus_token': '应为 PushPlus 用户令牌',
  },
} as const;
const say = wordsOf(words);

const MAX_CHARS = 20_000;
// 900 names no wait; the per-minute window has long passed by then and the hourly same-content rule too.
const RESTRICTED_MS = 60 * 60_000;

export const plugin = definePlugin({
  type: 'pushplus',
  kind: 'notifier',
  words: async () => words,
  schema: () =>
    z.strictObject({
      token: z.string().check(z.minLength(8, { error: saidIn(say.all('config.schema.pushplus_token')) })),
      api_base: z._default(httpUrl(), 'https://www.pushplus.plus'),
    }),
  secretKeys: ['token'],
  example: { settings: { token: '${PUSHPLUS_TOKEN}' } },
  limits: { kept: '5 / minute', wait: '1 h (`900`)' },
  // The token rides in the URL path: pushplus.plus/send/<token>.
  secretShapes: [
    {
      pattern: /(\bpushplus\.plus\/send\/)(?!\*\*\*)[A-Za-z0-9_-]{1,256}/g,
      mask: (_m, head: string) => `${head}${MASK}`,
      need: /\/send\//,
    },
  ],
  create(s, host) {
    const url = `${s.api_base.replace(/\/+$/, '')}/send`;
    return notifierChannel({
      clock: host.clock,
      name: s.name,
      locale: host.locale,
      secrets: [s.token],
      limit: createRateLimit({ max: 5, perMs: 60_000 }),
      async send(alert, locale, signal) {
        const title = alertTitle(alert, locale);
        const body = {
          token: s.token,
          title: truncate(title, { chars: 100 }),
          content: renderReply(alert.reply, MARKDOWN, { locale, title, limit: { chars: MAX_CHARS } }),
          template: 'markdown',
        };
        const a = await postJson(url, body, { signal });
        return judge(
          a,
          {
            service: 'PushPlus',
            ok: (r) => r.status === 200 && r.json?.code === 200,
            code: (j) => j.code,
            message: (j) => j.msg,
            retryAfterMs: (_r, code) => (code === 900 ? RESTRICTED_MS : undefined),
          },
          host.clock.now(),
        );
      },
    });
  },
});
