// Which platform a log record is about, and whether it shows a connection made, dropped, or the gateway stopping.
import type { LogRecord } from '../evidence.js';
import { platformOfLine } from '../probes/line-platform.js';
import { adapterLoopOf } from './adapter-loops.js';
import { perRecord } from './record-index.js';
import { isRunner } from './run.js';

const QQ_TAG = /^\[QQBot(?::[^\]]*)?\] /i;
const FEISHU_TAG = /^\[(Feishu|Lark)\] /i;

export const isQQ = perRecord((r): boolean => QQ_TAG.test(r.message));

export const isFeishu = perRecord((r): boolean => FEISHU_TAG.test(r.message));

/** The message without its `[QQBot:123] ` / `[Feishu] ` tag. */
export const body = perRecord((r): string => r.message.replace(/^\[[^\]]+\] /, ''));

/** Which platform a record is about, if any. */
export const platformOf = perRecord(readPlatform);

function readPlatform(r: LogRecord): string | undefined {
  // QQ's and Feishu's tags first: the readers below test them on every record anyway, and memoised.
  if (isQQ(r)) return 'qqbot';
  if (isFeishu(r)) return 'feishu';
  // The one attribution table (issue 54): the runner's line that names it, an adapter's or a library's logger, a tag
  // or prefix, the host a generic library's line names.
  return platformOfLine(r);
}

/** A line showing the platform's connection is (re-)established. */
export const isConnectLine = perRecord((r): boolean => {
  const b = body(r);
  if (isQQ(r)) return /^(WebSocket connected to|Reconnected|Session resumed|Ready, session_id|Connected$)/.test(b);
  if (isFeishu(r)) return /^Connected in /.test(b);
  const loop = adapterLoopOf(r.message);
  if (loop) return !!loop.loop.connect?.test(loop.body);
  return isRunner(r) && /^✓ \w+ (connected|reconnected successfully)/.test(r.message);
});

/** A line showing the platform's connection dropped. */
export const isDrop = perRecord((r): boolean => {
  const b = body(r);
  return (
    /^(WebSocket closed\b|WebSocket error: |Quick disconnect \()/.test(b) ||
    ((isQQ(r) || isFeishu(r)) && b === 'Disconnected') ||
    !!adapterLoopOf(r.message)?.loop.drop.test(b) ||
    /\bdisconnected to wss?:\/\//.test(r.message)
  );
});

/** The start of a shutdown: later disconnect lines are the gateway stopping, not drops. */
export function isShutdownStart(r: LogRecord): boolean {
  return (
    isRunner(r) &&
    /^(Received SIG\w+|Stopping gateway|No connected messaging platforms remain\. Shutting down)/.test(r.message)
  );
}
