// Feishu custom-bot webhook: send-only pushes into one group, for people who do not want an app bot. A plain
// notifier: when configured, it sends. (Falling back to it when the app bot cannot send is the delivery layer's job.)
import * as z from '../../util/zod.js';
import { wordsOf } from '../../i18n.js';
import { MASK } from '../../util/redact.js';
import { definePlugin, type PluginHost } from '../../channel-kit/plugin.js';
import { alertCard, WEBHOOK_CARD_MAX_BYTES } from './card.js';
import { postWebhook, safeUrl } from './webhook.js';
import type { Channel } from '../../types.js';
import { notifierChannel } from '../../channel-kit/http.js';
import { saidIn } from '../../config/schema-text.js';
import { httpUrl } from '../../config/http-url.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: {
    'config.schema.webhook_url': 'expected the webhook URL',
  },
  'zh-CN': {
    'config.schema.webhook_url': '应为 webhook URL',
  },
} as const;
const say = wordsOf(words);

const settings = () =>
  z.strictObject({
    url: httpUrl(saidIn(say.all('config.schema.webhook_url'))),
    secret: z.optional(z.string()),
  });

function build(s: z.output<ReturnType<typeof settings>> & { name: string }, host: PluginHost): Channel {
  const token = /\/hook\/([^/?#]+)/.exec(s.url)?.[1];
  return notifierChannel({
    clock: host.clock,
    name: s.name,
    locale: host.locale,
    secrets: [s.url, s.secret, token],
    async send(alert, locale, signal) {
      const r = await postWebhook(
        s,
        { card: alertCard(alert, { buttons: false, maxBytes: WEBHOOK_CARD_MAX_BYTES, locale }) },
        { signal, clock: host.clock },
      );
      if (r.ok) return { status: 'sent', detail: `Feishu webhook ${safeUrl(s.url)}: ok` };
      return r.retryAfterMs !== undefined
        ? { status: 'failed', detail: `Feishu webhook: ${r.detail}`, retryAfterMs: r.retryAfterMs }
        : { status: 'failed', detail: `Feishu webhook: ${r.detail}` };
    },
  });
}

export const plugin = definePlugin({
  type: 'feishu_webhook',
  kind: 'notifier',
  words: async () => words,
  platform: 'feishu',
  // A group webhook next to the Feishu app bot has always been its standby when no routes say otherwise.
  standbyFor: 'feishu',
  schema: settings,
  secretKeys: ['url', 'secret'],
  example: {
    settings: {
      url: 'https://open.feishu.cn/open-apis/bot/v2/hook/${FEISHU_HOOK_ID}',
      secret: '${GATEWATCH_WEBHOOK_SECRET}',
    },
  },
  limits: { kept: '–', wait: '10 s (429, `11232`)' },
  // The hook id is the credential, in the URL path: /open-apis/bot/v2/hook/<id> (Feishu and Lark).
  secretShapes: [
    {
      pattern: /(\/open-apis\/bot\/v2\/hook\/)(?!\*\*\*)[A-Za-z0-9_-]{1,256}/g,
      mask: (_m, head: string) => `${head}${MASK}`,
      need: /\/hook\//,
    },
  ],
  create: build,
});
