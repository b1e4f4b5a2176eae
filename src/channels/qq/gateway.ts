// The QQ WebSocket gateway as a small state machine: GET /gateway → Hello → Identify/Resume → READY/RESUMED → dispatch.
// The heartbeat runs on its own interval and only ever calls ws.send; two unanswered heartbeats mean the socket is
// dead (half-open TCP can look OPEN for hours), so it is terminated and resumed. Retryable causes retry forever with
// capped, jittered backoff; if nothing connects for give_up_after the owner is told (onFatal) so the process can exit.
import WebSocket from 'ws';
import type { Logger } from 'pino';
import { QQAuthError, type TokenSource } from './auth.js';
import { describeResponse, fetchGatewayUrl, type QQApi } from './api.js';
import { formatDuration } from '../../util/duration.js';

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

export interface GatewayDeps {
  api: QQApi;
  tokens: TokenSource;
  intents: number;
  log: Logger;
  timings: GatewayTimings;
  /** Called synchronously for every event other than READY/RESUMED; must not block (schedule async work). */
  onDispatch(type: string, data: unknown, eventId: string | undefined): void;
  /** Offline past give_up_after. */
  onFatal(reason: string): void;
  /** Stopped for good (4914/4915, a config bug, wrong credentials). */
  onHalt?(reason: string): void;
  /** Connected (READY or RESUMED). */
  onUp?(how: 'ready' | 'resumed'): void;
  now?: () => number;
  random?: () => number;
}

type Next = 'resume' | 'identify';
interface CloseDecision {
  action: Next | 'stop';
  reason: string;
  refreshToken?: boolean;
  minDelayMs?: number;
}

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

export interface Gateway {
  start(): void;
  stop(): Promise<void>;
  readonly state: Readonly<GatewayState>;
}

const HALT_CODES: Record<number, string> = {
  4001: 'invalid opcode (a gatewatch bug)',
  4002: 'invalid payload (a gatewatch bug)',
  4010: 'invalid shard',
  4011: 'too many guilds for one shard',
  4012: 'invalid gateway version',
  4013: 'invalid intents: check channels.qq.intents',
  4014: "intents not permitted for this bot: check channels.qq.intents and the bot's permissions on q.qq.com",
  4914: 'the bot is delisted (下架) and only the sandbox may connect: fix it on q.qq.com, then restart gatewatch',
  4915: 'the bot is banned (封禁): appeal on q.qq.com before connecting again',
};

/** What to do after QQ closes the socket with `code` (reference §3 plus field reports). */
export function closePolicy(code: number, hasSession: boolean): CloseDecision {
  const halt = HALT_CODES[code];
  if (halt) return { action: 'stop', reason: `QQ closed the gateway with ${code}: ${halt}` };
  if (code === 4004) return { action: 'identify', refreshToken: true, reason: 'close 4004: token invalid' };
  if (code === 4006 || code === 4007 || (code >= 4900 && code <= 4913)) {
    return { action: 'identify', refreshToken: true, reason: `close ${code}: session cannot be resumed` };
  }
  const resumeOr: Next = hasSession ? 'resume' : 'identify';
  if (code === 4008) return { action: resumeOr, minDelayMs: -1, reason: 'close 4008: sending too fast' };
  if (code === 4009) return { action: resumeOr, reason: 'close 4009: connection expired' };
  // The official rule for the remaining 4xxx codes: identify again. Below 4000 it is the transport: resume.
  if (code >= 4000) return { action: 'identify', reason: `close ${code}` };
  return { action: resumeOr, reason: `connection lost (${code})` };
}

