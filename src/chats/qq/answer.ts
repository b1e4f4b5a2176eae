// A user's message: its reply window opened, held alerts handed over first if the sender is an operator, then the
// command run and its answer sent as passive replies, within what the window still allows (proactive once it closed).
import type { Logger } from 'pino';
import type { ChannelContext, Locale, Reply } from '../../types.js';
import type { QQApi } from './api.js';
import type { HandOver } from './handover.js';
import type { Inbound } from './inbound.js';
import { pushProactive, withUrlRetry } from './outbound.js';
import { noteSpoke } from './recall.js';
import { fitToBudget, renderText, splitText } from './render.js';
import type { Replier } from './replies.js';
import type { ReplyWindow, StateStore } from './state.js';
import type { QQSettings } from './settings.js';

export interface AnswerDeps {
  handle: ChannelContext['handle'];
  log: Logger;
  api: QQApi;
  replier: Replier;
  store: StateStore;
  handOver: HandOver;
  locale: Locale;
  limit: number;
  now: () => number;
  alertTo: QQSettings['alert_to'];
  operatorIds(): Set<string>;
}

/** A command's answer, as passive replies within what the window still allows; proactive if it has closed. */
export async function respondTo(d: AnswerDeps, win: ReplyWindow, reply: Reply): Promise<void> {
  const parts = splitText(renderText(reply, d.locale), d.limit);
  const budgeted = fitToBudget(parts, d.replier.remaining(win), d.replier.maxReplies(win), d.limit, d.locale);
  for (const [i, part] of budgeted.entries()) {
    const r = await withUrlRetry(win.target, part, (c) => d.replier.send(win, c));
    if (r.ok) continue;
    if (r.kind === 'reply_closed') {
      const p = await pushProactive(d.api, d.limit, win.target, budgeted.slice(i).join('\n'));
      if (!p.ok)
        d.log.warn(
          { channel: 'qq', detail: p.detail },
          'QQ reply window closed and the proactive fallback was refused; reply dropped',
        );
    } else {
      d.log.warn({ channel: 'qq', detail: r.detail }, 'QQ refused a reply');
    }
    return;
  }
  if (budgeted.length === 0) {
    const p = await pushProactive(d.api, d.limit, win.target, parts.join('\n'));
    if (!p.ok)
      d.log.warn(
        { channel: 'qq', detail: p.detail },
        'no QQ reply budget left and the proactive fallback was refused; reply dropped',
      );
  }
}

export async function answer(d: AnswerDeps, m: Inbound): Promise<void> {
  const { store } = d;
  // An alert_to user wrote in C2C: interaction-recall windows count from now.
  if (m.target.kind === 'user' && d.alertTo.some((t) => 'user' in t && t.user === m.senderId)) {
    store.data.recall[m.senderId] = noteSpoke(store.data.recall[m.senderId], d.now());
    await store.save().catch(() => {});
  }
  const win = await d.replier.open({ target: m.target, senderId: m.senderId, msgId: m.id, receivedAt: m.receivedAt });
  // Held alerts go to an operator's C2C chat, or to a group only if alerts are meant for that group anyway.
  const alertGroup = m.target.kind === 'group' && d.alertTo.some((t) => 'group' in t && t.group === m.target.openid);
  if (d.operatorIds().has(m.senderId) && (m.target.kind === 'user' || alertGroup)) {
    await d.handOver
      .run(win, 1)
      .catch((err: Error) => d.log.error({ channel: 'qq', err: err.message }, 'handing held alerts over failed'));
  }
  await d.handle(
    { channel: 'qq', senderId: m.senderId, text: m.text, messageId: m.id, chatId: m.groupOpenid },
    (reply) => respondTo(d, win, reply),
  );
}
