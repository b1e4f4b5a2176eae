// "Us or them, in every platform alert" (issue 44 item 1), end to end on a real home (§10.6's QQ outage on a live
// gateway process): `gatewatch check --json` carries `scope` on every platform finding, this host's network and the
// platform for everyone advise no restart anywhere, and the daemon's alert, /status and the automatic restart path say
// and do the same, with gatewatch's own QQ bot asking a stand-in QQ that fails with a 5xx.
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp, type App } from '../src/app.js';
import { createChannel as createQQ } from '../src/chats/qq/index.js';
import type { Finding, Reply } from '../src/types.js';
import { cleanup, tempDir } from './helpers/probe-procs.js';
import { ago, isoAgo, qqOutageHome } from './helpers/hermes-homes.js';
import { gatewatch } from './helpers/cli-run.js';
import { phone } from './helpers/phone.js';
import { refusedPort } from './helpers/ports.js';
import { qqArgs } from './helpers/channels.js';
import { startFakePrometheus, type FakePrometheus } from './fakes/prometheus.js';
import { startFakeQQ } from './fakes/qq-server.js';
import { jumpClock } from './helpers/clock.js';

const log = pino({ level: 'silent' });
const apps: App[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  while (closers.length) await closers.pop()!().catch(() => undefined);
  await cleanup();
});

/** QQ's API "from this host": a listener (its servers answer) or a refused port (they do not). */
async function api(up: boolean): Promise<string> {
  if (!up) return `http://127.0.0.1:${await refusedPort()}`;
  const s = net.createServer((c) => c.end());
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => s.close(r)));
  return `http://127.0.0.1:${(s.address() as net.AddressInfo).port}`;
}

async function setup(
  extra: Record<string, unknown>,
  locale: 'en' | 'zh-CN' = 'en',
  make: (home: string) => Promise<unknown> = qqOutageHome,
) {
  const dir = await tempDir('gw-scope-');
  const home = path.join(dir, 'hermes');
  await make(home);
  const { reachability, ...rest } = extra as { reachability?: Record<string, unknown> };
  const raw = {
    state_dir: path.join(dir, 'state'),
    locale,
    schedule: '0 0 1 1 *',
    targets: [
      {
        name: 'gw',
        hermes_home: home,
        platforms: ['qqbot'],
        // A supervisor that could restart it: only the advice keeps gatewatch from doing so.
        service: { manager: 'command', is_active: ['true'], restart: ['true'] },
        reachability: reachability ?? { qqbot: false },
      },
    ],
    remediate: { cooldown: '0s' },
    ...rest,
  };
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(raw));
  return { file, raw };
}

async function check(file: string, json = true) {
  const r = await gatewatch(['check', ...(json ? ['--json'] : []), '--config', file]);
  return {
    code: r.code,
    out: r.stdout,
    json: json ? (JSON.parse(r.stdout) as { findings: (Finding & { scopeText?: string })[] }) : undefined,
  };
}

const qqFinding = <F extends Finding>(fs: F[]): F => fs.find((f) => f.platform === 'qqbot')!;

describe('gatewatch check on a QQ outage', () => {
  it('carries scope on every platform finding: unknown with nothing to tell it by', async () => {
    const { file } = await setup({});
    const c = await check(file);
    expect(c.code).toBe(2);
    const platform = c.json!.findings.filter((f) => f.platform);
    expect(platform.length).toBeGreaterThan(0);
    for (const f of platform) expect(f.scope, f.check).toBe('unknown');
    expect(c.json!.findings.filter((f) => !f.platform).every((f) => f.scope === undefined)).toBe(true);
  });

  it("this host's network: QQ's API and the egress host both refuse; no restart advised, in JSON and in text", async () => {
    const { file } = await setup({
      reachability: { qqbot: await api(false) },
      detect: { egress: `http://127.0.0.1:${await refusedPort()}` },
    });
    const c = await check(file);
    const f = qqFinding(c.json!.findings);
    expect(f).toMatchObject({ check: 'platform_down', scope: 'host_network', restart: 'never' });
    expect(f.heldBy).toMatchObject({ why: 'scope' });
    expect(f.scopeText).toMatch(/^this host's network: gatewatch cannot reach 127\.0\.0\.1:\d+ from this host either/);
    expect(f.action).toMatch(/^Do not restart the gateway for this: it would meet the same network/);
    const text = (await check(file, false)).out;
    expect(text).toMatch(/whose failure: this host's network: gatewatch cannot reach/);
    expect(text).not.toMatch(/Restart the gateway/);
  });

  it('the platform for everyone: most of the fleet sees QQ down too (a stand-in Prometheus)', async () => {
    const prom: FakePrometheus = await startFakePrometheus([
      { instance: 'me:9464', platform: 'qqbot', value: 0 },
      { instance: 'b:9464', platform: 'qqbot', value: 0 },
      { instance: 'c:9464', platform: 'qqbot', value: 0 },
      { instance: 'd:9464', platform: 'qqbot', value: 1 },
    ]);
    closers.push(() => prom.close());
    const { file } = await setup({
      reachability: { qqbot: await api(true) },
      fleet: { prometheus: prom.url, instance: 'me:9464' },
    });
    const f = qqFinding((await check(file)).json!.findings);
    expect(f).toMatchObject({ scope: 'platform', restart: 'never' });
    expect(f.scopeText).toBe('the platform, for everyone: QQ is down on 2 of 3 other gatewatch instances too');
    expect(prom.queries).toEqual(['gatewatch_platform_up{platform=~"qqbot|.+:qqbot"}']);
  });

  it('in zh-CN too', async () => {
    const { file } = await setup(
      { reachability: { qqbot: await api(false) }, detect: { egress: `http://127.0.0.1:${await refusedPort()}` } },
      'zh-CN',
    );
    const f = qqFinding((await check(file)).json!.findings);
    expect(f.scopeText).toMatch(/^本机网络：gatewatch 从本机也连不上 127\.0\.0\.1:\d+/);
    expect(f.action).toMatch(/^不要为此重启网关：重启后遇到的还是同样的网络/);
  });
});

/** The same live gateway, QQ connected: one routine 4009 half a minute ago, resumed in 2 s (§10.6's real lines). */
async function routine4009Home(home: string) {
  const h = await qqOutageHome(home);
  const qq = 'INFO gateway.platforms.qqbot.adapter: [QQBot:102000111]';
  await writeFile(
    path.join(home, 'logs', 'gateway.log'),
    [
      `${ago(3600)} INFO gateway.run: Starting Hermes Gateway...`,
      `${ago(3600)} INFO gateway.run: Connecting to qqbot...`,
      `${ago(3600)} INFO gateway.run: ✓ qqbot connected`,
      `${ago(3599)} INFO gateway.run: Gateway running with 1 platform(s)`,
      `${ago(32)} WARNING gateway.platforms.qqbot.adapter: [QQBot:102000111] WebSocket closed: code=4009 reason=Session timed out`,
      `${ago(32)} ${qq} Reconnecting in 2s (attempt 1)...`,
      `${ago(30)} ${qq} WebSocket connected to ws://127.0.0.1:18865/websocket`,
      `${ago(30)} ${qq} Reconnected`,
      `${ago(30)} ${qq} Resume sent (session_id=17b98d0c-a1e1-4f38-a412-ac669efda71d, seq=1)`,
      `${ago(30)} ${qq} Session resumed`,
    ].join('\n') + '\n',
  );
  await writeFile(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid: h.pid,
      kind: 'hermes-gateway',
      gateway_state: 'running',
      platforms: { qqbot: { state: 'connected', error_code: null, error_message: null, updated_at: isoAgo(30) } },
      updated_at: isoAgo(30),
    }),
  );
}

