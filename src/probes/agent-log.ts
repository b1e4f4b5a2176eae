// Long tool calls quoted from the tail of agent.log: a tool that ran for minutes on the gateway's thread pool is the
// usual suspect when the gateway stops answering. agent.log rotates at 5 MB and is busy, so only its tail is read.
import type { SlowToolCall } from '../evidence.js';
import { parseLogLine } from './log-parse.js';
import { splitLines } from './log-tail.js';
import { openRegular } from '../util/read-capped.js';

export interface SlowToolOptions {
  /** Calls at least this long are returned (default 60 s; config `detect.slow_tool` is in ms: divide by 1000). */
  minSeconds?: number;
  /** Bytes read from the end of the file (default 512 KiB). */
  tailBytes?: number;
  /** Only calls logged at or after this epoch ms (e.g. the current run's start). */
  since?: number;
  /** Newest calls kept at most (default 20). */
  limit?: number;
}

// `Tool terminal returned error (322.13s): …`, `Tool web_search completed in 75.2s`, `Tool x completed (75.2s)`.
const TOOL_TIME =
  /\bTool ([\w.:\-]+) (?:returned error \((\d+(?:\.\d+)?)s\)|completed in (\d+(?:\.\d+)?)s\b|completed \((\d+(?:\.\d+)?)s\))/;

/** The tool name and duration a message reports, or null. */
export function matchToolTime(message: string): { tool: string; seconds: number } | null {
  const m = TOOL_TIME.exec(message);
  if (!m) return null;
  const seconds = Number(m[2] ?? m[3] ?? m[4]);
  return Number.isFinite(seconds) ? { tool: m[1]!, seconds } : null;
}

/** Slow tool calls in the tail of agent.log, oldest first. A missing file gives []; other read errors (a FIFO or a device
 * at the path: ENOTREG) throw. */
export async function readSlowToolCalls(file: string, opts: SlowToolOptions = {}): Promise<SlowToolCall[]> {
  const minSeconds = opts.minSeconds ?? 60;
  const tailBytes = Math.max(1024, opts.tailBytes ?? 512 * 1024);
  const limit = opts.limit ?? 20;
  let fh;
  try {
    fh = await openRegular(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  let buf: Buffer;
  let from: number;
  try {
    const { size } = await fh.stat();
    from = Math.max(0, size - tailBytes);
    buf = Buffer.allocUnsafe(size - from);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
      if (bytesRead <= 0) break;
      got += bytesRead;
    }
    buf = buf.subarray(0, got);
  } finally {
    await fh.close().catch(() => {});
  }
  // The first line of a tail is usually cut: skip it.
  if (from > 0) buf = buf.subarray(buf.indexOf(10) + 1);
  const out: SlowToolCall[] = [];
  for (const raw of splitLines(buf)) {
    if (!raw.includes('Tool ')) continue;
    const rec = parseLogLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (!rec) continue;
    const hit = matchToolTime(rec.message);
    if (!hit || hit.seconds < minSeconds) continue;
    if (opts.since !== undefined && rec.ts < opts.since) continue;
    out.push({ ts: rec.ts, tool: hit.tool, seconds: hit.seconds, line: rec.line });
  }
  return out.slice(-limit);
}
