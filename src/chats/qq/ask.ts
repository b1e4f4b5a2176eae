// What QQ answers gatewatch's own bot where Hermes' QQ fails first (§10.5, `Failed to get QQ Bot gateway URL`): its
// token, then GET /gateway with it. The running channel asks with the token its gateway uses; a one-shot `gatewatch
// check` asks with a token source and an API client of its own and no gateway (ChannelPlugin.asker). Light on purpose
// (no words, no gateway): check's bundle carries it.
import type { PluginHost } from '../../channel-kit/plugin.js';
import { platformAnswer } from '../../channel-kit/platform-answer.js';
import type { PlatformAnswer } from '../../types.js';
import { redact } from '../../util/redact.js';
import { createApi, describeResponse, type QQApi } from './api.js';
import { createTokenSource, QQAuthError, type TokenSource } from './auth.js';
import type { QQSettings } from './settings.js';

/** A token request's error as QQ's answer, the secret scrubbed. */
export const answerOf = (err: Error, secret: string) =>
  redact(
    err.message
      .replace(/^QQ token request (?:refused|failed): /, '')
      .replace(/ \(check channels\.qq\.app_id and client_secret\)$/, ''),
    [secret],
  );

/** The token (the cached one while it lasts), then the gateway URL. A refused secret is QQ answering. */
export async function askQQ(
  tokens: TokenSource,
  api: QQApi,
  o: { secret: string; signal: AbortSignal },
): Promise<PlatformAnswer> {
  try {
    await tokens.get();
  } catch (err) {
    const e = err as QQAuthError;
    return platformAnswer(e instanceof QQAuthError ? e.status : 0, answerOf(e, o.secret));
  }
  const r = await api.request('GET', '/gateway', undefined, o.signal);
  return platformAnswer(r.authPermanent ? 200 : r.status, redact(describeResponse(r), [o.secret]));
}

/** The question without the channel: built from the settings alone, nothing connected until asked. */
export function qqAsker(
  s: QQSettings,
  host: Pick<PluginHost, 'clock'>,
): (signal: AbortSignal) => Promise<PlatformAnswer> {
  const { clock } = host;
  const tokens = createTokenSource({ appId: s.app_id, clientSecret: s.client_secret, tokenUrl: s.token_url, clock });
  const api = createApi({ apiBase: s.api_base, tokens, clock });
  return (signal) => askQQ(tokens, api, { secret: s.client_secret, signal });
}
