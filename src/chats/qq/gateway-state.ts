// What the QQ gateway knows of its connection (shown by health and read by the channel), and how long it waits.
export interface GatewayTimings {
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Offline this long (no READY/RESUMED) → onFatal. */
  giveUpAfterMs: number;
  /** No events for this long → drop the (possibly deaf) session and identify afresh. */
  quietReidentifyMs: number;
  /** Wait after close 4008 (sending too fast). */
  rateLimitedWaitMs: number;
  /** Wait after op 9 before identifying again. */
  invalidSessionWaitMs: number;
  /** WebSocket handshake, and again Hello → READY/RESUMED. */
  handshakeTimeoutMs: number;
  /** Resume attempts that never reach RESUMED before we fall back to identify. */
  maxResumeAttempts: number;
}

export const DEFAULT_TIMINGS: Omit<GatewayTimings, 'giveUpAfterMs'> = {
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  quietReidentifyMs: 6 * 3_600_000,
  rateLimitedWaitMs: 60_000,
  invalidSessionWaitMs: 3_000,
  handshakeTimeoutMs: 30_000,
  maxResumeAttempts: 3,
};

export interface GatewayState {
  phase: 'idle' | 'connecting' | 'handshake' | 'connected' | 'waiting' | 'stopped';
  sessionId?: string;
  seq: number | null;
  heartbeatMs?: number;
  pendingAcks: number;
  connectedSince?: number;
  lastAckAt?: number;
  lastActivityAt?: number;
  identifiedAt?: number;
  offlineSince?: number;
  resumes: number;
  reconnects: number;
  identifies: number;
  lastError?: string;
  haltReason?: string;
}
