// Sending through the SDK's `Client`: a timeout on every request, a token cache of our own (so a rejected token can be
// dropped, which the SDK never does), errors turned into data (HTTP 200 with a non-zero code is a failure too), and
// rate limits retried after the reset the server gives.
import * as lark from '@larksuiteoapi/node-sdk';
import type { Card } from './card.js';
import { redact } from '../../util/redact.js';
import type { Clock } from '../../util/clock.js';
import { scopedStore } from '../../util/scoped-store.js';

export interface SendResult {
  ok: boolean;
  messageId?: string;
  status?: number;
  code?: number;
  msg?: string;
  /** Rate-limited (HTTP 429, 99991400, 230020, 11232): wait this long before the next try. */
  retryAfterMs?: number;
  /** Won't succeed by retrying the same request (bad chat id, bot not in chat, no permission…). */
  permanent?: boolean;
  detail: string;
}

export type Receiver = { chat_id: string } | { open_id: string };

export type UrgentKind = 'app' | 'sms' | 'phone';

/**
 * wait: honour a short rate-limit reset inside the call (replies); off for alerts, whose outbox retries them.
 * signal: the caller gives up (the outbox's send timeout): the request is aborted, its connection closed.
 */
export interface CallOptions {
  wait?: boolean;
  signal?: AbortSignal;
}

export interface FeishuSender {
  create(to: Receiver, card: Card, o?: CallOptions & { uuid?: string }): Promise<SendResult>;
  reply(messageId: string, card: Card, o?: CallOptions): Promise<SendResult>;
  patch(messageId: string, card: Card, o?: CallOptions): Promise<SendResult>;
  /**
   * Buzz users about a message the bot sent (PATCH /open-apis/im/v1/messages/:id/urgent_app|urgent_sms|urgent_phone,
   * user_id_type=open_id). sms and phone use the tenant's paid urgent quota. `invalid` lists ids Feishu refused.
   */
  urgent(messageId: string, kind: UrgentKind, openIds: string[]): Promise<SendResult & { invalid?: string[] }>;
  /** The bot's own open_id (GET /open-apis/bot/v3/info), to recognise @mentions of it. */
  botOpenId(): Promise<string | undefined>;
  /** A picture for a card's img element (POST /open-apis/im/v1/images, image_type message): its image_key. */
  uploadImage(png: Buffer, o?: CallOptions): Promise<SendResult & { imageKey?: string }>;
}

export interface SenderOptions {
  appId: string;
  appSecret: string;
  domain: string;
  logger: lark.Logger;
  timeoutMs?: number;
  /** Rate-limit retries inside one call (replies have no outbox behind them). */
  maxRateRetries?: number;
  /** Longest wait honoured inside a call; a longer reset is returned to the caller instead. */
  maxInlineWaitMs?: number;
  defaultRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The token cache's time and, without `sleep`, the waits. */
  clock: Clock;
}

const RATE_CODES = new Set([99991400, 230020, 11232]);
const TOKEN_CODES = new Set([99991661, 99991663, 99991668]);
// Retrying these cannot help: wrong ids, bot missing from the chat, permissions, content refused.
const PERMANENT_CODES = new Set([
  230001, 230002, 230006, 230013, 230017, 230018, 230022, 230025, 230027, 230028, 230034, 230035, 230099, 10014,
]);

/** A token cache we can clear; the SDK's own cache keeps a rejected token until it expires. */
function tokenCache(now: () => number): lark.Cache & { clear(): void } {
  const values = new Map<string, { value: unknown; expiredTime?: number }>();
  const key = (k: string | symbol | Symbol, ns?: string) => `${ns ?? ''}/${k.toString()}`;
  return {
    async get(k, o) {
      const e = values.get(key(k, o?.namespace));
      return e && (!e.expiredTime || e.expiredTime > now()) ? e.value : undefined;
    },
    async set(k, value, expiredTime, o) {
      values.set(key(k, o?.namespace), { value, expiredTime });
      return true;
    },
    clear: () => values.clear(),
  };
}

// The SDK's methods take no AbortSignal and pass no request options through to axios: the signal a call runs under
// reaches the HTTP instance beneath it this way (the token request the SDK makes first included).
const callSignal = scopedStore<AbortSignal | undefined>();

/** The SDK's axios instance with a default timeout on every call (the SDK sets none for API calls), and the call's signal. */
function timedHttp(timeoutMs: number): lark.HttpInstance {
  // The instance's response interceptor already unwraps `resp.data`; its axios typings do not know that.
  const base = lark.defaultHttpInstance as unknown as lark.HttpInstance;
  const t = <O>(o?: O) => {
    const signal = callSignal.get();
    return { timeout: timeoutMs, ...(signal ? { signal } : {}), ...(o ?? {}) } as O;
  };
  return {
    request: (o) => base.request(t(o)),
    get: (u, o) => base.get(u, t(o)),
    delete: (u, o) => base.delete(u, t(o)),
    head: (u, o) => base.head(u, t(o)),
    options: (u, o) => base.options(u, t(o)),
    post: (u, d, o) => base.post(u, d, t(o)),
    put: (u, d, o) => base.put(u, d, t(o)),
    patch: (u, d, o) => base.patch(u, d, t(o)),
  };
}

interface ApiBody {
  code?: number;
  msg?: string;
  data?: { message_id?: string; invalid_user_id_list?: string[]; image_key?: string };
  bot?: { open_id?: string };
}

