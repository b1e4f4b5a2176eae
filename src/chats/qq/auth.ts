// AppAccessToken: POST {appId, clientSecret} to token_url. QQ hands back the same token until the last 60 s of its life,
// so we cache it and only re-request near expiry (or when the API says it is invalid). Neither the secret nor the token
// ever goes into an error message.
import { deadline, type Clock } from '../../util/clock.js';

export class QQAuthError extends Error {
  constructor(
    message: string,
    /** True when retrying cannot help (wrong app id or secret, bot does not exist): a config problem. */
    readonly permanent: boolean,
    /** The token endpoint's HTTP status; 0 when it did not answer. */
    readonly status = 0,
    /** QQ refused this host, not the credentials: its IP is not on the bot's whitelist (code 11298). */
    readonly host = false,
  ) {
    super(message);
    this.name = 'QQAuthError';
  }
}

export interface TokenSource {
  /** A valid access token (cached; fetched when missing or near expiry). Concurrent callers share one request. */
  get(): Promise<string>;
  /** Forget the cached token (after a 401 or close 4004) so the next get() fetches a new one. */
  invalidate(): void;
  /** Ask QQ now, cached token or not (the credential check): the token, kept as get() keeps it. */
  fetchNow(): Promise<string>;
}

export interface TokenSourceOptions {
  appId: string;
  clientSecret: string;
  tokenUrl: string;
  timeoutMs?: number;
  /** The token's lifetime and the request's deadline. */
  clock: Pick<Clock, 'now' | 'timer'>;
}

/** Token-endpoint codes that mean the credentials themselves are wrong. */
const PERMANENT_CODES = new Set([100007, 100016, 10004]);
/**
 * The codes of a call from an IP not on the bot's whitelist (qq-bot-protocol.md: HTTP 401 `code 11298`, `err_code
 * 40023002`, "接口访问源IP不在白名单"): QQ answered and refused this host, whatever the credentials.
 */
const HOST_CODES = new Set([11298, 40023002]);

export function createTokenSource(opts: TokenSourceOptions): TokenSource {
  const now = () => opts.clock.now();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let cached: { token: string; freshUntil: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    let res: Response;
    try {
      res = await fetch(opts.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appId: opts.appId, clientSecret: opts.clientSecret }),
        signal: deadline(opts.clock, timeoutMs),
      });
    } catch (err) {
      throw new QQAuthError(`QQ token request failed: ${describeFetchError(err)}`, false);
    }
    const text = await res.text().catch(() => '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* handled below */
    }
    const token = typeof body.access_token === 'string' ? body.access_token : '';
    // A failed call may still be HTTP 200 with a code in the body.
    if (!res.ok || !token) {
      const code = Number(body.code ?? body.err_code);
      const msg = typeof body.message === 'string' ? body.message.slice(0, 200) : '';
      const permanent = PERMANENT_CODES.has(code);
      const host = HOST_CODES.has(code) || HOST_CODES.has(Number(body.err_code));
      const what = permanent ? ' (check channels.qq.app_id and client_secret)' : '';
      throw new QQAuthError(
        `QQ token request refused: HTTP ${res.status}${Number.isFinite(code) ? ` code ${code}` : ''}${msg ? ` ${msg}` : ''}${what}`,
        permanent,
        res.status,
        host,
      );
    }
    // expires_in is documented as a number but sent as a string ("7200"), and it is the remaining lifetime.
    const lifetimeMs = (Number(body.expires_in) > 0 ? Number(body.expires_in) : 7200) * 1000;
    // Refresh early, but not so early that QQ just returns the same token again forever.
    const margin = Math.min(60_000, lifetimeMs / 2);
    cached = { token, freshUntil: now() + lifetimeMs - margin };
    return token;
  }

  return {
    get() {
      if (cached && now() < cached.freshUntil) return Promise.resolve(cached.token);
      inflight ??= fetchToken().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate() {
      cached = undefined;
    },
    fetchNow() {
      inflight ??= fetchToken().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
  };
}

export function describeFetchError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
