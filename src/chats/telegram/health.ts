// The Telegram channel's line in /status and the health endpoint, from the poller's status, in the reader's words. Pure.
import { t as text, wordOf } from '../../i18n.js';
import { say } from './words.js';
import type { ChannelHealth, Locale } from '../../types.js';
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
  locale?: Locale;
}

export function telegramHealth(s: PollStatus | undefined, f: HealthFacts): ChannelHealth {
  const l = f.locale ?? 'en';
  if (!s) return { name: f.name, ok: false, summary: text(l, 'channel.health.not_started') };
  const t = f.now;
  const ago = (ms?: number) =>
    ms === undefined
      ? text(l, 'channel.health.never')
      : text(l, 'channel.health.ago', { duration: formatDuration(t - ms) });
  // A poll returns within its timeout: none for longer than that (and a margin) means polling is stuck.
  const fresh =
    s.lastPollAt !== undefined && t - s.lastPollAt < f.timings.pollTimeoutSec * 1000 + f.timings.stallMarginMs * 2;
  const ok = s.state === 'polling' && fresh;
  const state = wordOf(l, 'channel.health.state', s.state);
  const down =
    s.downSince !== undefined
      ? text(l, 'channel.health.for', { state, duration: formatDuration(t - s.downSince) })
      : state;
  const summary =
    s.state === 'conflict'
      ? say(l, 'channel.health.telegram.conflict', { duration: formatDuration(t - (s.conflictSince ?? t)) })
      : ok
        ? say(l, 'channel.health.telegram.polling', {
            who: f.who,
            poll: ago(s.lastPollAt),
            update: ago(f.lastUpdateAt),
          })
        : s.lastError
          ? text(l, 'channel.health.error', { text: down, error: f.scrub(s.lastError) })
          : down;
  return {
    name: f.name,
    ok,
    summary,
    fields: [
      { label: say(l, 'channel.health.telegram.stalls'), value: String(s.stalls) },
      { label: say(l, 'channel.health.telegram.conflicts'), value: String(s.conflicts) },
    ],
  };
}
