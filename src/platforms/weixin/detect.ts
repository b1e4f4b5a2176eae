// Weixin (iLink) (hermes-gateway-current.md §6, §9.9): the poll goes on, the state says `connected`, nothing arrives
// or nothing can be sent.
import type { Evidence, LogRecord } from '../../evidence.js';
import { definePlatform } from '../platform.js';
import { matching, patternGroup } from '../../detectors/common.js';
import { trafficField } from '../../probes/traffic-lines.js';
import {
  HEARD,
  HOURS_NEEDLES,
  INBOUND_FROM,
  POLL_FAILED,
  RUNNER_INBOUND,
  SESSION_EXPIRED,
  SESSION_NOT_READY,
  STALE_SEND,
} from './lines.js';
import { en, zhCN } from './words.js';

/**
 * Refusals this close together are one attempt: Hermes' own cooldown after a refusal is 10 s, and a delivery's chunks
 * and retries are refused within it. An hour's burst limit is one attempt, not a stale session.
 */
const ATTEMPT_MS = 60_000;
/** Attempts refused with no word from the user in between: one refusal can be a burst limit, three are not. */
const STALE_ATTEMPTS = 3;
/** A stale token is about a day old when it starts refusing; a day of no send to that user says nothing new. */
const STALE_FRESH_MS = 24 * 3_600_000;

const RUN_LINES = patternGroup(STALE_SEND, SESSION_NOT_READY, INBOUND_FROM, RUNNER_INBOUND);
const REFUSED_TO = /^\[Weixin\] send failed to=(\S+?): iLink sendmessage /;

/** The user a message came from, or '' when the line names none (it then renews nobody in particular: everyone). */
function heardFrom(r: LogRecord): string | undefined {
  const own = INBOUND_FROM.exec(r.message);
  if (own) return own[1]!;
  if (r.logger === 'gateway.run' && RUNNER_INBOUND.test(r.message))
    return trafficField(r.message, 'chat') ?? trafficField(r.message, 'user') ?? '';
  return undefined;
}

/**
 * §9.9: a user's sends refused as "rate limited" (or, since PR #115359, "session not ready") with no message from that
 * user since, over as long as it takes: one cron delivery an hour for a day is three attempts by its third hour, how
 * often anything is sent is no part of it. Read from the current run and from agent.log over hours (a restart does
 * not renew the session, so the refusals before it still count). The episode: the first refusal of each attempt.
 */
function staleEpisode(ev: Evidence): LogRecord[] {
  const seen = new Set<string>();
  const lines = [...(ev.hermes?.hours ?? []), ...matching(ev, RUN_LINES)]
    .filter((r) => !seen.has(r.line) && seen.add(r.line))
    .sort((a, b) => a.ts - b.ts);
  const attempts = new Map<string, { episode: LogRecord[]; last: number; ready: boolean }>();
  for (const r of lines) {
    const from = heardFrom(r);
    if (from !== undefined) {
      if (from === '') attempts.clear();
      else attempts.delete(from);
      continue;
    }
    const to = REFUSED_TO.exec(r.message)?.[1];
    const notReady = SESSION_NOT_READY.test(r.message);
    if (!to || !(notReady || STALE_SEND.test(r.message))) continue;
    const a = attempts.get(to) ?? { episode: [], last: -Infinity, ready: false };
    if (r.ts - a.last > ATTEMPT_MS) a.episode.push(r);
    a.last = r.ts;
    // Hermes says the real reason: that once is enough.
    a.ready ||= notReady;
    attempts.set(to, a);
  }
  let worst: LogRecord[] = [];
  for (const a of attempts.values()) {
    if (ev.now - a.last > STALE_FRESH_MS) continue;
    if ((a.ready || a.episode.length >= STALE_ATTEMPTS) && a.episode.length > worst.length) worst = a.episode;
  }
  return worst;
}

export const weixin = definePlatform({
  platform: 'weixin',
  words: { en, 'zh-CN': zhCN },
  hoursLines: HOURS_NEEDLES,
  rules: [
    // Only a new login (QR) or a user message revives it.
    { text: 'platform_deaf.weixin', restart: 'never', bad: SESSION_EXPIRED, good: HEARD },
    // Hermes backs off 30 s after 3 failures and recycles the poll session itself: only a loop that outlasts many
    // recycles with nothing received is a cause, and a restart does what the recycle does.
    {
      text: 'platform_deaf.weixin_poll',
      restart: 'wait',
      bad: POLL_FAILED,
      good: HEARD,
      minCount: 9,
      windowMs: 15 * 60_000,
      freshMs: 5 * 60_000,
    },
    // Every send to a user refused while polling works: that user has not written in ~24 h (#96416: 22 of 22 over 10
    // days). Only that user writing renews it; a restart does not.
    { text: 'platform_deaf.weixin_stale', restart: 'never', bad: STALE_SEND, read: staleEpisode },
  ],
});
