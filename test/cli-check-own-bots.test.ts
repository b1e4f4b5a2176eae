// A standalone `gatewatch check` reaches the daemon's verdict (issue 50 item 3): with no daemon running, the built
// check asks gatewatch's own bot on a failing platform as the daemon does (its chat channel's credentials, the same 5 s
// bound), without starting the channel. §10.6's QQ outage on a live gateway process (test/helpers/hermes-homes.ts), and
// a live gateway whose Telegram or Feishu has been disconnected for ten minutes, each with gatewatch's channel on that
// platform pointed at a stand-in on loopback that answers (→ only this gateway) or fails with a 502 (→ the platform);
// the daemon, built here from the same config with its channels started, judges the same home.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type App } from '../src/app.js';
import { buildChannels } from '../src/channels/index.js';
import { systemClock } from '../src/util/clock.js';
import type { Finding } from '../src/types.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import { entryAgo, liveHome, qqOutageHome, writeStateFile } from './helpers/hermes-homes.js';
import { gatewatch } from './helpers/cli-run.js';
import { startFakeQQ } from './fakes/qq-server.js';
import { startFakeTelegram } from './fakes/telegram-server.js';
import { startFakeFeishu } from './fakes/feishu-server.js';

const log = pino({ level: 'silent' });
const SECRET = 'fake-client-secret-DG5g3B4j';
const apps: App[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  while (closers.length) await closers.pop()!().catch(() => undefined);
  await cleanup();
});

type Said = Pick<Finding, 'check' | 'scope' | 'restart'> & { scopeText?: string };

/** A live gateway whose `platform` has been disconnected for ten minutes (the state file says so, nothing else). */
async function downHome(home: string, platform: string): Promise<void> {
  const h = await liveHome(home);
  await writeStateFile(home, h.pid, { [platform]: entryAgo('disconnected', 600) }, 30, { code_version: '0.21.3' });
}

/** The home with `platform` failing, and a config whose chat channel `channels` asks that platform. */
async function setup(platform: string, channels: Record<string, unknown>) {
  const dir = await tempDir('gw-check-bots-');
  const home = path.join(dir, 'hermes');
  if (platform === 'qqbot') await qqOutageHome(home);
  else await downHome(home, platform);
  const raw = {
    state_dir: path.join(dir, 'state'),
    schedule: '0 0 1 1 *',
    targets: [
      {
        name: 'gw',
        hermes_home: home,
        platforms: [platform],
        service: { manager: 'command', is_active: ['true'], restart: ['true'] },
        // Nothing but the own bot tells whose failure it is.
        reachability: { [platform]: false },
      },
    ],
    remediate: { cooldown: '0s' },
    channels,
  };
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(raw));
  return { file, raw };
}

const said = (f: Finding & { scopeText?: string }): Said => ({
  check: f.check,
  scope: f.scope,
  restart: f.restart,
  scopeText: f.scopeText,
});

/** The built `gatewatch check --json`, no daemon running: its finding of `platform`, and all it printed. */
async function checkSays(file: string, platform: string): Promise<{ said: Said; out: string }> {
  const r = await gatewatch(['check', '--json', '--config', file], { spawn: true });
  if (!r.stdout) throw new Error(`check said nothing: ${r.stderr}`);
  const findings = (JSON.parse(r.stdout) as { findings: (Finding & { scopeText?: string })[] }).findings;
  return { said: said(findings.find((f) => f.platform === platform)!), out: r.stdout + r.stderr };
}

/** The daemon on the same home and config, its channels started: its judgement's finding of `platform`. */
async function daemonSays(raw: unknown, platform: string, started?: () => void): Promise<Said> {
  const config = resolveConfig(configSchema.parse(raw), undefined);
  const app = await createApp(config, { log });
  apps.push(app);
  for (const ch of await buildChannels(config, systemClock)) await app.addChannel(ch);
  started?.();
  const r = await app.core.evaluate('gw');
  return said({ ...r.findings.find((x) => x.platform === platform)!, scopeText: undefined });
}

/**
 * Check and the daemon on the same home: check's finding, which the daemon's matches. `started`: called once the
 * daemon's channels have started, before its judgement asks the own bot.
 */
async function bothSay(platform: string, channels: Record<string, unknown>, started?: () => void) {
  const { file, raw } = await setup(platform, channels);
  const c = await checkSays(file, platform);
  expect(c.out).not.toContain(SECRET);
  expect({ ...c.said, scopeText: undefined }).toEqual(await daemonSays(raw, platform, started));
  return c.said;
}

