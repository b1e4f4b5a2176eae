// The agent turns a live gateway is running, as gateway.log shows them: a runner `inbound message: platform=<p>
// user=<u> chat=<c> …` with no reply to that chat after it (hermes-gateway-current.md §8.7, §9.12 name both runner
// lines; their fields are read as the real gateway.log in test/fixtures/hermes/ has them). A reply is `response ready:
// platform=<p> chat=<c> … time=<s>s`, or any `[<adapter>] Sending response (<n> chars) to <c>`: a failed turn whose
// error text Hermes sent back logs only the latter (real-v0.17-error-reply.log), and that chat waits for nothing. The
// state file only counts turns (`active_agents`); this says who asked and since when (for the question before a
// restart, and for agent_unanswered), and how long this gateway's replies take.
import type { Evidence, LogRecord } from '../evidence.js';
import { isRunner, matching, patternGroup, perRecord } from './common.js';
import {
  answeredKey,
  COMMAND_MSG,
  ENDS_TURN_MSG,
  INBOUND_MSG,
  RESPONSE_MSG,
  sentReply,
  trafficField,
} from '../probes/traffic-lines.js';

/**
 * The traffic lines, as one pattern group: the runner's, and the adapters' `Sending response` (turns-failing reads the
 * same group, and only the runner's lines of it).
 */
export const TRAFFIC = patternGroup(/^inbound message: /, /^response ready: /, /^\[.+?\] Sending response \(/);

/** A `name=value` field of a runner line (the value ends at a space or a quote). */
export const field = trafficField;

export interface OpenTurn {
  platform: string;
  user?: string;
  /** Epoch ms of the first message of the chat since its last reply. */
  since: number;
  /** That message's line, and how many came since. */
  first: LogRecord;
  messages: number;
}

export interface Turns {
  /** One a chat, oldest first: the chats whose messages have no reply after them. */
  open: OpenTurn[];
  /** `time=` of the replies of the run, in seconds, oldest first. */
  replySeconds: number[];
}

/** A traffic record read once (kept with the record: a busy run is judged on every glance). */
type Traffic =
  | { reply: true; key: string; seconds?: number }
  /** A reply sent to a chat, named by its adapter's name: the open turn it answers is looked up (answeredKey). */
  | { reply: 'sent'; platform: string; chat: string }
  | { reply: false; key: string; platform: string; user?: string }
  | undefined;

const traffic = perRecord((r): Traffic => {
  // Whoever logs it: the platform base (v0.17), the runner, an adapter.
  const sent = sentReply(r.message);
  if (sent) return { reply: 'sent', ...sent };
  if (!isRunner(r)) return undefined;
  const reply = RESPONSE_MSG.exec(r.message);
  if (reply) {
    const s = Number(field(r.message, 'time')?.replace(/s$/, ''));
    return {
      reply: true,
      key: `${reply[1]}\n${field(r.message, 'chat') ?? ''}`,
      ...(Number.isFinite(s) ? { seconds: s } : {}),
    };
  }
  const inbound = INBOUND_MSG.exec(r.message);
  if (!inbound) return undefined;
  // `/stop`, `/new`, `/reset` end the chat's turn whether or not a reply is logged; other commands run no turn.
  if (ENDS_TURN_MSG.test(r.message)) return { reply: true, key: `${inbound[1]}\n${field(r.message, 'chat') ?? ''}` };
  if (COMMAND_MSG.test(r.message)) return undefined;
  const user = field(r.message, 'user');
  return {
    reply: false,
    key: `${inbound[1]}\n${field(r.message, 'chat') ?? ''}`,
    platform: inbound[1]!,
    ...(user ? { user } : {}),
  };
});

const memo = new WeakMap<Evidence, Turns>();

export function readTurns(ev: Evidence): Turns {
  let turns = memo.get(ev);
  if (turns) return turns;
  const open = new Map<string, OpenTurn>();
  const replySeconds: number[] = [];
  // Replies the run's caps dropped, to chats its head left waiting (LogView.answeredDropped), in time order.
  const dropped = Object.entries(ev.log.answeredDropped ?? {}).sort((a, b) => a[1] - b[1]);
  let d = 0;
  for (const r of matching(ev, TRAFFIC)) {
    for (; d < dropped.length && dropped[d]![1] <= r.ts; d++) open.delete(dropped[d]![0]);
    const t = traffic(r);
    if (!t) continue;
    if (t.reply === 'sent') {
      const key = answeredKey(open, t);
      if (key !== undefined) open.delete(key);
      continue;
    }
    if (t.reply) {
      open.delete(t.key);
      if (t.seconds !== undefined) replySeconds.push(t.seconds);
      continue;
    }
    const known = open.get(t.key);
    if (known) {
      known.messages++;
      continue;
    }
    open.set(t.key, { platform: t.platform, ...(t.user ? { user: t.user } : {}), since: r.ts, first: r, messages: 1 });
  }
  for (; d < dropped.length; d++) open.delete(dropped[d]![0]);
  turns = { open: [...open.values()].sort((a, b) => a.since - b.since), replySeconds };
  memo.set(ev, turns);
  return turns;
}

/** One turn a chat, oldest first: the chats of the current run whose last inbound message has no reply after it. */
export function openTurns(ev: Evidence): OpenTurn[] {
  return readTurns(ev).open;
}
