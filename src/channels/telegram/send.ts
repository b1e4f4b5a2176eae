// One message out to Telegram (sent, or edited in place), and Telegram's refusals sorted into what the caller does
// about them: a retry_after for the outbox, a group that moved, a message that is gone.
import { GrammyError, InputFile, type Bot } from 'grammy';
import type { Reply } from '../../types.js';
import { capRetryAfter } from '../../util/retry-after.js';
import { describeError, grammySignal } from './grammy-util.js';
import { keyboard } from './render.js';
import type { TelegramStore } from './state.js';

/** `permanent`: retrying cannot help (the token was revoked, the bot was blocked or removed, the chat is gone). */
export type Result = { ok: true; messageId?: number } | { ok: false; detail: string; retryAfterMs?: number; gone?: boolean; permanent?: boolean };

export interface Wire {
  bot: Bot;
  store: TelegramStore;
  /** Masks the bot token: it sits in every request URL, and errors quote it. */
  scrub(text: string): string;
}

export function failure(err: unknown, scrub: (s: string) => string): Result {
  if (err instanceof GrammyError) {
    const detail = scrub(`${err.error_code} ${err.description}`);
    if (err.error_code === 429) return { ok: false, detail, retryAfterMs: capRetryAfter((err.parameters.retry_after ?? 5) * 1000) };
    const migrated = err.parameters.migrate_to_chat_id;
    if (migrated) return { ok: false, detail: `${detail}: the group is now supergroup ${migrated}; put chat_id: ${migrated} in channels.telegram.alert_to` };
    const permanent = err.error_code === 401 || err.error_code === 403 || (err.error_code === 400 && /chat not found/i.test(err.description));
    return { ok: false, detail, gone: /message to edit not found|message can't be edited/i.test(err.description), ...(permanent ? { permanent } : {}) };
  }
  return { ok: false, detail: scrub(describeError(err)) };
}

const markup = (w: Wire, r: Reply) => keyboard(r.buttons, (key, command) => w.store.putCallback(key, command));

export async function sendHtml(w: Wire, chatId: string | number, html: string, r: Reply, replyTo?: number, signal?: AbortSignal): Promise<Result> {
  try {
    const kb = markup(w, r);
    // Long commands behind short keys must be on disk before anyone can press the button.
    if (kb?.inline_keyboard.flat().some((b) => b.callback_data.startsWith('k:'))) await w.store.save();
    const m = await w.bot.api.sendMessage(chatId, html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: kb,
      ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    }, signal && grammySignal(signal));
    return { ok: true, messageId: m.message_id };
  } catch (err) {
    return failure(err, w.scrub);
  }
}

export async function editHtml(w: Wire, chatId: string, messageId: number, html: string, r: Reply, signal?: AbortSignal): Promise<Result> {
  try {
    // Telegram drops the buttons of an edit without reply_markup (a recovery: Restart/Ack would only confuse).
    await w.bot.api.editMessageText(chatId, messageId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: markup(w, r) }, signal && grammySignal(signal));
    return { ok: true, messageId };
  } catch (err) {
    if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return { ok: true, messageId };
    return failure(err, w.scrub);
  }
}

/** Telegram's limit on a photo's caption, in characters. */
const CAPTION_MAX = 1024;

/** A picture (a login QR code) as multipart sendPhoto, its caption plain text. */
export async function sendPng(w: Wire, chatId: string | number, png: Buffer, caption: string, signal?: AbortSignal): Promise<Result> {
  try {
    const m = await w.bot.api.sendPhoto(chatId, new InputFile(png, 'qr.png'), { caption: caption.slice(0, CAPTION_MAX) }, signal && grammySignal(signal));
    return { ok: true, messageId: m.message_id };
  } catch (err) {
    return failure(err, w.scrub);
  }
}
