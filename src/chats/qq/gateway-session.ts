// The QQ session across its connections: whether a handshake resumes it or identifies afresh (resumes that never reach
// RESUMED are counted, so a session QQ keeps refusing is given up), and what the gateway's state says once a
// connection is up or has closed.
import { closePolicy, type CloseDecision } from './close-policy.js';
import type { GatewayState } from './gateway-state.js';

export interface ResumeBudget {
  /** At Hello: resume when there is a session to take up and attempts are left (this one counted), else identify. */
  next(s: Readonly<GatewayState>): boolean;
  /** Whether the handshake under way is a resume. */
  resuming(): boolean;
  /** A connection is up: the attempts start again. */
  reset(): void;
}

export function createResumeBudget(maxAttempts: number): ResumeBudget {
  let attempts = 0;
  let resuming = false;
  return {
    next(s) {
      resuming = s.sessionId !== undefined && s.seq !== null && attempts < maxAttempts;
      if (resuming) attempts++;
      return resuming;
    },
    resuming: () => resuming,
    reset() {
      attempts = 0;
    },
  };
}

/** The state of a connection that is up: READY began a new session, RESUMED took the last one up again. */
export function markUp(s: GatewayState, how: 'ready' | 'resumed', now: () => number): void {
  s.phase = 'connected';
  s.connectedSince = now();
  s.offlineSince = undefined;
  s.lastError = undefined;
  if (how === 'ready') s.identifiedAt = now();
  else s.resumes++;
}

/**
 * What follows a close: what this side meant when it closed the socket itself, else what the close code says. A new
 * session to come forgets the old one's id and seq.
 */
export function afterClose(s: GatewayState, code: number, intent: CloseDecision | undefined): CloseDecision {
  const decision = intent ?? closePolicy(code, s.sessionId !== undefined);
  if (decision.action === 'identify') {
    s.sessionId = undefined;
    s.seq = null;
  }
  return decision;
}
