// Each push service against a fake of it on loopback that checks the request as the real service does: method, path,
// content type, credential, signature, body and limits. Failures the services really answer (HTTP 200 with an error
// code, bad signature, rate limits, 5xx) must come back as `failed` with the wait the service asked for, and a detail
// that never carries the secret.
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as z from '../../src/util/zod.js';
import { issueText } from '../../src/config/schema-text.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import type { AnyChannelPlugin } from '../../src/channel-kit/plugin.js';
import { notifierPlugins } from '../../src/channels/plugins.js';
import { createRegistry } from '../../src/channels/registry.js';
import type { Alert, Channel, DeliveryOutcome, Locale, Severity, Tone } from '../../src/types.js';
import { plugin as dingtalk, dingtalkSign } from '../../src/notifiers/dingtalk.js';
import { plugin as wecom } from '../../src/notifiers/wecom.js';
import { plugin as telegram } from '../../src/chats/telegram/notifier.js';
import { plugin as bark, barkTarget } from '../../src/notifiers/bark.js';
import { plugin as ntfy, ntfyTarget } from '../../src/notifiers/ntfy.js';
import { plugin as serverchan, serverchanUrl } from '../../src/notifiers/serverchan.js';
import { plugin as pushplus } from '../../src/notifiers/pushplus.js';
import { plugin as webhook } from '../../src/notifiers/webhook.js';
import { startFakePush, type FakePush, type FakePushOptions, type Service } from '../fakes/push-services.js';
import { pluginHost } from '../helpers/channels.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function fake(service: Service, o: FakePushOptions): Promise<FakePush> {
  const f = await startFakePush(service, o);
  cleanups.push(() => f.close());
  return f;
}

function config(locale: Locale = 'en') {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-notifier-home-'));
  return resolveConfig(configSchema.parse({ locale, targets: [{ name: 'default', hermes_home: home }] }), undefined);
}

/** Builds a notifier the way the registry will: settings through the plugin's own schema, then create. */
async function make(p: AnyChannelPlugin, settings: Record<string, unknown>, locale: Locale = 'en'): Promise<Channel> {
  const { name, ...rest } = settings;
  const parsed = p.schema.parse(rest);
  return await p.create({ ...parsed, name: (name as string | undefined) ?? p.type }, pluginHost(config(locale)));
}

let seq = 0;
function alert(
  o: { severity?: Severity | Tone; title?: string; lines?: string[]; evidence?: string[]; kind?: Alert['kind'] } = {},
): Alert {
  const severity = o.severity ?? 'critical';
  return {
    id: `alert-${++seq}`,
    kind: o.kind ?? 'open',
    incidentId: `default:process_down:${seq}`,
    target: 'default',
    check: 'process_down',
    severity,
    createdAt: Date.UTC(2026, 10, 22, 10, 0, 0),
    reply: {
      title: o.title ?? 'default: Gateway process is down',
      tone: severity,
      fields: [{ label: 'target', value: 'default' }],
      lines: o.lines ?? ['The gateway process exited.', '→ Check the log.'],
      code: [(o.evidence ?? ['2026-11-22 10:00:00,123 ERROR gateway.run: Gateway crashed']).join('\n')],
      buttons: [{ label: 'Ack', command: '/ack default' }],
    },
  };
}

const failed = (o: DeliveryOutcome) => (o.status === 'failed' ? o : undefined);

