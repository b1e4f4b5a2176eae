// The QQ gateway's frames on the wire (reference §3): a frame read off the socket, the two that open a session, and
// what an invalid session (op 9) leaves to try next.
import type { Logger } from 'pino';
import type { CloseDecision } from './close-policy.js';
import type { GatewayState } from './gateway-state.js';

export type Frame = { op?: unknown; d?: unknown; s?: unknown; t?: unknown; id?: unknown };

/** A frame off the socket; none (and a warning) for text that is not one: the link goes on either way. */
export function parseFrame(text: string, log: Pick<Logger, 'warn'>): Frame | undefined {
  let f: Frame;
  try {
    f = JSON.parse(text) as Frame;
  } catch {
    log.warn({ channel: 'qq', frame: text.slice(0, 80) }, 'ignoring malformed QQ gateway frame');
    return undefined;
  }
  if (!f || typeof f !== 'object' || typeof f.op !== 'number') {
    log.warn({ channel: 'qq' }, 'ignoring QQ gateway frame without op');
    return undefined;
  }
  return f;
}

/** Op 6: the session of `s` taken up again where its last seq left it. */
export function resumeFrame(token: string, s: Pick<GatewayState, 'sessionId' | 'seq'>): unknown {
  return { op: 6, d: { token: `QQBot ${token}`, session_id: s.sessionId, seq: s.seq } };
}

/** Op 2: a new session, one shard of one. */
export function identifyFrame(token: string, intents: number): unknown {
  return {
    op: 2,
    d: {
      token: `QQBot ${token}`,
      intents,
      shard: [0, 1],
      properties: { $os: process.platform, $browser: 'gatewatch', $device: 'gatewatch' },
    },
  };
}

/**
 * After op 9, whose d=true means the session may be resumed, unless the resume itself was what failed: then only a
 * new session is left.
 */
export function afterInvalidSession(resumable: unknown, resuming: boolean, waitMs: number): CloseDecision {
  return {
    action: resumable === true && !resuming ? 'resume' : 'identify',
    reason: resuming ? 'resume rejected (op 9)' : 'identify rejected (op 9)',
    minDelayMs: waitMs,
  };
}
