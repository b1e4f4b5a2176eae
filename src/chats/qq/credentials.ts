// The cheap check at start: ask QQ for an AppAccessToken (it sends nothing to anyone, and the gateway reuses the token).
// Only QQ's own refusal counts (the token endpoint's documented invalid-credential codes, QQAuthError.permanent); a
// network error or no answer within the short limit says nothing about the secret, so the channel starts and its
// gateway retries as always.
import { say } from './words.js';
import type { CredentialVerdict, Locale } from '../../types.js';
import { redact } from '../../util/redact.js';
import type { Clock } from '../../util/clock.js';
import type { PluginHost } from '../../channel-kit/plugin.js';
import { CREDENTIAL_CHECK_TIMEOUT_MS, CredentialsRefused } from '../../channel-kit/refused.js';
import { QQAuthError, type TokenSource } from './auth.js';
import { describeResponse, type QQApi } from './api.js';
import { platformAnswer } from '../../channel-kit/platform-answer.js';
import type { PlatformAnswer } from '../../types.js';

/** Throws when QQ refuses the app id and secret: the channel cannot deliver until they are fixed. */
export async function checkQQCredentials(
  tokens: TokenSource,
  o: { host: PluginHost; secret: string; timeoutMs?: number; clock: Pick<Clock, 'timer'> },
): Promise<void> {
  let cancel: (() => void) | undefined;
  const late = new Promise<undefined>(
    (resolve) => (cancel = o.clock.timer(() => resolve(undefined), o.timeoutMs ?? CREDENTIAL_CHECK_TIMEOUT_MS)),
  );
  const err = await Promise.race([
    tokens.get().then(
      () => undefined,
      (e: unknown) => e,
    ),
    late,
  ]).finally(() => cancel?.());
  if (!(err instanceof QQAuthError && err.permanent)) return;
  const why = answerOf(err, o.secret);
  throw new CredentialsRefused(
    o.host.source ?? 'config',
    'channels.qq.client_secret',
    `was refused by QQ (${why}): check app_id and client_secret`,
    say(o.host.locale, 'channel.fix.qq.credentials'),
    { service: 'QQ', answer: why },
  );
}

const answerOf = (err: Error, secret: string) =>
  redact(
    err.message
      .replace(/^QQ token request (?:refused|failed): /, '')
      .replace(/ \(check channels\.qq\.app_id and client_secret\)$/, ''),
    [secret],
  );

/** The credential check after start: a fresh token request, whatever is cached. */
export async function qqVerdict(
  tokens: TokenSource,
  o: { locale: Locale; secret: string },
): Promise<CredentialVerdict> {
  try {
    await tokens.fetchNow();
    return { state: 'accepted', service: 'QQ' };
  } catch (err) {
    if (err instanceof QQAuthError && err.permanent)
      return {
        state: 'rejected',
        service: 'QQ',
        answer: answerOf(err, o.secret),
        fix: say(o.locale, 'channel.fix.qq.credentials'),
      };
    return { state: 'unreachable', service: 'QQ', reason: answerOf(err as Error, o.secret) };
  }
}

/**
 * What QQ answers gatewatch's own bot where Hermes' QQ fails first (§10.5, `Failed to get QQ Bot gateway URL`): its
 * token (the cached one while it lasts), then GET /gateway with it. A refused secret is QQ answering.
 */
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
