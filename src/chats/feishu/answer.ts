// A command from Feishu run and answered. A message is answered in its thread, the answer's card kept when it has
// buttons; a click on a kept card shows its outcome on the card itself when an operator clicked, else in the thread.
import type { Logger } from 'pino';
import type { ChannelContext, Locale, Reply, Respond } from '../../types.js';
import { replyCard, type Card } from './card.js';
import type { FeishuSender, SendResult } from './client.js';
import type { ParsedAction, ParsedMessage } from './inbound.js';
import type { FeishuStore } from './state.js';

export interface AnswerDeps {
  handle: ChannelContext['handle'];
  sender: FeishuSender;
  store: FeishuStore;
  log: Logger;
  now(): number;
  cardOf(reply: Reply): Promise<Card>;
  /** The name of the operator with this open_id; none for anyone else. */
  operatorName(openId: string): string | undefined;
  /** The channel's: a field's colon (labelColon). */
  locale: Locale;
}

export async function answerMessage(d: AnswerDeps, m: ParsedMessage): Promise<void> {
  const respond: Respond = async (reply) => {
    const r = await d.sender.reply(m.messageId, await d.cardOf(reply));
    if (!r.ok) d.log.warn({ detail: r.detail, message: m.messageId }, 'feishu reply failed');
    // Kept only for its buttons: a click shows its outcome on this card. A reply without any can never be clicked,
    // and every kept card is written again with each inbound message (feishu.json, up to 300 cards).
    else if (r.messageId && reply.buttons?.length)
      await d.store.putCard({ messageId: r.messageId, reply, at: d.now() });
  };
  await d.handle(
    {
      channel: 'feishu',
      senderId: m.senderId,
      text: m.text,
      messageId: m.messageId,
      chatId: m.group ? m.chatId : undefined,
    },
    respond,
  );
}

export async function answerAction(d: AnswerDeps, a: ParsedAction, eventId: string | undefined): Promise<void> {
  const isOperator = d.operatorName(a.senderId) !== undefined;
  const respond: Respond = async (reply: Reply) => {
    const base = a.messageId ? d.store.card(a.messageId) : undefined;
    if (base && isOperator) {
      const rec = { ...base, result: { reply, by: d.operatorName(a.senderId) } };
      const r = await d.sender.patch(
        base.messageId,
        replyCard(rec.reply, { subtitle: rec.subtitle, result: rec.result, locale: d.locale }),
      );
      if (r.ok) return d.store.putCard(rec);
      d.log.warn({ detail: r.detail, message: base.messageId }, 'feishu card update failed; replying instead');
    }
    const r = a.messageId
      ? await d.sender.reply(a.messageId, await d.cardOf(reply))
      : a.chatId
        ? await d.sender.create({ chat_id: a.chatId }, await d.cardOf(reply))
        : ({ ok: false, detail: 'no message or chat to answer in' } as SendResult);
    if (!r.ok) d.log.warn({ detail: r.detail }, 'feishu answer to a card action failed');
  };
  await d.handle(
    { channel: 'feishu', senderId: a.senderId, text: a.command, messageId: eventId ?? a.messageId, chatId: a.chatId },
    respond,
  );
}
