// A fake Telegram Bot API server on loopback, faithful to core.telegram.org/bots/api where gatewatch depends on it:
// `POST /bot<token>/<method>` with a JSON (or form/query) body; every answer is `{ok:true,result}` or
// `{ok:false,error_code,description,parameters?}` with the HTTP status equal to error_code.
// - getUpdates: long polling with `offset` (updates below it are confirmed and forgotten) and `timeout` (held open
//   until an update arrives or the timeout passes); a second getUpdates while one is open ends the OLDER one with
//   409 "Conflict: terminated by other getUpdates request…"; 409 "can't use getUpdates method while webhook is active"
//   while a webhook is set.
// - sendMessage / editMessageText validate HTML parse mode (allowed tags, balanced, entities), the 4096-character
//   limit after entity parsing, and callback_data of 1–64 bytes; edits answer "message is not modified" and "message
//   to edit not found" like Telegram; an edit without reply_markup removes the buttons.
// - sendPhoto takes the photo as a multipart/form-data file upload (`attach://<part>`), refuses what is not an image
//   (IMAGE_PROCESS_FAILED) and a caption over 1024 characters; editing a photo's text answers "there is no text in the
//   message to edit".
// - answerCallbackQuery refuses unknown or already answered query ids ("query is too old…").
// - Faults: queued error answers per method (429 with parameters.retry_after, 409, 5xx), and a silent mode in which
//   getUpdates requests are accepted and never answered (a dropped socket behind NAT).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from '../helpers/until.js';
import { parseMultipart, PNG_SIGNATURE } from './multipart.js';

export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
}

export interface StoredMessage {
  message_id: number;
  chat_id: number;
  text: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] };
  reply_to?: number;
  /** A sendPhoto's upload, as received. */
  photo?: Buffer;
  caption?: string;
  edits: number;
  date: number;
}

export interface Fault {
  method: string;
  status: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface FakeTelegramOptions {
  token: string;
  bot?: { id: number; username: string; first_name?: string };
}

export interface FakeTelegram {
  base: string;
  /** The token it takes: set another to revoke the bot's (every request then answers 401 Unauthorized). */
  token: string;
  bot: FakeUser;
  state: {
    updates: { update_id: number; [k: string]: unknown }[];
    messages: StoredMessage[];
    answers: { id: string; text?: string; show_alert?: boolean }[];
    calls: { method: string; body: Record<string, unknown>; at: number }[];
    webhookUrl: string;
    deleteWebhookCalls: number;
    /** Requests refused with 401 (a token it does not take). */
    refused: number;
  };
  faults: Fault[];
  /** getUpdates requests are accepted and never answered until this is turned off. */
  silent: boolean;
  /** Chats the bot may write to (sendMessage elsewhere: 400 chat not found). */
  addChat(chat: FakeChat): void;
  /** A user writes to the bot; returns the update. */
  userMessage(o: { from: FakeUser; chat: FakeChat; text: string; replyTo?: number }): {
    update_id: number;
    message_id: number;
  };
  /** A user presses an inline button under one of the bot's messages. */
  pressButton(o: { from: FakeUser; messageId: number; data: string }): { update_id: number; query_id: string };
  /** Put an update back as unconfirmed (what Telegram holds when the poller died before its next getUpdates). */
  requeue(updateId: number): void;
  /** Open getUpdates requests right now. */
  openPolls(): number;
  calls(method: string): { method: string; body: Record<string, unknown> }[];
  waitFor(pred: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

/** What Telegram's HTML parser refuses, or the visible text (what the 4096 limit counts). */
export function parseHtml(html: string): { ok: true; text: string } | { ok: false; error: string } {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { ok: false, error: `Can't find end of the tag at byte offset ${i}` };
      const raw = html.slice(i + 1, end).trim();
      const closing = raw.startsWith('/');
      const name = (closing ? raw.slice(1) : raw).split(/\s/)[0]!.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) return { ok: false, error: `Unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        if (stack.pop() !== name)
          return {
            ok: false,
            error: `Unmatched end tag at byte offset ${i}, expected "</${stack.at(-1) ?? ''}>", found "</${name}>"`,
          };
      } else stack.push(name);
      i = end + 1;
    } else if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i));
      if (!m) return { ok: false, error: `Character entity expected at byte offset ${i}` };
      text += '_';
      i += m[0].length;
    } else if (c === '>') {
      // Telegram tolerates a bare '>' in text; gatewatch escapes it anyway.
      text += c;
      i++;
    } else {
      text += c;
      i++;
    }
  }
  if (stack.length) return { ok: false, error: `Can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  return { ok: true, text };
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Fault['parameters'],
  ) {
    super(description);
  }
}

const bad = (d: string) => new ApiError(400, `Bad Request: ${d}`);

export async function startFakeTelegram(o: FakeTelegramOptions): Promise<FakeTelegram> {
  const bot: FakeUser = {
    id: o.bot?.id ?? Number(o.token.split(':')[0]),
    is_bot: true,
    first_name: o.bot?.first_name ?? 'gatewatch',
    username: o.bot?.username ?? 'gatewatch_test_bot',
  };
  const chats = new Map<number, FakeChat>();
  const state: FakeTelegram['state'] = {
    updates: [],
    messages: [],
    answers: [],
    calls: [],
    webhookUrl: '',
    deleteWebhookCalls: 0,
    refused: 0,
  };
  const faults: Fault[] = [];
  const queries = new Map<string, { answered: boolean }>();
  let silent = false;
  let nextUpdate = 1000;
  let nextMessage = 1;
  let nextQuery = 1;
  // Open long polls: the newest one is the live poller; anything older is ended with 409.
  let polls: {
    offset: number;
    limit: number;
    finish: (r: unknown) => void;
    res: http.ServerResponse;
    timer?: NodeJS.Timeout;
  }[] = [];
  const hung = new Set<http.ServerResponse>();
  const sockets = new Set<import('node:net').Socket>();

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, e: ApiError) =>
    send(res, e.status, {
      ok: false,
      error_code: e.status,
      description: e.description,
      ...(e.parameters ? { parameters: e.parameters } : {}),
    });