describe('a lone 4009 is routine, never an outage', () => {
  it('nothing found, nothing probed: the fleet is not asked', async () => {
    const prom = await startFakePrometheus([{ instance: 'b:9464', platform: 'qqbot', value: 0 }]);
    closers.push(() => prom.close());
    const { file } = await setup(
      { fleet: { prometheus: prom.url }, detect: { egress: `http://127.0.0.1:${await refusedPort()}` } },
      'en',
      routine4009Home,
    );
    const c = await check(file);
    expect(c.json!.findings).toEqual([]);
    expect(c.code).toBe(0);
    expect(prom.queries).toEqual([]);
  });
});

describe('the daemon, with its own QQ bot', () => {
  it("QQ answers gatewatch's own bot with a 5xx: the alert says the platform, /status too (after the probes' 30 s), and nothing restarts", async () => {
    const fake = await startFakeQQ({ appId: '102000001', clientSecret: 'fake-client-secret-DG5g3B4j' });
    closers.push(() => fake.close());
    // Every GET /gateway fails on QQ's side, gatewatch's own bot's included.
    fake.faults.gatewayErrors.push(...Array<number>(500).fill(502));
    const qq = {
      app_id: '102000001',
      client_secret: 'fake-client-secret-DG5g3B4j',
      api_base: fake.baseUrl,
      token_url: fake.tokenUrl,
      alert_to: [{ user: 'u1' }],
    };
    const { raw } = await setup({ reachability: { qqbot: await api(true) }, channels: { qq } });
    const config = resolveConfig(configSchema.parse(raw), undefined);
    const p = phone();
    const clock = jumpClock();
    const app = await createApp(config, { log, clock });
    apps.push(app);
    await app.addChannel(p.ch);
    await app.addChannel(createQQ(...qqArgs(config), { httpTimeoutMs: 2_000 }));
    const r = await app.core.evaluate('gw');
    await app.outbox.flush();
    expect(qqFinding(r.findings)).toMatchObject({ scope: 'platform', restart: 'never' });
    const alert = p.got.find((a) => a.check === 'platform_down')!;
    expect(alert.reply.fields).toContainEqual({
      label: 'whose failure',
      value: "the platform, for everyone: gatewatch's own bot on QQ gets HTTP 502 too",
    });
    expect(alert.reply.fields).toContainEqual({
      label: 'auto-restart',
      value: 'no: QQ is failing for everyone, not only this gateway; a restart of the gateway does not change that',
    });
    expect(alert.reply.buttons?.some((b) => b.label === 'Restart')).toBe(false);
    expect((await app.audit.read()).filter((x) => x.type === 'restart.begin')).toEqual([]);
    // The next judgement is a minute away; the probes' own results last 30 s: a look between says what the alert said.
    clock.jump(45_000);
    const replies: Reply[] = [];
    await app.handle({ channel: 'console', senderId: 'local', text: '/status gw' }, async (x) => void replies.push(x));
    expect(replies[0]!.fields).toContainEqual({
      label: 'whose failure',
      value: "QQ: the platform, for everyone: gatewatch's own bot on QQ gets HTTP 502 too",
    });
  });
});
