// What start() checks before it polls: the token is not the Hermes gateway's own (two pollers knock each other out),
// Telegram takes the token, and there is somebody to alert. An unreachable Telegram is not an error: polling retries.
import { Bot, GrammyError } from 'grammy';
import type { CredentialVerdict } from '../../types.js';
import type { Logger } from 'pino';
import type { PluginHost } from '../../channel-kit/plugin.js';
import { ConfigError } from '../../config/load.js';
import type { Phrase } from '../../i18n.js';
import type { Worded } from '../../config/schema-text.js';
import { say } from './words.js';
import { CredentialsRefused } from '../../channel-kit/refused.js';
import { describeError, grammySignal } from './grammy-util.js';
import type { PollTimings } from './poll.js';
import { findHermesTokenClash } from './same-token.js';
import type { Clock } from '../../util/clock.js';

const configError = (host: PluginHost, key: string, why: Phrase | Worded) =>
  new ConfigError(host.source ?? 'config', undefined, key, why);

export async function refuseHermesToken(token: string, host: PluginHost): Promise<void> {
  const clash = await findHermesTokenClash(token, host.targets);
  if (!clash) return;
  throw configError(host, 'channels.telegram.bot_token', say.all('config.telegram.hermes_token', { clash }));
}

export function newBot(token: string, apiRoot: string, timings: PollTimings): Bot {
  return new Bot(token, {
    client: {
      apiRoot,
      // Above our own long-poll abort, so the silent-socket check is ours; sends end at the outbox's timeout.
      timeoutSeconds: Math.ceil(timings.pollTimeoutSec + timings.stallMarginMs / 1000 + 10),
    },
  });
}

/**
 * Identify the bot now (its username is needed to tell `/status@us` from `/status@otherbot`). A rejected token is a
 * config error; an unreachable Telegram is not: polling retries in the background.
 */
export async function identify(
  bot: Bot,
  o: { host: PluginHost; timeoutMs: number; log: Logger; scrub(text: string): string; clock: Pick<Clock, 'timer'> },
): Promise<void> {
  const ac = new AbortController();
  const cancel = o.clock.timer(() => ac.abort(), o.timeoutMs);
  try {
    await bot.init(grammySignal(ac.signal));
    o.log.info({ bot: bot.botInfo.username }, 'telegram bot identified');
  } catch (err) {
    if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
      throw new CredentialsRefused(
        o.host.source ?? 'config',
        'channels.telegram.bot_token',
        `was refused by Telegram (${err.error_code} ${err.description}): check the token from @BotFather`,
        say(o.host.locale, 'channel.fix.telegram.credentials'),
        { service: 'Telegram', answer: `${err.error_code} ${err.description}` },
      );
    }
    o.log.warn({ detail: o.scrub(describeError(err)) }, 'telegram getMe failed; polling will keep trying');
  } finally {
    cancel();
  }
}

/** Nobody to alert and nobody who may command: the channel could only fail every alert. */
export function requireReceivers(count: number, host: PluginHost): void {
  if (count === 0) {
    throw configError(host, 'channels.telegram.alert_to', say.all('config.telegram.nobody'));
  }
}

/** getMe, asked again (src/core/credential-checks.ts): 401 or 404 is Telegram refusing the token; anything else is no answer. */
export async function checkToken(
  bot: Bot,
  o: { locale: PluginHost['locale']; signal: AbortSignal; scrub(text: string): string },
): Promise<CredentialVerdict> {
  try {
    await bot.api.getMe(grammySignal(o.signal));
    return { state: 'accepted', service: 'Telegram' };
  } catch (err) {
    if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
      return {
        state: 'rejected',
        service: 'Telegram',
        answer: o.scrub(`${err.error_code} ${err.description}`),
        fix: say(o.locale, 'channel.fix.telegram.credentials'),
      };
    }
    return { state: 'unreachable', service: 'Telegram', reason: o.scrub(describeError(err)) };
  }
}
