// The chats a run's head leaves waiting, and the replies to them that a run tracker's caps drop.
import type { LogRecord } from '../evidence.js';
import { parseLogLine } from './log-parse.js';
import type { WriterZone } from './log-zone.js';
import { escapeRegExp } from '../util/escape-regexp.js';
import {
  answeredKey,
  COMMAND_MSG,
  ENDS_TURN_MSG,
  INBOUND_MSG,
  RESPONSE_MSG,
  sentReply,
  trafficField,
} from './traffic-lines.js';

/**
 * The chats the head leaves waiting: an inbound message with no reply to that chat after it in the head, keyed
 * `<platform>\n<chat>` (open-turns.ts reads turns the same way) → the chat. The head stays for the whole run; a reply
 * that came after it passes through the tail and is dropped with the traffic, and the chat would read as waiting from
 * then on: the reply's time is noted instead (LogView.answeredDropped).
 */
function headWaiting(head: readonly LogRecord[]): Map<string, string> {
  const open = new Map<string, string>();
  for (const r of head) {
    const sent = sentReply(r.message);
    if (sent) {
      const key = answeredKey(open, sent);
      if (key !== undefined) open.delete(key);
      continue;
    }
    if (r.logger !== 'gateway.run') continue;
    const reply = RESPONSE_MSG.exec(r.message);
    const inbound = reply ? undefined : INBOUND_MSG.exec(r.message);
    const chat = (reply || inbound) && trafficField(r.message, 'chat');
    // A line naming no chat cannot be told from another chat's reply: it is left as it was.
    if (!chat) continue;
    const key = `${(reply ?? inbound)![1]}\n${chat}`;
    if (reply || ENDS_TURN_MSG.test(r.message)) open.delete(key);
    else if (!COMMAND_MSG.test(r.message)) open.set(key, chat);
  }
  return open;
}

/** Any waiting chat named in a line (`chat=<c>`, `… to <c>`): one native test however many chats wait. */
function namingAny(waiting: ReadonlyMap<string, string>): RegExp {
  const chats = [...new Set(waiting.values())].map(escapeRegExp);
  return new RegExp(`(?:chat=| to )(?:${chats.join('|')})(?![^\\s'])`, 'g');
}

/** The waiting chat (its key) a line the caps drop answers, and the line's time; undefined for most lines. */
function answerIn(
  waiting: ReadonlyMap<string, string>,
  raw: string,
  zone: WriterZone,
): { key: string; ts: number } | undefined {
  for (const [key, chat] of waiting) {
    if (!raw.includes(`chat=${chat}`) && !raw.includes(` to ${chat}`)) continue;
    const r = parseLogLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw, zone);
    if (!r) return undefined;
    const sent = sentReply(r.message);
    if (sent) {
      const k = answeredKey(waiting, sent);
      return k === undefined ? undefined : { key: k, ts: r.ts };
    }
    if (r.logger !== 'gateway.run' || trafficField(r.message, 'chat') !== chat) continue;
    const reply = RESPONSE_MSG.exec(r.message);
    const ends = reply ? undefined : ENDS_TURN_MSG.test(r.message) ? INBOUND_MSG.exec(r.message) : undefined;
    const p = (reply ?? ends)?.[1];
    if (p !== undefined && key === `${p}\n${chat}`) return { key, ts: r.ts };
  }
  return undefined;
}

export interface AnswerWatch {
  /** The head is full: the chats it leaves waiting are watched from now on, less those already known answered. */
  headFull(head: readonly LogRecord[]): void;
  /** A line the caps drop: the answer to a chat the head left waiting is noted. Most lines: one regex test. */
  note(raw: string): void;
  /** note() for whole lines joined by `\n`: one native search for every waiting chat, not a step per line. */
  noteSpan(span: string): void;
  /** A new run: nothing waits, nothing answered. */
  reset(): void;
  /** The answered chats' keys → their replies' times; undefined when none. */
  answered(): Record<string, number> | undefined;
}

/** `known`: a view handed in (a history read's) already knows some; its head is replayed, its dropped replies are not. */
/** `zone`: the zone the log's lines are written in, as the log last said (log-zone.ts). */
export function createAnswerWatch(known: Record<string, number> | undefined, zone: () => WriterZone): AnswerWatch {
  // Set once the head is full (headWaiting); each answered chat leaves it for `answered`.
  let waiting: Map<string, string> | undefined;
  let answered: Map<string, number> | undefined = known ? new Map(Object.entries(known)) : undefined;
  /** namingAny(waiting), rebuilt when a chat leaves it. */
  let naming: RegExp | undefined;
  const note = (raw: string) => {
    if (!waiting?.size) return;
    naming ??= namingAny(waiting);
    naming.lastIndex = 0;
    if (!naming.test(raw)) return;
    const a = answerIn(waiting, raw, zone());
    if (!a) return;
    waiting.delete(a.key);
    naming = undefined;
    (answered ??= new Map()).set(a.key, a.ts);
  };
  return {
    headFull(head) {
      waiting = headWaiting(head);
      for (const key of answered?.keys() ?? []) waiting.delete(key);
    },
    note,
    noteSpan(span) {
      for (let from = 0; waiting?.size && from < span.length; ) {
        naming ??= namingAny(waiting);
        naming.lastIndex = from;
        const m = naming.exec(span);
        if (!m) return;
        const eol = span.indexOf('\n', m.index);
        const end = eol < 0 ? span.length : eol;
        note(span.slice(span.lastIndexOf('\n', m.index) + 1, end));
        from = end + 1;
      }
    },
    reset() {
      waiting = undefined;
      answered = undefined;
      naming = undefined;
    },
    answered: () => (answered?.size ? Object.fromEntries(answered) : undefined),
  };
}
