// Issue 50 items 1–3: `gatewatch check --json` (a cron job, no daemon) and the daemon reach the same `scope` and the
// same advice on the same home when the verdict rests on Hermes' own log: a 5xx said only by its reason phrase while
// another platform works, and two platforms failing name resolution together. Real homes on disk with a live
// `gateway run` process; no probe is configured, so both read the log alone.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type App } from '../src/app.js';
import type { Finding } from '../src/types.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import { gatewatch } from './helpers/cli-run.js';
import { ago, entryAgo, liveHome, writeStateFile } from './helpers/hermes-homes.js';

const log = pino({ level: 'silent' });
const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  await cleanup();
});

const QQ = 'gateway.platforms.qqbot.adapter: [QQBot:102000111]';

/** A live gateway serving QQ and Telegram for an hour; from 4 min ago QQ (and Telegram, if given) fail as said. */
async function failingHome(home: string, qqError: string, telegramError?: string) {
  const h = await liveHome(home);
  const lines = [
    `${ago(3600)} INFO gateway.run: Starting Hermes Gateway...`,
    `${ago(3599)} INFO gateway.run: ✓ telegram connected`,
    `${ago(3599)} INFO ${QQ} Connected`,
    `${ago(3599)} INFO gateway.run: ✓ qqbot connected`,
    `${ago(3598)} INFO gateway.run: Gateway running with 2 platform(s)`,
    `${ago(240)} WARNING ${QQ} WebSocket error: WebSocket closed`,
    ...[238, 193, 133, 73, 13].flatMap((s, i) => [
      `${ago(s)} WARNING ${QQ} Reconnect failed: Failed to get QQ Bot gateway URL: ${qqError}`,
      `${ago(s)} INFO ${QQ} Reconnecting in 60s (attempt ${i + 2})...`,
    ]),
    ...(telegramError
      ? [
          `${ago(230)} ERROR gateway.run: Fatal telegram adapter error (telegram_network_error): Telegram polling could not reconnect after 10 network error retries. Escalating to gateway recovery.`,
          `${ago(230)} INFO gateway.run: telegram queued for background reconnection`,
          `${ago(60)} INFO gateway.run: Reconnecting telegram (attempt 3)...`,
          `${ago(58)} WARNING gateway.run: Reconnect telegram error: ${telegramError}, next retry in 120s`,
        ]
      : []),
  ];
  await writeFile(path.join(home, 'logs', 'gateway.log'), lines.sort().join('\n') + '\n');
  await writeStateFile(
    home,
    h.pid,
    {
      qqbot: entryAgo('disconnected', 13),
      telegram: telegramError ? entryAgo('retrying', 58) : entryAgo('connected', 3599),
    },
    13,
    { code_version: '0.21.3' },
  );
  return h;
}

async function configFor(dir: string, home: string) {
  const raw = {
    state_dir: path.join(dir, 'state'),
    schedule: '0 0 1 1 *',
    // Nothing probed: no request leaves this host, and the verdict rests on the log alone, for both.
    detect: { reachability: false },
    targets: [
      { name: 'gw', hermes_home: home, service: { manager: 'command', is_active: ['true'], restart: ['false'] } },
    ],
  };
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(raw));
  return { file, config: resolveConfig(configSchema.parse(raw), undefined) };
}

const verdict = (found: Finding[]) =>
  found
    .filter((f) => f.platform)
    .map((f) => ({ id: `${f.check}:${f.platform}`, scope: f.scope, restart: f.restart }))
    .sort((a, b) => a.id.localeCompare(b.id));

async function both(qqError: string, telegramError?: string) {
  const dir = await tempDir('gw-kinds-');
  const home = path.join(dir, 'hermes');
  await failingHome(home, qqError, telegramError);
  const { file, config } = await configFor(dir, home);
  const app = await createApp(config, { log, readOnly: true });
  apps.push(app);
  const daemon = verdict((await app.core.look('gw')).findings);
  const r = await gatewatch(['check', '--json', '--config', file]);
  const check = verdict((JSON.parse(r.stdout) as { findings: Finding[] }).findings);
  return { daemon, check, exit: r.code };
}

describe('check and the daemon: the same scope and advice from the log alone', () => {
  it("a 5xx said by its reason phrase while Telegram works: the platform's, no restart", {
    timeout: 30_000,
  }, async () => {
    const { daemon, check, exit } = await both(
      "503, message='Service Unavailable', url='https://api.sgroup.qq.com/gateway'",
    );
    expect(daemon).toEqual([{ id: 'platform_down:qqbot', scope: 'platform', restart: 'never' }]);
    expect(check).toEqual(daemon);
    expect(exit).toBe(2);
  });

  it("two platforms failing name resolution together: this host's network on both", { timeout: 30_000 }, async () => {
    const { daemon, check } = await both(
      '[Errno -3] Temporary failure in name resolution',
      'httpx.ConnectError: [Errno -2] Name or service not known',
    );
    expect(daemon).toEqual([
      { id: 'platform_down:qqbot', scope: 'host_network', restart: 'never' },
      { id: 'platform_down:telegram', scope: 'host_network', restart: 'never' },
    ]);
    expect(check).toEqual(daemon);
  });
});
