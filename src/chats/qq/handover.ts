// Held alerts handed over as passive replies: QQ refuses most proactive pushes, so an alert waits in the outbox until
// an operator writes, and goes out as replies to that message, within what its reply window still allows. Pushes QQ
// accepted while the link was shaky are recapped here too, since QQ has dropped such messages silently.
import type { Logger } from 'pino';
import type { Alert, Locale, OutboxView } from '../../types.js';
import { t } from '../../i18n.js';
import { say } from './words.js';
import { packBlocks, renderAlertCompact, renderText, type Block } from './render.js';
import { withUrlRetry } from './outbound.js';
import type { Replier } from './replies.js';
import type { ReplyWindow, StateStore } from './state.js';

export interface HandOverDeps {
  outbox: OutboxView;
  replier: Replier;
  store: StateStore;
  log: Logger;
  locale: Locale;
  limit: number;
  /** Whether channels.qq.alert_to names anyone to push to. */
  hasAlertTo: boolean;
  /** The other channels alerts go to, which can push where QQ cannot (for the once-only note). */
  otherPush: string[];
}

export interface HandOver {
  /**
   * Held alerts (or `only` these) and the recap into `win`, keeping `reserve` replies for the command's answer; the
   * ids handed over. One at a time: two at once would both add the once-only notice and share the reply budget.
   */
  run(win: ReplyWindow, reserve: number, only?: Alert[]): Promise<string[]>;
  /** Alerts the outbox is pushing right now: a hand-over leaves them to the push. */
  readonly pushing: Set<string>;
  /** Handed over already: the outbox's push of the same alert must not send it again. */
  handedOver(id: string): boolean;
  /** A push QQ accepted but may have dropped, for the next hand-over's recap. */
  unconfirmed(title: string): void;
}

/** The note, once only, that QQ holds back pushes, naming where else alerts go. */
export function pushNotice(locale: Locale, others: string[]): string {
  return others.length
    ? say(locale, 'qq.push_notice.others', { channels: others.join(t(locale, 'list.comma')) })
    : say(locale, 'qq.push_notice.alone');
}

/**
 * The replies that carry `pending` (whole, or compact and counted when they do not fit in `budget` replies), with
 * `notice` ahead and the `recap` of unconfirmed pushes after. Pure.
 */
export function handOverParts(o: {
  pending: Alert[];
  recap: string[];
  notice?: string;
  budget: number;
  limit: number;
  locale: Locale;
}): Block[] {
  const { pending, locale, limit } = o;
  const held = pending.length
    ? say(locale, pending.length === 1 ? 'qq.held.one' : 'qq.held.many', { count: pending.length })
    : '';
  const head: Block = { text: [held, o.notice ?? ''].filter(Boolean).join('\n\n'), ids: [] };
  const recap = [say(locale, 'qq.recap'), ...o.recap.map((title) => say(locale, 'qq.recap.line', { title }))].join(
    '\n',
  );
  const tail: Block[] = o.recap.length ? [{ text: recap, ids: [] }] : [];
  const full = (list: Alert[]) => list.map((a) => ({ text: renderText(a.reply, locale), ids: [a.id] }));
  const compact = (list: Alert[]) => list.map((a) => ({ text: renderAlertCompact(a, locale), ids: [a.id] }));
  let parts = packBlocks(
    [head, ...full(pending), ...tail].filter((b) => b.text),
    limit,
  );
  for (let n = pending.length; parts.length > o.budget && n >= 0; n--) {
    const more = pending.length - n;
    const extra: Block[] = more ? [{ text: say(locale, 'qq.more', { count: more }), ids: [] }] : [];
    parts = packBlocks(
      [head, ...compact(pending.slice(0, n)), ...extra, ...tail].filter((b) => b.text),
      limit,
    );
  }
  return parts.slice(0, Math.max(0, o.budget));
}

export function createHandOver(d: HandOverDeps): HandOver {
  const { store, replier } = d;
  const pushing = new Set<string>();
  const handedOver = new Set<string>();
  const unconfirmed: { title: string }[] = [];
  let chain: Promise<void> = Promise.resolve();

  async function handOver(win: ReplyWindow, reserve: number, only?: Alert[]): Promise<string[]> {
    const pending = (only ?? d.outbox.pendingFor('qq')).filter((a) => only || !pushing.has(a.id));
    const recap = only ? [] : unconfirmed.splice(0);
    const budget = replier.remaining(win) - reserve;
    if ((!pending.length && !recap.length) || budget <= 0) {
      unconfirmed.unshift(...recap);
      return [];
    }
    const refused = store.data.pushRefused || !d.hasAlertTo;
    const notice =
      pending.length && refused && !store.data.pushNoticeSent ? pushNotice(d.locale, d.otherPush) : undefined;
    const parts = handOverParts({
      pending,
      recap: recap.map((r) => r.title),
      notice,
      budget,
      limit: d.limit,
      locale: d.locale,
    });
    const delivered: string[] = [];
    for (const part of parts) {
      const r = await withUrlRetry(win.target, part.text, (x) => replier.send(win, x));
      if (!r.ok) {
        d.log.warn({ channel: 'qq', detail: r.detail }, 'could not hand held alerts over as a QQ reply');
        break;
      }
      if (notice && !store.data.pushNoticeSent) {
        store.data.pushNoticeSent = true;
        await store.save().catch(() => {});
      }
      const how = `passive reply to ${win.senderId}'s message (msg_seq ${win.used}): ${r.detail}`;
      for (const id of part.ids) {
        delivered.push(id);
        handedOver.add(id);
        if (handedOver.size > 1000) handedOver.delete(handedOver.values().next().value!);
        if (!only) await d.outbox.confirm(id, 'qq', how);
      }
    }
    return delivered;
  }

  return {
    run(win, reserve, only) {
      const run = chain.then(() => handOver(win, reserve, only));
      chain = run.then(
        () => {},
        () => {},
      );
      return run;
    },
    pushing,
    handedOver: (id) => handedOver.has(id),
    unconfirmed(title) {
      if (unconfirmed.push({ title }) > 50) unconfirmed.shift();
    },
  };
}