const qq = (fake: { baseUrl: string; tokenUrl: string }) => ({
  qq: {
    app_id: '102000001',
    client_secret: SECRET,
    api_base: fake.baseUrl,
    token_url: fake.tokenUrl,
    alert_to: [{ user: 'u1' }],
  },
});
const TG_TOKEN = `123456789:${SECRET}-AAEhBOweik6ad9r`;
const telegram = (base: string) => ({ telegram: { bot_token: TG_TOKEN, api_base: base, alert_to: [{ chat_id: 42 }] } });
const FEISHU_APP = 'cli_a1b2c3d4e5f60718';
const feishu = (base: string) => ({
  feishu: { app_id: FEISHU_APP, app_secret: SECRET, domain: base, alert_to: [{ chat_id: 'oc_1' }] },
});
const GATEWAY = 'only this gateway:';
const PLATFORM = 'the platform, for everyone:';

describe("gatewatch check with no daemon asks gatewatch's own bot, as the daemon does", () => {
  it('QQ answers the own bot: only this gateway; asked, not started (a token and the gateway URL, no WebSocket)', {
    timeout: 60_000,
  }, async () => {
    const fake = await startFakeQQ({ appId: '102000001', clientSecret: SECRET });
    closers.push(() => fake.close());
    const { file } = await setup('qqbot', qq(fake));
    const c = await checkSays(file, 'qqbot');
    expect(c.said).toMatchObject({ check: 'platform_down', scope: 'gateway' });
    expect(c.said.scopeText).toBe("only this gateway: gatewatch's own bot on QQ gets its answers from this host");
    expect(fake.tokenRequests).toBe(1);
    expect(fake.conns).toEqual([]);
    expect(fake.sent).toEqual([]);
    expect(await bothSay('qqbot', qq(fake))).toMatchObject({ scope: 'gateway' });
  });

  it('QQ fails with a 502: the platform, no restart', { timeout: 60_000 }, async () => {
    const fake = await startFakeQQ({ appId: '102000001', clientSecret: SECRET });
    closers.push(() => fake.close());
    fake.faults.gatewayErrors.push(...Array<number>(500).fill(502));
    const s = await bothSay('qqbot', qq(fake));
    expect(s).toMatchObject({ check: 'platform_down', scope: 'platform', restart: 'never' });
    expect(s.scopeText).toBe("the platform, for everyone: gatewatch's own bot on QQ gets HTTP 502 too");
  });

  it('Telegram answers getMe: only this gateway; nothing polled, nothing sent', { timeout: 60_000 }, async () => {
    const fake = await startFakeTelegram({ token: TG_TOKEN });
    closers.push(() => fake.close());
    const { file } = await setup('telegram', telegram(fake.base));
    const c = await checkSays(file, 'telegram');
    expect(c.said.scope).toBe('gateway');
    expect(c.said.scopeText).toMatch(new RegExp(`^${GATEWAY}`));
    expect(fake.state.calls.map((x) => x.method)).toEqual(['getMe']);
    expect(c.out).not.toContain(SECRET);
    expect(await bothSay('telegram', telegram(fake.base))).toMatchObject({ scope: 'gateway' });
  });

  it('Telegram fails getMe with a 502: the platform', { timeout: 60_000 }, async () => {
    const fake = await startFakeTelegram({ token: TG_TOKEN });
    closers.push(() => fake.close());
    // One getMe for check's own bot, and one for the daemon's once its channel has started (the channel's own getMe at
    // start, which waits 10 s for an answer, gets its answer).
    const fault = { method: 'getMe', status: 502, description: 'Bad Gateway' };
    fake.faults.push(fault);
    const s = await bothSay('telegram', telegram(fake.base), () => fake.faults.push(fault));
    expect(s).toMatchObject({ scope: 'platform' });
    expect(s.scopeText).toMatch(new RegExp(`^${PLATFORM}.*HTTP 502`));
  });

  it('Feishu gives the own app its tenant token: only this gateway; no long connection', {
    timeout: 60_000,
  }, async () => {
    const fake = await startFakeFeishu({ appId: FEISHU_APP, appSecret: SECRET });
    closers.push(() => fake.close());
    const { file } = await setup('feishu', feishu(fake.base));
    const c = await checkSays(file, 'feishu');
    expect(c.said.scope).toBe('gateway');
    expect(c.said.scopeText).toMatch(new RegExp(`^${GATEWAY}`));
    expect(fake.state).toMatchObject({ tokenCalls: 1, endpointCalls: 0, connections: 0 });
    expect(await bothSay('feishu', feishu(fake.base))).toMatchObject({ scope: 'gateway' });
  });

  it("Feishu's token endpoint fails with a 502: the platform", { timeout: 60_000 }, async () => {
    const fake = await startFakeFeishu({ appId: FEISHU_APP, appSecret: SECRET });
    closers.push(() => fake.close());
    fake.faults.token.push(...Array<number>(50).fill(502));
    const s = await bothSay('feishu', feishu(fake.base));
    expect(s).toMatchObject({ scope: 'platform' });
    expect(s.scopeText).toMatch(new RegExp(`^${PLATFORM}.*HTTP 502`));
  });
});
