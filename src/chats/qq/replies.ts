// Passive replies: a user's message can be answered a few times for a while (C2C 60 min / 4 replies, group 5 min /
// 5 replies). We track each conversation's latest message, hand out increasing msg_seq values, and send one part at a
// time per conversation so sequence numbers go out in order.
import type { Logger } from 'pino';
import type { QQApi } from './api.js';
import { sendText, type SendResult, type Target } from './send.js';
import type { ReplyWindow, StateStore } from './state.js';

export interface WindowLimits {
  c2cMs: number;
  c2cMax: number;
  groupMs: number;
  groupMax: number;
}

/** A little inside QQ's windows so a reply sent at the edge is not refused. */
export const DEFAULT_WINDOWS: WindowLimits = { c2cMs: 55 * 60_000, c2cMax: 4, groupMs: 4.5 * 60_000, groupMax: 5 };

export interface Replier {
  /** Remember the message that was just received as its conversation's reply window. */
  open(w: Omit<ReplyWindow, 'used'>): Promise<ReplyWindow>;
  /** Replies this window still allows now. */
  remaining(w: ReplyWindow): number;
  maxReplies(w: ReplyWindow): number;
  /** Send one part as a passive reply; `reply_closed` without a request when the window is used up. */
  send(w: ReplyWindow, content: string): Promise<SendResult>;
  /** The freshest operator C2C window that still allows a reply. */
  operatorWindow(operatorIds: Set<string>): ReplyWindow | undefined;
}

export function createReplier(opts: {
  api: QQApi;
  store: StateStore;
  limits: WindowLimits;
  log: Logger;
  now: () => number;
}): Replier {
  const { api, store, limits, log } = opts;
  const now = opts.now;
  const chains = new Map<string, Promise<unknown>>();
  const key = (t: Target) => `${t.kind}:${t.openid}`;
  const span = (w: ReplyWindow) => (w.target.kind === 'user' ? limits.c2cMs : limits.groupMs);
  const max = (w: ReplyWindow) => (w.target.kind === 'user' ? limits.c2cMax : limits.groupMax);
  const remaining = (w: ReplyWindow) => (now() - w.receivedAt < span(w) ? Math.max(0, max(w) - w.used) : 0);

  function prune(): void {
    store.data.windows = store.data.windows.filter((w) => remaining(w) > 0);
  }

  function serial<T>(k: string, fn: () => Promise<T>): Promise<T> {
    const prev = chains.get(k) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => {});
    chains.set(k, tail);
    void tail.then(() => {
      if (chains.get(k) === tail) chains.delete(k);
    });
    return next;
  }

  return {
    async open(partial) {
      const w: ReplyWindow = { ...partial, used: 0 };
      const k = key(w.target);
      store.data.windows = store.data.windows.filter((x) => key(x.target) !== k);
      store.data.windows.push(w);
      prune();
      await store.save().catch((err: Error) => log.warn({ channel: 'qq' }, `cannot save QQ state: ${err.message}`));
      return w;
    },
    remaining,
    maxReplies: max,
    send(w, content) {
      return serial(key(w.target), async () => {
        if (remaining(w) <= 0)
          return { ok: false, kind: 'reply_closed', detail: 'reply window used up or expired' } as SendResult;
        w.used++;
        // Persist the used sequence number first: a restart must never reuse it.
        await store.save().catch((err: Error) => log.warn({ channel: 'qq' }, `cannot save QQ state: ${err.message}`));
        const r = await sendText(api, w.target, content, { msgId: w.msgId, msgSeq: w.used });
        if (!r.ok && r.kind === 'reply_closed') {
          w.used = max(w);
          void store.save().catch(() => {});
        }
        return r;
      });
    },
    operatorWindow(ids) {
      return store.data.windows
        .filter((w) => w.target.kind === 'user' && ids.has(w.senderId) && remaining(w) > 0)
        .sort((a, b) => b.receivedAt - a.receivedAt)[0];
    },
  };
}