  const pending = (offset: number, limit: number) => state.updates.filter((u) => u.update_id >= offset).slice(0, limit);

  const wakePolls = () => {
    for (const p of polls) {
      const list = pending(p.offset, p.limit);
      if (list.length) p.finish(list);
    }
  };

  const confirm = (offset: number | undefined) => {
    // "An update is considered confirmed as soon as getUpdates is called with an offset higher than its update_id."
    if (offset !== undefined) state.updates = state.updates.filter((u) => u.update_id >= offset);
  };

  const chatOf = (id: unknown): FakeChat => {
    const chat = chats.get(Number(id));
    if (!chat) throw bad('chat not found');
    return chat;
  };

  const checkText = (body: Record<string, unknown>) => {
    const text = body.text;
    if (typeof text !== 'string' || text.length === 0) throw bad('message text is empty');
    let visible = text;
    if (body.parse_mode === 'HTML') {
      const p = parseHtml(text);
      if (!p.ok) throw bad(`can't parse entities: ${p.error}`);
      visible = p.text;
    } else if (body.parse_mode !== undefined)
      throw bad(`unsupported parse_mode ${String(body.parse_mode)} in this fake`);
    if (visible.length > 4096) throw bad('message is too long');
    if (visible.trim().length === 0) throw bad('message text is empty');
  };

  const checkMarkup = (m: unknown): StoredMessage['reply_markup'] => {
    if (m === undefined) return undefined;
    const kb = (typeof m === 'string' ? JSON.parse(m) : m) as StoredMessage['reply_markup'];
    if (!kb || !Array.isArray(kb.inline_keyboard))
      throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
    for (const row of kb.inline_keyboard)
      for (const b of row) {
        if (typeof b.text !== 'string' || !b.text) throw bad('BUTTON_TEXT_INVALID');
        const n = Buffer.byteLength(String(b.callback_data ?? ''), 'utf8');
        if (n < 1 || n > 64) throw bad('BUTTON_DATA_INVALID');
      }
    return kb;
  };

  const messageJson = (m: StoredMessage) => ({
    message_id: m.message_id,
    from: bot,
    chat: chats.get(m.chat_id),
    date: m.date,
    ...(m.photo
      ? {
          photo: [
            { file_id: `photo-${m.message_id}`, width: m.photo.readUInt32BE(16), height: m.photo.readUInt32BE(20) },
          ],
          ...(m.caption ? { caption: m.caption } : {}),
        }
      : { text: m.text.replace(/<[^>]*>/g, '') }),
    ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
  });

