// A platform the state file still shows retrying, whose reconnect the log already has: no look probes it again. CI
// caught the built daemon (test/e2e/reach-after-reconnect) saying "connected since … (from the log; gateway_state.json
// still says retrying)" beside "QQ: cannot be reached from this host": the look dropped the failed probe (the log's
// connect came after it), then probed again because the state file's entry was still down, and that probe failed
// (the test's endpoint never answers). Which came first, Hermes' state write or gatewatch's look, decided what the
// operator read. Here the look comes first every time: the state file is not rewritten at all.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatAsctime } from '../src/demo/hermes-log.js';
import { renderText } from '../src/delivery/render-text.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { cleanup } from './helpers/probe-procs.js';
import { gatewayProcess, writePidFile, writeStateFile } from './helpers/hermes-homes.js';
import { manualClock } from './helpers/clock.js';
import { refusedPort } from './helpers/ports.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await cleanup();
});

/** How Hermes says the platform came back: its runner's line, or only the adapter's own (QQ's, Feishu's). */
const WORDINGS = [
  {
    platform: 'qqbot',
    name: 'QQ',
    via: "the runner's ✓ line",
    back: ['INFO gateway.run: ✓ qqbot reconnected successfully'],
  },
  {
    platform: 'qqbot',
    name: 'QQ',
    via: "QQ's adapter alone",
    back: [
      'INFO gateway.platforms.qqbot.adapter: [QQBot:102000111] WebSocket connected to wss://api.sgroup.qq.com/websocket',
      'INFO gateway.platforms.qqbot.adapter: [QQBot:102000111] Reconnected',
    ],
  },
  {
    platform: 'feishu',
    name: 'Feishu',
    via: "Feishu's adapter alone",
    back: ['INFO gateway.platforms.feishu: [Feishu] Connected in websocket mode (feishu)'],
  },
] as const;

describe('reachability beside a reconnect the state file has not caught up with', () => {
  it.each(WORDINGS)(
    'the log says $name reconnected after the failed probe ($via): /status says connected, nothing unreachable',
    async ({ platform, name, back }) => {
      const clock = manualClock();
      const port = await refusedPort();
      const off = platform === 'qqbot' ? 'feishu' : 'qqbot';
      h = await startHarness({
        start: false,
        target: { platforms: [platform], reachability: { [platform]: `http://127.0.0.1:${port}`, [off]: false } },
        appOptions: { clock },
      });
      const home = h.hermesHome;
      const pid = gatewayProcess(home).pid!;
      await writePidFile(home, pid);
      const line = (l: string) => `${formatAsctime(clock.now())} ${l}\n`;
      const log = (...ls: string[]) => appendFile(path.join(home, 'logs', 'gateway.log'), ls.map(line).join(''));
      await log(
        'INFO gateway.run: Starting Hermes Gateway...',
        `INFO gateway.run: Connecting to ${platform}...`,
        `WARNING gateway.run: ✗ ${platform} error: All connection attempts failed`,
        `INFO gateway.run: ${platform} queued for background reconnection`,
        'INFO gateway.run: Gateway running with 0 platform(s)',
      );
      const entry = { state: 'retrying', error_code: null, error_message: 'All connection attempts failed' };
      await writeStateFile(home, pid, { [platform]: { ...entry, updated_at: new Date(clock.now()).toISOString() } }, 0);
      await clock.sleep(2_000);
      await h.app.core.evaluate('default');
      const before = renderText((await h.say('/status'))[0]!);
      expect(before).toMatch(new RegExp(`${name}: cannot be reached from this host`));

      // Hermes reconnects it 5 s later and logs it; its state file is rewritten a moment after gatewatch's next look.
      await clock.sleep(5_000);
      await log(`INFO gateway.run: Reconnecting ${platform} (attempt 1)...`, ...back);
      await clock.sleep(1_000);
      await h.app.core.evaluate('default');
      const after = renderText((await h.say('/status'))[0]!);
      expect(after).toMatch(
        new RegExp(`${name}\\s+connected since .*\\(from the log; gateway_state\\.json still says retrying\\)`),
      );
      expect(after).not.toMatch(/cannot be reached/);
    },
    60_000,
  );
});
