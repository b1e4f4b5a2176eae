// The runner's message traffic in gateway.log (hermes-gateway-current.md §8.7, §9.12): `inbound message: platform=<p>
// user=<u> chat=<c> msg='…'` and `response ready: platform=<p> chat=<c> time=<s>s …`, their fields read as the real
// gateway.log in test/fixtures/hermes/ has them; and the adapter's `[<name>] Sending response (<n> chars) to <chat>`,
// the one line every reply that goes out writes (an agent's answer, the error text of a failed turn, a canned provider
// error: test/fixtures/hermes/real-v0.17-error-reply.log). One definition for whoever reads turns from them.

export const INBOUND_MSG = /^inbound message: (?:.* )?platform=([\w.-]+)(?: .*)?$/;
export const RESPONSE_MSG = /^response ready: (?:.* )?platform=([\w.-]+)(?: .*)?$/;
/** A slash command (`msg='/status'`) is answered by the command path, which runs no agent turn and logs no reply. */
export const COMMAND_MSG = / msg=['"]\//;
/** `/stop`, `/new`, `/reset` end the chat's turn whether or not a reply is logged. */
export const ENDS_TURN_MSG = / msg=['"]\/(?:stop|new|reset)\b/;

/**
 * `[<adapter name>] Sending response (<n> chars) to <chat id>`: the adapter's name (`QQBot`, the platform's value in
 * title case, or the adapter's own) and the chat the reply went to. v0.17 logs it from gateway.platforms.base (the
 * real fixture); hermes-gateway-current.md §10.1 quotes it for Photon and Weixin. Which module logs it is no part of
 * the line's meaning: any logger.
 */
export const SENDING_RESPONSE = /^\[(.+?)\] Sending response \(\d+ chars\) to ([^\s']+)/;

/** The reply a `Sending response` line says went out: the platform its adapter's name stands for, and the chat. */
export function sentReply(message: string): { platform: string; chat: string } | undefined {
  const m = SENDING_RESPONSE.exec(message);
  if (!m) return undefined;
  // `QQBot` → qqbot, `QQBot[main]` (a child of a multi-credential adapter) → qqbot, `Api_Server` → api_server.
  const platform = /^\w+/.exec(m[1]!)?.[0].toLowerCase();
  return platform ? { platform, chat: m[2]! } : undefined;
}

/**
 * The open turn a reply answers, among `open` (keyed `<platform>\n<chat>`): that platform's chat, else the one chat of
 * that id (an adapter whose name is not its platform's value).
 */
export function answeredKey(
  open: ReadonlyMap<string, unknown>,
  reply: { platform: string; chat: string },
): string | undefined {
  const key = `${reply.platform}\n${reply.chat}`;
  if (open.has(key)) return key;
  let found: string | undefined;
  for (const k of open.keys()) {
    if (k.slice(k.indexOf('\n') + 1) !== reply.chat) continue;
    if (found !== undefined) return undefined; // two platforms' chats of that id: which one is not said
    found = k;
  }
  return found;
}

/**
 * Each field's pattern, made once: a turn read of a busy run asks two or three fields of each of its 2,000 traffic
 * records, some 5,000 patterns made a check when each call made its own (issue 62).
 */
const fieldRes = new Map<string, RegExp>();

/** A `name=value` field of a runner line (the value ends at a space or a quote). */
export function trafficField(message: string, name: string): string | undefined {
  let re = fieldRes.get(name);
  if (!re) fieldRes.set(name, (re = new RegExp(`(?:^| )${name}=([^\\s']+)`)));
  return re.exec(message)?.[1];
}
