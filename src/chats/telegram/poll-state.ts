// What the Telegram poller says of its polling (shown by health and read by the channel), and how long it waits.
export interface PollTimings {
  /** getUpdates `timeout` (seconds Telegram holds the request open when there is nothing). */
  pollTimeoutSec: number;
  /** How long past `timeout` a request may stay open before it is taken for dead. */
  stallMarginMs: number;
  /** Waits between attempts after network/server errors: from this, doubling (jittered) … */
  backoffBaseMs: number;
  /** … up to this; also the slow retry while Telegram refuses the token. */
  backoffMaxMs: number;
  /** Wait between attempts while another process polls the token. */
  conflictRetryMs: number;
}

export const DEFAULT_POLL_TIMINGS: PollTimings = {
  pollTimeoutSec: 30,
  stallMarginMs: 15_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  conflictRetryMs: 60_000,
};

export type PollState = 'starting' | 'polling' | 'retrying' | 'conflict' | 'stopped';

export interface PollStatus {
  state: PollState;
  /** Last getUpdates that returned (with or without updates). */
  lastPollAt?: number;
  downSince?: number;
  lastError?: string;
  /** Requests aborted as silent sockets. */
  stalls: number;
  conflicts: number;
  conflictSince?: number;
}
