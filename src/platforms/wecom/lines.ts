// What WeCom's adapter (tag `[Wecom]`) logs about its WebSocket (hermes-gateway-current.md §6, §9.8).

/** §6: a reconnect that failed or timed out; §9.8: sends refused while the socket stays open (#29667). */
export const RECONNECT_TROUBLE =
  /^\[Wecom\] (Reconnect failed: |Reconnect timed out after )|errcode 846609: aibot websocket not subscribed/;
export const RECONNECTED = /^\[Wecom\] Reconnected$/;
/** §9.8, #71337: the server closes a socket whose heartbeat carries `"body": {}` after ~300 s. */
export const SERVER_CLOSED = /^\[Wecom\] WebSocket error: WeCom websocket closed$/;
/** §6: any drop. */
export const WS_ERROR = /^\[Wecom\] WebSocket error: /;
/** What ends a reconnect attempt, one way or the other. */
export const ATTEMPT_ENDED = /^\[Wecom\] (Reconnected$|Reconnect failed: |Reconnect timed out after )/;

export const sample = {
  serverClosed: () => '[Wecom] WebSocket error: WeCom websocket closed',
  reconnected: () => '[Wecom] Reconnected',
  notSubscribed: () =>
    '[Wecom] Send failed: send reply markdown failed: WeCom errcode 846609: aibot websocket not subscribed',
};
