// Issue 42 item 3 on the test's own clock, as the real v0.17 run went: QQ's endpoint down for minutes, QQ's own loop
// logging `Reconnecting in 60s (attempt 9)...` (its next attempt 60 s later); QQ answers gatewatch's probe again 40 s
// into that wait. gatewatch restarted the gateway 42 s in (`restart.begin` platform_down, no alert saying so) while the
// open alert said it restarts only if Hermes stops retrying; Hermes' own attempt would have had QQ back 18 s later.
// Now the restart waits for that attempt; if the attempt fails though QQ answers, the alert says a restart comes, and
// then it comes. The gateway process is real, the QQ "API" a loopback listener, the supervisor a real command.
import { appendFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatAsctime } from '../src/demo/hermes-log.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { cleanup, spawnIdle, startTicksOf } from './helpers/probe-procs.js';
import { manualClock, type ManualClock } from './helpers/clock.js';
import { comebackPort } from './helpers/ports.js';
import { until } from './helpers/until.js';

let h: Harness | undefined;
let api: net.Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise((r) => (api ? api.close(r) : r(undefined)));
  api = undefined;
  await cleanup();
});

const QQ = 'gateway.platforms.qqbot.adapter: [QQBot:102345678]';
const UNREACHABLE = 'Failed to get QQ Bot gateway URL: All connection attempts failed';

/** A v0.17 gateway whose QQ dropped five minutes before `t0` and whose loop has retried since, the last wait 60 s. */
async function qqRetrying(home: string, clock: ManualClock) {
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
        platforms: { qqbot: { state: qq, updated_at: at } },
        updated_at: at,
      }),
    );
  };
  const t0 = clock.now();
  const line = (t: number, l: string) => `${formatAsctime(t)} ${l}\n`;
  const log = (...lines: string[]) =>
    appendFile(path.join(home, 'logs', 'gateway.log'), lines.map((l) => line(clock.now(), l)).join(''));
  // The run: started, QQ connected; dropped at t0 - 5 min; attempts 1–9 failed, the waits as RECONNECT_BACKOFF has them.
  const start = t0 - 6 * 60_000;
  let text = [
    'INFO gateway.run: Starting Hermes Gateway...',
    'INFO gateway.run: Connecting to qqbot...',
    `INFO ${QQ} WebSocket connected to wss://api.sgroup.qq.com/websocket`,
    `INFO ${QQ} Connected`,
    'INFO gateway.run: ✓ qqbot connected',
    'INFO gateway.run: Gateway running with 1 platform(s)',
  ]
    .map((l, i) => line(start + i * 10, l))
    .join('');
  let t = t0 - 5 * 60_000;
  text += line(t, `WARNING ${QQ} WebSocket error: WebSocket closed`);
  const waits = [2, 5, 10, 30, 60, 60, 60, 60, 60];
  for (const [i, w] of waits.entries()) {
    if (i === waits.length - 1) t = t0;
    text += line(t, `INFO ${QQ} Reconnecting in ${w}s (attempt ${i + 1})...`);
    if (i === waits.length - 1) break;
    t += w * 1000;
    text += line(t, `WARNING ${QQ} Reconnect failed: ${UNREACHABLE}`);
    text += line(t, `WARNING ${QQ} WebSocket error: WebSocket closed`);
  }
  await writeFile(path.join(home, 'logs', 'gateway.log'), text);
  await state('disconnected');
  return { state, log };
}

async function setUp() {
  const port = await comebackPort();
  const clock = manualClock();
  h = await startHarness({
    start: false,
    target: {
      platforms: ['qqbot'],
      service: { manager: 'command', restart: [process.execPath, '-e', '0'], start: [process.execPath, '-e', '0'] },
      reachability: { qqbot: `http://127.0.0.1:${port}`, feishu: false },
    },
    config: { remediate: { cooldown: '0s', verify_timeout: '90s' } },
    appOptions: { clock },
  });
  const gw = await qqRetrying(h.hermesHome, clock);
  // QQ's endpoint is down: the open alert says Hermes keeps retrying and a restart waits.
  const down = await h.app.core.evaluate('default');
  expect(down.findings.map((f) => [f.check, f.restart, f.title])).toEqual([
    ['platform_down', 'wait', 'QQ cannot be reached from this host; Hermes keeps retrying'],
  ]);
  // 40 s into the 60-s wait QQ answers again; gatewatch looks at +42 s, when it restarted on main.
  await clock.sleep(40_000);
  api = net.createServer((c) => c.on('error', () => undefined));
  await new Promise<void>((r) => api!.listen(port, '127.0.0.1', r));
  await clock.sleep(2_000);
  return { clock, gw };
}

const records = async (type: string) => (await h!.auditRecords()).filter((r) => r.type === type);

describe('QQ answers again while its own loop waits to retry', () => {
  it('the restart waits for that attempt; it connects QQ and nothing was restarted', async () => {
    const { clock, gw } = await setUp();
    const r = await h!.app.core.evaluate('default');
    expect(r.findings.map((f) => [f.restart, f.title])).toEqual([
      ['wait', 'QQ answers again from this host; Hermes reconnects it at its next retry'],
    ]);
    expect(await records('restart.begin')).toEqual([]);

    // Hermes' attempt at +60 s connects.
    await clock.sleep(18_000);
    await gw.log(
      `INFO ${QQ} WebSocket connected to wss://api.sgroup.qq.com/websocket`,
      `INFO ${QQ} Reconnected`,
      `INFO ${QQ} Resume sent (session_id=7f3c9a2e-5b1d-4e8a-9c0f-2d6b8e4a1c37, seq=23)`,
      `INFO ${QQ} Session resumed`,
    );
    await gw.state('connected');
    await clock.sleep(1_000);
    expect((await h!.app.core.evaluate('default')).findings).toEqual([]);
    expect(await records('restart.begin')).toEqual([]);
    expect((await records('alert.resolve')).map((x) => x.check)).toEqual(['platform_down']);
  }, 60_000);

  it('the attempt fails though QQ answers: the alert says a restart comes, then it comes', async () => {
    const { clock, gw } = await setUp();
    await h!.app.core.evaluate('default');
    await clock.sleep(18_000);
    await gw.log(
      `WARNING ${QQ} Reconnect failed: ${UNREACHABLE}`,
      `WARNING ${QQ} WebSocket error: WebSocket closed`,
      `INFO ${QQ} Reconnecting in 60s (attempt 10)...`,
    );
    await clock.sleep(1_000);
    const r = await h!.app.core.evaluate('default');
    expect(r.findings.map((f) => [f.restart, f.title])).toEqual([
      ['helps', "QQ answers from this host, but Hermes' retry failed: a restart helps"],
    ]);
    const begins = await until('the restart', async () => {
      const b = await records('restart.begin');
      return b.length ? b : undefined;
    });
    const reminds = await records('alert.remind');
    expect(reminds.map((x) => (x.detail as { title?: string }).title)).toEqual([
      "QQ answers from this host, but Hermes' retry failed: a restart helps",
    ]);
    expect(begins).toHaveLength(1);
    expect(Date.parse(reminds[0]!.ts)).toBeLessThanOrEqual(Date.parse(begins[0]!.ts));
  }, 60_000);
});
