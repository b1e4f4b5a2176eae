// One message out to Telegram (sent, or edited in place) through the Bot API module both Telegram plugins share
// (bot-api.ts), and Telegram's refusals as the caller uses them: a retry_after for the outbox, a group that moved, a
// message that is gone.
import type { Bot } from 'grammy';
import type { Reply } from '../../types.js';
import { callBot, REQUEST_TIMEOUT_MS, type BotAnswer, type Refusal } from './bot-api.js';
import { keyboard } from './render.js';
import type { TelegramStore } from './state.js';
import { deadline, type Clock } from '../../util/clock.js';

/** `permanent`: retrying cannot help (the token was revoked, the bot was blocked or removed, the chat is gone). */
export type Result =
  | { ok: true; messageId?: number }
  | { ok: false; detail: string; retryAfterMs?: number; gone?: boolean; permanent?: boolean };

export interface Wire {
  /** grammY, for polling and the bot's own calls (getMe, callback answers). */
  bot: Bot;
  /** Where messages go: the Bot API base and the token. */
  api: { base: string; token: string };
  store: TelegramStore;
  /** Masks the bot token: it sits in every request URL, and errors quote it. */
  scrub(text: string): string;
  /** The channel's clock: the deadline of a request no caller gives one (a command's reply). */
  clock: Clock;
}

/** A refusal as the channel uses it: the token scrubbed, a moved group said with where to, a 429's wait. */
export function failureOf(a: Refusal, scrub: (s: string) => string): Result {
  const detail = scrub(a.detail);
  if (a.status === 0) return { ok: false, detail };
  if (a.retryAfterMs !== undefined) return { ok: false, detail, retryAfterMs: a.retryAfterMs };
  if (a.migratedTo !== undefined)
    return {
      ok: false,
      detail: `${detail}: the group is now supergroup ${a.migratedTo}; put chat_id: ${a.migratedTo} in channels.telegram.alert_to`,
    };
  return { ok: false, detail, gone: a.gone ?? false, ...(a.permanent ? { permanent: true } : {}) };
}

function resultOf(
  a: BotAnswer<{ message_id?: number } | true>,
  scrub: (s: string) => string,
  fallbackId?: number,
): Result {
  if (a.ok)
    return { ok: true, messageId: typeof a.result === 'object' ? (a.result.message_id ?? fallbackId) : fallbackId };
  return failureOf(a, scrub);
}

const markup = (w: Wire, r: Reply) => keyboard(r.buttons, (key, command) => w.store.putCallback(key, command));

export async function sendHtml(
  w: Wire,
  chatId: string | number,
  html: string,
  r: Reply,
  replyTo?: number,
  signal?: AbortSignal,
): Promise<Result> {
  const kb = markup(w, r);
  // Long commands behind short keys must be on disk before anyone can press the button.
  if (kb?.inline_keyboard.flat().some((b) => b.callback_data.startsWith('k:'))) await w.store.save();
  const a = await callBot<{ message_id: number }>(
    w.api.base,
    w.api.token,
    'sendMessage',
    {
      chat_id: chatId,
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(kb ? { reply_markup: kb } : {}),
      ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    },
    signal ?? deadline(w.clock, REQUEST_TIMEOUT_MS),
    w.clock,
  );
  return resultOf(a, w.scrub);
}

export async function editHtml(
  w: Wire,
  chatId: string,
  messageId: number,
  html: string,
  r: Reply,
  signal?: AbortSignal,
): Promise<Result> {
  // Telegram drops the buttons of an edit without reply_markup (a recovery: Restart/Ack would only confuse).
  const kb = markup(w, r);
  const a = await callBot<{ message_id: number } | true>(
    w.api.base,
    w.api.token,
    'editMessageText',
    {
      chat_id: chatId,
      message_id: messageId,
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(kb ? { reply_markup: kb } : {}),
    },
    signal ?? deadline(w.clock, REQUEST_TIMEOUT_MS),
    w.clock,
  );
  if (!a.ok && /message is not modified/i.test(a.description ?? '')) return { ok: true, messageId };
  return resultOf(a, w.scrub, messageId);
}

/** Telegram's limit on a photo's caption, in characters. */
export const CAPTION_MAX = 1024;

/** A picture (a login QR code, /uptime's chart) as multipart sendPhoto, its caption plain text. */
export async function sendPng(
  w: Wire,
  chatId: string | number,
  png: Buffer,
  caption: string,
  signal?: AbortSignal,
  replyTo?: number,
): Promise<Result> {
  const form = new FormData();
  form.set('chat_id', String(chatId));
  form.set('caption', caption.slice(0, CAPTION_MAX));
  form.set('photo', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'picture.png');
  if (replyTo) form.set('reply_parameters', JSON.stringify({ message_id: replyTo, allow_sending_without_reply: true }));
  return resultOf(
    await callBot<{ message_id: number }>(
      w.api.base,
      w.api.token,
      'sendPhoto',
      form,
      signal ?? deadline(w.clock, REQUEST_TIMEOUT_MS),
      w.clock,
    ),
    w.scrub,
  );
}
