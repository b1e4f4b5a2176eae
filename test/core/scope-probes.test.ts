// "Us or them" from gatewatch's own vantage points (issue 44 item 1): its own QQ bot, Feishu app and Telegram bot ask
// stand-ins of their platforms (loopback fakes of the real protocols) that answer, fail with a 5xx or refuse; an egress
// check gets out or not; a stand-in Prometheus gives the fleet's view. Each row is the real chat channel's own
// question, gathered by src/core/scope-probes.ts and judged by the verdict (src/detectors/scope.ts).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createChannel as createQQ } from '../../src/chats/qq/index.js';
import { createChannel as createFeishu } from '../../src/chats/feishu/index.js';
import { createChannel as createTelegram } from '../../src/chats/telegram/index.js';
import { telegramSchema } from '../../src/chats/telegram/settings.js';
import { ownBots } from '../../src/channels/own-bots.js';
import { createScopeProbes, type ScopeProbeDeps } from '../../src/core/scope-probes.js';
import { createReachability } from '../../src/probes/reachability.js';
import { scopeVerdict } from '../../src/detectors/scope.js';
import { systemClock } from '../../src/util/clock.js';
import type { Channel, PlatformScope } from '../../src/types.js';
import { startFakeQQ, type FakeQQ } from '../fakes/qq-server.js';
import { startFakeFeishu, type FakeFeishu } from '../fakes/feishu-server.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram-server.js';
import { startFakePrometheus, type FakePrometheus } from '../fakes/prometheus.js';
import { startHangingEndpoint } from '../fakes/hanging-endpoint.js';
import { feishuArgs, pluginHost, qqArgs } from '../helpers/channels.js';
import { manualClock } from '../helpers/clock.js';
import { refusedPort } from '../helpers/ports.js';

const QQ_APP = '102000001';
const QQ_SECRET = 'fake-client-secret-DG5g3B4j';
const FEISHU_APP = 'cli_0123456789abcdef';
const FEISHU_SECRET = 'right-app-secret-42';
const TG_TOKEN = '7012345678:AAHfake-token-of-gatewatch-000000000';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});
const later = <T extends { close(): Promise<unknown> }>(x: T): T => (cleanups.push(() => x.close()), x);

/** A server that accepts each connection and drops it at once: the platform refusing us. */
async function dropping(): Promise<string> {
  const s = net.createServer((c) => c.destroy());
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => s.close(r)));
  return `http://127.0.0.1:${(s.address() as net.AddressInfo).port}`;
}

/** A listener anybody can connect to: an egress host that answers (plain http: DNS and TCP). */
async function listening(): Promise<string> {
  const s = net.createServer((c) => c.end());
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => s.close(r)));
  return `http://127.0.0.1:${(s.address() as net.AddressInfo).port}`;
}

const config = (channels: Record<string, unknown>) =>
  resolveConfig(
    configSchema.parse({ targets: [{ name: 'default', hermes_home: '/nonexistent-hermes' }], channels }),
    undefined,
  );

type Stand = 'answers' | '5xx' | 'refuses';

/** gatewatch's own QQ bot, against a fake QQ in the given state. */
async function qqBot(stand: Stand): Promise<{ channel: Channel; api: string; fake: FakeQQ }> {
  const fake = later(await startFakeQQ({ appId: QQ_APP, clientSecret: QQ_SECRET }));
  if (stand === '5xx') fake.faults.gatewayErrors.push(502, 502, 502);
  if (stand === 'refuses') fake.faults.down = true;
  const c = config({
    qq: {
      app_id: QQ_APP,
      client_secret: QQ_SECRET,
      api_base: fake.baseUrl,
      token_url: fake.tokenUrl,
      alert_to: [{ user: 'u1' }],
    },
  });
  return { channel: createQQ(...qqArgs(c), { httpTimeoutMs: 2_000 }), api: fake.baseUrl, fake };
}

async function feishuApp(stand: Stand): Promise<{ channel: Channel; api: string; fake?: FakeFeishu }> {
  const fake =
    stand === 'refuses' ? undefined : later(await startFakeFeishu({ appId: FEISHU_APP, appSecret: FEISHU_SECRET }));
  if (stand === '5xx') fake!.faults.token.push(503, 503, 503);
  const domain = fake?.base ?? (await dropping());
  const c = config({
    feishu: { app_id: FEISHU_APP, app_secret: FEISHU_SECRET, domain, alert_to: [{ chat_id: 'oc_alerts' }] },
  });
  return { channel: createFeishu(...feishuArgs(c)), api: domain, fake };
}

