// A wait a remote end asks for (Retry-After, Telegram's retry_after) is obeyed up to a limit: a service or a proxy
// that asks for 31 years would otherwise silence a channel for good.
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** The wait asked for, in ms, at most MAX_RETRY_AFTER_MS; undefined stays undefined. */
export function capRetryAfter(ms: number | undefined): number | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}
