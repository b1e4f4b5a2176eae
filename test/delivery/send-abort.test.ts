// Every sender cancels its request for real when the caller's signal aborts: the loopback endpoint sees its client go
// away (the socket closed), so a send the outbox gave up on cannot still land after its retry. Real sockets, the real
// senders (fetch, the Lark SDK's axios, grammY, nodemailer); the endpoints hold every request unanswered.
import { mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { request } from '../../src/channel-kit/http.js';
import { plugin as webhook } from '../../src/notifiers/webhook.js';
import { plugin as email } from '../../src/notifiers/email.js';
import { postWebhook } from '../../src/chats/feishu/webhook.js';
import { createSender } from '../../src/chats/feishu/client.js';
import { createApi } from '../../src/chats/qq/api.js';
import { createChannel as createTelegram } from '../../src/chats/telegram/index.js';
import { telegramSchema } from '../../src/chats/telegram/plugin.js';
import type { Alert, ChannelContext } from '../../src/types.js';
import { startHangingEndpoint, type HangingEndpoint } from '../fakes/hanging-endpoint.js';
import { pluginHost } from '../helpers/channels.js';
import { until } from '../helpers/until.js';
import { deadline, systemClock } from '../../src/util/clock.js';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function hanging(): Promise<HangingEndpoint> {
  const ep = await startHangingEndpoint('hang', { hanging: true });
  cleanups.push(() => ep.close());
  return ep;
}

function config(channels: Record<string, unknown> = {}) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-abort-home-'));
  mkdirSync(path.join(home, 'state'));
  return resolveConfig(
    configSchema.parse({
      state_dir: path.join(home, 'state'),
      targets: [{ name: 'default', hermes_home: home }],
      channels: { notifiers: [], ...channels },
    }),
    undefined,
  );
}

const alert: Alert = {
  id: 'a1',
  kind: 'open',
  target: 'default',
  severity: 'critical',
  createdAt: Date.now(),
  reply: { title: 'default: down' },
};

/** Aborts once the endpoint has the request in hand, then resolves both the send's result and the close it saw. */
async function abortOnce<T>(ep: HangingEndpoint, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const result = send(ac.signal);
  await ep.first((e) => e.kind === 'received');
  ac.abort(new DOMException('timed out after 10 s', 'TimeoutError'));
  const [r] = await Promise.all([result, ep.first((e) => e.kind === 'closed', 5_000)]);
  expect(ep.of('answered')).toEqual([]);
  return r;
}

