// What the poller does after a getUpdates that failed, by its cause (poll.ts says why each): a silent socket polls
// again at once, a webhook is deleted, another poller is waited out slowly, a refused token is retried slowly without
// counting toward give_up_after, a rate limit waits exactly retry_after, and anything else backs off.
import { GrammyError, type Bot } from 'grammy';
import type { Logger } from 'pino';
import type { LinkSupervisor } from '../../channel-kit/supervisor.js';
import { formatDuration } from '../../util/duration.js';
import { capRetryAfter } from '../../util/retry-after.js';
import { describeError } from './grammy-util.js';
import type { PollState, PollStatus, PollTimings } from './poll-state.js';

export interface FailureDeps {
  bot: Bot;
  timings: PollTimings;
  log: Logger;
  scrub(text: string): string;
  /** The poller's status, brought up to date with the failure. */
  status: PollStatus;
  sup: Pick<LinkSupervisor, 'downSince' | 'down' | 'hold' | 'nextWait' | 'wait'>;
  now(): number;
  onConflict(description: string): void;
  /** Telegram refuses the token: said once until polling works again. */
  refused(detail: string): void;
}

function down(d: FailureDeps, state: PollState, error: string, countsAsDown: boolean): void {
  d.status.state = state;
  d.status.lastError = error;
  if (!countsAsDown) return d.sup.hold();
  d.sup.down();
  d.status.downSince = d.sup.downSince;
}

/** Resolves when the next getUpdates may go out. */
export async function afterFailure(d: FailureDeps, err: unknown): Promise<void> {
  const { status: st, timings: t, log } = d;
  const e = err as Error & { stalled?: boolean };
  const detail = d.scrub(describeError(err));
  if (e.stalled) {
    st.stalls++;
    log.warn({ detail }, 'telegram long poll went silent; polling again');
    down(d, 'retrying', detail, true);
    return; // a new request on a new socket, at once
  }
  if (err instanceof GrammyError && err.error_code === 409) {
    if (/webhook/i.test(err.description)) {
      log.warn(
        { detail },
        'telegram: a webhook is set for this bot; deleting it to poll (gatewatch uses long polling)',
      );
      await d.bot.api
        .deleteWebhook({ drop_pending_updates: false })
        .catch((e2) => log.warn({ detail: d.scrub(describeError(e2)) }, 'telegram deleteWebhook failed'));
      down(d, 'retrying', detail, true);
      return d.sup.wait(t.backoffBaseMs);
    }
    st.conflicts++;
    const first = st.conflictSince === undefined;
    st.conflictSince ??= d.now();
    st.state = 'conflict';
    st.lastError = detail;
    log.warn(
      { detail, retry_in: formatDuration(t.conflictRetryMs) },
      'telegram 409: another process polls this bot token',
    );
    if (first) d.onConflict(d.scrub(err.description));
    return d.sup.wait(t.conflictRetryMs);
  }
  if (err instanceof GrammyError && err.error_code === 401) {
    log.warn({ detail }, 'telegram refuses the bot token; polling keeps trying slowly');
    d.refused(detail);
    // Not counted toward give_up_after: a restart would be refused the same way.
    down(d, 'retrying', detail, false);
    return d.sup.wait(t.backoffMaxMs);
  }
  if (err instanceof GrammyError && err.error_code === 429) {
    const wait = capRetryAfter((err.parameters.retry_after ?? 5) * 1000)!;
    log.warn({ detail, wait: formatDuration(wait) }, 'telegram rate limit on getUpdates');
    down(d, 'retrying', detail, true);
    return d.sup.wait(wait);
  }
  const wait = d.sup.nextWait();
  log.warn({ detail, retry_in: formatDuration(wait) }, 'telegram polling failed');
  down(d, 'retrying', detail, true);
  return d.sup.wait(wait);
}
