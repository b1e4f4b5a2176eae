// What Slack logs when Socket Mode dies (hermes-gateway-current.md §6, §9.1).

/** slack_bolt.AsyncApp retrying a closed aiohttp session every ~10 s, forever (#85574): agent.log only. */
export const CLOSED_SESSION = /^Failed to connect \(error: Session is closed\); Retrying\.\.\./;

/** Hermes' own watchdog rebuilding Socket Mode and failing (gateway.log). */
export const RECONNECT_FAILED = /^\[Slack\] Socket Mode reconnect failed: /;

export const sample = {
  closedSession: () => 'Failed to connect (error: Session is closed); Retrying...',
  unhealthy: (reason: string) => `[Slack] Socket Mode unhealthy (${reason}); reconnecting`,
};
