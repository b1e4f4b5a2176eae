// The QQ WebSocket gateway, supervised: GET /gateway and a token (gateway-login.ts), then one connection at a time
// (gateway-link.ts), the session across them (gateway-session.ts) and what to do when one closes (close-policy.ts).
// Retryable causes retry forever, and nothing connecting for give_up_after is fatal, by the supervisor every chat
// channel shares (src/channel-kit/supervisor.ts).
import type { Logger } from 'pino';
import type { TokenSource } from './auth.js';
import type { QQApi } from './api.js';
import { closePolicy, type CloseDecision } from './close-policy.js';
import { openLink, type Link } from './gateway-link.js';
import { fetchUrlAndToken } from './gateway-login.js';
import { afterClose, createResumeBudget, markUp } from './gateway-session.js';
import type { GatewayState, GatewayTimings } from './gateway-state.js';
import { formatDuration } from '../../util/duration.js';
import type { Clock } from '../../util/clock.js';
import { createSupervisor } from '../../channel-kit/supervisor.js';

export { closePolicy };
export { DEFAULT_TIMINGS, type GatewayState, type GatewayTimings } from './gateway-state.js';

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
  /** Every wait of the gateway (reconnects, give_up_after, the quiet check); `now` alone overrides its time. */
  clock: Clock;
  now?: () => number;
  random?: () => number;
}

export interface Gateway {
  start(): void;
  stop(): Promise<void>;
  readonly state: Readonly<GatewayState>;
}

export function createGateway(deps: GatewayDeps): Gateway {
  const t = deps.timings;
  const base = deps.clock;
  const clock: Clock = deps.now ? { ...base, now: deps.now } : base;
  const now = clock.now;
  const log = deps.log;
  const s: GatewayState = { phase: 'idle', seq: null, pendingAcks: 0, resumes: 0, reconnects: 0, identifies: 0 };
  let link: Link | undefined;
  let gen = 0;
  const resume = createResumeBudget(t.maxResumeAttempts);
  const sup = createSupervisor({
    clock,
    backoff: { baseMs: t.backoffBaseMs, maxMs: t.backoffMaxMs },
    giveUpAfterMs: t.giveUpAfterMs,
    random: deps.random,
    onFatal(downFor) {
      const reason = `QQ gateway unreachable for ${formatDuration(downFor)} (give_up_after)${s.lastError ? `: ${s.lastError}` : ''}`;
      log.error({ channel: 'qq' }, reason);
      deps.onFatal(reason);
    },
  });

  function markOffline(): void {
    sup.down();
    s.offlineSince = sup.downSince;
  }

  function schedule(delayMs: number): void {
    if (s.phase === 'stopped') return;
    s.phase = 'waiting';
    sup.retryIn(delayMs, run);
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
    const delay = sup.nextWait(minDelayMs);
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
    const login = await fetchUrlAndToken(deps.api, deps.tokens, () => my === gen && !isStopped());
    if (!login) return;
    if (!login.ok) return 'halt' in login ? halt(login.halt) : retryLater(login.retry, login.minDelayMs);
    if (my !== gen || isStopped()) return;
    s.phase = 'handshake';
    link = openLink({
      url: login.url,
      token: login.token,
      intents: deps.intents,
      timings: t,
      log,
      clock,
      state: s,
      current: () => my === gen,
      resumeNow: () => resume.next(s),
      resuming: resume.resuming,
      invalidateToken: () => deps.tokens.invalidate(),
      up,
      dispatch: deps.onDispatch,
      closed: onClose,
    });
  }

  function up(how: 'ready' | 'resumed'): void {
    sup.up();
    resume.reset();
    markUp(s, how, now);
    log.info({ channel: 'qq', session: how }, how === 'ready' ? 'QQ gateway ready' : 'QQ gateway session resumed');
    deps.onUp?.(how);
  }

  function onClose(code: number, reason: string, intent: CloseDecision | undefined): void {
    link = undefined;
    const wasUp = s.phase === 'connected';
    s.connectedSince = undefined;
    if (s.phase === 'stopped') return;
    const decision = afterClose(s, code, intent);
    if (decision.action === 'stop') return halt(decision.reason);
    if (decision.refreshToken) deps.tokens.invalidate();
    s.reconnects++;
    markOffline();
    const minDelay = decision.minDelayMs === -1 ? t.rateLimitedWaitMs : (decision.minDelayMs ?? 0);
    const why = `${decision.reason}${reason ? ` "${reason}"` : ''}`;
    s.lastError = why;
    // First retry after a healthy session is quick; backoff grows only while attempts keep failing.
    const delay = sup.nextWait(minDelay);
    log[wasUp ? 'info' : 'warn'](
      { channel: 'qq', code, next: decision.action, retryInMs: delay },
      `QQ gateway closed: ${why}`,
    );
    schedule(delay);
  }

  function checkQuiet(): void {
    if (s.phase !== 'connected' || !link) return;
    const last = Math.max(s.lastActivityAt ?? 0, s.identifiedAt ?? 0);
    if (now() - last < t.quietReidentifyMs) return;
    log.info({ channel: 'qq' }, `no QQ events for ${formatDuration(now() - last)}: starting a fresh session`);
    link.closeFor({ action: 'identify', reason: 'fresh session after a long quiet' });
  }

  function shutdown(): void {
    s.phase = 'stopped';
    sup.stop();
    const l = link;
    link = undefined;
    gen++;
    l?.abandon();
  }

  return {
    state: s,
    start() {
      if (s.phase !== 'idle') return;
      markOffline();
      sup.every(Math.max(10, Math.min(60_000, t.quietReidentifyMs / 4)), checkQuiet);
      run();
    },
    async stop() {
      shutdown();
    },
  };
}
