// Issue 35 item 11 on the test's own clock: QQ cannot be reached as a restart begins and answers again 40 s later;
// Hermes v0.17's watcher retries 30 s after it starts and then 60 s after each failure, so it reconnects QQ at +94 s,
// just after the 90 s verification window. gatewatch's own probe says QQ answers (a listening loopback "API"), so the
// restart waits for that retry: verified, not "Restart failed … missing qqbot retrying" and then "QQ cannot be reached
// from this host". The gateway processes are real; the supervisor is a real command that returns at once.
import { writeFile, appendFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RestartRecord } from '../src/actions/restart-policy.js';
import { formatAsctime } from '../src/demo/hermes-log.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { healthyLiveGateway } from './helpers/live-gateway.js';
import { cleanup, spawnIdle, startTicksOf } from './helpers/probe-procs.js';
import { manualClock, type ManualClock } from './helpers/clock.js';

let h: Harness | undefined;
let api: net.Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise((r) => (api ? api.close(r) : r(undefined)));
  api = undefined;
  await cleanup();
});

/** The new gateway: Feishu connected, QQ queued for the watcher's retry (lines as qq-queued-retry.log has them). */
async function retryingGateway(home: string, clock: ManualClock) {
  const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
  const pid = gw.pid!;
  await writeFile(
    path.join(home, 'gateway.pid'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
      start_time: await startTicksOf(pid),
    }),
  );
  const state = async (qq: string) => {
    const at = new Date(clock.now()).toISOString();
    await writeFile(
      path.join(home, 'gateway_state.json'),
      JSON.stringify({
        pid,
        gateway_state: 'running',
        platforms: { feishu: { state: 'connected', updated_at: at }, qqbot: { state: qq, updated_at: at } },
        updated_at: at,
      }),
    );
  };
  const log = (...lines: string[]) =>
    appendFile(
      path.join(home, 'logs', 'gateway.log'),
      lines.map((l) => `${formatAsctime(clock.now())} ${l}\n`).join(''),
    );
  await state('retrying');
  await log(
    'INFO gateway.run: Starting Hermes Gateway...',
    'INFO gateway.run: Connecting to feishu...',
    'INFO hermes_plugins.feishu_platform.adapter: [Feishu] Connected in websocket mode (feishu)',
    'INFO gateway.run: ✓ feishu connected',
    'INFO gateway.run: Connecting to qqbot...',
    'WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed',
    'WARNING gateway.run: ✗ qqbot failed to connect',
    'INFO gateway.run: Gateway running with 1 platform(s)',
    'INFO gateway.run: Starting reconnection watcher for 1 failed platform(s): qqbot',
  );
  return { state, log };
}

describe('a restart whose platform answers again just before Hermes retries it', () => {
  it('waits for that retry: verified at +94 s, no failed restart, never "cannot be reached"', async () => {
    api = net.createServer((c) => c.on('error', () => undefined));
    await new Promise<void>((r) => api!.listen(0, '127.0.0.1', r));
    const port = (api.address() as net.AddressInfo).port;
    const clock = manualClock();
    let ended!: (r: RestartRecord) => void;
    const restarted = new Promise<RestartRecord>((r) => (ended = r));
    h = await startHarness({
      start: false,
      target: {
        service: { manager: 'command', restart: [process.execPath, '-e', '0'], start: [process.execPath, '-e', '0'] },
        reachability: { qqbot: `http://127.0.0.1:${port}`, feishu: false },
      },
      config: { remediate: { cooldown: '0s', verify_timeout: '90s' } },
      appOptions: { clock, onRestart: (rec) => ended(rec) },
    });
    const home = h.hermesHome;
    const first = await healthyLiveGateway(home);
    expect((await h.app.core.evaluate('default')).findings).toEqual([]);

    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    const t0 = clock.now();
    let gw: Awaited<ReturnType<typeof retryingGateway>> | undefined;
    clock.at(t0 + 2_000, async () => void (gw = await retryingGateway(home, clock)));
    // The watcher's first attempt (+32 s) fails: QQ does not answer yet; it answers from +40 s.
    clock.at(t0 + 32_000, async () =>
      gw!.log(
        'INFO gateway.run: Reconnecting qqbot (attempt 1)...',
        'WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed',
        'INFO gateway.run: Reconnect qqbot failed, next retry in 60s',
      ),
    );
    // The next attempt is due at +92 s and connects at +94 s.
    clock.at(t0 + 92_000, async () => gw!.log('INFO gateway.run: Reconnecting qqbot (attempt 2)...'));
    clock.at(t0 + 94_000, async () => {
      await gw!.log(
        'INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Connected',
        'INFO gateway.run: ✓ qqbot reconnected successfully',
      );
      await gw!.state('connected');
    });
    const down = await h.app.core.evaluate('default');
    expect(down.findings.map((f) => f.check)).toContain('state_stale_running');

    const rec = await restarted;
    expect(rec).toMatchObject({ ok: true, outcome: { kind: 'verified' } });
    expect(rec.durationMs).toBeGreaterThanOrEqual(94_000);
    expect(rec.durationMs).toBeLessThan(95_000);

    while (h.app.core.restartInProgress('default')) await new Promise((r) => setImmediate(r));
    expect((await h.app.core.evaluate('default')).findings).toEqual([]);
    const audit = await h.auditRecords();
    expect(audit.filter((r) => r.type === 'restart.ok' || r.type === 'restart.fail').map((r) => r.type)).toEqual([
      'restart.ok',
    ]);
    const titles = audit
      .filter((r) => r.type === 'alert.open')
      .map((r) => String((r.detail as { title?: string }).title));
    expect(titles.join('\n')).not.toMatch(/cannot be reached/);
  }, 60_000);
});

describe('a platform Hermes calls unreachable that gatewatch reaches', () => {
  it('is never called unreachable: "answers again", and its alert waits for Hermes\' retry', async () => {
    api = net.createServer((c) => c.on('error', () => undefined));
    await new Promise<void>((r) => api!.listen(0, '127.0.0.1', r));
    const port = (api.address() as net.AddressInfo).port;
    const clock = manualClock();
    h = await startHarness({
      start: false,
      target: { reachability: { qqbot: `http://127.0.0.1:${port}`, feishu: false } },
      appOptions: { clock },
    });
    const gw = await retryingGateway(h.hermesHome, clock);
    await clock.sleep(30_000);
    await gw.log(
      'INFO gateway.run: Reconnecting qqbot (attempt 1)...',
      'WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] QQ startup failed: Failed to get QQ Bot access token: All connection attempts failed',
      'INFO gateway.run: Reconnect qqbot failed, next retry in 60s',
    );
    await clock.sleep(10_000);
    const r = await h.app.core.evaluate('default');
    const f = r.findings.find((x) => x.platform === 'qqbot')!;
    expect(f.title).toBe('QQ answers again from this host; Hermes reconnects it at its next retry');
    expect(f.restart).toBe('wait');
    const opened = async () =>
      (await h!.auditRecords())
        .filter((x) => x.type === 'alert.open')
        .map((x) => String((x.detail as { title?: string }).title));
    // The alert waits for that retry, 50 s away: one saying so would arrive after it (issue 51).
    expect(await opened()).toEqual([]);
    // The retry came and went with no word: no longer "at its next retry", and now it is said.
    await clock.sleep(90_000);
    await h.app.core.evaluate('default');
    const titles = await opened();
    expect(titles).toHaveLength(1);
    expect(titles[0]).not.toMatch(/next retry/);
  }, 60_000);
});
