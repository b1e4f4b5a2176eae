// The cheap check at start: ask QQ for an AppAccessToken (it sends nothing to anyone, and the gateway reuses the token).
// Only QQ's own refusal counts (the token endpoint's documented invalid-credential codes, QQAuthError.permanent); a
// network error or no answer within the short limit says nothing about the secret, so the channel starts and its
// gateway retries as always.
import { say } from './words.js';
import type { CredentialVerdict, Locale } from '../../types.js';
import type { Clock } from '../../util/clock.js';
import type { PluginHost } from '../../channel-kit/plugin.js';
import { CREDENTIAL_CHECK_TIMEOUT_MS, CredentialsRefused } from '../../channel-kit/refused.js';
import { QQAuthError, type TokenSource } from './auth.js';
import { answerOf } from './ask.js';

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
    // QQ answered, and refused this host's IP: reached and refused, not a network problem.
    if (err instanceof QQAuthError && err.host)
      return {
        state: 'rejected',
        refused: 'host',
        service: 'QQ',
        answer: answerOf(err, o.secret),
        fix: say(o.locale, 'channel.fix.qq.whitelist'),
      };
    return { state: 'unreachable', service: 'QQ', reason: answerOf(err as Error, o.secret) };
  }
}
