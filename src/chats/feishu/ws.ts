// The long connection, supervised. The SDK's own traps: start() resolves before the socket is up (we wait for
// onReady), a half-open socket is only noticed with wsConfig.pingTimeout (we set it), a fatal endpoint answer or an
// exhausted retry budget leaves it `failed` for good (we call start() again with backoff), and an outage of any kind
// is ours to report: down longer than give_up_after → onFatal, so the supervisor restarts gatewatch. The backoff, the
// give-up and the waits are the supervisor every chat channel shares (src/channel-kit/supervisor.ts).
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { formatDuration } from '../../util/duration.js';
import { redact } from '../../util/redact.js';
import type { Clock } from '../../util/clock.js';
import { createSupervisor } from '../../channel-kit/supervisor.js';

export interface WsTimings {
  /**
   * Seconds without any inbound frame after a ping before the socket is presumed dead. Must stay below the server's
   * PingInterval (120 s): the SDK re-arms this timer on every ping, so a longer timeout would never fire.
   */
  pingTimeoutSec: number;
  handshakeTimeoutMs: number;
  /** Waits before calling start() again after the SDK gave up (`failed`): from this, doubling (jittered) … */
  restartBackoffBaseMs: number;
  /** … up to this. */
  restartBackoffMaxMs: number;
  pollMs: number;
  /** How long channel start() waits for the first connection before going on in the background. */
  readyTimeoutMs: number;
}

export const DEFAULT_WS_TIMINGS: WsTimings = {
  pingTimeoutSec: 30,
  handshakeTimeoutMs: 15_000,
  restartBackoffBaseMs: 5_000,
  restartBackoffMaxMs: 120_000,
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
  /** Every wait of the supervisor; `now` alone overrides its time. */
  clock: Clock;
  now?: () => number;
  random?: () => number;
}

export function createWsSupervisor(o: WsOptions): WsSupervisor {
  const base = o.clock;
  const clock: Clock = o.now ? { ...base, now: o.now } : base;
  const now = clock.now;
  const t = o.timings;
  let connectedAt: number | undefined;
  let reconnects = 0;
  let restarts = 0;
  let lastError: string | undefined;
  let readyWaiter: (() => void) | undefined;
  const sup = createSupervisor({
    clock,
    backoff: { baseMs: t.restartBackoffBaseMs, maxMs: t.restartBackoffMaxMs },
    giveUpAfterMs: o.giveUpAfterMs,
    random: o.random,
    onFatal: (down) =>
      o.onFatal(
        `feishu long connection ${ws.getConnectionStatus().state} for ${formatDuration(down)}${lastError ? ` (last error: ${lastError})` : ''}`,
      ),
  });

  const up = (how: string) => {
    connectedAt = now();
    const since = sup.downSince;
    if (since !== undefined) o.log.info({ down: formatDuration(now() - since) }, `feishu long connection ${how}`);
    else o.log.info(`feishu long connection ${how}`);
    sup.up();
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
      sup.down();
      o.log.warn('feishu long connection lost; the SDK is reconnecting');
    },
    onError: (err) => {
      lastError = redact(err.message);
      sup.down();
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
    const { state } = ws.getConnectionStatus();
    if (state === 'connected') return sup.up();
    sup.down();
    if (state === 'failed' && !sup.retryPending) {
      const wait = sup.nextWait();
      o.log.warn({ wait: formatDuration(wait), lastError }, 'feishu long connection failed; starting it again');
      sup.retryIn(wait, () => {
        restarts++;
        startSdk();
      });
    }
  };

  return {
    async start() {
      sup.down();
      const ready = new Promise<boolean>((resolve) => {
        readyWaiter = () => resolve(true);
        clock.timer(() => resolve(false), t.readyTimeoutMs);
      });
      startSdk();
      sup.every(t.pollMs, check);
      if (!(await ready))
        o.log.warn(
          { state: ws.getConnectionStatus().state, lastError },
          'feishu long connection not up yet; still trying in the background',
        );
      readyWaiter = undefined;
    },
    stop() {
      sup.stop();
      ws.close({ force: true });
    },
    status: () => ({
      state: ws.getConnectionStatus().state,
      connectedAt,
      downSince: sup.downSince,
      reconnects,
      restarts,
      lastError,
    }),
  };
}
