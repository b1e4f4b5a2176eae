// The Feishu custom-bot webhook on the wire: the signature Feishu checks and one signed JSON POST with a timeout.
// Used by the feishu_webhook notifier; no SDK here.
import { createHmac } from 'node:crypto';
import type { Card } from './card.js';
import { deadline, type Clock } from '../../util/clock.js';

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

export function webhookBody(
  payload: WebhookPayload,
  secret: string | undefined,
  nowMs: number,
): Record<string, unknown> {
  const body: Record<string, unknown> =
    'card' in payload
      ? { msg_type: 'interactive', card: payload.card }
      : { msg_type: 'text', content: { text: payload.text } };
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
  opts: { clock: Pick<Clock, 'now' | 'timer'>; timeoutMs?: number; signal?: AbortSignal },
): Promise<WebhookResult> {
  // With a caller's signal (the outbox's send timeout) that is the one deadline; 10 s only for callers without one.
  const own = opts.timeoutMs !== undefined || !opts.signal ? deadline(opts.clock, opts.timeoutMs ?? 10_000) : undefined;
  const signal = own && opts.signal ? AbortSignal.any([opts.signal, own]) : (own ?? opts.signal!);
  const body = JSON.stringify(webhookBody(payload, cfg.secret, opts.clock.now()));
  let res: Response;
  try {
    res = await fetch(cfg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal,
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return {
      ok: false,
      detail: `no answer from ${safeUrl(cfg.url)}: ${opts.signal?.aborted ? 'cancelled' : (e.cause?.code ?? e.name)}`,
    };
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
  return {
    ok: false,
    code,
    detail: `HTTP ${res.status} code=${code ?? '?'} ${msg}`.trim(),
    retryAfterMs: limited ? 10_000 : undefined,
  };
}
