// The Telegram channel's line in /status and the health endpoint, from the poller's status. Pure.
import type { ChannelHealth } from '../../types.js';
import { formatDuration } from '../../util/duration.js';
import type { PollStatus, PollTimings } from './poll.js';

export interface HealthFacts {
  name: string;
  now: number;
  timings: PollTimings;
  /** `@username` once the bot is identified. */
  who: string;
  lastUpdateAt?: number;
  scrub(text: string): string;
}

export function telegramHealth(s: PollStatus | undefined, f: HealthFacts): ChannelHealth {
  if (!s) return { name: f.name, ok: false, summary: 'not started' };
  const t = f.now;
  const ago = (ms?: number) => (ms === undefined ? 'never' : `${formatDuration(t - ms)} ago`);
  // A poll returns within its timeout: none for longer than that (and a margin) means polling is stuck.
  const fresh = s.lastPollAt !== undefined && t - s.lastPollAt < f.timings.pollTimeoutSec * 1000 + f.timings.stallMarginMs * 2;
  const ok = s.state === 'polling' && fresh;
  const summary =
    s.state === 'conflict'
      ? `409 conflict for ${formatDuration(t - (s.conflictSince ?? t))}: another process polls this token`
      : ok
        ? `polling as ${f.who}, last poll ${ago(s.lastPollAt)}, last update ${ago(f.lastUpdateAt)}`
        : `${s.state}${s.downSince !== undefined ? ` for ${formatDuration(t - s.downSince)}` : ''}${s.lastError ? ` (${f.scrub(s.lastError)})` : ''}`;
  return {
    name: f.name,
    ok,
    summary,
    fields: [
      { label: 'silent polls restarted', value: String(s.stalls) },
      { label: 'conflicts', value: String(s.conflicts) },
    ],
  };
}
