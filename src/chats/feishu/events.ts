// The long connection's two events, a message and a card click: each handled once (Feishu re-pushes one it takes for
// unanswered), parsed, acknowledged at once and answered after (answer.ts).
import type { Logger } from 'pino';
import { answerAction, answerMessage, type AnswerDeps } from './answer.js';
import { parseCardAction, parseMessage, type CardActionEvent, type MessageEvent } from './inbound.js';

export interface EventDeps extends AnswerDeps {
  /** The bot's own open_id once known, to tell an @mention of it in a group. */
  botOpenId(): string | undefined;
  /** An event came in (the health line's last event). */
  heard(): void;
}

// Handlers answer at once (Feishu re-pushes anything not ACKed within 3 s); the work runs after the ACK.
const later = (log: Logger, what: string, fn: () => Promise<void>) =>
  setImmediate(() => fn().catch((err: Error) => log.error({ err: err.message }, `feishu ${what} failed`)));

export function receiveMessage(d: EventDeps, data: unknown): void {
  d.heard();
  const ev = data as MessageEvent;
  if (d.store.seen.check([ev.event_id, ev.message?.message_id], d.now())) {
    d.log.debug({ event: ev.event_id }, 'feishu event re-sent; already handled');
    return;
  }
  void d.store.save().catch(() => undefined);
  const p = parseMessage(ev, d.botOpenId());
  if (!p.ok) {
    d.log.debug({ reason: p.reason }, 'feishu message ignored');
    return;
  }
  d.log.debug({ chat: p.value.chatId, sender: p.value.senderId, group: p.value.group }, 'feishu message');
  later(d.log, 'command', () => answerMessage(d, p.value));
}

/** Its answer is the toast Feishu shows the one who clicked. */
export function receiveCardAction(d: EventDeps, data: unknown): unknown {
  d.heard();
  const ev = data as CardActionEvent;
  if (d.store.seen.check([ev.event_id], d.now())) return { toast: { type: 'info', content: '…' } };
  void d.store.save().catch(() => undefined);
  const p = parseCardAction(ev);
  if (!p.ok) {
    d.log.warn({ reason: p.reason }, 'feishu card action ignored');
    return { toast: { type: 'error', content: 'This button carries no command.' } };
  }
  later(d.log, 'card action', () => answerAction(d, p.value, ev.event_id));
  // The command word only: a viewer's Restart button carries `confirm`, and a toast saying so reads as a restart
  // under way before the bus has even checked the role (issue 18 item 12).
  return { toast: { type: 'info', content: `${p.value.command.split(/\s+/)[0]} …` } };
}
