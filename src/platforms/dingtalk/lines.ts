// What DingTalk's adapter (`hermes_plugins.dingtalk_platform.adapter`, tag `[Dingtalk]`) and its SDK log
// (hermes-gateway-current.md §6, §9.7).
import type { LogNeedle } from '../../evidence.js';

/** §6: `[%s] Stream client error: %s` → `[%s] Reconnecting in %ds...`; the stream restarts with no success line. */
export const STREAM_ERROR = /^\[Dingtalk\] Stream client error: /;
export const CONNECTED = /^\[Dingtalk\] Connected via Stream Mode/;

/** §9.7, #24851: an SDK the adapter does not match; every reconnect fails the same way, forever (`Stream client error`). */
export const SDK_MISMATCH =
  /^\[Dingtalk\] Stream client error: .*'coroutine' object does not support the asynchronous context manager protocol/;
/**
 * §9.7, #9752: the sibling mismatch, logged by the SDK's logger `dingtalk_stream.client` itself (ERROR: agent.log and
 * errors.log, never gateway.log), for a message it fails to process.
 */
export const SDK_AWAIT = /^error processing message: object tuple can't be used in 'await' expression/;

/** Kept over hours too (src/probes/log-hours.ts): one line a message, and a busy agent.log's tail soon passes it. */
export const HOURS_NEEDLES: readonly LogNeedle[] = [
  { text: 'dingtalk_stream.client: error processing message: ', keep: (r) => SDK_AWAIT.test(r.message) },
];

export const sample = {
  sdkMismatch: () =>
    "[Dingtalk] Stream client error: 'coroutine' object does not support the asynchronous context manager protocol",
  reconnecting: (s: number) => `[Dingtalk] Reconnecting in ${s}s...`,
};
