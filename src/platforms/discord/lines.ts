// What Discord's adapter (`hermes_plugins.discord_platform.adapter`, tag `[Discord]`) logs about its gateway
// WebSocket (hermes-gateway-current.md §6, §9.2; the liveness lines are Hermes' own, §9.2's correction to §6).

/** A liveness strike: `[%s] Discord Gateway WebSocket unhealthy (%s, %d/%d)`; group 1 the reason, 2/3 the count. */
export const STRIKE = /^\[Discord\] Discord Gateway WebSocket unhealthy \((\w+), (\d+)\/(\d+)\)/;

/**
 * What answers a strike: the sample recovered (later adapters), the threshold forced a reconnect, the runner reconnects,
 * the adapter connected again.
 */
export const ANSWER =
  /^\[Discord\] (Discord Gateway WebSocket healthy again after \d+ unhealthy sample|Discord Gateway WebSocket .*; forcing reconnect|Connected as )|^(Reconnecting discord \(attempt|✓ discord (connected|reconnected))/;

/** A later adapter's recovered sample (§9.2): its presence proves this adapter logs recoveries. */
export const HEALTHY_AGAIN = /^\[Discord\] Discord Gateway WebSocket healthy again after \d+ unhealthy sample/;

export const sample = {
  strike: (reason: string, n: number, of: number) =>
    `[Discord] Discord Gateway WebSocket unhealthy (${reason}, ${n}/${of})`,
  healthyAgain: (n: number) => `[Discord] Discord Gateway WebSocket healthy again after ${n} unhealthy sample(s)`,
};