async function telegramBot(stand: Stand): Promise<{ channel: Channel; api: string; fake?: FakeTelegram }> {
  const fake = stand === 'refuses' ? undefined : later(await startFakeTelegram({ token: TG_TOKEN }));
  if (stand === '5xx') fake!.faults.push({ method: 'getMe', status: 502, description: 'Bad Gateway' });
  const api = fake?.base ?? (await dropping());
  const c = config({});
  const settings = telegramSchema().parse({ bot_token: TG_TOKEN, api_base: api, alert_to: [{ chat_id: 1 }] });
  return { channel: createTelegram({ ...settings, name: 'telegram' }, pluginHost(c)), api };
}

const BOTS = { qqbot: qqBot, feishu: feishuApp, telegram: telegramBot } as const;

async function probesFor(
  platform: keyof typeof BOTS,
  stand: Stand,
  o: { egress?: 'ok' | 'down'; fleet?: FakePrometheus; deps?: Partial<ScopeProbeDeps> } = {},
) {
  const bot = await BOTS[platform](stand);
  const reach = createReachability({ qqbot: false, feishu: false, telegram: false, [platform]: bot.api }, systemClock, {
    timeoutMs: 2_000,
  });
  const egress =
    o.egress === 'ok' ? await listening() : o.egress === 'down' ? `http://127.0.0.1:${await refusedPort()}` : undefined;
  const probes = createScopeProbes({
    clock: systemClock,
    reach: () => reach,
    ownBots: () => ownBots([bot.channel]),
    timeoutMs: 3_000,
    ...(egress ? { egress } : {}),
    ...(o.fleet ? { fleet: { prometheus: o.fleet.url, instance: 'me:9464', minOthers: 2 } } : {}),
    ...o.deps,
  });
  return { bot, probes };
}

async function verdict(platform: keyof typeof BOTS, stand: Stand, o: Parameters<typeof probesFor>[2] = {}) {
  const { probes } = await probesFor(platform, stand, o);
  const found = await probes.gather('default', [platform], true);
  return { found: found[platform]!, ...scopeVerdict(found[platform]!, platform) };
}

describe.each(['qqbot', 'feishu', 'telegram'] as const)("gatewatch's own bot on %s", (platform) => {
  const rows: [Stand, 'ok' | 'down' | undefined, PlatformScope, string][] = [
    ['answers', undefined, 'gateway', 'answered'],
    ['5xx', undefined, 'platform', 'server_error'],
    // The stand-in accepts the connection and drops it: this host reaches the API, so a failed egress check does not
    // make it this host's network, and one vantage point does not make it the platform's (§10.5).
    ['refuses', 'down', 'unknown', 'no_answer'],
    ['refuses', 'ok', 'unknown', 'no_answer'],
    ['refuses', undefined, 'unknown', 'no_answer'],
  ];
  it.each(rows)('%s, egress %s: %s', async (stand, egress, scope, answer) => {
    const v = await verdict(platform, stand, { egress });
    expect(v.found.ownBot).toMatchObject({ answer });
    expect(v.scope).toBe(scope);
    // Nothing the platform answered and no secret is said.
    expect(JSON.stringify(v.found)).not.toMatch(/DG5g3B4j|right-app-secret|AAHfake/);
  });
});

describe('the fleet decides what one vantage point cannot', () => {
  it('QQ refuses us and most other instances have it up: this host', async () => {
    const prom = later(
      await startFakePrometheus([
        { instance: 'me:9464', platform: 'qqbot', value: 0 },
        { instance: 'b:9464', platform: 'qqbot', value: 1 },
        { instance: 'c:9464', platform: 'qqbot', value: 1 },
        { instance: 'd:9464', platform: 'qqbot', value: 0 },
      ]),
    );
    const v = await verdict('qqbot', 'refuses', { fleet: prom });
    expect(v.found.fleet).toEqual({ reporting: 3, down: 1, quorum: 2 });
    expect(v.scope).toBe('host_network');
  });

  it('QQ answers our own bot but is down on most other instances: this gateway (the fleet may share its fault)', async () => {
    const prom = later(
      await startFakePrometheus([
        { instance: 'b:9464', platform: 'qqbot', value: 0 },
        { instance: 'c:9464', platform: 'qqbot', value: 0 },
        { instance: 'd:9464', platform: 'ops:qqbot', target: 'ops', value: 0 },
      ]),
    );
    const v = await verdict('qqbot', 'answers', { fleet: prom });
    expect(v.scope).toBe('gateway');
  });
});

