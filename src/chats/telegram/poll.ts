// Long polling, supervised. We drive getUpdates ourselves instead of grammY's bot.start(), because bot.start() stops
// for good on a 409 or 401 and knows no silent socket (only its 500 s client timeout). Here:
// - every getUpdates is aborted when it outlives its `timeout` plus a margin (a NAT or proxy dropped the socket without
//   a FIN: the request would wait forever) and polling starts again at once;
// - 409 "terminated by other getUpdates request" means another process polls this token: reported through onConflict
//   and retried slowly (a fast retry would knock the other poller out every few seconds); 409 "webhook is active" is
//   cleared with deleteWebhook — only then, so a webhook someone set on purpose is not removed without a reason;
// - 429 waits exactly retry_after; other errors back off;
// - down (not polling, a conflict aside) longer than give_up_after → onFatal, so the supervisor restarts us.
// What follows each failure is poll-failure.ts's. The backoff, the give-up and every wait are the supervisor every chat
// channel shares (src/channel-kit/supervisor.ts).
import type { Bot } from 'grammy';
import { describeError, grammySignal } from './grammy-util.js';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { formatDuration } from '../../util/duration.js';
import type { Clock } from '../../util/clock.js';
import { createSupervisor } from '../../channel-kit/supervisor.js';
import { afterFailure } from './poll-failure.js';
import type { PollStatus, PollTimings } from './poll-state.js';

export { DEFAULT_POLL_TIMINGS, type PollState, type PollStatus, type PollTimings } from './poll-state.js';

export interface PollOptions {
  bot: Bot;
  timings: PollTimings;
  giveUpAfterMs: number;
  log: Logger;
  /** Called with each batch, in order; polling continues after it resolves. */
  onUpdates(updates: Update[]): Promise<void>;
  /** First offset (last handled update_id + 1), if known. */
  offset?: number;
  onConflict(description: string): void;
  onFatal(reason: string): void;
  /**
   * Telegram refuses the token (401: revoked or replaced with @BotFather). Retrying cannot fix it and restarting
   * gatewatch neither: said once (until polling works again), never fatal; polling keeps trying slowly.
   */
  onRefused?(reason: string): void;
  /** Masks the bot token (node-fetch errors quote the request URL, which holds it). */
  scrub(text: string): string;
  /** Every wait of the poller; `now` alone overrides its time. */
  clock: Clock;
  now?: () => number;
  random?: () => number;
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
  status(): PollStatus;
}

export function createPoller(o: PollOptions): Poller {
  const base = o.clock;
  const clock: Clock = o.now ? { ...base, now: o.now } : base;
  const now = clock.now;
  const t = o.timings;
  const st: PollStatus = { state: 'starting', stalls: 0, conflicts: 0 };
  let offset = o.offset;
  let stopped = false;
  let refusedSent = false;
  let current: AbortController | undefined;
  let loop: Promise<void> | undefined;
  const sup = createSupervisor({
    clock,
    backoff: { baseMs: t.backoffBaseMs, maxMs: t.backoffMaxMs },
    giveUpAfterMs: o.giveUpAfterMs,
    random: o.random,
    onFatal: (forMs) => o.onFatal(`telegram polling failing for ${formatDuration(forMs)} (${st.lastError})`),
  });
  /** A request's deadline: aborted when it outlives the poll's own timeout plus the margin. */
  const deadline = (ac: AbortController, onStall?: () => void) =>
    clock.timer(
      () => {
        onStall?.();
        ac.abort();
      },
      t.pollTimeoutSec * 1000 + t.stallMarginMs,
    );

  const failure = {
    bot: o.bot,
    timings: t,
    log: o.log,
    scrub: (text: string) => o.scrub(text),
    status: st,
    sup,
    now,
    onConflict: (description: string) => o.onConflict(description),
    refused(detail: string) {
      if (refusedSent) return;
      refusedSent = true;
      o.onRefused?.(detail);
    },
  };

  async function once(): Promise<void> {
    if (!o.bot.isInited()) {
      const ac = (current = new AbortController());
      const cancel = deadline(ac);
      try {
        await o.bot.init(grammySignal(ac.signal));
      } finally {
        cancel();
      }
      o.log.info({ bot: o.bot.botInfo.username }, 'telegram bot identified');
    }
    const ac = (current = new AbortController());
    let stalled = false;
    const cancel = deadline(ac, () => (stalled = true));
    let updates: Update[];
    try {
      updates = await o.bot.api.getUpdates(
        { offset, timeout: t.pollTimeoutSec, allowed_updates: ['message', 'callback_query'] },
        grammySignal(ac.signal),
      );
    } catch (err) {
      if (stalled && !stopped)
        throw Object.assign(
          new Error(
            `getUpdates still open ${formatDuration(t.pollTimeoutSec * 1000 + t.stallMarginMs)} after it was sent (silent socket)`,
          ),
          { stalled: true },
        );
      throw err;
    } finally {
      cancel();
      current = undefined;
    }
    if (st.downSince !== undefined || st.conflictSince !== undefined) {
      const since = st.conflictSince ?? st.downSince!;
      o.log.info({ down: formatDuration(now() - since) }, 'telegram polling works again');
    }
    st.state = 'polling';
    st.lastPollAt = now();
    st.downSince = undefined;
    st.conflictSince = undefined;
    st.lastError = undefined;
    sup.up();
    refusedSent = false;
    if (updates.length) {
      offset = updates[updates.length - 1]!.update_id + 1;
      await o.onUpdates(updates);
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        await once();
      } catch (err) {
        if (stopped) break;
        await afterFailure(failure, err);
      }
    }
    st.state = 'stopped';
  }

  return {
    start() {
      loop ??= run().catch((err) => o.log.error({ err: o.scrub(describeError(err)) }, 'telegram poller crashed'));
    },
    async stop() {
      stopped = true;
      current?.abort();
      sup.stop();
      await loop;
    },
    status: () => ({ ...st }),
  };
}
