// Telegram updates → what the core needs. Pure; anything that is not for us yields a reason.
import type { CallbackQuery, Message } from 'grammy/types';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ParsedMessage {
  senderId: string;
  text: string;
  chatId: number;
  messageId: number;
  group: boolean;
}

/**
 * A text message as a command. Private chats: any text. Groups: only a command at the start (`/status`, or
 * `/status@ourbot`; `/status@otherbot` is another bot's) or text that starts with an @mention of us. With privacy mode
 * on, Telegram sends a group bot only these anyway; with it off, the rest is chatter we must not answer.
 */
export function parseMessage(m: Message | undefined, botUsername: string): Parsed<ParsedMessage> {
  if (!m || typeof m.text !== 'string') return { ok: false, reason: 'not a text message' };
  if (!m.from) return { ok: false, reason: 'no sender' };
  if (m.from.is_bot) return { ok: false, reason: 'sent by a bot' };
  const group = m.chat.type !== 'private';
  if (m.chat.type === 'channel') return { ok: false, reason: 'channel post' };
  let text = m.text.trim();
  const me = botUsername.toLowerCase();
  const first = m.entities?.find((e) => e.offset === 0);
  if (first?.type === 'bot_command') {
    const cmd = m.text.slice(0, first.length);
    const at = cmd.indexOf('@');
    if (at >= 0) {
      if (cmd.slice(at + 1).toLowerCase() !== me) return { ok: false, reason: `command for @${cmd.slice(at + 1)}` };
      text = cmd.slice(0, at) + m.text.slice(first.length);
    }
  } else if (first?.type === 'mention' && m.text.slice(1, first.length).toLowerCase() === me) {
    text = m.text.slice(first.length);
  } else if (group) return { ok: false, reason: 'group message that is neither a command nor addressed to us' };
  text = text.replace(/\s+/g, ' ').trim();
  if (!text) return { ok: false, reason: 'empty' };
  return { ok: true, value: { senderId: String(m.from.id), text, chatId: m.chat.id, messageId: m.message_id, group } };
}

export interface ParsedCallback {
  id: string;
  senderId: string;
  data: string;
  chatId?: number;
  messageId?: number;
  group: boolean;
}

export function parseCallback(q: CallbackQuery | undefined): Parsed<ParsedCallback> {
  if (!q) return { ok: false, reason: 'no callback query' };
  if (typeof q.data !== 'string' || !q.data) return { ok: false, reason: 'callback without data' };
  const msg = q.message;
  return {
    ok: true,
    value: {
      id: q.id,
      senderId: String(q.from.id),
      data: q.data,
      chatId: msg?.chat.id,
      messageId: msg?.message_id,
      group: !!msg && msg.chat.type !== 'private',
    },
  };
}
