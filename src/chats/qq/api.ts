// The OpenAPI side: one request helper with a timeout, `Authorization: QQBot <token>`, and a single retry with a fresh
// token when QQ says the token is bad. Errors are data (status, code, trace id), never thrown secrets.
import { describeFetchError, QQAuthError, type TokenSource } from './auth.js';
import { capRetryAfter } from '../../util/retry-after.js';
import { deadline, type Clock } from '../../util/clock.js';

export interface ApiResponse {
  /** HTTP status; 0 when the request never got an answer. */
  status: number;
  body: Record<string, unknown>;
  /** `err_code ?? code` from the body, if any. */
  code?: number;
  message?: string;
  traceId?: string;
  retryAfterMs?: number;
  /** Set when no answer came (network error, timeout, token failure). */
  error?: string;
  /** The token could not be obtained because the credentials are wrong. */
  authPermanent?: boolean;
}

export interface QQApi {
  /** `signal`: the caller gives up (the outbox's send timeout); the request is aborted, its socket closed. */
  request(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<ApiResponse>;
}

const TOKEN_CODES = new Set([11241, 11242, 11243, 11244]);

export function createApi(opts: {
  apiBase: string;
  tokens: TokenSource;
  timeoutMs?: number;
  clock: Pick<Clock, 'timer'>;
}): QQApi {
  const base = opts.apiBase.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function once(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<ApiResponse> {
    let token: string;
    try {
      // Not given the signal: concurrent callers share one token request, which one caller's give-up must not end.
      token = await opts.tokens.get();
    } catch (err) {
      const permanent = err instanceof QQAuthError && err.permanent;
      return { status: 0, body: {}, error: (err as Error).message, authPermanent: permanent };
    }
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          authorization: `QQBot ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, deadline(opts.clock, timeoutMs)]) : deadline(opts.clock, timeoutMs),
      });
    } catch (err) {
      return {
        status: 0,
        body: {},
        error: `${method} ${path} failed: ${signal?.aborted ? 'cancelled' : describeFetchError(err)}`,
      };
    }
    const text = await res.text().catch(() => '');
    let parsed: Record<string, unknown> = {};
    try {
      const v: unknown = JSON.parse(text);
      if (v && typeof v === 'object') parsed = v as Record<string, unknown>;
    } catch {
      /* non-JSON answer (proxy error page): status says enough */
    }
    const codeRaw = parsed.err_code ?? parsed.code;
    const code = codeRaw === undefined || codeRaw === null || codeRaw === 0 ? undefined : Number(codeRaw);
    const retryAfter = Number(res.headers.get('retry-after'));
    return {
      status: res.status,
      body: parsed,
      code: Number.isFinite(code) ? code : undefined,
      message: typeof parsed.message === 'string' ? parsed.message.slice(0, 200) : undefined,
      traceId: typeof parsed.trace_id === 'string' ? parsed.trace_id : (res.headers.get('x-tps-trace-id') ?? undefined),
      retryAfterMs: retryAfter > 0 ? capRetryAfter(retryAfter * 1000) : undefined,
    };
  }

  return {
    async request(method, path, body, signal) {
      const first = await once(method, path, body, signal);
      if (first.status === 401 || (first.code !== undefined && TOKEN_CODES.has(first.code))) {
        opts.tokens.invalidate();
        return once(method, path, body, signal);
      }
      return first;
    },
  };
}

/** `HTTP 400 code 40034102 (主动消息失败, 无权限) trace abc` — for logs and delivery details. */
export function describeResponse(r: ApiResponse): string {
  if (r.error) return r.error;
  const parts = [`HTTP ${r.status}`];
  if (r.code !== undefined) parts.push(`code ${r.code}`);
  if (r.message) parts.push(`(${r.message})`);
  if (r.traceId) parts.push(`trace ${r.traceId}`);
  return parts.join(' ');
}

/** GET /gateway → the WebSocket URL to connect to (may be ws:// in tests). */
export async function fetchGatewayUrl(api: QQApi): Promise<{ url?: string; response: ApiResponse }> {
  const r = await api.request('GET', '/gateway');
  const url = r.status === 200 && typeof r.body.url === 'string' ? r.body.url : undefined;
  return { url, response: r };
}