  function call(method: string, body: Record<string, unknown>, res: http.ServerResponse): unknown {
    switch (method) {
      case 'getMe':
        return { ...bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'deleteWebhook':
        state.deleteWebhookCalls++;
        state.webhookUrl = '';
        if (body.drop_pending_updates === true) state.updates = [];
        return true;
      case 'getUpdates': {
        if (state.webhookUrl)
          throw new ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          );
        const offset = body.offset === undefined ? undefined : Number(body.offset);
        confirm(offset);
        const limit = Math.min(100, Math.max(1, Number(body.limit ?? 100)));
        const timeout = Number(body.timeout ?? 0);
        if (silent) {
          // The request never reaches Telegram: nothing is answered, nothing else is ended.
          hung.add(res);
          res.on('close', () => hung.delete(res));
          return HOLD;
        }
        // A newer request ends every older one.
        for (const p of [...polls])
          p.finish(
            new ApiError(
              409,
              'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
            ),
          );
        const from = offset ?? Math.min(...state.updates.map((u) => u.update_id), Number.MAX_SAFE_INTEGER);
        const ready = pending(from, limit);
        if (ready.length || timeout <= 0) return ready;
        const entry: (typeof polls)[number] = {
          offset: from,
          limit,
          res,
          finish: (r) => {
            polls = polls.filter((p) => p !== entry);
            clearTimeout(entry.timer);
            if (r instanceof ApiError) fail(res, r);
            else send(res, 200, { ok: true, result: r });
          },
        };
        entry.timer = setTimeout(() => entry.finish(pending(from, limit)), timeout * 1000);
        res.on('close', () => {
          clearTimeout(entry.timer);
          polls = polls.filter((p) => p !== entry);
        });
        polls.push(entry);
        return HOLD;
      }
      case 'sendMessage': {
        const chat = chatOf(body.chat_id);
        checkText(body);
        const reply_markup = checkMarkup(body.reply_markup);
        const rp = body.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
        if (
          rp?.message_id !== undefined &&
          !rp.allow_sending_without_reply &&
          !state.messages.some((m) => m.message_id === rp.message_id && m.chat_id === chat.id)
        ) {
          throw bad('message to be replied not found');
        }
        const m: StoredMessage = {
          message_id: nextMessage++,
          chat_id: chat.id,
          text: String(body.text),
          parse_mode: body.parse_mode as string | undefined,
          reply_markup,
          reply_to: rp?.message_id,
          edits: 0,
          date: Math.floor(Date.now() / 1000),
        };
        state.messages.push(m);
        return messageJson(m);
      }
      case 'sendPhoto': {
        const chat = chatOf(body.chat_id);
        // An upload is a part of its own, named by `attach://<name>` (or the field itself).
        const photo =
          typeof body.photo === 'string' && body.photo.startsWith('attach://')
            ? body[body.photo.slice('attach://'.length)]
            : body.photo;
        if (!Buffer.isBuffer(photo)) throw bad('wrong remote file identifier specified: this fake takes uploads only');
        if (!photo.subarray(0, 8).equals(PNG_SIGNATURE)) throw bad('IMAGE_PROCESS_FAILED');
        const caption = body.caption === undefined ? undefined : String(body.caption);
        if (caption !== undefined && caption.length > 1024) throw bad('message caption is too long');
        const rp = body.reply_parameters as { message_id?: number } | undefined;
        const m: StoredMessage = {
          message_id: nextMessage++,
          chat_id: chat.id,
          text: '',
          photo,
          caption,
          reply_to: rp?.message_id,
          edits: 0,
          date: Math.floor(Date.now() / 1000),
        };
        state.messages.push(m);
        return messageJson(m);
      }
      case 'editMessageText': {
        const chat = chatOf(body.chat_id);
        const m = state.messages.find((x) => x.chat_id === chat.id && x.message_id === Number(body.message_id));
        if (!m) throw bad('message to edit not found');
        if (m.photo) throw bad('there is no text in the message to edit');
        checkText(body);
        const reply_markup = checkMarkup(body.reply_markup);
        if (m.text === body.text && JSON.stringify(m.reply_markup) === JSON.stringify(reply_markup)) {
          throw bad(
            'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          );
        }
        m.text = String(body.text);
        m.parse_mode = body.parse_mode as string | undefined;
        m.reply_markup = reply_markup;
        m.edits++;
        return messageJson(m);
      }
      case 'answerCallbackQuery': {
        const q = queries.get(String(body.callback_query_id));
        if (!q || q.answered) throw bad('query is too old and response timeout expired or query ID is invalid');
        if (typeof body.text === 'string' && body.text.length > 200) throw bad('MESSAGE_TOO_LONG');
        q.answered = true;
        state.answers.push({
          id: String(body.callback_query_id),
          text: body.text as string | undefined,
          show_alert: body.show_alert as boolean | undefined,
        });
        return true;
      }
      default:
        throw new ApiError(404, 'Not Found');
    }
  }

  const HOLD = Symbol('hold');

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!m) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      if (m[1] !== fake.token)
        return (state.refused++, send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' }));
      const method = m[2]!;
      let body: Record<string, unknown> = Object.fromEntries(url.searchParams);
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const type = String(req.headers['content-type'] ?? '');
      try {
        const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(type)?.[1];
        if (boundary) body = { ...body, ...parseMultipart(bytes, boundary) };
        else if (raw && type.includes('application/json')) body = { ...body, ...JSON.parse(raw) };
        else if (raw && type.includes('application/x-www-form-urlencoded'))
          body = { ...body, ...Object.fromEntries(new URLSearchParams(raw)) };
      } catch {
        return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON" });
      }
      state.calls.push({ method, body, at: Date.now() });
      const fi = faults.findIndex((f) => f.method === method);
      if (fi >= 0) {
        const f = faults.splice(fi, 1)[0]!;
        return fail(res, new ApiError(f.status, f.description, f.parameters));
      }
      try {
        const result = call(method, body, res);
        if (result !== HOLD) send(res, 200, { ok: true, result });
      } catch (err) {
        if (err instanceof ApiError) fail(res, err);
        else
          send(res, 500, {
            ok: false,
            error_code: 500,
            description: `Internal Server Error: ${(err as Error).message}`,
          });
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const history = new Map<number, FakeTelegram['state']['updates'][number]>();
  const pushUpdate = (u: Record<string, unknown>) => {
    const update = { update_id: nextUpdate++, ...u };
    history.set(update.update_id, update);
    state.updates.push(update);
    wakePolls();
    return update.update_id;
  };

  const fake: FakeTelegram = {
    token: o.token,
    base: `http://127.0.0.1:${port}`,
    bot,
    state,
    faults,
    get silent() {
      return silent;
    },
    set silent(v: boolean) {
      silent = v;
    },
    addChat: (chat) => void chats.set(chat.id, chat),
    userMessage({ from, chat, text, replyTo }) {
      chats.set(chat.id, chat);
      const message_id = nextMessage++;
      const entities: unknown[] = [];
      const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
      if (cmd) entities.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
      const mention = /^@[A-Za-z0-9_]{5,}/.exec(text);
      if (mention) entities.push({ type: 'mention', offset: 0, length: mention[0].length });
      const message: Record<string, unknown> = { message_id, from, chat, date: Math.floor(Date.now() / 1000), text };
      if (entities.length) message.entities = entities;
      if (replyTo !== undefined)
        message.reply_to_message = messageJson(state.messages.find((m) => m.message_id === replyTo)!);
      state.messages.push({ message_id, chat_id: chat.id, text, edits: 0, date: message.date as number });
      return { update_id: pushUpdate({ message }), message_id };
    },
    pressButton({ from, messageId, data }) {
      const m = state.messages.find((x) => x.message_id === messageId);
      if (!m) throw new Error(`fake telegram: no message ${messageId}`);
      if (!m.reply_markup?.inline_keyboard.flat().some((b) => b.callback_data === data))
        throw new Error(`fake telegram: message ${messageId} has no button ${data}`);
      const query_id = `q${nextQuery++}`;
      queries.set(query_id, { answered: false });
      const update_id = pushUpdate({
        callback_query: { id: query_id, from, message: messageJson(m), chat_instance: `ci${m.chat_id}`, data },
      });
      return { update_id, query_id };
    },
    requeue(id) {
      const u = history.get(id);
      if (!u) throw new Error(`fake telegram: no update ${id}`);
      state.updates = [...state.updates.filter((x) => x.update_id !== id), u].sort((a, b) => a.update_id - b.update_id);
    },
    openPolls: () => polls.length + hung.size,
    calls: (method) => state.calls.filter((c) => c.method === method),
    async waitFor(pred, timeoutMs = 10_000, what = 'condition') {
      await until(`${what} (fake telegram)`, pred, { timeoutMs, everyMs: 20 });
    },
    async close() {
      for (const p of [...polls]) p.finish([]);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return fake;
}