describe('what the probes cost', () => {
  it('a look reads only what stands; a judgement asks once per cache period, whatever the callers', async () => {
    const prom = later(await startFakePrometheus([{ instance: 'b:9464', platform: 'qqbot', value: 1 }]));
    let now = 1_000_000;
    const { bot, probes } = await probesFor('qqbot', 'answers', {
      fleet: prom,
      deps: { clock: { ...systemClock, now: () => now } },
    });
    const fake = (bot as Awaited<ReturnType<typeof qqBot>>).fake;
    const gatewayCalls = () => fake.tokenRequests;
    expect(await probes.gather('default', ['qqbot'], false)).toEqual({});
    expect(prom.queries).toHaveLength(0);
    await Promise.all([
      probes.gather('default', ['qqbot'], true),
      probes.gather('default', ['qqbot', 'ops:qqbot'], true),
    ]);
    expect(prom.queries).toHaveLength(1);
    expect(gatewayCalls()).toBe(1);
    now += 10_000;
    const read = await probes.gather('default', ['qqbot'], false);
    expect(read.qqbot).toMatchObject({ ownBot: { answer: 'answered' }, fleet: { reporting: 1, down: 0 } });
    await probes.gather('default', ['qqbot'], true);
    expect(prom.queries).toHaveLength(1);
    now += 30_000;
    expect(await probes.gather('default', ['qqbot'], false)).toMatchObject({ qqbot: { reach: { reachable: true } } });
    await probes.gather('default', ['qqbot'], true);
    expect(prom.queries).toHaveLength(2);
    // Nothing failing, nothing asked.
    await probes.gather('default', [], true);
    expect(prom.queries).toHaveLength(2);
  });

  it('a platform that never answers holds the judgement up only until the deadline on the injected clock', async () => {
    const hang = later(await startHangingEndpoint('telegram', { hanging: true }));
    const clock = manualClock(0);
    const c = config({});
    const settings = telegramSchema().parse({ bot_token: TG_TOKEN, api_base: hang.url, alert_to: [{ chat_id: 1 }] });
    const channel = createTelegram({ ...settings, name: 'telegram' }, pluginHost(c, undefined, clock));
    const probes = createScopeProbes({
      clock,
      reach: () => undefined,
      ownBots: () => ownBots([channel]),
      timeoutMs: 5_000,
    });
    const gathered = probes.gather('default', ['telegram'], true);
    await hang.first((e) => e.kind === 'received', 5_000);
    await clock.advance(5_000);
    expect((await gathered).telegram!.ownBot).toMatchObject({ answer: 'no_answer', channel: 'telegram' });
  });
});

describe("the own bot's time limit", () => {
  it("is the platform's to answer in, not gatewatch's to load its client in (a one-shot check on a busy box)", async () => {
    // A one-shot check builds its bot's client at the first question (channels/own-bots.ts configuredBots): on a box
    // at load 16 that took longer than the limit, and a platform that answered at once was "no answer" (issue 62).
    const clock = manualClock(0);
    let client: Promise<void> | undefined;
    const prepare = () => (client ??= clock.advance(6_000));
    const probes = createScopeProbes({
      clock,
      reach: () => undefined,
      ownBots: () => [
        {
          platform: 'qqbot',
          channel: 'qq',
          prepare,
          // Its request takes the limit's signal, as the real clients' do.
          ask: async (signal: AbortSignal) => {
            await prepare();
            signal.throwIfAborted();
            return { answer: 'answered' as const, status: 200, detail: 'gateway URL' };
          },
        },
      ],
      timeoutMs: 5_000,
    });
    const gathered = await probes.gather('default', ['qqbot'], true);
    expect(gathered.qqbot!.ownBot).toMatchObject({ answer: 'answered', channel: 'qq' });
  });
});