export function createGateway(deps: GatewayDeps): Gateway {
  const t = deps.timings;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const log = deps.log;
  const s: GatewayState = { phase: 'idle', seq: null, pendingAcks: 0, resumes: 0, reconnects: 0, identifies: 0 };
  let ws: WebSocket | undefined;
  let token = '';
  let gen = 0;
  let attempt = 0;
  let resumeAttempts = 0;
  let resuming = false;
  let intent: CloseDecision | undefined;
  const timers: Record<'heartbeat' | 'reconnect' | 'handshake' | 'giveUp' | 'quiet', NodeJS.Timeout | undefined> = {
    heartbeat: undefined,
    reconnect: undefined,
    handshake: undefined,
    giveUp: undefined,
    quiet: undefined,
  };

  function clear(name: keyof typeof timers): void {
    const h = timers[name];
    if (h) {
      clearTimeout(h);
      clearInterval(h);
    }
    timers[name] = undefined;
  }

  function markOffline(): void {
    if (s.offlineSince !== undefined) return;
    s.offlineSince = now();
    timers.giveUp = setTimeout(() => {
      timers.giveUp = undefined;
      if (s.phase === 'stopped') return;
      const reason = `QQ gateway unreachable for ${formatDuration(now() - (s.offlineSince ?? now()))} (give_up_after)${s.lastError ? `: ${s.lastError}` : ''}`;
      log.error({ channel: 'qq' }, reason);
      deps.onFatal(reason);
    }, t.giveUpAfterMs);
  }

  function backoff(): number {
    const cap = Math.min(t.backoffMaxMs, t.backoffBaseMs * 2 ** attempt);
    attempt = Math.min(attempt + 1, 30);
    return Math.round(cap * (0.5 + random() * 0.5));
  }

  function schedule(delayMs: number): void {
    if (s.phase === 'stopped') return;
    clear('reconnect');
    s.phase = 'waiting';
    timers.reconnect = setTimeout(() => {
      timers.reconnect = undefined;
      run();
    }, delayMs);
  }

  function halt(reason: string): void {
    if (s.phase === 'stopped') return;
    s.haltReason = reason;
    shutdown();
    log.error({ channel: 'qq' }, `QQ channel stopped: ${reason}`);
    deps.onHalt?.(reason);
  }

  function retryLater(reason: string, minDelayMs = 0): void {
    s.lastError = reason;
    const delay = Math.max(backoff(), minDelayMs);
    log.warn({ channel: 'qq', retryInMs: delay }, reason);
    schedule(delay);
  }

  // A function so TypeScript does not narrow `phase` across awaits.
  const isStopped = () => s.phase === 'stopped';

  function run(): void {
    connect().catch((err: unknown) => {
      if (s.phase !== 'stopped') retryLater(`cannot connect to the QQ gateway: ${(err as Error).message}`);
    });
  }

  async function connect(): Promise<void> {
    if (s.phase === 'stopped') return;
    const my = ++gen;
    s.phase = 'connecting';
    const { url, response } = await fetchGatewayUrl(deps.api);
    if (my !== gen || isStopped()) return;
    if (!url) {
      if (response.authPermanent) return halt(response.error ?? 'QQ rejected the bot credentials');
      return retryLater(`cannot get the QQ gateway URL: ${describeResponse(response)}`, response.retryAfterMs);
    }
    try {
      token = await deps.tokens.get();
    } catch (err) {
      if (err instanceof QQAuthError && err.permanent) return halt(err.message);
      return retryLater((err as Error).message);
    }
    if (my !== gen || isStopped()) return;
    s.phase = 'handshake';
    const sock = new WebSocket(url, { handshakeTimeout: t.handshakeTimeoutMs });
    ws = sock;
    timers.handshake = setTimeout(() => {
      s.lastError = 'no READY/RESUMED in time';
      sock.terminate();
    }, t.handshakeTimeoutMs * 2);
    sock.on('message', (data) => {
      if (my === gen) onFrame(sock, String(data));
    });
    sock.on('error', (err) => {
      if (my === gen) s.lastError = `gateway socket error: ${err.message}`;
    });
    sock.on('close', (code, reason) => {
      if (my === gen) onClose(code, reason.toString().slice(0, 120));
    });
  }

  function sendFrame(sock: WebSocket, frame: unknown): void {
    if (sock.readyState === WebSocket.OPEN) sock.send(JSON.stringify(frame));
  }

  function heartbeat(sock: WebSocket): void {
    // Runs on its own interval; never awaits anything.
    if (s.pendingAcks >= 2) {
      intent = { action: 'resume', reason: `no heartbeat ACK for ${s.pendingAcks} heartbeats: dead socket` };
      sock.terminate();
      return;
    }
    s.pendingAcks++;
    sendFrame(sock, { op: 1, d: s.seq });
  }

  function onHello(sock: WebSocket, d: unknown): void {
    const interval = Number((d as { heartbeat_interval?: unknown } | null)?.heartbeat_interval);
    s.heartbeatMs = interval > 0 ? interval : 41_250;
    s.pendingAcks = 0;
    clear('heartbeat');
    timers.heartbeat = setInterval(() => heartbeat(sock), s.heartbeatMs);
    heartbeat(sock);
    const canResume = s.sessionId !== undefined && s.seq !== null && resumeAttempts < t.maxResumeAttempts;
    if (canResume) {
      resuming = true;
      resumeAttempts++;
      sendFrame(sock, { op: 6, d: { token: `QQBot ${token}`, session_id: s.sessionId, seq: s.seq } });
    } else {
      resuming = false;
      s.sessionId = undefined;
      s.seq = null;
      s.identifies++;
      sendFrame(sock, {
        op: 2,
        d: { token: `QQBot ${token}`, intents: deps.intents, shard: [0, 1], properties: { $os: process.platform, $browser: 'gatewatch', $device: 'gatewatch' } },
      });
    }
  }

  function up(how: 'ready' | 'resumed'): void {
    clear('handshake');
    clear('giveUp');
    attempt = 0;
    resumeAttempts = 0;
    s.phase = 'connected';
    s.connectedSince = now();
    s.offlineSince = undefined;
    s.lastError = undefined;
    if (how === 'ready') s.identifiedAt = now();
    else s.resumes++;
    log.info({ channel: 'qq', session: how }, how === 'ready' ? 'QQ gateway ready' : 'QQ gateway session resumed');
    deps.onUp?.(how);
  }

  function gracefulClose(sock: WebSocket, decision: CloseDecision): void {
    intent = decision;
    sock.close(4000, 'reconnect');
    // A dead peer never answers the close frame.
    setTimeout(() => sock.terminate(), 2_000).unref();
  }

  function onFrame(sock: WebSocket, text: string): void {
    let f: { op?: unknown; d?: unknown; s?: unknown; t?: unknown; id?: unknown };
    try {
      f = JSON.parse(text) as typeof f;
    } catch {
      log.warn({ channel: 'qq', frame: text.slice(0, 80) }, 'ignoring malformed QQ gateway frame');
      return;
    }
    if (!f || typeof f !== 'object' || typeof f.op !== 'number') {
      log.warn({ channel: 'qq' }, 'ignoring QQ gateway frame without op');
      return;
    }
    switch (f.op) {
      case 10:
        return onHello(sock, f.d);
      case 11:
        s.pendingAcks = 0;
        s.lastAckAt = now();
        return;
      case 1:
        return sendFrame(sock, { op: 1, d: s.seq });
      case 7:
        log.info({ channel: 'qq' }, 'QQ asked for a reconnect (op 7)');
        return gracefulClose(sock, { action: 'resume', reason: 'server asked to reconnect (op 7)' });
      case 9: {
        // d=true means the session may be resumed, unless the resume itself was what failed.
        const resumable = f.d === true && !resuming;
        if (!resuming) deps.tokens.invalidate();
        log.warn({ channel: 'qq', resuming, d: f.d }, 'QQ invalid session (op 9)');
        return gracefulClose(sock, {
          action: resumable ? 'resume' : 'identify',
          reason: resuming ? 'resume rejected (op 9)' : 'identify rejected (op 9)',
          minDelayMs: t.invalidSessionWaitMs,
        });
      }
      case 0:
        return onDispatch(f);
      default:
        return;
    }
  }

  function onDispatch(f: { d?: unknown; s?: unknown; t?: unknown; id?: unknown }): void {
    if (typeof f.s === 'number') s.seq = f.s;
    if (f.t === 'READY') {
      const sid = (f.d as { session_id?: unknown } | null)?.session_id;
      s.sessionId = typeof sid === 'string' ? sid : undefined;
      return up('ready');
    }
    if (f.t === 'RESUMED') return up('resumed');
    s.lastActivityAt = now();
    if (typeof f.t !== 'string') return;
    try {
      deps.onDispatch(f.t, f.d, typeof f.id === 'string' ? f.id : undefined);
    } catch (err) {
      log.error({ channel: 'qq', event: f.t, err: (err as Error).message }, 'QQ event handler failed');
    }
  }

  function onClose(code: number, reason: string): void {
    clear('heartbeat');
    clear('handshake');
    ws = undefined;
    const wasUp = s.phase === 'connected';
    s.connectedSince = undefined;
    if (s.phase === 'stopped') return;
    const decision = intent ?? closePolicy(code, s.sessionId !== undefined);
    intent = undefined;
    if (decision.action === 'stop') return halt(decision.reason);
    if (decision.action === 'identify') {
      s.sessionId = undefined;
      s.seq = null;
    }
    if (decision.refreshToken) deps.tokens.invalidate();
    s.reconnects++;
    markOffline();
    const minDelay = decision.minDelayMs === -1 ? t.rateLimitedWaitMs : (decision.minDelayMs ?? 0);
    const why = `${decision.reason}${reason ? ` "${reason}"` : ''}`;
    s.lastError = why;
    // First retry after a healthy session is quick; backoff grows only while attempts keep failing.
    const delay = Math.max(backoff(), minDelay);
    log[wasUp ? 'info' : 'warn']({ channel: 'qq', code, next: decision.action, retryInMs: delay }, `QQ gateway closed: ${why}`);
    schedule(delay);
  }

  function checkQuiet(): void {
    if (s.phase !== 'connected' || !ws) return;
    const last = Math.max(s.lastActivityAt ?? 0, s.identifiedAt ?? 0);
    if (now() - last < t.quietReidentifyMs) return;
    log.info({ channel: 'qq' }, `no QQ events for ${formatDuration(now() - last)}: starting a fresh session`);
    gracefulClose(ws, { action: 'identify', reason: 'fresh session after a long quiet' });
  }

  function shutdown(): void {
    s.phase = 'stopped';
    for (const k of Object.keys(timers) as (keyof typeof timers)[]) clear(k);
    const sock = ws;
    ws = undefined;
    gen++;
    if (sock) {
      sock.removeAllListeners('message');
      sock.on('error', () => {});
      if (sock.readyState === WebSocket.OPEN) sock.close(1000, 'shutdown');
      setTimeout(() => sock.terminate(), 1_000).unref();
    }
  }

  return {
    state: s,
    start() {
      if (s.phase !== 'idle') return;
      markOffline();
      timers.quiet = setInterval(checkQuiet, Math.max(10, Math.min(60_000, t.quietReidentifyMs / 4)));
      run();
    },
    async stop() {
      shutdown();
    },
  };
}
