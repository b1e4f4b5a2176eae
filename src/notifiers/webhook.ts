// Generic webhook: the alert as a versioned JSON document POSTed to any URL (schema in docs/notifiers.md, version 1).
// With `secret`, `X-Gatewatch-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, as GitHub signs its webhooks.
// Any 2xx is success; 429/503 with Retry-After are honoured.
import { createHmac } from 'node:crypto';
import * as z from '../util/zod.js';
import { wordsOf } from '../i18n.js';
import { definePlugin } from '../channel-kit/plugin.js';
import { evidenceOf, PLAIN, renderReply } from '../delivery/render-markdown.js';
import type { Alert, Locale } from '../types.js';
import { judge, notifierChannel, request } from '../channel-kit/http.js';
import { saidIn } from '../config/schema-text.js';
import { httpUrl } from '../config/http-url.js';

// Its own words, in both locales (checked for parity by test/channels/words.test.ts).
const words = {
  en: {
    'config.schema.post_url': 'expected the URL to POST alerts to',
    'config.schema.reserved_headers': 'headers may not set {names}',
  },
  'zh-CN': {
    'config.schema.post_url': '应为接收告警（POST）的 URL',
    'config.schema.reserved_headers': 'headers 不能设置 {names}',
  },
} as const;
const say = wordsOf(words);

export const WEBHOOK_SCHEMA_VERSION = 1;

/** Headers a user's `headers:` may not replace: they carry the contract. */
const RESERVED = new Set(['content-type', 'content-length', 'x-gatewatch-signature', 'x-gatewatch-schema', 'host']);

export interface WebhookDocument {
  version: 1;
  id: string;
  kind: Alert['kind'];
  incident_id: string | null;
  target: string;
  check: string | null;
  severity: Alert['severity'];
  title: string;
  text: string;
  evidence: string[];
  created_at: string;
}

export function webhookDocument(alert: Alert, locale: Locale): WebhookDocument {
  return {
    version: WEBHOOK_SCHEMA_VERSION,
    id: alert.id,
    kind: alert.kind,
    incident_id: alert.incidentId ?? null,
    target: alert.target,
    check: alert.check ?? null,
    severity: alert.severity,
    title: alert.reply.title,
    text: renderReply(alert.reply, PLAIN, { locale }),
    evidence: evidenceOf(alert.reply),
    created_at: new Date(alert.createdAt).toISOString(),
  };
}

export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export const plugin = definePlugin({
  type: 'webhook',
  kind: 'notifier',
  words: async () => words,
  schema: () =>
    z.strictObject({
      url: httpUrl(saidIn(say.all('config.schema.post_url'))),
      secret: z.optional(z.string().check(z.minLength(1))),
      headers: z.optional(
        z.record(z.string(), z.string()).check(
          z.refine((h) => Object.keys(h).every((k) => !RESERVED.has(k.toLowerCase())), {
            error: saidIn(say.all('config.schema.reserved_headers', { names: [...RESERVED].join(', ') })),
          }),
        ),
      ),
    }),
  secretKeys: ['url', 'secret', 'headers'],
  example: { settings: { url: 'https://hooks.example.com/gatewatch', secret: '${GATEWATCH_HOOK_SECRET}' } },
  limits: { kept: '–', wait: 'Retry-After on 429/503' },
  create(s, host) {
    return notifierChannel({
      clock: host.clock,
      name: s.name,
      locale: host.locale,
      secrets: [s.url, s.secret, ...Object.values(s.headers ?? {})],
      async send(alert, locale, signal) {
        const raw = JSON.stringify(webhookDocument(alert, locale));
        const headers: Record<string, string> = {
          'user-agent': 'gatewatch',
          ...s.headers,
          'content-type': 'application/json; charset=utf-8',
          'x-gatewatch-schema': `alert/v${WEBHOOK_SCHEMA_VERSION}`,
        };
        if (s.secret) headers['x-gatewatch-signature'] = webhookSignature(s.secret, raw);
        const a = await request(s.url, { method: 'POST', headers, body: raw, signal });
        return judge(a, { service: 'webhook', ok: (r) => r.status >= 200 && r.status < 300 }, host.clock.now());
      },
    });
  },
});
