// What Telegram's adapter (`hermes_plugins.telegram_platform.adapter`, tag `[Telegram]`) logs when it cannot hear,
// quoted from hermes-gateway-current.md §6 and §9.3.

/** §6 deaf-socket detectors: each triggers a polling restart; repeated with no recovery, the consumer stays deaf. */
export const DEAF =
  /^\[Telegram\] (Telegram polling heartbeat: \d+ update\(s\) queued but not consumed|getUpdates consumer appears wedged|Telegram polling heartbeat: updater stopped while in polling mode|Telegram updater is not running \(long-poll task gone\)|Telegram polling stalled: no getUpdates progress|Telegram reconnect task wedged for|Telegram ingress is healthy but deaf: )|^\[Telegram\] .* \(likely CLOSE-WAIT socket\)$/;

/** Polling restarted (§6: the restart line itself, `… health pending getUpdates progress`), connected, or the runner says so. */
export const RECOVERED =
  /^\[Telegram\] (Telegram polling restarted after |Connected to Telegram)|^✓ telegram (connected|reconnected)/;

/** §9.3, PR #90560: the positive signal, once per polling generation. */
export const CONFIRMED = /^\[Telegram\] Telegram polling confirmed healthy: getUpdates progressing \(generation \d+\)/;

/**
 * §9.3, #113618: v0.21.3's regression. The ladder's degraded line with the verifier's reason, on every attempt, while
 * getMe stays healthy; every fresh process goes deaf the same way.
 */
export const STALL_REGRESSION =
  /^\[Telegram\] Telegram polling degraded \(polling progress verifier: general path healthy but getUpdates stalled\)/;

/** §6/§9.3: a polling restart that waits for its first getUpdates round trip. */
export const PENDING = /^\[Telegram\] Telegram polling restarted after .*; health pending getUpdates progress$/;

export const sample = {
  stall: (seconds: number, generation: number) =>
    `[Telegram] Telegram polling stalled: no getUpdates progress for ${seconds}s (generation ${generation}). Rebuilding the long-poll consumer …`,
  stallRegression: () =>
    '[Telegram] Telegram polling degraded (polling progress verifier: general path healthy but getUpdates stalled); gateway stays alive and will retry. Error: getUpdates made no progress before verifier deadline',
  confirmed: (generation: number) =>
    `[Telegram] Telegram polling confirmed healthy: getUpdates progressing (generation ${generation})`,
};
