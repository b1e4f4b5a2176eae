// A stuck session re-entered after every restart (hermes-gateway-current.md §9.15, #7536) shows only across lives:
// each life dies with the same chat's turn unanswered, and each next boot says so with `Marked %d in-flight
// session(s) as resumable from previous run` (hermes-gateway.md §4.0). The evidence holds the current life and the
// tail of one before it, so this reads the log's recent lives, and the session index that names the session, only
// when the current life's boot marked in-flight sessions: a gateway that started cleanly costs nothing here.
import path from 'node:path';
import type { ChatRef, LifeSummary, LogRecord, ResumableSession } from '../evidence.js';
import { parseLogLines } from './log-parse.js';
import { zoneOf } from './log-zone.js';
import { MiB, readCapped, readTailSpanning } from '../util/read-capped.js';
import {
  answeredKey,
  COMMAND_MSG,
  ENDS_TURN_MSG,
  INBOUND_MSG,
  RESPONSE_MSG,
  sentReply,
  trafficField,
} from './traffic-lines.js';

export const RUN_START = 'Starting Hermes Gateway...';
export const MARKED_RESUMABLE = /^Marked (\d+) in-flight session\(s\) as resumable from previous run$/;
/** Lives that die within minutes of each other fit in far less; a busy log's lives are found in its last 512 KiB. */
const TAIL_BYTES = 512 * 1024;
/** The session index holds one small entry per chat; a file past this is not one gatewatch reads. */
const INDEX_BYTES = 4 * MiB;
const MAX_LIVES = 12;

const runner = (r: LogRecord) => r.logger === 'gateway.run';

/** This life's boot said it follows an unclean death with turns in flight. */
export function bootMarkedResumable(run: readonly LogRecord[]): boolean {
  return run.some((r) => runner(r) && Number(MARKED_RESUMABLE.exec(r.message)?.[1] ?? 0) > 0);
}

/** The lives in `records`, oldest first: each from a `Starting Hermes Gateway...` line on. */
export function summariseLives(records: readonly LogRecord[]): LifeSummary[] {
  const lives: LifeSummary[] = [];
  let open = new Map<string, { platform: string; chat: string }>();
  let life: LifeSummary | undefined;
  const close = () => {
    if (life) life.open = [...open.values()];
  };
  const answer = (platform: string, chat: string) => {
    if (life && !life.answered.some((a) => a.platform === platform && a.chat === chat))
      life.answered.push({ platform, chat });
  };
  for (const r of records) {
    // A reply that went out, whoever logged it (an error text sent back counts: the chat waits for nothing).
    const sent = life && sentReply(r.message);
    if (sent) {
      const key = answeredKey(open, sent);
      const chat = key === undefined ? sent : open.get(key)!;
      if (key !== undefined) open.delete(key);
      if (runner(r)) life!.lastAt = r.ts;
      answer(chat.platform, chat.chat);
      continue;
    }
    if (!runner(r)) continue;
    if (r.message === RUN_START) {
      close();
      life = { startedAt: r.ts, lastAt: r.ts, markedResumable: false, turns: 0, open: [], answered: [] };
      lives.push(life);
      open = new Map();
      continue;
    }
    if (!life) continue;
    life.lastAt = r.ts;
    if (Number(MARKED_RESUMABLE.exec(r.message)?.[1] ?? 0) > 0) {
      life.markedResumable = true;
      continue;
    }
    const inbound = INBOUND_MSG.exec(r.message);
    const reply = inbound ? undefined : RESPONSE_MSG.exec(r.message);
    if (!inbound && !reply) continue;
    const platform = (inbound ?? reply)![1]!;
    const chat = trafficField(r.message, 'chat') ?? '';
    const key = `${platform}\n${chat}`;
    if (reply || ENDS_TURN_MSG.test(r.message)) {
      open.delete(key);
      answer(platform, chat);
      continue;
    }
    if (COMMAND_MSG.test(r.message)) continue;
    life.turns++;
    if (!open.has(key)) open.set(key, { platform, chat });
  }
  close();
  return lives.slice(-MAX_LIVES);
}

/** Per log file: the lives before the current one, read once per current life (they no longer change). */
const past = new Map<string, { start: number; lives: LifeSummary[] }>();
const PAST_FILES = 64;