describe('a send is cancelled when its signal aborts', () => {
  it('channel-kit/http request(): the socket closes and the detail names the host only', async () => {
    const ep = await hanging();
    const r = await abortOnce(ep, (signal) =>
      request(`${ep.url}?token=SECRET`, { method: 'POST', body: '{"id":"x"}', signal }),
    );
    expect(r).toEqual({ error: `no answer from ${new URL(ep.url).host}: cancelled` });
  });

  it("channel-kit/http request() under a deadline of the caller's clock ends there", async () => {
    const ep = await hanging();
    const r = await request(ep.url, { method: 'POST', body: '{}', signal: deadline(systemClock, 300) });
    expect(r).toEqual({ error: `no answer from ${new URL(ep.url).host}: timed out after 300 ms` });
    await ep.first((e) => e.kind === 'closed', 5_000);
  });

  it('the webhook notifier (every push-service notifier sends through the same shell)', async () => {
    const ep = await hanging();
    const ch = await webhook.create({ ...webhook.schema.parse({ url: ep.url }), name: 'hook' }, pluginHost(config()));
    const r = await abortOnce(ep, (signal) => ch.deliver(alert, signal));
    expect(r).toMatchObject({ status: 'failed', detail: expect.stringContaining('cancelled') });
    expect(ep.of('received').map((e) => e.id)).toEqual(['a1']);
  });

  it('the Feishu custom-bot webhook', async () => {
    const ep = await hanging();
    const r = await abortOnce(ep, (signal) =>
      postWebhook({ url: ep.url }, { text: 'hi' }, { clock: systemClock, signal }),
    );
    expect(r).toMatchObject({ ok: false, detail: expect.stringContaining('cancelled') });
  });

  it('the Feishu app bot: the SDK call (here its token request) through the signal its call runs under', async () => {
    const ep = await hanging();
    const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };
    const sender = createSender({
      clock: systemClock,
      appId: 'cli_0123456789abcdef',
      appSecret: 's',
      domain: ep.url.replace(/\/hook$/, ''),
      logger: quiet,
    });
    const r = await abortOnce(ep, (signal) =>
      sender.create({ chat_id: 'oc_x' }, { schema: '2.0', body: { elements: [] } } as never, { wait: false, signal }),
    );
    expect(r).toMatchObject({ ok: false, detail: 'cancelled' });
  });

  it('the QQ bot API', async () => {
    const ep = await hanging();
    const api = createApi({
      clock: systemClock,
      apiBase: ep.url.replace(/\/hook$/, ''),
      tokens: { get: async () => 'token', invalidate: () => {}, fetchNow: async () => 'token' },
    });
    const r = await abortOnce(ep, (signal) =>
      api.request('POST', '/v2/users/U1/messages', { content: 'hi', msg_type: 0 }, signal),
    );
    expect(r).toMatchObject({ status: 0, error: 'POST /v2/users/U1/messages failed: cancelled' });
  });

  it('the Telegram bot channel (grammY)', async () => {
    const ep = await hanging();
    const settings = telegramSchema().parse({
      bot_token: '123456789:AAE-gatewatch-test-token-0123456789ab',
      api_base: ep.url.replace(/\/hook$/, ''),
      alert_to: [{ chat_id: '42' }],
    });
    const cfg = config();
    const ch = createTelegram({ ...settings, name: 'telegram' }, pluginHost(cfg), { initTimeoutMs: 50 });
    // getMe is held too: start() gives up on it after initTimeoutMs and goes on, as with an unreachable Telegram. On a
    // loaded box that can be before getMe reached the endpoint at all: wait only for what did reach it to be closed.
    await ch.start(context(cfg.state_dir));
    cleanups.push(() => ch.stop());
    await until('what reached the endpoint to be closed', () => ep.of('closed').length === ep.of('received').length);
    const seen = { received: ep.of('received').length, closed: ep.of('closed').length };
    const ac = new AbortController();
    const result = ch.deliver(alert, ac.signal);
    await ep.first(() => ep.of('received').length > seen.received);
    ac.abort();
    expect(await result).toMatchObject({ status: 'failed' });
    await ep.first(() => ep.of('closed').length > seen.closed, 5_000);
    expect(ep.of('answered')).toEqual([]);
  });

  it('e-mail: nodemailer closes the SMTP connection', async () => {
    // A mail server that accepts the connection and never greets.
    const closed: Promise<void>[] = [];
    let accepted!: () => void;
    const connected = new Promise<void>((r) => (accepted = r));
    const server = net.createServer((sock) => {
      closed.push(new Promise((r) => sock.on('close', () => r())));
      accepted();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as net.AddressInfo).port;
    const ch = await email.create(
      {
        ...email.schema.parse({ smtp: { host: '127.0.0.1', port }, from: 'gw@example.com', to: ['ops@example.com'] }),
        name: 'mail',
      },
      pluginHost(config()),
    );
    const ac = new AbortController();
    const result = ch.deliver(alert, ac.signal);
    await connected;
    ac.abort();
    // Aborted, not the greeting timeout (5 s) that would end it without the signal.
    expect(await result).toMatchObject({ status: 'failed', detail: 'SMTP EABORT: Message sending aborted' });
    await closed[0];
  });
});

function context(stateDir: string): ChannelContext {
  return {
    handle: async () => {},
    cannotDeliver: () => {},
    outbox: { pendingFor: () => [], confirm: async () => {} },
    operators: [],
    audit: async () => {},
    log,
    locale: 'en',
    stateDir,
    fatal: () => {},
    raise: async () => {},
    sendOnly: true,
  };
}
