// What Signal's adapter (`gateway.platforms.signal`, no tag: `Signal: …`) logs about its SSE stream
// (hermes-gateway-current.md §6, §9.6).

/** §9.6: no SSE activity for 120 s (signal-cli sends `:` keepalives about every 15 s): the stream is hung. */
export const SSE_IDLE = /^Signal: SSE idle for (\d+)s, checking daemon health/;

/** §9.6: the stream (re)connected. */
export const SSE_CONNECTED = /^Signal SSE: connected\b/;

export const sample = {
  idle: (seconds: number) => `Signal: SSE idle for ${seconds}s, checking daemon health`,
  connected: () => 'Signal SSE: connected',
};
