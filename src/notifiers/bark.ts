// Bark (iOS push): `url` is the server plus the device key (https://api.day.app/<DEVICE_KEY>). Sent through the v2 `POST /push`
// route with the key in the body; critical alerts ring through silent mode (level `critical`), warnings break through
// Focus (`timeSensitive`). Answers `{code, message}` with the HTTP status in `code`.
import * as z from '../util/zod.js';
import { wordsOf } from '../i18n.js';
import { MASK } from '../util/redact.js';
import { definePlugin } from '../channel-kit/plugin.js';
import { alertTitle, PLAIN, renderReply, truncate } from '../delivery/render-markdown.js';
import type { Tone } from '../types.js';
import { judge, notifierChannel, postJson } from '../channel-kit/http.js';
import { saidIn } from '../config/schema-text.js';
import { httpUrl } from '../config/http-url.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: {
    'config.schema.bark_url': 'expected the Bark URL with the device key (https://api.day.app/<DEVICE_KEY>)',
  },
  'zh-CN': {
    'config.schema.bark_url': '应为带设备密钥的 Bark URL（https://api.day.app/<DEVICE_KEY>）',
  },
} as const;
const say = wordsOf(words);

// APNs caps a payload at 4 KB; title and body share it.
const MAX_BODY_BYTES = 2_800;

const LEVEL: Record<Tone, string> = { critical: 'critical', warning: 'timeSensitive', info: 'active', ok: 'active' };

/** Server base and device key from the URL the Bark app shows. */
export function barkTarget(url: string): { push: URL; key: string } {
  const u = new URL(url);
  const segs = u.pathname.split('/').filter(Boolean);
  const key = segs.pop();
  if (!key) throw new Error('the Bark URL has no device key: expected https://api.day.app/<DEVICE_KEY>');
  u.pathname = [...segs, 'push'].join('/');
  u.search = '';
  return { push: u, key: decodeURIComponent(key) };
}

export const plugin = definePlugin({
  type: 'bark',
  kind: 'notifier',
  words: async () => words,
  schema: () =>
    z.strictObject({
      url: httpUrl(saidIn(say.all('config.schema.bark_url'))).check(
        // Not a URL at all is the check above's to say; new URL() would throw here.
        z.refine((u) => !URL.canParse(u) || new URL(u).pathname.split('/').some(Boolean), {
          error: saidIn(say.all('config.schema.bark_url')),
        }),
      ),
    }),
  secretKeys: ['url'],
  example: { settings: { url: 'https://api.day.app/${BARK_KEY}' } },
  limits: { kept: '–', wait: 'Retry-After, if any' },
  // The device key rides in the URL path: api.day.app/<key>/…
  secretShapes: [
    {
      pattern: /(\bapi\.day\.app\/(?!push\b))(?!\*\*\*)[A-Za-z0-9_-]{1,256}/g,
      mask: (_m, head: string) => `${head}${MASK}`,
      need: /\/api\.day\.app\//,
    },
  ],
  create(s, host) {
    const { push, key } = barkTarget(s.url);
    return notifierChannel({
      clock: host.clock,
      name: s.name,
      locale: host.locale,
      secrets: [s.url, key],
      async send(alert, locale, signal) {
        const body = {
          device_key: key,
          title: truncate(alertTitle(alert, locale), { bytes: 200 }),
          body: renderReply(alert.reply, PLAIN, { locale, limit: { bytes: MAX_BODY_BYTES } }),
          level: LEVEL[alert.severity],
          group: 'gatewatch',
          // One notification per incident: a recovery replaces the alert on the lock screen.
          ...(alert.incidentId ? { id: alert.incidentId.slice(0, 64) } : {}),
        };
        const a = await postJson(push, body, { signal });
        return judge(
          a,
          {
            service: 'Bark',
            ok: (r) => r.status >= 200 && r.status < 300 && (r.json?.code === undefined || r.json.code === 200),
            code: (j) => j.code,
            message: (j) => j.message,
          },
          host.clock.now(),
        );
      },
    });
  },
});