describe('the notifier plugins', () => {
  it('register once each as send-only notifiers, with their secrets named', () => {
    const reg = createRegistry(notifierPlugins);
    expect(reg.notifiers().map((p) => p.type)).toEqual(notifierPlugins.map((p) => p.type));
    for (const p of notifierPlugins) {
      expect(p.kind).toBe('notifier');
      expect(p.secretKeys?.length, p.type).toBeGreaterThan(0);
    }
  });

  it('accept exactly the documented config keys and refuse a typo', () => {
    const ok: [AnyChannelPlugin, Record<string, unknown>][] = [
      [dingtalk, { url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECabc' }],
      [wecom, { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }],
      [
        telegram,
        {
          bot_token: '123456:ABC-def_1234567890abcdefghij',
          chat_id: -1001234567890,
          api_base: 'https://tg.example.com',
        },
      ],
      [bark, { url: 'https://api.day.app/KEY' }],
      [ntfy, { url: 'https://ntfy.sh/gw-alerts', token: 'tk_abc' }],
      [serverchan, { sendkey: 'SCT12345TabcdEFG', api_base: 'https://sct.example.com' }],
      [serverchan, { sendkey: 'sctp4321tabcdef' }],
      [pushplus, { token: '0123456789abcdef', api_base: 'https://pp.example.com' }],
      [webhook, { url: 'https://hooks.example.com/gw', secret: 's', headers: { 'X-Team': 'ops' } }],
    ];
    for (const [p, s] of ok) expect(() => p.schema.parse(s), p.type).not.toThrow();
    expect(() =>
      dingtalk.schema.parse({ url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secrte: 'x' }),
    ).toThrow();
    expect(() => telegram.schema.parse({ bot_token: 'not a token', chat_id: 1 })).toThrow();
    // What each says is wrong, as the config loader words it (a schema's message is a catalogue key: schema-text.ts).
    const why = (p: { schema: z.ZodMiniType }, s: unknown) => {
      const r = p.schema.safeParse(s, { reportInput: true });
      return r.success ? '' : issueText(r.error.issues[0]!, 'en');
    };
    expect(why(bark, { url: 'https://api.day.app/' })).toMatch(/device key/);
    expect(why(serverchan, { sendkey: 'SCU-old-key' })).toMatch(/SendKey/);
    expect(why(webhook, { url: 'https://h.example.com', headers: { 'Content-Type': 'text/plain' } })).toMatch(
      /may not set/,
    );
  });
});

describe('dingtalk', () => {
  const TOKEN = 'ding-token-0123456789';
  const SECRET = 'SEC0123456789abcdef0123456789abcdef';

  it('signs with timestamp and sign query parameters, encoded once, and sends markdown with the severity in the title', async () => {
    // A timestamp whose signature has a '+' in it: sent unencoded it would arrive as a space and not match.
    let ts = Date.UTC(2026, 10, 22, 10, 0, 0);
    while (!dingtalkSign(SECRET, ts).includes('+')) ts++;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(ts);
    const f = await fake('dingtalk', { dingtalk: { [TOKEN]: SECRET } });
    const n = await make(dingtalk, {
      url: `${f.base}/robot/send?access_token=${TOKEN}`,
      secret: SECRET,
      name: 'ops-dd',
    });
    expect(n).toMatchObject({ name: 'ops-dd', interactive: false });
    const out = await n.deliver(alert({ lines: ['bad <@all> line'] }));
    expect(out).toMatchObject({ status: 'sent' });
    const [req] = f.delivered();
    expect(req).toMatchObject({
      method: 'POST',
      path: '/robot/send',
      query: { access_token: TOKEN, timestamp: String(ts), sign: dingtalkSign(SECRET, ts) },
    });
    expect(req!.headers['content-type']).toMatch(/^application\/json/);
    expect(req!.body.msgtype).toBe('markdown');
    expect(req!.body.markdown.title).toBe('🔴 [CRITICAL] default: Gateway process is down');
    expect(req!.body.markdown.text).toContain('#### 🔴 [CRITICAL] default: Gateway process is down');
    expect(req!.body.markdown.text).toContain('> 2026-11-22 10:00:00,123 ERROR gateway.run: Gateway crashed');
    // A log line cannot mention the whole group.
    expect(req!.body.markdown.text).not.toContain('<@all>');
    // The independent vector: printf '1700000000000\nSECdemo' | openssl dgst -sha256 -hmac SECdemo -binary | base64
    expect(dingtalkSign('SECdemo', 1700000000000)).toBe(
      createHmac('sha256', 'SECdemo').update('1700000000000\nSECdemo').digest('base64'),
    );
  });

  it('reports a wrong secret (310000), an unknown token and a 5xx as failed, without the secret or the token', async () => {
    const f = await fake('dingtalk', { dingtalk: { [TOKEN]: SECRET } });
    const wrong = await make(dingtalk, {
      url: `${f.base}/robot/send?access_token=${TOKEN}`,
      secret: 'SECwrong-secret-value',
    });
    const o1 = failed(await wrong.deliver(alert()))!;
    expect(o1.detail).toMatch(/code 310000: sign not match/);
    expect(o1.retryAfterMs).toBeUndefined();
    expect(o1.detail).not.toContain('SECwrong-secret-value');
    expect(wrong.health()).toMatchObject({ ok: false });

    const unknown = await make(dingtalk, { url: `${f.base}/robot/send?access_token=gone-token-123` });
    const o2 = failed(await unknown.deliver(alert()))!;
    expect(o2.detail).toContain('300001');
    expect(o2.detail).not.toContain('gone-token-123');

    const n = await make(dingtalk, { url: `${f.base}/robot/send?access_token=${TOKEN}`, secret: SECRET });
    f.faults.push({ status: 502, body: '<html>Bad Gateway</html>' });
    const o3 = failed(await n.deliver(alert()))!;
    expect(o3.detail).toMatch(/HTTP 502/);
    expect(o3.retryAfterMs).toBeUndefined();
    expect(f.delivered()).toHaveLength(0);
  });

  it('keeps under 20 a minute itself, and after a 130101 throttle waits the 10 minutes without knocking again', async () => {
    const f = await fake('dingtalk', { dingtalk: { [TOKEN]: '' } });
    const n = await make(dingtalk, { url: `${f.base}/robot/send?access_token=${TOKEN}` });
    for (let i = 0; i < 20; i++) expect((await n.deliver(alert())).status).toBe('sent');
    const held = failed(await n.deliver(alert()))!;
    expect(held.retryAfterMs).toBeGreaterThan(0);
    expect(held.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(f.requests).toHaveLength(20);

    const other = await make(dingtalk, { url: `${f.base}/robot/send?access_token=${TOKEN}` });
    f.faults.push({ status: 200, body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } });
    const limited = failed(await other.deliver(alert()))!;
    expect(limited).toMatchObject({ status: 'failed', retryAfterMs: 600_000 });
    expect(limited.detail).toContain('130101');
    const before = f.requests.length;
    expect(failed(await other.deliver(alert()))!.retryAfterMs).toBeGreaterThan(590_000);
    expect(f.requests).toHaveLength(before);
  });
});

describe('wecom', () => {
  const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

  it('sends markdown within 4096 bytes even for a long Chinese alert', async () => {
    const f = await fake('wecom', { wecom: [KEY] });
    const n = await make(wecom, { url: `${f.base}/cgi-bin/webhook/send?key=${KEY}` }, 'zh-CN');
    const evidence = Array.from(
      { length: 200 },
      (_, i) => `2026-11-22 10:00:${String(i % 60).padStart(2, '0')} 错误 网关连接断开 第${i}次`,
    );
    expect(await n.deliver(alert({ evidence }))).toMatchObject({ status: 'sent' });
    const [req] = f.delivered();
    expect(req).toMatchObject({
      method: 'POST',
      path: '/cgi-bin/webhook/send',
      query: { key: KEY },
      body: { msgtype: 'markdown' },
    });
    const content: string = req!.body.markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content.startsWith('#### 🔴 [严重] default: Gateway process is down')).toBe(true);
    expect(content).toContain('第0次');
    expect(content.endsWith('…（已截断）')).toBe(true);
  });

  it('fails on a bad key (93000, HTTP 200) and waits a minute after 45009', async () => {
    const f = await fake('wecom', { wecom: [KEY] });
    const bad = await make(wecom, { url: `${f.base}/cgi-bin/webhook/send?key=wrong-key-value` });
    const o = failed(await bad.deliver(alert()))!;
    expect(o.detail).toMatch(/HTTP 200 code 93000: invalid webhook url/);
    expect(o.detail).not.toContain('wrong-key-value');
    const n = await make(wecom, { url: `${f.base}/cgi-bin/webhook/send?key=${KEY}` });
    f.faults.push({ status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } });
    expect(await n.deliver(alert())).toMatchObject({ status: 'failed', retryAfterMs: 60_000 });
  });
});

