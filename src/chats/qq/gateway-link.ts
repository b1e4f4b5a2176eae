// One connection to the QQ gateway: Hello → Identify or Resume → READY/RESUMED → dispatch. The heartbeat runs on its
// own interval and only ever calls ws.send; two unanswered heartbeats mean the socket is dead (half-open TCP can look
// OPEN for hours), so it is terminated and the owner resumes. What follows a close is the owner's (gateway.ts).
import WebSocket from 'ws';
import type { Logger } from 'pino';
import type { CloseDecision } from './close-policy.js';
import { afterInvalidSession, identifyFrame, parseFrame, resumeFrame, type Frame } from './gateway-frames.js';
import type { GatewayState, GatewayTimings } from './gateway-state.js';
import { every, type Clock } from '../../util/clock.js';

export interface LinkDeps {
  url: string;
  token: string;
  intents: number;
  timings: GatewayTimings;
  log: Logger;
  /** The heartbeat, the handshake's limit and the close's grace run on it. */
  clock: Clock;
  /** Shared with the owner: the session id and seq outlive a connection. */
  state: GatewayState;
  /** False once the owner has moved on (a newer connection, a shutdown): this link's events are ignored then. */
  current(): boolean;
  /** At Hello: whether to resume (the owner decides and counts the attempt) or identify afresh. */
  resumeNow(): boolean;
  /** Whether the handshake under way is a resume: an op 9 then means the resume failed. */
  resuming(): boolean;
  invalidateToken(): void;
  up(how: 'ready' | 'resumed'): void;
  dispatch(type: string, data: unknown, eventId: string | undefined): void;
  /** The socket closed; `intent` is what this side meant to do next if it closed the socket itself. */
  closed(code: number, reason: string, intent: CloseDecision | undefined): void;
}

export interface Link {
  /** Close politely and go on as `decision` says. */
  closeFor(decision: CloseDecision): void;
  /** Shut down: no more events reach the owner, and the socket is closed. */
  abandon(): void;
}

export function openLink(d: LinkDeps): Link {
  const { state: s, timings: t, log, clock } = d;
  const now = clock.now;
  const sock = new WebSocket(d.url, { handshakeTimeout: t.handshakeTimeoutMs });
  let intent: CloseDecision | undefined;
  let stopHeartbeat = () => {};
  let stopHandshake = clock.timer(() => {
    s.lastError = 'no READY/RESUMED in time';
    sock.terminate();
  }, t.handshakeTimeoutMs * 2);

  function stopTimers(): void {
    stopHeartbeat();
    stopHandshake();
    stopHeartbeat = stopHandshake = () => {};
  }

  sock.on('message', (data) => {
    if (d.current()) onFrame(String(data));
  });
  sock.on('error', (err) => {
    if (d.current()) s.lastError = `gateway socket error: ${err.message}`;
  });
  sock.on('close', (code, reason) => {
    if (!d.current()) return;
    stopTimers();
    const meant = intent;
    intent = undefined;
    d.closed(code, reason.toString().slice(0, 120), meant);
  });

  function sendFrame(frame: unknown): void {
    if (sock.readyState === WebSocket.OPEN) sock.send(JSON.stringify(frame));
  }

  function heartbeat(): void {
    // Runs on its own interval; never awaits anything.
    if (s.pendingAcks >= 2) {
      intent = { action: 'resume', reason: `no heartbeat ACK for ${s.pendingAcks} heartbeats: dead socket` };
      sock.terminate();
      return;
    }
    s.pendingAcks++;
    sendFrame({ op: 1, d: s.seq });
  }

  function onHello(data: unknown): void {
    const interval = Number((data as { heartbeat_interval?: unknown } | null)?.heartbeat_interval);
    s.heartbeatMs = interval > 0 ? interval : 41_250;
    s.pendingAcks = 0;
    stopHeartbeat();
    stopHeartbeat = every(clock, s.heartbeatMs, heartbeat);
    heartbeat();
    if (d.resumeNow()) return sendFrame(resumeFrame(d.token, s));
    s.sessionId = undefined;
    s.seq = null;
    s.identifies++;
    sendFrame(identifyFrame(d.token, d.intents));
  }

  function closeFor(decision: CloseDecision): void {
    intent = decision;
    sock.close(4000, 'reconnect');
    // A dead peer never answers the close frame.
    clock.timer(() => sock.terminate(), 2_000);
  }

  function onFrame(text: string): void {
    const f = parseFrame(text, log);
    if (!f) return;
    switch (f.op) {
      case 10:
        return onHello(f.d);
      case 11:
        s.pendingAcks = 0;
        s.lastAckAt = now();
        return;
      case 1:
        return sendFrame({ op: 1, d: s.seq });
      case 7:
        log.info({ channel: 'qq' }, 'QQ asked for a reconnect (op 7)');
        return closeFor({ action: 'resume', reason: 'server asked to reconnect (op 7)' });
      case 9: {
        const resuming = d.resuming();
        if (!resuming) d.invalidateToken();
        log.warn({ channel: 'qq', resuming, d: f.d }, 'QQ invalid session (op 9)');
        return closeFor(afterInvalidSession(f.d, resuming, t.invalidSessionWaitMs));
      }
      case 0:
        return onDispatch(f);
      default:
        return;
    }
  }

  function onDispatch(f: Frame): void {
    if (typeof f.s === 'number') s.seq = f.s;
    if (f.t === 'READY' || f.t === 'RESUMED') {
      if (f.t === 'READY') {
        const sid = (f.d as { session_id?: unknown } | null)?.session_id;
        s.sessionId = typeof sid === 'string' ? sid : undefined;
      }
      stopHandshake();
      stopHandshake = () => {};
      return d.up(f.t === 'READY' ? 'ready' : 'resumed');
    }
    s.lastActivityAt = now();
    if (typeof f.t !== 'string') return;
    try {
      d.dispatch(f.t, f.d, typeof f.id === 'string' ? f.id : undefined);
    } catch (err) {
      log.error({ channel: 'qq', event: f.t, err: (err as Error).message }, 'QQ event handler failed');
    }
  }

  return {
    closeFor,
    abandon() {
      stopTimers();
      sock.removeAllListeners('message');
      sock.on('error', () => {});
      if (sock.readyState === WebSocket.OPEN) sock.close(1000, 'shutdown');
      clock.timer(() => sock.terminate(), 1_000);
    },
  };
}
