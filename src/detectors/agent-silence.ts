// The agent's own silence (hermes-gateway-current.md §9.11–9.13): the platforms hear, the process lives, the state file
// is fine, and nobody gets an answer. gateway.log has the runner's `inbound message:` and `response ready: … time=Ns`
// lines; agent.log has why (a stream that went quiet, a stalled loop).
import type { Detector, Evidence, LogRecord } from '../evidence.js';
import type { Finding } from '../types.js';
import { LOOP_STALL, STREAM_STALL } from '../probes/agent-tail.js';
import { age, currentRun, finding, processAlive, type EvidenceLine } from './common.js';
import { readTurns } from './open-turns.js';

/**
 * What "long past normal" is for this gateway: three times the slowest tenth of its own recent replies (`time=`), but
 * never under 10 minutes (a model call plus a tool or two), and never over an hour. With fewer than 5 replies to learn
 * from, 15 minutes.
 */
export function replyLimitMs(seconds: readonly number[]): { limitMs: number; typicalS?: number } {
  if (seconds.length < 5) return { limitMs: 15 * 60_000 };
  const recent = [...seconds.slice(-50)].sort((a, b) => a - b);
  const p90 = recent[Math.min(recent.length - 1, Math.floor(recent.length * 0.9))]!;
  return { limitMs: Math.min(60 * 60_000, Math.max(10 * 60_000, 3 * p90 * 1000)), typicalS: p90 };
}

function streamStalls(ev: Evidence, since: number): LogRecord[] {
  return (ev.hermes?.agentOnly ?? []).filter((r) => r.ts >= since && STREAM_STALL.test(r.message));
}

const agentUnanswered: Detector = {
  check: 'agent_unanswered',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const { open, replySeconds: times } = readTurns(ev);
    if (!open.length) return [];
    const { limitMs, typicalS } = replyLimitMs(times);
    const late = open.filter((w) => ev.now - w.since > limitMs);
    if (!late.length) return [];
    const oldest = late[0]!;
    const messages = late.reduce((n, w) => n + w.messages, 0);
    const stalls = streamStalls(ev, oldest.first.ts);
    const facts: EvidenceLine[] = [
      oldest.first.line,
      typicalS !== undefined
        ? {
            key: 'evidence.agent.normal',
            params: { typical: age(typicalS * 1000), replies: times.length, limit: age(limitMs) },
          }
        : { key: 'evidence.agent.no_history', params: { limit: age(limitMs) } },
      ...(stalls.length ? [stalls.at(-1)!.line] : []),
    ];
    return [
      finding(ev, s, {
        check: 'agent_unanswered',
        // A provider stream that went quiet answers late, and a restart does not make it answer (§9.13).
        ...(stalls.length ? { text: 'agent_unanswered.stream' as const } : {}),
        severity: 'critical',
        // §9.12: a turn blocked on a model call holds its chat's slot until killed: a restart frees it.
        restart: stalls.length ? 'wait' : 'helps',
        params: {
          chats: String(late.length),
          messages: String(messages),
          ago: age(ev.now - oldest.first.ts),
          limit: age(limitMs),
        },
        since: oldest.first.ts,
        evidence: facts,
      }),
    ];
  },
};

/** §9.13: three stalls within 30 minutes is a provider or proxy problem, whatever the replies do meanwhile. */
const STREAM_WINDOW_MS = 30 * 60_000;
const STREAM_MIN = 3;

const streamStalled: Detector = {
  check: 'agent_stream_stalled',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const stalls = streamStalls(ev, ev.now - STREAM_WINDOW_MS);
    if (stalls.length < STREAM_MIN) return [];
    return [
      finding(ev, s, {
        check: 'agent_stream_stalled',
        severity: 'warning',
        // §9.13: the provider or the proxy stalls; a restart does not make it answer. A warning holds no other restart.
        restart: 'never',
        params: { count: String(stalls.length), window: age(STREAM_WINDOW_MS) },
        since: stalls[0]!.ts,
        evidence: [stalls[0]!.line, ...(stalls.length > 1 ? [stalls.at(-1)!.line] : [])],
      }),
    ];
  },
};

/** §9.11: "a stall > ~60 s means the process was frozen"; said while it is news (the last 15 minutes). */
const LOOP_STALL_S = 60;
const LOOP_RECENT_MS = 15 * 60_000;

const loopStalled: Detector = {
  check: 'loop_stalled',
  detect(ev, s) {
    const started = currentRun(ev).startedAt;
    const stalls = (ev.hermes?.agentOnly ?? []).filter(
      (r) =>
        ev.now - r.ts <= LOOP_RECENT_MS &&
        (started === undefined || r.ts >= started) &&
        Number(LOOP_STALL.exec(r.message)?.[1] ?? 0) > LOOP_STALL_S,
    );
    if (!stalls.length) return [];
    const worst = stalls.reduce((a, b) =>
      Number(LOOP_STALL.exec(b.message)![1]) > Number(LOOP_STALL.exec(a.message)![1]) ? b : a,
    );
    const seconds = Number(LOOP_STALL.exec(worst.message)![1]);
    const out: Finding[] = [
      finding(ev, s, {
        check: 'loop_stalled',
        severity: 'warning',
        // The line comes after the loop woke: nothing left for a restart to end. A loop still frozen is
        // gateway_unresponsive's (the control socket, §4).
        restart: 'never',
        params: { stalled: age(seconds * 1000), component: worst.logger },
        since: worst.ts - seconds * 1000,
        evidence: [worst.line],
      }),
    ];
    return out;
  },
};

export const agentSilenceDetectors: Detector[] = [agentUnanswered, streamStalled, loopStalled];
