// What a connection to the QQ gateway needs before its socket opens: the gateway's URL (GET /gateway) and an access
// token, or why there is none: for good (the credentials are refused) or for now (retried after a wait).
import { QQAuthError, type TokenSource } from './auth.js';
import { describeResponse, fetchGatewayUrl, type QQApi } from './api.js';

export type Login =
  | { ok: true; url: string; token: string }
  | { ok: false; halt: string }
  | { ok: false; retry: string; minDelayMs?: number };

/**
 * The URL, then the token; none at all (undefined) when the attempt is no longer `current` once the URL is in: a
 * newer attempt or a stop has taken over, and asking for a token would be for nothing.
 */
export async function fetchUrlAndToken(
  api: QQApi,
  tokens: TokenSource,
  current: () => boolean,
): Promise<Login | undefined> {
  const { url, response } = await fetchGatewayUrl(api);
  if (!current()) return undefined;
  if (!url) {
    if (response.authPermanent) return { ok: false, halt: response.error ?? 'QQ rejected the bot credentials' };
    return {
      ok: false,
      retry: `cannot get the QQ gateway URL: ${describeResponse(response)}`,
      minDelayMs: response.retryAfterMs,
    };
  }
  try {
    return { ok: true, url, token: await tokens.get() };
  } catch (err) {
    if (err instanceof QQAuthError && err.permanent) return { ok: false, halt: err.message };
    return { ok: false, retry: (err as Error).message };
  }
}
