// The long connection, supervised. The SDK's own traps: start() resolves before the socket is up (we wait for
// onReady), a half-open socket is only noticed with wsConfig.pingTimeout (we set it), a fatal endpoint answer or an
// exhausted retry budget leaves it `failed` for good (we call start() again with backoff), and an outage of any kind
// is ours to report: down longer than give_up_after → onFatal, so the supervisor restarts gatewatch.
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { formatDuration } from '../../util/duration.js';
import { redact } from '../../util/redact.js';

export interface WsTimings {
  /**
   * Seconds without any inbound frame after a ping before the socket is presumed dead. Must stay below the server's
   * PingInterval (120 s): the SDK re-arms this timer on every ping, so a longer timeout would never fire.
   */
  pingTimeoutSec: number;
  handshakeTimeoutMs: number;
  /** Waits before calling start() again after the SDK gave up (`failed`). */
  restartBackoffMs: number[];
  pollMs: number;
  /** How long channel start() waits for the first connection before going on in the background. */
  readyTimeoutMs: number;
}

export const DEFAULT_WS_TIMINGS: WsTimings = {
  pingTimeoutSec: 30,
  handshakeTimeoutMs: 15_000,
  restartBackoffMs: [5_000, 15_000, 30_000, 60_000, 120_000],
  pollMs: 5_000,
  readyTimeoutMs: 10_000,
};

export type WsState = lark.WSConnectionState;

export interface WsStatus {
  state: WsState;
  connectedAt?: number;
  downSince?: number;
  reconnects: number;
  restarts: number;
  lastError?: string;
}

export interface WsSupervisor {
  start(): Promise<void>;
  stop(): void;
  status(): WsStatus;
}

export interface WsOptions {
  appId: string;
  appSecret: string;
  domain: string;
  dispatcher: lark.EventDispatcher;
  sdkLogger: lark.Logger;
  log: Logger;
  giveUpAfterMs: number;
  timings: WsTimings;
  onFatal(reason: string): void;
  now?: () => number;
}

export function createWsSupervisor(o: WsOptions): WsSupervisor {
  const now = o.now ?? Date.now;
  const t = o.timings;
  let stopped = false;
  let connectedAt: number | undefined;
  let downSince: number | undefined;
  let reconnects = 0;
  let restarts = 0;
  let restartAttempt = 0;
  let lastError: string | undefined;
  let fatalSent = false;
  let poll: NodeJS.Timeout | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let readyWaiter: (() => void) | undefined;

  const up = (how: string) => {
    connectedAt = now();
    if (downSince !== undefined) o.log.info({ down: formatDuration(now() - downSince) }, `feishu long connection ${how}`);
    else o.log.info(`feishu long connection ${how}`);
    downSince = undefined;
    restartAttempt = 0;
    readyWaiter?.();
  };

  const ws = new lark.WSClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: o.domain,
    logger: o.sdkLogger,
    loggerLevel: lark.LoggerLevel.info,
    wsConfig: { pingTimeout: t.pingTimeoutSec },
    handshakeTimeoutMs: t.handshakeTimeoutMs,
    onReady: () => up('ready'),
    onReconnected: () => {
      reconnects++;
      up('reconnected');
    },
    onReconnecting: () => {
      downSince ??= now();
      o.log.warn('feishu long connection lost; the SDK is reconnecting');
    },
    onError: (err) => {
      lastError = redact(err.message);
      downSince ??= now();
      o.log.error({ err: lastError }, 'feishu long connection gave up');
    },
  });

  const startSdk = () => {
    void ws.start({ eventDispatcher: o.dispatcher }).catch((err: Error) => {
      lastError = redact(err.message);
      o.log.error({ err: lastError }, 'feishu long connection start failed');
    });
  };

  const check = () => {
    if (stopped) return;
    const { state } = ws.getConnectionStatus();
    if (state === 'connected') {
      downSince = undefined;
      return;
    }
    downSince ??= now();
    if (state === 'failed' && !restartTimer) {
      const wait = t.restartBackoffMs[Math.min(restartAttempt, t.restartBackoffMs.length - 1)] ?? 60_000;
      restartAttempt++;
      o.log.warn({ wait: formatDuration(wait), lastError }, 'feishu long connection failed; starting it again');
      restartTimer = setTimeout(() => {
        restartTimer = undefined;
        if (stopped) return;
        restarts++;
        startSdk();
      }, wait);
    }
    const down = now() - downSince;
    if (down >= o.giveUpAfterMs && !fatalSent) {
      fatalSent = true;
      o.onFatal(`feishu long connection ${state} for ${formatDuration(down)}${lastError ? ` (last error: ${lastError})` : ''}`);
    }
  };

  return {
    async start() {
      stopped = false;
      downSince = now();
      const ready = new Promise<boolean>((resolve) => {
        readyWaiter = () => resolve(true);
        setTimeout(() => resolve(false), t.readyTimeoutMs).unref();
      });
      startSdk();
      poll = setInterval(check, t.pollMs);
      poll.unref();
      if (!(await ready)) o.log.warn({ state: ws.getConnectionStatus().state, lastError }, 'feishu long connection not up yet; still trying in the background');
      readyWaiter = undefined;
    },
    stop() {
      stopped = true;
      clearInterval(poll);
      clearTimeout(restartTimer);
      restartTimer = undefined;
      ws.close({ force: true });
    },
    status: () => ({ state: ws.getConnectionStatus().state, connectedAt, downSince, reconnects, restarts, lastError }),
  };
}
