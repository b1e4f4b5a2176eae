// Lines that appear in agent.log / errors.log only, never in gateway.log, because their logger is not a gateway
// component (hermes-gateway-current.md §5, §6): slack_bolt's closed-session retry loop and the respawn-storm breaker.
// Only the tail is read, and only matching records are kept.
import { open } from 'node:fs/promises';
import type { LogRecord } from '../evidence.js';
import { parseLogLine } from './log-parse.js';

const TAIL_BYTES = 128 * 1024;
const KEEP = 200;

/** The agent.log-only lines detectors look for. */
const AGENT_ONLY = [
  /^Failed to connect \(error: Session is closed\); Retrying\.\.\./, // slack_bolt.AsyncApp
  /^Gateway \(re\)started \d+ times in [\d.]+s — backing off/, // hermes_cli.gateway
];

export async function readAgentOnlyLines(file: string): Promise<LogRecord[]> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return [];
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    const lines = buf.subarray(0, bytesRead).toString('utf8').split('\n');
    if (start > 0) lines.shift(); // cut in the middle
    const out: LogRecord[] = [];
    for (const l of lines) {
      const r = parseLogLine(l.replace(/\r$/, ''));
      if (r && AGENT_ONLY.some((re) => re.test(r.message))) out.push(r);
    }
    return out.slice(-KEEP);
  } finally {
    await fh.close();
  }
}
