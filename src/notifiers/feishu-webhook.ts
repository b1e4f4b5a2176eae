// Feishu custom-bot webhook: send-only pushes into one group, for people who do not want an app bot. When the app bot
// is configured too, this notifier stands by and the app bot uses it as its fallback (see feishuWebhookFallbacks).
// No SDK here: a signed JSON POST with a timeout.
import { createHmac } from 'node:crypto';
import type { Config, NotifierConfig } from '../config/schema.js';
import type { Alert, Channel, ChannelContext, ChannelHealth, DeliveryOutcome } from '../types.js';
import { alertCard, WEBHOOK_CARD_MAX_BYTES, type Card } from '../channels/feishu/card.js';

export type WebhookNotifierConfig = Extract<NotifierConfig, { type: 'feishu_webhook' }>;

export type WebhookPayload = { text: string } | { card: Card };

export interface WebhookResult {
  ok: boolean;
  code?: number;
  detail: string;
  retryAfterMs?: number;
}

/** sign = base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, message = "")), timestamp in seconds. */
export function webhookSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

export function webhookBody(payload: WebhookPayload, secret: string | undefined, nowMs = Date.now()): Record<string, unknown> {
  const body: Record<string, unknown> = 'card' in payload ? { msg_type: 'interactive', card: payload.card } : { msg_type: 'text', content: { text: payload.text } };
  if (secret) {
    const ts = Math.floor(nowMs / 1000);
    body.timestamp = String(ts);
    body.sign = webhookSign(secret, ts);
  }
  return body;
}

/** The URL minus its token, for logs and health lines (the token is the credential). */
export function safeUrl(url: string): string {
  return url.replace(/(\/hook\/)[^/?#]+/, '$1…');
}

export async function postWebhook(
  cfg: { url: string; secret?: string },
  payload: WebhookPayload,
  opts: { timeoutMs?: number; now?: () => number } = {},
): Promise<WebhookResult> {
  const body = JSON.stringify(webhookBody(payload, cfg.secret, (opts.now ?? Date.now)()));
  let res: Response;
  try {
    res = await fetch(cfg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, detail: `no answer from ${safeUrl(cfg.url)}: ${e.cause?.code ?? e.name}` };
  }
  const text = await res.text().catch(() => '');
  let data: { code?: number; StatusCode?: number; msg?: string; StatusMessage?: string } = {};
  try {
    data = JSON.parse(text);
  } catch {
    /* non-JSON error page */
  }
  const code = data.code ?? data.StatusCode;
  if (res.ok && code === 0) return { ok: true, code, detail: 'ok' };
  const msg = data.msg ?? data.StatusMessage ?? text.slice(0, 120);
  // 11232 and "9499 too many request" are the documented rate limits (100/min, 5/s per bot).
  const limited = res.status === 429 || code === 11232 || (code === 9499 && /too many/i.test(msg ?? ''));
  return { ok: false, code, detail: `HTTP ${res.status} code=${code ?? '?'} ${msg}`.trim(), retryAfterMs: limited ? 10_000 : undefined };
}

/** Webhook notifiers the app bot may fall back to. */
export function feishuWebhookFallbacks(config: Config): WebhookNotifierConfig[] {
  return config.channels.notifiers.filter((n): n is WebhookNotifierConfig => n.type === 'feishu_webhook');
}

export function createNotifier(cfg: NotifierConfig, config: Config): Channel {
  const name = cfg.name ?? 'feishu_webhook';
  // With the app bot configured this notifier is its fallback, not a second copy of every alert.
  const standby = !!config.channels.feishu;
  let ctx: ChannelContext | undefined;
  let last: { ok: boolean; at: number; detail: string } | undefined;
  return {
    name,
    interactive: false,
    async start(c) {
      ctx = c;
    },
    async stop() {},
    async deliver(alert: Alert): Promise<DeliveryOutcome> {
      if (standby) return { status: 'sent', detail: 'standby: fallback for the feishu app bot' };
      try {
        const r = await postWebhook(cfg, { card: alertCard(alert, { buttons: false, maxBytes: WEBHOOK_CARD_MAX_BYTES }) });
        last = { ok: r.ok, at: Date.now(), detail: r.detail };
        if (r.ok) return { status: 'sent' };
        ctx?.log.warn({ notifier: name, url: safeUrl(cfg.url), detail: r.detail }, 'feishu webhook push failed');
        return { status: 'failed', detail: r.detail, retryAfterMs: r.retryAfterMs };
      } catch (err) {
        return { status: 'failed', detail: (err as Error).message };
      }
    },
    health(): ChannelHealth {
      const summary = standby
        ? 'standby (fallback for the feishu app bot)'
        : last
          ? `${last.ok ? 'last push ok' : `last push failed: ${last.detail}`} at ${new Date(last.at).toLocaleTimeString('sv-SE')}`
          : 'no push yet';
      return { name, ok: last?.ok ?? true, summary };
    },
  };
}
