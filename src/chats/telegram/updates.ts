// Updates in: each batch once (its last id recorded first), a message or a button press run as a command, and the
// answers sent as replies. Command replies have no outbox behind them, so the reply path waits out one 429 itself.
import type { Update } from 'grammy/types';
import type { ChannelContext, Reply, Respond } from '../../types.js';
import { parseCallback, parseMessage, type ParsedCallback, type ParsedMessage } from './inbound.js';
import { describeError } from './grammy-util.js';
import { renderHtml } from './render.js';
import { CAPTION_MAX, sendHtml, sendPng, type Wire } from './send.js';
import { chartPng } from '../../delivery/chart-png.js';
import { say } from './words.js';

export interface UpdateDeps {
  wire: Wire;
  ctx: Pick<ChannelContext, 'handle' | 'operators' | 'log' | 'locale'>;
  now: () => number;
  /** Longest 429 retry_after a command reply waits out before it gives up. */
  replyRetryMaxMs: number;
  sleep(ms: number): Promise<void>;
}

export interface UpdateHandler {
  onUpdates(updates: Update[]): Promise<void>;
  /** When the last batch came (for health). */
  lastUpdateAt(): number | undefined;
  /** The commands still running have finished. */
  settled(): Promise<void>;
}

export const isOperator = (operators: ChannelContext['operators'], senderId: string) =>
  operators.some((o) => o.telegram_id && String(o.telegram_id) === senderId);

/**
 * A reply's chart as a photo, its words as the caption when they fit (and no buttons need a message of their own).
 * `whole`: nothing more to send; `picture`: the words still go, without the text strip the picture replaces.
 */
async function sendChart(
  d: UpdateDeps,
  chatId: number,
  r: Reply,
  replyTo?: number,
): Promise<'whole' | 'picture' | 'none'> {
  let png: Buffer;
  try {
    png = await chartPng(r.chart!);
  } catch (err) {
    d.ctx.log.warn({ err: (err as Error).message }, 'chart not drawn; replying with its text form');
    return 'none';
  }
  const words = [r.title, ...(r.lines ?? [])].join('\n');
  const whole = words.length <= CAPTION_MAX && !r.buttons?.length;
  const res = await sendPng(d.wire, chatId, png, whole ? words : r.title, undefined, replyTo);
  if (!res.ok)
    d.ctx.log.warn({ detail: res.detail, chat: chatId }, 'telegram photo refused; replying with its text form');
  return !res.ok ? 'none' : whole ? 'whole' : 'picture';
}

/** A command reply: no outbox behind it, so one 429 is waited out here. */
async function reply(d: UpdateDeps, chatId: number, whole: Reply, replyTo?: number): Promise<void> {
  const shown = whole.chart ? await sendChart(d, chatId, whole, replyTo) : 'none';
  if (shown === 'whole') return;
  const r = shown === 'picture' ? { ...whole, code: undefined } : whole;
  const html = renderHtml(r, { locale: d.ctx.locale });
  let res = await sendHtml(d.wire, chatId, html, r, replyTo);
  const wait = res.ok ? undefined : res.retryAfterMs;
  if (wait !== undefined && wait <= d.replyRetryMaxMs) {
    await d.sleep(wait);
    res = await sendHtml(d.wire, chatId, html, r, replyTo);
  }
  if (!res.ok) d.ctx.log.warn({ detail: res.detail, chat: chatId }, 'telegram reply failed');
}

async function runMessage(d: UpdateDeps, m: ParsedMessage): Promise<void> {
  const respond: Respond = (r) => reply(d, m.chatId, r, m.messageId);
  await d.ctx.handle(
    {
      channel: 'telegram',
      senderId: m.senderId,
      text: m.text,
      messageId: String(m.messageId),
      chatId: m.group ? String(m.chatId) : undefined,
    },
    respond,
  );
}

async function runCallback(d: UpdateDeps, q: ParsedCallback): Promise<void> {
  const { bot, store } = d.wire;
  const command = q.data.startsWith('k:') ? store.callback(q.data) : q.data;
  let answered = false;
  const answer = async (text: string, alert = false) => {
    if (answered) return;
    answered = true;
    await bot.api
      .answerCallbackQuery(q.id, { text: text.slice(0, 200), show_alert: alert })
      .catch((err) => d.ctx.log.warn({ detail: describeError(err) }, 'telegram answerCallbackQuery failed'));
  };
  if (!command || !command.startsWith('/')) {
    await answer(say(d.ctx.locale, 'telegram.button_expired'), true);
    return;
  }
  const operator = isOperator(d.ctx.operators, q.senderId);
  // The spinner on the button stops only when the query is answered: an operator's press is answered at once and
  // the result comes as a reply to the alert; a stranger's refusal is the answer itself (a pop-up only they see),
  // not a message in a group.
  if (operator) await answer(`${command} …`);
  const respond: Respond = async (r) => {
    if (!operator && !answered) return answer(r.title, true);
    if (q.chatId === undefined) return;
    await reply(d, q.chatId, r, q.messageId);
  };
  try {
    await d.ctx.handle(
      {
        channel: 'telegram',
        senderId: q.senderId,
        text: command,
        messageId: `cb:${q.id}`,
        chatId: q.group && q.chatId !== undefined ? String(q.chatId) : undefined,
      },
      respond,
    );
  } finally {
    await answer('');
  }
}

export function createUpdateHandler(d: UpdateDeps): UpdateHandler {
  const { bot, store, scrub } = d.wire;
  const log = d.ctx.log;
  const inflight = new Set<Promise<void>>();
  let lastUpdateAt: number | undefined;

  const later = (what: string, fn: () => Promise<void>) => {
    const p = fn()
      .catch((err: Error) => log.error({ err: scrub(err.message) }, `telegram ${what} failed`))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };

  async function onUpdates(updates: Update[]): Promise<void> {
    lastUpdateAt = d.now();
    const last = store.lastUpdateId();
    const fresh = updates.filter((u) => last === undefined || u.update_id > last);
    if (fresh.length === 0) return;
    // Recorded before the commands run: a crash mid-command must not run it again after the restart.
    await store.setLastUpdateId(fresh[fresh.length - 1]!.update_id);
    const me = bot.botInfo.username;
    for (const u of fresh) {
      if (u.message) {
        const p = parseMessage(u.message, me);
        if (!p.ok) {
          log.debug({ reason: p.reason, update: u.update_id }, 'telegram message ignored');
          continue;
        }
        log.debug({ chat: p.value.chatId, sender: p.value.senderId, group: p.value.group }, 'telegram message');
        later('command', () => runMessage(d, p.value));
      } else if (u.callback_query) {
        const p = parseCallback(u.callback_query);
        if (!p.ok) {
          log.debug({ reason: p.reason }, 'telegram callback ignored');
          void bot.api.answerCallbackQuery(u.callback_query.id).catch(() => undefined);
          continue;
        }
        later('button', () => runCallback(d, p.value));
      }
    }
  }

  return {
    onUpdates,
    lastUpdateAt: () => lastUpdateAt,
    async settled() {
      await Promise.allSettled([...inflight]);
    },
  };
}