describe('telegram notifier', () => {
  const TOKEN = '123456789:AAH-test_token_value';
  const CHAT = -1001234567890;

  it('sends HTML that parses, with text from logs escaped, and stays within 4096 characters', async () => {
    const f = await fake('telegram', { telegram: { [TOKEN]: [CHAT] } });
    const n = await make(telegram, { bot_token: TOKEN, chat_id: CHAT, api_base: f.base });
    const out = await n.deliver(
      alert({
        lines: ['Tool <exec> & "quotes" > 5 *bold* _x_'],
        evidence: Array.from({ length: 300 }, (_, i) => `line ${i} <tag> & more`),
      }),
    );
    expect(out).toMatchObject({ status: 'sent' });
    const [req] = f.delivered();
    expect(req).toMatchObject({
      method: 'POST',
      path: `/bot${TOKEN}/sendMessage`,
      body: { chat_id: CHAT, parse_mode: 'HTML' },
    });
    const visible = (req!.answer as { result: { text: string } }).result.text;
    expect(visible.startsWith('🔴 [CRITICAL] default: Gateway process is down')).toBe(true);
    expect(visible).toContain('Tool <exec> & "quotes" > 5 *bold* _x_');
    expect(visible.length).toBeLessThanOrEqual(4096);
    expect(visible).toContain('(truncated)');
  });

  it('honours 429 retry_after, and reports a bad token, an unknown chat and a migrated group', async () => {
    const f = await fake('telegram', { telegram: { [TOKEN]: [CHAT] } });
    const n = await make(telegram, { bot_token: TOKEN, chat_id: CHAT, api_base: f.base });
    f.faults.push({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 7',
        parameters: { retry_after: 7 },
      },
    });
    expect(await n.deliver(alert())).toMatchObject({ status: 'failed', retryAfterMs: 7_000 });

    const badToken = await make(telegram, {
      bot_token: '987654321:AAwrong_token_zzz0123456789',
      chat_id: CHAT,
      api_base: f.base,
    });
    const o1 = failed(await badToken.deliver(alert()))!;
    expect(o1.detail).toMatch(/HTTP 401 code 401: Unauthorized/);
    expect(o1.detail).not.toContain('AAwrong_token_zzz');

    const noChat = await make(telegram, { bot_token: TOKEN, chat_id: 42, api_base: f.base });
    expect(failed(await noChat.deliver(alert()))!.detail).toContain('chat not found');

    f.faults.push({
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: -1009876543210 },
      },
    });
    const other = await make(telegram, { bot_token: TOKEN, chat_id: CHAT, api_base: f.base });
    expect(failed(await other.deliver(alert()))!.detail).toContain('set chat_id to -1009876543210');
  });
});

