// Long tool calls quoted from the tail of agent.log: a tool that ran for minutes on the gateway's thread pool is the
// usual suspect when the gateway stops answering. agent.log rotates at 5 MB and is busy, so only its tail is read.
import type { SlowToolCall } from '../evidence.js';
import { parseLogLine } from './log-parse.js';
import { zoneOf } from './log-zone.js';
import { readTailSpanning } from '../util/read-capped.js';
import type { OpenRegular } from '../util/look-files.js';

export interface SlowToolOptions {
  /** Calls at least this long are returned (default 60 s; config `detect.slow_tool` is in ms: divide by 1000). */
  minSeconds?: number;
  /** Bytes read from the end of the file (default 512 KiB). */
  tailBytes?: number;
  /** Only calls logged at or after this epoch ms (e.g. the current run's start). */
  since?: number;
  /** Newest calls kept at most (default 20). */
  limit?: number;
  /** How the file is opened: the look's shared opening (src/util/look-files.ts). */
  open?: OpenRegular;
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
  let lines: string[];
  try {
    // A call logged just before a rollover is in agent.log.1.
    ({ lines } = await readTailSpanning(file, tailBytes, opts.open));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: SlowToolCall[] = [];
  for (const raw of lines) {
    if (!raw.includes('Tool ')) continue;
    const rec = parseLogLine(raw, zoneOf(file));
    if (!rec) continue;
    const hit = matchToolTime(rec.message);
    if (!hit || hit.seconds < minSeconds) continue;
    if (opts.since !== undefined && rec.ts < opts.since) continue;
    out.push({ ts: rec.ts, tool: hit.tool, seconds: hit.seconds, line: rec.line });
  }
  return out.slice(-limit);
}
