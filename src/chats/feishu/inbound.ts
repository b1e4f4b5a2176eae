// im.message.receive_v1 and card.action.trigger payloads → what the core needs. Pure; bad input yields a reason.

export interface Mention {
  key?: string;
  id?: { open_id?: string };
  mentioned_type?: string;
}

export interface MessageEvent {
  event_id?: string;
  sender?: { sender_id?: { open_id?: string }; sender_type?: string };
  message?: {
    message_id?: string;
    chat_id?: string;
    chat_type?: string;
    message_type?: string;
    content?: string;
    mentions?: Mention[] | null;
  };
}

export interface CardActionEvent {
  event_id?: string;
  operator?: { open_id?: string };
  action?: { value?: unknown; tag?: string };
  context?: { open_message_id?: string; open_chat_id?: string };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ParsedMessage {
  senderId: string;
  text: string;
  messageId: string;
  chatId: string;
  group: boolean;
}

function textOf(type: string | undefined, content: string | undefined): string | undefined {
  if (!content) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (type === 'text')
    return typeof (body as { text?: unknown }).text === 'string' ? (body as { text: string }).text : undefined;
  if (type === 'post') {
    // Rich text: { title, content: [[{tag:'text',text}, {tag:'at',…}]] } (sometimes wrapped in a locale key).
    const b = body as Record<string, unknown>;
    const post = (
      Array.isArray(b.content)
        ? b
        : Object.values(b).find(
            (v) => v && typeof v === 'object' && Array.isArray((v as { content?: unknown }).content),
          )
    ) as { content: unknown[][] } | undefined;
    if (!post) return undefined;
    return post.content
      .map((row) =>
        Array.isArray(row)
          ? row
              .map((el) => ((el as { tag?: string }).tag === 'text' ? ((el as { text?: string }).text ?? '') : ''))
              .join('')
          : '',
      )
      .join('\n');
  }
  return undefined;
}

export function parseMessage(ev: MessageEvent, botOpenId: string | undefined): Parsed<ParsedMessage> {
  const m = ev.message;
  const senderId = ev.sender?.sender_id?.open_id;
  if (!m?.message_id || !m.chat_id) return { ok: false, reason: 'event without message_id/chat_id' };
  if (ev.sender?.sender_type && ev.sender.sender_type !== 'user')
    return { ok: false, reason: `sender_type ${ev.sender.sender_type}` };
  if (!senderId) return { ok: false, reason: 'no sender open_id' };
  const group = m.chat_type !== 'p2p';
  const mentions = m.mentions ?? [];
  if (group) {
    // Only messages that @mention the bot are commands; with the group_msg scope every group message arrives.
    const atBot = mentions.some((x) => (botOpenId ? x.id?.open_id === botOpenId : x.mentioned_type === 'bot'));
    if (!atBot && !(botOpenId === undefined && mentions.length > 0))
      return { ok: false, reason: 'group message without an @mention of the bot' };
  }
  const raw = textOf(m.message_type, m.content);
  if (raw === undefined) return { ok: false, reason: `unsupported message_type ${m.message_type ?? '?'}` };
  const text = raw
    .replace(/@_user_\d+|@_all/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { ok: true, value: { senderId, text, messageId: m.message_id, chatId: m.chat_id, group } };
}

export interface ParsedAction {
  senderId: string;
  command: string;
  messageId?: string;
  chatId?: string;
}

export function parseCardAction(ev: CardActionEvent): Parsed<ParsedAction> {
  const senderId = ev.operator?.open_id;
  if (!senderId) return { ok: false, reason: 'card action without operator open_id' };
  const value = ev.action?.value;
  const cmd = value && typeof value === 'object' ? (value as { cmd?: unknown }).cmd : undefined;
  if (typeof cmd !== 'string' || !cmd.startsWith('/')) return { ok: false, reason: 'card action without a command' };
  return {
    ok: true,
    value: { senderId, command: cmd.trim(), messageId: ev.context?.open_message_id, chatId: ev.context?.open_chat_id },
  };
}

/** Ids seen recently: Feishu re-pushes an event it thinks was not handled, and the SDK does not de-duplicate. */
export class SeenIds {
  private ids = new Map<string, number>();
  constructor(
    private ttlMs = 24 * 3_600_000,
    private max = 2_000,
  ) {}
  /** True if any of the ids was seen already; records them all. */
  check(ids: (string | undefined)[], now: number): boolean {
    const real = ids.filter((x): x is string => !!x);
    const dup = real.some((id) => {
      const at = this.ids.get(id);
      return at !== undefined && now - at < this.ttlMs;
    });
    for (const id of real) {
      this.ids.delete(id);
      this.ids.set(id, now);
    }
    while (this.ids.size > this.max) this.ids.delete(this.ids.keys().next().value!);
    return dup;
  }
  toJSON(): [string, number][] {
    return [...this.ids];
  }
  load(entries: unknown, now: number): void {
    if (!Array.isArray(entries)) return;
    for (const e of entries)
      if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number' && now - e[1] < this.ttlMs)
        this.ids.set(e[0], e[1]);
  }
}