function fromBody(body: ApiBody | undefined, defaultRetryAfterMs: number): SendResult {
  const code = body?.code;
  if (code === 0) return { ok: true, messageId: body?.data?.message_id, code, detail: 'ok' };
  const msg = body?.msg ?? 'no message';
  return {
    ok: false,
    status: 200,
    code,
    msg,
    retryAfterMs: code !== undefined && RATE_CODES.has(code) ? defaultRetryAfterMs : undefined,
    permanent: code !== undefined && PERMANENT_CODES.has(code),
    detail: `code=${code ?? '?'} ${msg}`,
  };
}

/** An AxiosError → data, without the request config (which carries the body and the bearer token). */
export function fromError(err: unknown, defaultRetryAfterMs: number): SendResult {
  const e = err as {
    response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
    code?: string;
    message?: string;
  };
  const res = e?.response;
  if (!res) {
    const why = e?.code ?? e?.message ?? String(err);
    // Token fetch failures come back as plain Errors carrying only the API's code/msg.
    return { ok: false, detail: `no answer from Feishu: ${redact(String(why))}` };
  }
  const data = (typeof res.data === 'object' && res.data ? res.data : {}) as ApiBody;
  const status = res.status ?? 0;
  const code = data.code;
  const reset = Number(res.headers?.['x-ogw-ratelimit-reset']);
  const limited = status === 429 || (code !== undefined && RATE_CODES.has(code));
  return {
    ok: false,
    status,
    code,
    msg: data.msg,
    retryAfterMs: limited ? (Number.isFinite(reset) && reset > 0 ? reset * 1000 : defaultRetryAfterMs) : undefined,
    permanent: !limited && code !== undefined && PERMANENT_CODES.has(code),
    detail: `HTTP ${status} code=${code ?? '?'} ${data.msg ?? ''}`.trim(),
  };
}

export function createSender(opts: SenderOptions): FeishuSender {
  const clock = opts.clock;
  const cache = tokenCache(clock.now);
  const http = timedHttp(opts.timeoutMs ?? 15_000);
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    logger: opts.logger,
    loggerLevel: lark.LoggerLevel.warn,
    cache,
    httpInstance: http,
  });
  const dflt = opts.defaultRetryAfterMs ?? 1_000;
  const sleep = opts.sleep ?? ((ms: number) => clock.sleep(ms));
  const maxRate = opts.maxRateRetries ?? 2;
  const maxWait = opts.maxInlineWaitMs ?? 10_000;

  async function call(fn: () => Promise<unknown>, o: CallOptions = {}): Promise<SendResult> {
    let tokenRetried = false;
    for (let attempt = 0; ; attempt++) {
      let r: SendResult;
      try {
        r = fromBody((await callSignal.run(o.signal, fn)) as ApiBody, dflt);
      } catch (err) {
        r = o.signal?.aborted ? { ok: false, detail: 'cancelled' } : fromError(err, dflt);
      }
      if (o.signal?.aborted) return r;
      if (!r.ok && r.code !== undefined && TOKEN_CODES.has(r.code) && !tokenRetried) {
        tokenRetried = true;
        cache.clear();
        continue;
      }
      if (!r.ok && o.wait !== false && r.retryAfterMs !== undefined && attempt < maxRate && r.retryAfterMs <= maxWait) {
        await sleep(r.retryAfterMs);
        continue;
      }
      return r;
    }
  }

  const content = (card: Card) => JSON.stringify(card);
  return {
    create: (to, card, o = {}) =>
      call(
        () =>
          client.im.message.create({
            params: { receive_id_type: 'chat_id' in to ? 'chat_id' : 'open_id' },
            data: {
              receive_id: 'chat_id' in to ? to.chat_id : to.open_id,
              msg_type: 'interactive',
              content: content(card),
              uuid: o.uuid,
            },
          }),
        o,
      ),
    reply: (messageId, card, o) =>
      call(
        () =>
          client.im.message.reply({
            path: { message_id: messageId },
            data: { msg_type: 'interactive', content: content(card) },
          }),
        o,
      ),
    patch: (messageId, card, o) =>
      call(() => client.im.message.patch({ path: { message_id: messageId }, data: { content: content(card) } }), o),
    async urgent(messageId, kind, openIds) {
      const m = client.im.message;
      const fn = kind === 'phone' ? m.urgentPhone : kind === 'sms' ? m.urgentSms : m.urgentApp;
      let invalid: string[] | undefined;
      const r = await call(async () => {
        const body = (await fn.call(m, {
          path: { message_id: messageId },
          params: { user_id_type: 'open_id' },
          data: { user_id_list: openIds },
        })) as ApiBody;
        invalid = body?.data?.invalid_user_id_list;
        return body;
      });
      return { ...r, invalid: invalid?.length ? invalid : undefined };
    },
    async uploadImage(png, o) {
      let imageKey: string | undefined;
      // Not through the SDK's im.image.create nor request(): both copy `data` into a plain object (a FormData comes out
      // empty), and a Buffer goes without a file name, which Feishu refuses (234001). The SDK's token, our HTTP instance.
      const r = await call(async () => {
        const token: unknown = await client.tokenManager.getTenantAccessToken({});
        const form = new FormData();
        form.set('image_type', 'message');
        form.set('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'picture.png');
        const body = (await http.post(`${opts.domain}/open-apis/im/v1/images`, form, {
          headers: { Authorization: `Bearer ${String(token)}` },
        })) as ApiBody;
        imageKey = body?.data?.image_key;
        return body;
      }, o);
      return r.ok && !imageKey ? { ...r, ok: false, detail: 'no image_key in the answer' } : { ...r, imageKey };
    },
    async botOpenId() {
      try {
        const body = (await client.request({ url: '/open-apis/bot/v3/info', method: 'GET' })) as ApiBody;
        return body?.code === 0 ? body.bot?.open_id : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
