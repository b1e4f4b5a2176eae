// What the QQ and Feishu adapters log in each situation, in the order the real code logs it (reference §4.1, §4.2).
// Real waits (2 s, 60 s backoff…) are compressed so a fault plays out in seconds; the log text keeps the real values.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  feishuLog,
  later,
  markConnected,
  markDisconnected,
  pause,
  qqLog,
  randomInt,
  runExclusive,
  runLog,
  setFatal,
  type Sim,
} from './sim.js';
import { systemClock } from '../util/clock.js';

export const QQ_WS_URL = 'wss://api.sgroup.qq.com/websocket';
const RECONNECT_BACKOFF = [2, 5, 10, 30, 60];
const MAX_RECONNECT_ATTEMPTS = 100;
const TOKEN_TTL_S = 7200;

/** Compressed timings, ms. */
const PACE = { step: 20, storm: 250, feishuRetry: 300, resume: 50 };

function reconnectDelayMs(sim: Sim): number {
  return Math.max(50, Math.min(2_000, Math.floor(sim.cycleMs / 4)));
}

function qqTokenRefreshIfDue(sim: Sim): void {
  if (systemClock.now() - sim.qq.tokenAt < (TOKEN_TTL_S - 60) * 1000) return;
  sim.qq.tokenAt = systemClock.now();
  qqLog(sim, 'INFO', `Access token refreshed, expires in ${TOKEN_TTL_S}s`);
}

/** _reconnect() that succeeds, then Hello → Resume → RESUMED. */
async function qqReconnectAndResume(sim: Sim, delayMs: number, attempt = 1): Promise<void> {
  qqLog(sim, 'INFO', `Reconnecting in ${RECONNECT_BACKOFF[attempt - 1]}s (attempt ${attempt})...`);
  await pause(sim, delayMs);
  qqTokenRefreshIfDue(sim);
  qqLog(sim, 'INFO', `WebSocket connected to ${QQ_WS_URL}`);
  markConnected(sim, 'qqbot');
  qqLog(sim, 'INFO', 'Reconnected');
  await pause(sim, PACE.resume);
  sim.qq.seq += randomInt(3, 40);
  qqLog(sim, 'INFO', `Resume sent (session_id=${sim.qq.sessionId}, seq=${sim.qq.seq})`);
  await pause(sim, PACE.resume);
  qqLog(sim, 'INFO', 'Session resumed');
}

/** Healthy: QQ forces a 4009 about every 30 min and the adapter resumes. Never an alert. */
async function qqHealthyCycle(sim: Sim): Promise<void> {
  qqLog(sim, 'WARNING', 'WebSocket closed: code=4009 reason=Session timed out');
  markDisconnected(sim, 'qqbot');
  await qqReconnectAndResume(sim, reconnectDelayMs(sim));
}

export function startQqCycle(sim: Sim): void {
  later(sim, sim.cycleMs, () => {
    void runExclusive(sim, async () => {
      if (sim.qq.alive) await qqHealthyCycle(sim);
    }).then(() => {
      if (sim.qq.alive && !sim.hung && !sim.stopping) startQqCycle(sim);
    });
  });
}

/** Every reconnect fails (DNS): 100 attempts, then the loop returns and nothing retries again (issue #14539). */
export async function qqMaxReconnect(sim: Sim): Promise<void> {
  sim.qq.alive = false;
  qqLog(sim, 'WARNING', 'WebSocket error: WebSocket closed');
  markDisconnected(sim, 'qqbot');
  for (let attempt = 1; attempt <= MAX_RECONNECT_ATTEMPTS; attempt++) {
    const delay = RECONNECT_BACKOFF[Math.min(attempt - 1, RECONNECT_BACKOFF.length - 1)]!;
    qqLog(sim, 'INFO', `Reconnecting in ${delay}s (attempt ${attempt})...`);
    await pause(sim, PACE.step);
    qqLog(
      sim,
      'WARNING',
      'Reconnect failed: Failed to get QQ Bot gateway URL: [Errno -3] Temporary failure in name resolution',
    );
    qqLog(sim, 'WARNING', 'WebSocket error: WebSocket closed');
    markDisconnected(sim, 'qqbot');
  }
  qqLog(sim, 'ERROR', 'Max reconnect attempts reached');
  markDisconnected(sim, 'qqbot');
}

export async function qq4009Stuck(sim: Sim): Promise<void> {
  sim.qq.alive = false;
  qqLog(sim, 'WARNING', 'WebSocket closed: code=4009 reason=Session timed out');
  markDisconnected(sim, 'qqbot');
}

/** A normal close, then three closes within 5 s of connecting: fatal qq_quick_disconnect, the loop returns. */
export async function qqQuickDisconnect(sim: Sim): Promise<void> {
  sim.qq.alive = false;
  for (let count = 0; ; count++) {
    qqLog(sim, 'WARNING', 'WebSocket closed: code=4009 reason=Session timed out');
    if (count > 0) {
      qqLog(sim, 'INFO', `Quick disconnect (${(randomInt(3, 30) / 10).toFixed(1)}s), count: ${count}`);
      if (count === 3) {
        qqLog(
          sim,
          'ERROR',
          'Too many quick disconnects. Check: 1) AppID/Secret correct 2) Bot permissions on QQ Open Platform',
        );
        setFatal(sim, 'qqbot', 'qq_quick_disconnect', 'Too many quick disconnects — check bot permissions');
        return;
      }
    }
    markDisconnected(sim, 'qqbot');
    await qqReconnectAndResume(sim, PACE.step * 5);
    await pause(sim, PACE.step * 5);
  }
}

