// WeCom group robot (企业微信群机器人): markdown messages (≤ 4096 bytes) to one group; the key in the URL is the
// credential. HTTP 200 on failure with `errcode`; 20 messages a minute, 45009 when over it.
import * as z from '../util/zod.js';
import { wordsOf } from '../i18n.js';
import { definePlugin } from '../channel-kit/plugin.js';
import { alertTitle, renderReply, ROBOT_MARKDOWN } from '../delivery/render-markdown.js';
import { createRateLimit, judge, notifierChannel, postJson } from '../channel-kit/http.js';
import { saidIn } from '../config/schema-text.js';
import { httpUrl } from '../config/http-url.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: { 'wecom.robot_url': 'expected the robot webhook URL ({example})' },
  'zh-CN': { 'wecom.robot_url': '应为机器人的 webhook URL（{example}）' },
} as const;
const say = wordsOf(words);

const MAX_BYTES = 4_096;

export const plugin = definePlugin({
  type: 'wecom',
  kind: 'notifier',
  words: async () => words,
  platform: 'wecom',
  schema: () =>
    z.strictObject({
      url: httpUrl(
        saidIn(say.all('wecom.robot_url', { example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' })),
      ),
    }),
  secretKeys: ['url'],
  example: { settings: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}' } },
  limits: { kept: '20 / minute', wait: '1 min (`45009`)' },
  create(s, host) {
    const key = new URL(s.url).searchParams.get('key') ?? undefined;
    return notifierChannel({
      clock: host.clock,
      name: s.name,
      locale: host.locale,
      secrets: [s.url, key],
      limit: createRateLimit({ max: 20, perMs: 60_000 }),
      async send(alert, locale, signal) {
        const content = renderReply(alert.reply, ROBOT_MARKDOWN, {
          locale,
          title: alertTitle(alert, locale),
          limit: { bytes: MAX_BYTES },
        });
        const a = await postJson(s.url, { msgtype: 'markdown', markdown: { content } }, { signal });
        return judge(
          a,
          {
            service: 'WeCom',
            ok: (r) => r.status === 200 && r.json?.errcode === 0,
            code: (j) => j.errcode,
            message: (j) => j.errmsg,
            // The limit is per minute; no retry-after is given.
            retryAfterMs: (_r, code) => (code === 45009 ? 60_000 : undefined),
          },
          host.clock.now(),
        );
      },
    });
  },
});