describe('bark', () => {
  const KEY = 'devKEY0123456789';

  it('pushes through POST /push with the device key; critical rings through silent mode, warnings are time-sensitive', async () => {
    const f = await fake('bark', { bark: [KEY] });
    const n = await make(bark, { url: `${f.base}/${KEY}` });
    for (const severity of ['critical', 'warning', 'info', 'ok'] as const)
      expect(await n.deliver(alert({ severity }))).toMatchObject({ status: 'sent' });
    const got = f.delivered();
    expect(got.map((r) => r.body.level)).toEqual(['critical', 'timeSensitive', 'active', 'active']);
    expect(got[0]).toMatchObject({
      method: 'POST',
      path: '/push',
      body: { device_key: KEY, title: '🔴 [CRITICAL] default: Gateway process is down', group: 'gatewatch' },
    });
    expect(got[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(got[0]!.body.body).toContain('The gateway process exited.');
    expect(barkTarget('https://bark.example.com/sub/KEY123/')).toMatchObject({ key: 'KEY123' });
    expect(barkTarget('https://bark.example.com/sub/KEY123/').push.href).toBe('https://bark.example.com/sub/push');
  });

  it('reports an unknown device key without repeating it', async () => {
    const f = await fake('bark', { bark: [KEY] });
    const n = await make(bark, { url: `${f.base}/unknownKEY999` });
    const o = failed(await n.deliver(alert()))!;
    expect(o.detail).toMatch(/HTTP 400 code 400: failed to get device token/);
    expect(o.detail).not.toContain('unknownKEY999');
  });
});

describe('ntfy', () => {
  it('publishes JSON to the root with priority, tags, markdown and a Bearer token; a Chinese title works', async () => {
    const f = await fake('ntfy', { ntfy: { 'gw-alerts': 'tk_secret0123456789' } });
    const n = await make(ntfy, { url: `${f.base}/gw-alerts`, token: 'tk_secret0123456789' }, 'zh-CN');
    for (const severity of ['critical', 'warning', 'info'] as const)
      expect(await n.deliver(alert({ severity, title: '网关进程已退出' }))).toMatchObject({ status: 'sent' });
    const got = f.delivered();
    expect(got.map((r) => r.body.priority)).toEqual([5, 4, 3]);
    expect(got[0]).toMatchObject({ method: 'POST', path: '/' });
    expect(got[0]!.headers.authorization).toBe('Bearer tk_secret0123456789');
    expect(got[0]!.body).toMatchObject({
      topic: 'gw-alerts',
      title: '[严重] 网关进程已退出',
      markdown: true,
      tags: ['rotating_light', 'gatewatch', 'default'],
    });
    expect(got[1]!.body.tags[0]).toBe('warning');
    expect(got[0]!.body.message).toContain('```\n2026-11-22 10:00:00,123 ERROR gateway.run: Gateway crashed\n```');
    expect(ntfyTarget('https://push.example.com/ntfy/alerts')).toMatchObject({ topic: 'alerts' });
    expect(ntfyTarget('https://push.example.com/ntfy/alerts').root.href).toBe('https://push.example.com/ntfy/');
  });

  it('fails on a wrong token (401) and waits after 429, by Retry-After when given', async () => {
    const f = await fake('ntfy', { ntfy: { 'gw-alerts': 'tk_secret0123456789' } });
    const wrong = await make(ntfy, { url: `${f.base}/gw-alerts`, token: 'tk_wrong0123456789' });
    const o = failed(await wrong.deliver(alert()))!;
    expect(o.detail).toMatch(/HTTP 401 code 40101: unauthorized/);
    expect(o.detail).not.toContain('tk_wrong0123456789');
    const n = await make(ntfy, { url: `${f.base}/gw-alerts`, token: 'tk_secret0123456789' });
    f.faults.push({ status: 429, body: { code: 42901, http: 429, error: 'limit reached: too many requests' } });
    expect(await n.deliver(alert())).toMatchObject({ status: 'failed', retryAfterMs: 60_000 });
    const m = await make(ntfy, { url: `${f.base}/gw-alerts`, token: 'tk_secret0123456789' });
    f.faults.push({
      status: 429,
      body: { code: 42901, http: 429, error: 'limit reached' },
      headers: { 'retry-after': '120' },
    });
    expect(await m.deliver(alert())).toMatchObject({ status: 'failed', retryAfterMs: 120_000 });
  });
});

describe('serverchan', () => {
  it('builds Turbo and ServerChan³ URLs from the key', () => {
    expect(serverchanUrl('SCT12345TabcdEFG')).toBe('https://sctapi.ftqq.com/SCT12345TabcdEFG.send');
    expect(serverchanUrl('sctp4321tabcdef')).toBe('https://4321.push.ft07.com/send/sctp4321tabcdef.send');
    expect(serverchanUrl('sctp4321tabcdef', 'http://127.0.0.1:9/')).toBe(
      'http://127.0.0.1:9/send/sctp4321tabcdef.send',
    );
  });

  it('sends a one-line title and markdown desp with either kind of key; code 0 is success', async () => {
    const f = await fake('serverchan', { serverchan: { keys: ['SCT12345TabcdEFG', 'sctp4321tabcdef'] } });
    const turbo = await make(serverchan, { sendkey: 'SCT12345TabcdEFG', api_base: f.base });
    const sc3 = await make(serverchan, { sendkey: 'sctp4321tabcdef', api_base: f.base });
    expect(
      await turbo.deliver(alert({ title: 'a very long title\nwith a line break that goes on and on' })),
    ).toMatchObject({ status: 'sent' });
    expect(await sc3.deliver(alert())).toMatchObject({ status: 'sent' });
    const [a, b] = f.delivered();
    expect(a).toMatchObject({ method: 'POST', path: '/SCT12345TabcdEFG.send' });
    expect(a!.body.title.length).toBeLessThanOrEqual(33);
    expect(a!.body.title).not.toMatch(/\n/);
    expect(a!.body.desp).toContain('with a line break that goes on and on');
    expect(b).toMatchObject({ path: '/send/sctp4321tabcdef.send', body: { tags: 'gatewatch|critical' } });
  });

  it('fails on a wrong key (HTTP 400, 40001), on HTTP 200 with a non-zero code, and waits 24 h on 429', async () => {
    const f = await fake('serverchan', { serverchan: { keys: ['SCT12345TabcdEFG'], perDay: 1 } });
    const wrong = await make(serverchan, { sendkey: 'SCT99999TwrongKEY', api_base: f.base });
    const o = failed(await wrong.deliver(alert()))!;
    expect(o.detail).toMatch(/HTTP 400 code 40001: \[AUTH\]错误的Key/);
    expect(o.detail).not.toContain('SCT99999TwrongKEY');
    const n = await make(serverchan, { sendkey: 'SCT12345TabcdEFG', api_base: f.base });
    f.faults.push({ status: 200, body: { code: 20001, message: 'send failed' } });
    expect(failed(await n.deliver(alert()))!.detail).toContain('20001');
    expect(await n.deliver(alert())).toMatchObject({ status: 'sent' });
    expect(await n.deliver(alert())).toMatchObject({ status: 'failed', retryAfterMs: 24 * 3_600_000 });
  });
});

describe('pushplus', () => {
  const TOKEN = 'pp0123456789abcdef0123456789abcd';

  it('posts JSON with the markdown template; 200 in the body is success', async () => {
    const f = await fake('pushplus', { pushplus: [TOKEN] });
    const n = await make(pushplus, { token: TOKEN, api_base: f.base });
    expect(await n.deliver(alert())).toMatchObject({ status: 'sent' });
    const [req] = f.delivered();
    expect(req).toMatchObject({
      method: 'POST',
      path: '/send',
      body: { token: TOKEN, template: 'markdown', title: '🔴 [CRITICAL] default: Gateway process is down' },
    });
    expect(req!.headers['content-type']).toMatch(/^application\/json/);
    expect(req!.body.content).toContain('### 🔴 [CRITICAL]');
  });

  it('fails on a bad token (903 with HTTP 200), stops an hour on 900, and keeps to 5 a minute itself', async () => {
    const f = await fake('pushplus', { pushplus: [TOKEN] });
    const bad = await make(pushplus, { token: 'ppWRONG0123456789', api_base: f.base });
    const o = failed(await bad.deliver(alert()))!;
    expect(o.detail).toMatch(/HTTP 200 code 903/);
    expect(o.detail).not.toContain('ppWRONG0123456789');
    const n = await make(pushplus, { token: TOKEN, api_base: f.base });
    f.faults.push({ status: 200, body: { code: 900, msg: '用户账号使用受限', data: null } });
    expect(await n.deliver(alert())).toMatchObject({ status: 'failed', retryAfterMs: 3_600_000 });
    const m = await make(pushplus, { token: TOKEN, api_base: f.base });
    for (let i = 0; i < 5; i++) expect((await m.deliver(alert())).status).toBe('sent');
    const before = f.requests.length;
    expect(failed(await m.deliver(alert()))!.retryAfterMs).toBeGreaterThan(0);
    expect(f.requests).toHaveLength(before);
  });
});

describe('generic webhook', () => {
  it('posts the versioned document, signed over the raw body, with the configured headers', async () => {
    const f = await fake('webhook', { webhook: { secret: 'hook-secret' } });
    const n = await make(webhook, {
      url: `${f.base}/hook`,
      secret: 'hook-secret',
      headers: { 'X-Team': 'ops', Authorization: 'Bearer abcdef123' },
    });
    const a = alert();
    expect(await n.deliver(a)).toMatchObject({ status: 'sent' });
    const [req] = f.delivered();
    expect(req!.headers['x-gatewatch-signature']).toBe(
      `sha256=${createHmac('sha256', 'hook-secret').update(req!.raw).digest('hex')}`,
    );
    expect(req!.headers['x-team']).toBe('ops');
    expect(req!.headers['x-gatewatch-schema']).toBe('alert/v1');
    expect(req!.body).toEqual({
      version: 1,
      id: a.id,
      kind: 'open',
      incident_id: a.incidentId,
      target: 'default',
      check: 'process_down',
      severity: 'critical',
      title: 'default: Gateway process is down',
      text: 'target: default\nThe gateway process exited.\n→ Check the log.\n  2026-11-22 10:00:00,123 ERROR gateway.run: Gateway crashed',
      evidence: ['2026-11-22 10:00:00,123 ERROR gateway.run: Gateway crashed'],
      created_at: '2026-11-22T10:00:00.000Z',
    });
  });

  it('is refused with a wrong secret; 5xx fails; 503 with an HTTP-date Retry-After is honoured; no secret, no signature', async () => {
    const f = await fake('webhook', { webhook: { secret: 'hook-secret' } });
    const wrong = await make(webhook, { url: `${f.base}/hook`, secret: 'other-secret' });
    const o = failed(await wrong.deliver(alert()))!;
    expect(o.detail).toMatch(/HTTP 401/);
    expect(o.detail).not.toContain('other-secret');
    const n = await make(webhook, { url: `${f.base}/hook`, secret: 'hook-secret' });
    f.faults.push({ status: 500, body: 'boom' });
    expect(failed(await n.deliver(alert()))!.retryAfterMs).toBeUndefined();
    f.faults.push({
      status: 503,
      body: 'later',
      headers: { 'retry-after': new Date(Date.now() + 90_000).toUTCString() },
    });
    const later = failed(await n.deliver(alert()))!;
    expect(later.retryAfterMs).toBeGreaterThan(80_000);
    expect(later.retryAfterMs).toBeLessThanOrEqual(90_000);

    const open = await fake('webhook', { webhook: { secret: '' } });
    const plain = await make(webhook, { url: `${open.base}/hook` });
    expect(await plain.deliver(alert())).toMatchObject({ status: 'sent' });
    expect(open.delivered()[0]!.headers).not.toHaveProperty('x-gatewatch-signature');
  });
});

describe('any notifier', () => {
  it('reports a service that does not answer as failed, naming the host only', async () => {
    const f = await fake('dingtalk', {});
    const url = `${f.base}/robot/send?access_token=tok-123456789`;
    await f.close();
    const n = await make(dingtalk, { url });
    const o = failed(await n.deliver(alert()))!;
    expect(o.detail).toMatch(/DingTalk: no answer from 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(o.detail).not.toContain('tok-123456789');
  });
});

describe('every HTTP notifier', () => {
  const setups: [Service, FakePushOptions, AnyChannelPlugin, (base: string) => Record<string, unknown>][] = [
    [
      'dingtalk',
      { dingtalk: { tok: 'SECs' } },
      dingtalk,
      (b) => ({ url: `${b}/robot/send?access_token=tok`, secret: 'SECs' }),
    ],
    ['wecom', { wecom: ['k'] }, wecom, (b) => ({ url: `${b}/cgi-bin/webhook/send?key=k` })],
    [
      'telegram',
      { telegram: { '1:AA-fake-token-0123456789abcdef': [5] } },
      telegram,
      (b) => ({ bot_token: '1:AA-fake-token-0123456789abcdef', chat_id: 5, api_base: b }),
    ],
    ['bark', { bark: ['K'] }, bark, (b) => ({ url: `${b}/K` })],
    ['ntfy', { ntfy: { t: '' } }, ntfy, (b) => ({ url: `${b}/t` })],
    ['serverchan', { serverchan: { keys: ['SCT1Tk'] } }, serverchan, (b) => ({ sendkey: 'SCT1Tk', api_base: b })],
    ['pushplus', { pushplus: ['pptoken-123'] }, pushplus, (b) => ({ token: 'pptoken-123', api_base: b })],
    ['webhook', { webhook: { secret: 's' } }, webhook, (b) => ({ url: `${b}/hook`, secret: 's' })],
  ];

  it.each(setups)(
    '%s: a 5xx fails and is retried at once after; a 429 with Retry-After is waited out without knocking',
    async (service, o, p, settings) => {
      const f = await fake(service, o);
      const n = await make(p, settings(f.base));
      f.faults.push({ status: 500, body: 'Internal Server Error' });
      const o1 = failed(await n.deliver(alert()))!;
      expect(o1.detail).toMatch(/HTTP 500/);
      expect(o1.retryAfterMs).toBeUndefined();
      expect(await n.deliver(alert())).toMatchObject({ status: 'sent' });
      f.faults.push({ status: 429, body: 'Too Many Requests', headers: { 'retry-after': '42' } });
      expect(failed(await n.deliver(alert()))!.retryAfterMs).toBeGreaterThanOrEqual(42_000);
      const before = f.requests.length;
      expect(failed(await n.deliver(alert()))!.detail).toMatch(/rate limit/);
      expect(f.requests).toHaveLength(before);
      expect(f.delivered()).toHaveLength(1);
    },
  );
});

describe('notifier logs', () => {
  it('name the failure but never the token, key or secret', async () => {
    const { default: pino } = await import('pino');
    const { Writable } = await import('node:stream');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino({ level: 'debug' }, sink);
    const f = await fake('telegram', { telegram: { '555:AAgood': [5] } });
    const n = await make(telegram, { bot_token: '555:AAbad_token_value_0123456789', chat_id: 5, api_base: f.base });
    const ctx = { log, locale: 'en' } as unknown as Parameters<Channel['start']>[0];
    // The token check at start answered by a proxy's 502 (no refusal): the bad token is found at the send.
    f.faults.push({ status: 502, body: 'Bad Gateway' });
    await n.start(ctx);
    expect(await n.deliver(alert())).toMatchObject({ status: 'failed' });
    const d = await fake('dingtalk', { dingtalk: { tok: 'SECright' } });
    const m = await make(dingtalk, { url: `${d.base}/robot/send?access_token=tok`, secret: 'SECwrong_value' });
    await m.start(ctx);
    expect(await m.deliver(alert())).toMatchObject({ status: 'failed' });
    const out = lines.join('');
    expect(out).toContain('Unauthorized');
    expect(out).toContain('310000');
    expect(out).not.toContain('AAbad_token_value');
    expect(out).not.toContain('SECwrong_value');
    expect(n.health().summary).not.toContain('AAbad_token_value');
  });
});
