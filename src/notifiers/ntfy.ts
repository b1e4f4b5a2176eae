// ntfy: `url` is the topic URL (https://ntfy.sh/mytopic or a self-hosted server). Published as JSON to the server's
// root with the topic in the body, because Node's fetch cannot put a Chinese or emoji title into a `Title` header.
// Priority 5/4/3 for critical/warning/info, emoji tags, markdown, optional Bearer token.
import * as z from '../util/zod.js';
import { wordsOf } from '../i18n.js';
import { MASK } from '../util/redact.js';
import { definePlugin } from '../channel-kit/plugin.js';
import { alertTitle, MARKDOWN, renderReply, truncate } from '../delivery/render-markdown.js';
import type { Tone } from '../types.js';
import { judge, notifierChannel, postJson } from '../channel-kit/http.js';
import { saidIn } from '../config/schema-text.js';
import { httpUrl } from '../config/http-url.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: {
    'config.schema.ntfy_url': 'expected the topic URL (https://ntfy.sh/TOPIC)',
  },
  'zh-CN': {
    'config.schema.ntfy_url': '应为主题 URL（https://ntfy.sh/TOPIC）',
  },
} as const;
const say = wordsOf(words);

// Longer messages become an attachment.
const MAX_BYTES = 4_096;
// 429 names no wait; the visitor bucket refills one request per 5 s, the daily quota much later.
const LIMITED_MS = 60_000;

const PRIORITY: Record<Tone, number> = { critical: 5, warning: 4, info: 3, ok: 3 };
// Tags that are emoji short codes show before the title.
const TAG: Record<Tone, string> = {
  critical: 'rotating_light',
  warning: 'warning',
  info: 'information_source',
  ok: 'white_check_mark',
};

/** The JSON endpoint (the server root, keeping a self-hosted path prefix) and the topic. */
export function ntfyTarget(url: string): { root: URL; topic: string } {
  const u = new URL(url);
  const segs = u.pathname.split('/').filter(Boolean);
  const topic = segs.pop();
  if (!topic) throw new Error('the ntfy URL has no topic: expected https://ntfy.sh/TOPIC');
  u.pathname = segs.length ? `/${segs.join('/')}/` : '/';
  u.search = '';
  return { root: u, topic: decodeURIComponent(topic) };
}

export const plugin = definePlugin({
  type: 'ntfy',
  kind: 'notifier',
  words: async () => words,
  schema: () =>
    z.strictObject({
      url: httpUrl(saidIn(say.all('config.schema.ntfy_url'))).check(
        // Not a URL at all is the check above's to say; new URL() would throw here.
        z.refine((u) => !URL.canParse(u) || new URL(u).pathname.split('/').some(Boolean), {
          error: saidIn(say.all('config.schema.ntfy_url')),
        }),
      ),
      token: z.optional(z.string()),
    }),
  // On a public server the topic name is the only protection.
  secretKeys: ['url', 'token'],
  example: { settings: { url: 'https://ntfy.sh/gatewatch-7f3a9c2e', token: '${NTFY_TOKEN}' } },
  limits: { kept: '–', wait: 'Retry-After, else 1 min (429)' },
  // An access token: tk_ and a body with a digit or both cases (`tk_` before a plain word is a name).
  secretShapes: [
    {
      pattern: /(?<![A-Za-z0-9_-])tk_([A-Za-z0-9_-]{16,512})/g,
      mask: (m, body: string) => (/\d/.test(body) || (/[A-Z]/.test(body) && /[a-z]/.test(body)) ? MASK : m),
      need: /tk_/,
    },
  ],
  create(s, host) {
    const { root, topic } = ntfyTarget(s.url);
    return notifierChannel({
      clock: host.clock,
      name: s.name,
      locale: host.locale,
      secrets: [s.token, topic],
      async send(alert, locale, signal) {
        const body = {
          topic,
          title: truncate(alertTitle(alert, locale, { icon: false }), { chars: 250 }),
          message: renderReply(alert.reply, MARKDOWN, { locale, limit: { bytes: MAX_BYTES } }),
          priority: PRIORITY[alert.severity],
          tags: [TAG[alert.severity], 'gatewatch', alert.target],
          markdown: true,
        };
        const a = await postJson(root, body, {
          headers: s.token ? { authorization: `Bearer ${s.token}` } : {},
          signal,
        });
        return judge(
          a,
          {
            service: 'ntfy',
            ok: (r) => r.status >= 200 && r.status < 300,
            code: (j) => j.code,
            message: (j) => j.error,
            retryAfterMs: (r) => (r.status === 429 ? LIMITED_MS : undefined),
          },
          host.clock.now(),
        );
      },
    });
  },
});
