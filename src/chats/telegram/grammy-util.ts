// grammY glue the channel's parts share: its signals, and its errors in one line.
import { GrammyError, HttpError, type Bot } from 'grammy';

/** grammY types its signals with the abort-controller polyfill; Node's own AbortSignal is what it gets at runtime. */
export const grammySignal = (s: AbortSignal) => s as unknown as Parameters<Bot['init']>[0];

export function describeError(err: unknown): string {
  if (err instanceof GrammyError) {
    // grammY takes any JSON answer without `ok: true` for Telegram's refusal: a proxy's or another service's (api_base
    // pointed elsewhere) has no error_code or description of Telegram's.
    if (typeof err.error_code !== 'number') return 'the answer is not from the Telegram Bot API (is api_base right?)';
    return `${err.error_code} ${err.description}`;
  }
  if (err instanceof HttpError) {
    const inner = err.error as { message?: string; code?: string } | undefined;
    return `${err.message}${inner?.code ? ` (${inner.code})` : inner?.message ? ` (${inner.message})` : ''}`;
  }
  // grammY's own word when our deadline cancels a request it was retrying (bot.init retries getMe while Telegram
  // cannot be reached): said as what happened.
  if (err instanceof Error && err.message === 'Aborted delay')
    return 'Telegram did not answer in time (cancelled while retrying)';
  return (err as Error)?.message ?? String(err);
}
