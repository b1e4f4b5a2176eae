// DingTalk custom group robot (钉钉自定义机器人): markdown messages, optionally signed ("加签"). The robot answers HTTP
// 200 on failure with `errcode`, throttles for 10 minutes past 20 messages a minute, and names no retry-after.
import { createHmac } from 'node:crypto';
import * as z from '../util/zod.js';
import { wordsOf } from '../i18n.js';
import { definePlugin } from '../channel-kit/plugin.js';
import { alertTitle, renderReply, ROBOT_MARKDOWN } from '../delivery/render-markdown.js';
import { createRateLimit, judge, notifierChannel, postJson } from '../channel-kit/http.js';
import { saidIn } from '../config/schema-text.js';
import { httpUrl } from '../config/http-url.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: { 'dingtalk.robot_url': 'expected the robot webhook URL ({example})' },
  'zh-CN': { 'dingtalk.robot_url': '应为机器人的 webhook URL（{example}）' },
} as const;
const say = wordsOf(words);

const THROTTLE_MS = 10 * 60_000;
// No documented length limit; keep cards short enough to read on a phone.
const MAX_CHARS = 4_000;

/** sign = base64(HMAC-SHA256(key = secret, message = `${timestampMs}\n${secret}`)); URL-encoded once by searchParams. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function dingtalkUrl(url: string, secret: string | undefined, nowMs: number): URL {
  const u = new URL(url);
  if (secret) {
    u.searchParams.set('timestamp', String(nowMs));
    u.searchParams.set('sign', dingtalkSign(secret, nowMs));
  }
  return u;
}

export const plugin = definePlugin({
  type: 'dingtalk',
  kind: 'notifier',
  words: async () => words,
  platform: 'dingtalk',
  schema: () =>
    z.strictObject({
      url: httpUrl(
        saidIn(say.all('dingtalk.robot_url', { example: 'https://oapi.dingtalk.com/robot/send?access_token=…' })),
      ),
      secret: z.optional(z.string()),
    }),
  secretKeys: ['url', 'secret'],
  example: {
    settings: { url: 'https://oapi.dingtalk.com/robot/send?access_token=${DD_TOKEN}', secret: '${DD_SECRET}' },
  },
  limits: { kept: '20 / minute', wait: '10 min (`130101`)' },
  // A robot's signing secret: SEC and hex digits.
  secretShapes: [{ pattern: /(?<![A-Za-z0-9_-])SEC[0-9a-fA-F]{32,128}(?![A-Za-z0-9])/g, need: /SEC/ }],
  create(s, host) {
    const token = new URL(s.url).searchParams.get('access_token') ?? undefined;
    return notifierChannel({
      clock: host.clock,
      name: s.name,
      locale: host.locale,
      secrets: [s.url, s.secret, token],
      limit: createRateLimit({ max: 20, perMs: 60_000 }),
      async send(alert, locale, signal) {
        const title = alertTitle(alert, locale);
        const text = renderReply(alert.reply, ROBOT_MARKDOWN, { locale, title, limit: { chars: MAX_CHARS } });
        const a = await postJson(
          dingtalkUrl(s.url, s.secret, host.clock.now()),
          { msgtype: 'markdown', markdown: { title, text } },
          { signal },
        );
        return judge(
          a,
          {
            service: 'DingTalk',
            ok: (r) => r.status === 200 && r.json?.errcode === 0,
            code: (j) => j.errcode,
            message: (j) => j.errmsg,
            retryAfterMs: (_r, code) => (code === 130101 ? THROTTLE_MS : undefined),
          },
          host.clock.now(),
        );
      },
    });
  },
});
