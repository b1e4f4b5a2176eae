// QQ gateway events in: a user's message (C2C, or an @-mention in a group) as an Inbound, each message once, and the
// C2C switches that turn a user's pushes off and on again (which the interaction recall must respect).
import type { Logger } from 'pino';
import type { Target } from './send.js';
import type { StateStore } from './state.js';

export interface Inbound {
  id: string;
  senderId: string;
  text: string;
  target: Target;
  groupOpenid?: string;
  receivedAt: number;
}

export function parseInbound(type: string, d: unknown, now: number): Inbound | undefined {
  const o = d as {
    id?: unknown;
    content?: unknown;
    timestamp?: unknown;
    group_openid?: unknown;
    author?: Record<string, unknown>;
  } | null;
  if (!o || typeof o.id !== 'string' || !o.id) return undefined;
  const text = typeof o.content === 'string' ? o.content.trim() : '';
  const ts = typeof o.timestamp === 'string' ? Date.parse(o.timestamp) : NaN;
  // QQ's reply window counts from the message, which may be older than now if it was replayed on resume.
  const receivedAt = ts > now - 86_400_000 && ts <= now ? ts : now;
  if (type === 'C2C_MESSAGE_CREATE') {
    const sender = o.author?.user_openid;
    if (typeof sender !== 'string' || !sender) return undefined;
    return { id: o.id, senderId: sender, text, target: { kind: 'user', openid: sender }, receivedAt };
  }
  if (type === 'GROUP_AT_MESSAGE_CREATE') {
    const sender = o.author?.member_openid;
    const group = o.group_openid;
    if (typeof sender !== 'string' || !sender || typeof group !== 'string' || !group) return undefined;
    return {
      id: o.id,
      senderId: sender,
      text,
      target: { kind: 'group', openid: group },
      groupOpenid: group,
      receivedAt,
    };
  }
  return undefined;
}

/** True the first time an id is seen: QQ may push the same message twice, and a resume replays events. */
export function onceEach(max = 5000): (id: string) => boolean {
  const seen = new Set<string>();
  return (id) => {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > max) seen.delete(seen.values().next().value!);
    return true;
  };
}

export interface DispatchDeps {
  log: Logger;
  store: StateStore;
  now: () => number;
  /** A new message, to be answered in the background (the gateway's handler must not block). */
  onMessage(m: Inbound): void;
}

/** The gateway's event handler. */
export function createDispatch(d: DispatchDeps): (type: string, data: unknown) => void {
  const fresh = onceEach();
  return (type, data) => {
    if (type === 'C2C_MSG_REJECT' || type === 'GROUP_MSG_REJECT')
      d.log.warn({ channel: 'qq', event: type }, 'a QQ user or group switched off pushes from the bot');
    if (type === 'C2C_MSG_REJECT' || type === 'C2C_MSG_RECEIVE') {
      const openid = (data as { openid?: unknown } | null)?.openid;
      const rec = typeof openid === 'string' ? d.store.data.recall[openid] : undefined;
      if (rec) {
        rec.off = type === 'C2C_MSG_REJECT' || undefined;
        void d.store.save().catch(() => {});
      }
    }
    if (type !== 'C2C_MESSAGE_CREATE' && type !== 'GROUP_AT_MESSAGE_CREATE') return;
    const m = parseInbound(type, data, d.now());
    if (!m) return void d.log.warn({ channel: 'qq', event: type }, 'ignoring a QQ message event without id or sender');
    if (!fresh(m.id)) return void d.log.debug({ channel: 'qq', msg: m.id }, 'duplicate QQ message ignored');
    d.onMessage(m);
  };
}
