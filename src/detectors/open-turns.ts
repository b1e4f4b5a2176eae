// The agent turns a live gateway is running, as gateway.log shows them: a runner `inbound message: platform=<p>
// user=<u> chat=<c> …` with no `response ready: platform=<p> chat=<c> … time=<s>s` after it (hermes-gateway-current.md
// §8.7, §9.12 name both lines; their fields are read as the real gateway.log in test/fixtures/hermes/ has them). The
// state file only counts them (`active_agents`); this says who asked and since when (for the question before a
// restart, and for agent_unanswered), and how long this gateway's replies take.
import type { Evidence, LogRecord } from '../evidence.js';
import { isRunner, matching, patternGroup } from './common.js';

const INBOUND = /^inbound message: (?:.* )?platform=([\w.-]+)(?: .*)?$/;
const RESPONSE = /^response ready: (?:.* )?platform=([\w.-]+)(?: .*)?$/;
/** A slash command (`msg='/status'`) is answered by the command path, which runs no agent turn and logs no reply. */
const COMMAND = / msg=['"]\//;
const TRAFFIC = patternGroup(/^inbound message: /, /^response ready: /);

function field(message: string, name: string): string | undefined {
  return new RegExp(`(?:^| )${name}=([^\\s']+)`).exec(message)?.[1];
}

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

const memo = new WeakMap<Evidence, Turns>();

export function readTurns(ev: Evidence): Turns {
  let turns = memo.get(ev);
  if (turns) return turns;
  const open = new Map<string, OpenTurn>();
  const replySeconds: number[] = [];
  for (const r of matching(ev, TRAFFIC)) {
    if (!isRunner(r)) continue;
    const reply = RESPONSE.exec(r.message);
    if (reply) {
      open.delete(`${reply[1]}\n${field(r.message, 'chat') ?? ''}`);
      const s = Number(field(r.message, 'time')?.replace(/s$/, ''));
      if (Number.isFinite(s)) replySeconds.push(s);
      continue;
    }
    const inbound = INBOUND.exec(r.message);
    if (!inbound || COMMAND.test(r.message)) continue;
    const key = `${inbound[1]}\n${field(r.message, 'chat') ?? ''}`;
    const known = open.get(key);
    if (known) {
      known.messages++;
      continue;
    }
    const user = field(r.message, 'user');
    open.set(key, { platform: inbound[1]!, ...(user ? { user } : {}), since: r.ts, first: r, messages: 1 });
  }
  turns = { open: [...open.values()].sort((a, b) => a.since - b.since), replySeconds };
  memo.set(ev, turns);
  return turns;
}

/** One turn a chat, oldest first: the chats of the current run whose last inbound message has no reply after it. */
export function openTurns(ev: Evidence): OpenTurn[] {
  return readTurns(ev).open;
}