/**
 * The recent lives of the gateway.log at `file`, the current one (`run`, already in memory) last, when the current
 * life's boot marked sessions resumable. The file's tail is read once per current life, not per evaluation.
 */
export async function readRecentLives(file: string, run: readonly LogRecord[]): Promise<LifeSummary[] | undefined> {
  const first = run[0];
  if (!first || !runner(first) || first.message !== RUN_START || !bootMarkedResumable(run)) return undefined;
  let known = past.get(file);
  if (known?.start !== first.ts) {
    const { lines } = await readTailSpanning(file, TAIL_BYTES);
    known = {
      start: first.ts,
      lives: summariseLives(parseLogLines(lines, undefined, zoneOf(file))).filter((l) => l.startedAt < first.ts),
    };
    past.delete(file);
    if (past.size >= PAST_FILES) past.delete(past.keys().next().value!);
    past.set(file, known);
  }
  return [...known.lives, ...summariseLives(run)].slice(-MAX_LIVES);
}

export const sameChat = (a: ChatRef, b: ChatRef): boolean => a.platform === b.platform && a.chat === b.chat;

/**
 * §9.15's signal: the one chat open at the end of every life of the latest run of unclean deaths (each next boot
 * marked in-flight sessions resumable), and how many deaths that is. A turn resumed from the session store logs no new
 * inbound line before it kills the gateway again: such a life matches any chat.
 */
export function stuckChat(lives: readonly LifeSummary[]): { chat: ChatRef; deaths: number; since: number } | undefined {
  let chats: ChatRef[] | undefined;
  let deaths = 0;
  let since = 0;
  for (let i = lives.length - 1; i >= 1 && lives[i]!.markedResumable; i--) {
    const dead = lives[i - 1]!;
    if (dead.turns || dead.open.length) {
      const next = chats ? chats.filter((c) => dead.open.some((o) => sameChat(o, c))) : dead.open;
      if (!next.length) break;
      chats = next;
    }
    deaths++;
    since = dead.startedAt;
  }
  if (!chats || chats.length !== 1 || deaths < STUCK_DEATHS) return undefined;
  return { chat: chats[0]!, deaths, since };
}

/** "The same session first after each of several restarts": two deaths in a row on one chat's turn. */
export const STUCK_DEATHS = 2;

/**
 * The sessions of `chats` in the home's session index (`sessions/sessions.json`, the routing index's mirror: session
 * key → `{session_id, origin: {platform, chat_id}, resume_pending, …}`; keys starting `_` are notes). Absent when
 * the home writes none (`gateway.write_sessions_json: false`) or it cannot be read: the session is then named by its
 * chat only.
 */
export async function readResumableSessions(
  home: string,
  chats: readonly { platform: string; chat: string }[],
): Promise<ResumableSession[] | undefined> {
  if (!chats.length) return undefined;
  let index: unknown;
  try {
    index = JSON.parse(await readCapped(path.join(home, 'sessions', 'sessions.json'), INDEX_BYTES));
  } catch {
    return undefined;
  }
  if (!index || typeof index !== 'object' || Array.isArray(index)) return undefined;
  const out: ResumableSession[] = [];
  for (const [key, raw] of Object.entries(index as Record<string, unknown>)) {
    if (key.startsWith('_') || !raw || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    const origin = (e.origin && typeof e.origin === 'object' ? e.origin : {}) as Record<string, unknown>;
    const platform =
      typeof origin.platform === 'string' ? origin.platform : typeof e.platform === 'string' ? e.platform : undefined;
    const chat = origin.chat_id === undefined || origin.chat_id === null ? undefined : String(origin.chat_id);
    const id = typeof e.session_id === 'string' ? e.session_id : undefined;
    // A session id becomes an argument of `hermes sessions delete`: only the shape Hermes itself accepts.
    if (!platform || chat === undefined || !id || !SESSION_ID.test(id)) continue;
    if (!chats.some((c) => c.platform === platform && c.chat === chat)) continue;
    out.push({ key, id, platform, chat, resumePending: e.resume_pending === true, suspended: e.suspended === true });
    if (out.length >= 20) break;
  }
  return out;
}

/** Hermes refuses ids with `..` or a path separator (they become file names); gatewatch takes a narrower shape. */
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export function isSessionId(id: string): boolean {
  return SESSION_ID.test(id) && !id.includes('..');
}