/** Many drop/reconnect cycles within seconds, each one hurting: the first reconnect times out (a starved event loop),
 * the second gets through. Drops resumed at once (QQ's routine 4009) would not be a storm. */
export async function qqStorm(sim: Sim, cycles = 8): Promise<void> {
  for (let i = 0; i < cycles; i++) {
    qqLog(sim, 'WARNING', 'WebSocket error: WebSocket closed');
    markDisconnected(sim, 'qqbot');
    qqLog(sim, 'INFO', 'Reconnecting in 2s (attempt 1)...');
    await pause(sim, PACE.step * 2);
    qqLog(sim, 'WARNING', 'Reconnect failed: Failed to get QQ Bot gateway URL: ReadTimeout');
    qqLog(sim, 'WARNING', 'WebSocket error: WebSocket closed');
    await qqReconnectAndResume(sim, PACE.step * 5, 2);
    await pause(sim, PACE.storm);
  }
}

/** The startup's connect when the network is down at boot (`network-down-start`): what each adapter logs, and the
 * error the runner lists for it in `… queued for retry: <platform>: <error>; …`. */
export async function failStartupConnect(sim: Sim, p: 'feishu' | 'qqbot'): Promise<string> {
  if (p === 'feishu') {
    const err = '[Errno -3] Temporary failure in name resolution';
    for (const [attempt, wait] of [
      [1, 1],
      [2, 2],
    ] as const) {
      feishuLog(sim, 'WARNING', `Connect attempt ${attempt}/3 failed; retrying in ${wait}s: ${err}`);
      await pause(sim, PACE.step * wait);
    }
    feishuLog(sim, 'ERROR', `Failed to connect: ${err}`);
    return err;
  }
  const err = 'QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed';
  await pause(sim, PACE.step);
  qqLog(sim, 'WARNING', err);
  return err;
}

/** The runner's reconnect watcher once the network is back: `Reconnecting <p> (attempt 1)...`, then connected. */
export async function reconnectAfterStartup(sim: Sim, p: 'feishu' | 'qqbot'): Promise<void> {
  runLog(sim, 'INFO', `Reconnecting ${p} (attempt 1)...`);
  await pause(sim, PACE.step);
  if (p === 'feishu') {
    feishuLog(sim, 'INFO', 'Connected in websocket mode (feishu)');
  } else {
    sim.qq.tokenAt = systemClock.now();
    qqLog(sim, 'INFO', `Access token refreshed, expires in ${TOKEN_TTL_S}s`);
    qqLog(sim, 'INFO', `Gateway URL: ${QQ_WS_URL}`);
    qqLog(sim, 'INFO', `WebSocket connected to ${QQ_WS_URL}`);
    qqLog(sim, 'INFO', 'Connected');
  }
  markConnected(sim, p);
  sim.adapters.push(p);
  runLog(sim, 'INFO', `✓ ${p} reconnected successfully`);
  if (p === 'qqbot') {
    qqLog(sim, 'INFO', 'Identify sent');
    await pause(sim, PACE.resume);
    sim.qq.seq = 1;
    qqLog(sim, 'INFO', `Ready, session_id=${sim.qq.sessionId}`);
    sim.qq.alive = true;
    startQqCycle(sim);
  }
}

/** Close code 4915: non-retryable fatal, the adapter stops. */
export async function qqBanned(sim: Sim): Promise<void> {
  sim.qq.alive = false;
  qqLog(sim, 'WARNING', 'WebSocket closed: code=4915 reason=Bot is banned');
  markDisconnected(sim, 'qqbot');
  qqLog(sim, 'ERROR', 'Bot is banned. Check QQ Open Platform.');
  setFatal(sim, 'qqbot', 'qq_banned', 'Bot is banned');
}

function executorTraceback(): string[] {
  const hermes = `${os.homedir()}/.hermes/hermes-agent/gateway/platforms/feishu.py`;
  const py = `${os.homedir()}/.local/share/uv/python/cpython-3.11.7-linux-x86_64-gnu/lib/python3.11/asyncio`;
  return [
    'Traceback (most recent call last):',
    `  File "${hermes}", line 1793, in send`,
    '    response = await self._feishu_send_with_retry(',
    '               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    `  File "${hermes}", line 4632, in _feishu_send_with_retry`,
    '    response = await self._send_raw_message(',
    '               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    `  File "${hermes}", line 4503, in _send_raw_message`,
    '    return await asyncio.to_thread(self._client.im.v1.message.create, request)',
    '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    `  File "${py}/threads.py", line 25, in to_thread`,
    '    return await loop.run_in_executor(None, func_call)',
    '                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    `  File "${py}/base_events.py", line 822, in run_in_executor`,
    '    self._check_default_executor()',
    `  File "${py}/base_events.py", line 523, in _check_default_executor`,
    "    raise RuntimeError('Executor shutdown has been called')",
    'RuntimeError: Executor shutdown has been called',
  ];
}

/** ≤ v0.17: asyncio's default executor is gone, every send fails; feishu still says connected (#10849). */
export async function feishuExecutor(sim: Sim): Promise<void> {
  const chat = `oc_${randomBytes(16).toString('hex')}`;
  for (const attempt of [1, 2]) {
    const wait = 2 ** (attempt - 1);
    feishuLog(
      sim,
      'WARNING',
      `Send attempt ${attempt}/3 failed for chat ${chat}; retrying in ${wait}s: Executor shutdown has been called`,
    );
    await pause(sim, PACE.feishuRetry * wait);
  }
  feishuLog(sim, 'ERROR', 'Send error: Executor shutdown has been called', executorTraceback());
}
