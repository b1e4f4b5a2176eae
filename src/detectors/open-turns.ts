// The agent turns a live gateway is running, as gateway.log shows them: a runner `inbound message: platform=<p>
// user=<u> chat=<c> …` with no `response ready: platform=<p> chat=<c> …` after it (hermes-gateway-current.md §8.7,
// §9.12 name both lines; their fields are read as the real gateway.log in test/fixtures/hermes/ has them). The state
// file only counts them (`active_agents`); this says who asked and since when, for the question before a restart.
import type { Evidence } from '../evidence.js';
import { currentRun, isRunner } from './common.js';

const INBOUND = /^inbound message: (?:.* )?platform=([\w.-]+)(?: .*)?$/;
const RESPONSE = /^response ready: (?:.* )?platform=([\w.-]+)(?: .*)?$/;

function field(message: string, name: string): string | undefined {
  return new RegExp(`(?:^| )${name}=([^\\s']+)`).exec(message)?.[1];
}

export interface OpenTurn {
  platform: string;
  user?: string;
  /** Epoch ms of the first message of the chat since its last reply. */
  since: number;
}

/** One turn a chat, oldest first: the chats of the current run whose last inbound message has no reply after it. */
export function openTurns(ev: Evidence): OpenTurn[] {
  const open = new Map<string, OpenTurn>();
  for (const r of currentRun(ev).records) {
    if (!isRunner(r)) continue;
    const reply = RESPONSE.exec(r.message);
    if (reply) {
      open.delete(`${reply[1]}\n${field(r.message, 'chat') ?? ''}`);
      continue;
    }
    const inbound = INBOUND.exec(r.message);
    if (!inbound) continue;
    const key = `${inbound[1]}\n${field(r.message, 'chat') ?? ''}`;
    if (open.has(key)) continue;
    const user = field(r.message, 'user');
    open.set(key, { platform: inbound[1]!, ...(user ? { user } : {}), since: r.ts });
  }
  return [...open.values()].sort((a, b) => a.since - b.since);
}
