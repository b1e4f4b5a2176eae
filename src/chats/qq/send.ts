// POST /v2/users/{openid}/messages and /v2/groups/{group_openid}/messages, with QQ's answers sorted into what the
// caller has to do about them. Always branch on err_code ?? code, never on the message text.
import { describeResponse, type ApiResponse, type QQApi } from './api.js';

export type Target = { kind: 'user'; openid: string } | { kind: 'group'; openid: string };

export type FailureKind =
  /** Proactive push refused (off since 2025-04, opted out, over quota): hold the alert for a passive reply. */
  | 'proactive_refused'
  /** The msg_id can no longer be replied to (expired, too many replies, unknown). */
  | 'reply_closed'
  /** Same msg_id + msg_seq sent twice. */
  | 'duplicate'
  | 'url_blocked'
  | 'rate_limited'
  | 'auth'
  /** No answer or a 5xx: worth retrying. */
  | 'transient'
  /** Refused for this content (audit, too long, …): retrying the same text will not help. */
  | 'rejected';

export type SendResult =
  | { ok: true; id?: string; detail: string }
  | { ok: false; kind: FailureKind; code?: number; detail: string; retryAfterMs?: number };

const PROACTIVE_REFUSED = new Set([
  40034102, 40034105, 40034100, 40054013, 40054004, 304045, 304046, 304047, 304048, 304049, 304050, 304022,
]);
const REPLY_CLOSED = new Set([
  40034005, 40034031, 304103, 304027, 304026, 40034128, 40034024, 40034025, 40034026, 40034027,
]);
const RATE = new Set([22009, 1100100, 1100101, 1100102, 1100103, 1100104]);
const AUTH = new Set([11241, 11242, 11243, 11244, 11251, 11261, 11275, 11253, 11254, 11265, 11298]);

export function messagePath(target: Target): string {
  return `/v2/${target.kind === 'user' ? 'users' : 'groups'}/${encodeURIComponent(target.openid)}/messages`;
}

export function classify(r: ApiResponse): SendResult {
  const detail = describeResponse(r);
  const code = r.code;
  if (r.status === 0) return { ok: false, kind: r.authPermanent ? 'auth' : 'transient', detail };
  // 201/202: accepted asynchronously (e.g. pending audit) even though the body carries a code.
  if (r.status >= 200 && r.status < 300 && (code === undefined || r.status !== 200 || typeof r.body.id === 'string')) {
    const id = typeof r.body.id === 'string' ? r.body.id : undefined;
    return { ok: true, id, detail: id ? `${detail} id ${id}` : detail };
  }
  if (code !== undefined && PROACTIVE_REFUSED.has(code)) return { ok: false, kind: 'proactive_refused', code, detail };
  if (code !== undefined && REPLY_CLOSED.has(code)) return { ok: false, kind: 'reply_closed', code, detail };
  if (code === 40054005) return { ok: false, kind: 'duplicate', code, detail };
  if (code === 40054010 || code === 304003) return { ok: false, kind: 'url_blocked', code, detail };
  if (r.status === 429 || (code !== undefined && RATE.has(code))) {
    return { ok: false, kind: 'rate_limited', code, detail, retryAfterMs: r.retryAfterMs ?? 60_000 };
  }
  if (r.status === 401 || r.status === 403 || (code !== undefined && AUTH.has(code)))
    return { ok: false, kind: 'auth', code, detail };
  if (r.status >= 500 || r.status === 408)
    return { ok: false, kind: 'transient', code, detail, retryAfterMs: r.retryAfterMs };
  return { ok: false, kind: 'rejected', code, detail };
}

/**
 * Send one text message; with `reply` it is a passive reply to that message id; with `wakeup` an interaction-recall
 * message (C2C only, never with a msg_id: see recall.ts).
 */
export async function sendText(
  api: QQApi,
  target: Target,
  content: string,
  reply?: { msgId: string; msgSeq: number } | 'wakeup',
  signal?: AbortSignal,
): Promise<SendResult> {
  const body: Record<string, unknown> = { content, msg_type: 0 };
  if (reply === 'wakeup') body.is_wakeup = true;
  else if (reply) {
    body.msg_id = reply.msgId;
    body.msg_seq = reply.msgSeq;
  }
  return classify(await api.request('POST', messagePath(target), body, signal));
}
