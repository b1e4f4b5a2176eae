// Lines that appear in agent.log / errors.log only, never in gateway.log, because their logger is not a gateway
// component (hermes-gateway-current.md §5, §6, §8.7, §8.10): slack_bolt's closed-session retry loop, the respawn-storm
// breaker, the agent loop's HTTP 400s and the Lark SDK's dead receive loop. Only the tail is read (FIFO-safe, capped),
// and only matching records are kept, with their traceback lines.
import type { LogRecord } from '../evidence.js';
import { parseLogLines } from './log-parse.js';
import { readTail } from '../util/read-capped.js';
import { AGENT_ONLY_LINES } from '../platforms/lines.js';

const TAIL_BYTES = 128 * 1024;
const KEEP = 200;

/** Lark's RuntimeError text (§8.10): where in the record it sits (message or traceback) the reference does not say. */
export const LARK_OTHER_LOOP = /attached to a different loop/;

/** The agent loop's HTTP 400 lines (§8.7). */
export const HTTP_400 = /^(?:API call failed \(attempt \d+\/\d+\) .*\bsummary=HTTP 400\b|Non-retryable client error: .*\bHTTP 400\b)/;

/** The agent.log-only records detectors look for. */
const AGENT_ONLY: ((r: LogRecord) => boolean)[] = [
  // Each Hermes platform's agent.log-only lines (src/platforms/<name>/lines.ts): slack_bolt's loop, the Lark SDK's ladder.
  (r) => AGENT_ONLY_LINES.some((re) => re.test(r.message)),
  (r) => /^Gateway \(re\)started \d+ times in [\d.]+s — backing off/.test(r.message), // hermes_cli.gateway
  // agent.conversation_loop (§8.7): `API call failed (attempt 1/3) error_type=BadRequestError … summary=HTTP 400: …`,
  // `Non-retryable client error: <Provider> HTTP 400 (<status>): <message>`.
  (r) => HTTP_400.test(r.message),
  // The SDK's own logger `Lark` (§8.10); a traceback line of any record that names lark_oapi's WS client also counts.
  (r) => (r.logger === 'Lark' || [r.message, ...(r.extra ?? [])].some((l) => l.includes('lark_oapi'))) && [r.message, ...(r.extra ?? [])].some((l) => LARK_OTHER_LOOP.test(l)),
];

export async function readAgentOnlyLines(file: string): Promise<LogRecord[]> {
  const tail = await readTail(file, TAIL_BYTES).catch(() => undefined);
  if (!tail) return [];
  return parseLogLines(tail.lines)
    .filter((r) => AGENT_ONLY.some((keep) => keep(r)))
    .map((r) => (r.extra && r.extra.length > 20 ? { ...r, extra: r.extra.slice(-20) } : r))
    .slice(-KEEP);
}
