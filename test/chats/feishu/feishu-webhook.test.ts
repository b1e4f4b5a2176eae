// The Feishu custom-bot webhook notifier: the signature Feishu checks, pushes as cards, failures as data, sending
// whenever it is configured (it no longer stands by behind the app bot), and the app bot falling back to it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { plugin } from '../../../src/chats/feishu/notifier.js';
import { postWebhook, webhookBody, webhookSign } from '../../../src/chats/feishu/webhook.js';
import { createChannel } from '../../../src/chats/feishu/index.js';
import { startHarness } from '../../helpers/harness.js';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu-server.js';
import { feishuArgs } from '../../helpers/channels.js';
import { pluginHost } from '../../helpers/channels.js';
import { systemClock } from '../../../src/util/clock.js';

const APP = 'cli_0123456789abcdef';
const SECRET = 'app-secret';
const HOOK_SECRET = 'hook-secret-xyz';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function fake(): Promise<FakeFeishu> {
  const f = await startFakeFeishu({
    appId: APP,
    appSecret: SECRET,
    hooks: { signed: HOOK_SECRET, open: '' },
    clientConfig: { PingInterval: 5 },
  });
  cleanups.push(() => f.close());
  return f;
}

function config(raw: Record<string, unknown>) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-hook-home-'));
  return resolveConfig(configSchema.parse({ targets: [{ name: 'default', hermes_home: home }], ...raw }), undefined);
}

describe('feishu webhook signature', () => {
  it('is base64(HMAC-SHA256 keyed by "timestamp\\nsecret" over an empty message)', () => {
    // Vector computed independently: printf '' | openssl dgst -sha256 -hmac "$(printf '1599360473\ndemo-secret')" -binary | base64
    expect(webhookSign('demo-secret', 1599360473)).toBe('3/MaVZ8JLIy4TUG+7KSFJqvUkTKd+HWY8g+56DZWq8s=');
    const body = webhookBody({ text: 'hi' }, 'demo-secret', 1599360473_999);
    expect(body).toEqual({
      msg_type: 'text',
      content: { text: 'hi' },
      timestamp: '1599360473',
      sign: '3/MaVZ8JLIy4TUG+7KSFJqvUkTKd+HWY8g+56DZWq8s=',
    });
    expect(webhookBody({ text: 'hi' }, undefined, Date.now())).not.toHaveProperty('sign');
  });

  it('is accepted by the platform; a wrong secret or a stale timestamp is refused with 19021', async () => {
    const f = await fake();
    const url = `${f.base}/open-apis/bot/v2/hook/signed`;
    expect(await postWebhook({ url, secret: HOOK_SECRET }, { text: 'hello' }, { clock: systemClock })).toMatchObject({
      ok: true,
    });
    expect(f.state.hooks.at(-1)).toMatchObject({ code: 0, body: { msg_type: 'text', content: { text: 'hello' } } });
    const wrong = await postWebhook({ url, secret: 'nope' }, { text: 'hello' }, { clock: systemClock });
    expect(wrong).toMatchObject({ ok: false, code: 19021 });
    const stale = await postWebhook(
      { url, secret: HOOK_SECRET },
      { text: 'hello' },
      { clock: { ...systemClock, now: () => Date.now() - 2 * 3_600_000 } },
    );
    expect(stale).toMatchObject({ ok: false, code: 19021 });
    expect(
      await postWebhook({ url: `${f.base}/open-apis/bot/v2/hook/open` }, { text: 'unsigned' }, { clock: systemClock }),
    ).toMatchObject({
      ok: true,
    });
  });
});

describe('feishu webhook notifier', () => {
  it('pushes alerts as cards without callback buttons, and reports failures with their code', async () => {
    const f = await fake();
    const n = { type: 'feishu_webhook', url: `${f.base}/open-apis/bot/v2/hook/signed`, secret: HOOK_SECRET };
    const cfg = config({ channels: { notifiers: [n] } });
    const notifier = await plugin.create({ url: n.url, secret: n.secret, name: 'feishu_webhook' }, pluginHost(cfg));
    expect(notifier).toMatchObject({ name: 'feishu_webhook', interactive: false });
    // start: false — no watch loop, so no other alert races the injected fault below.
    const h = await startHarness({ channels: [notifier], start: false });
    cleanups.push(() => h.close());
    await h.raiseAlert({ severity: 'critical', title: 'Hook alert <at id=all></at>' });
    await f.waitFor(() => f.state.hooks.some((x) => JSON.stringify(x.body).includes('Hook alert')), 10_000, 'the push');
    await f.waitFor(() => h.app.outbox.entries().length === 0, 10_000, 'the outbox to drain');
    const push = f.state.hooks.find((x) => JSON.stringify(x.body).includes('Hook alert'))!;
    expect(push.code).toBe(0);
    expect(push.body.msg_type).toBe('interactive');
    expect(push.body.card.header.template).toBe('red');
    expect(JSON.stringify(push.body.card)).not.toContain('"callback"');
    expect(notifier.health().ok).toBe(true);

    f.faults.hook.push({ code: 11232, msg: 'frequency limited' });
    const limited = await notifier.deliver({
      id: 'direct',
      kind: 'open',
      target: 'default',
      severity: 'info',
      createdAt: Date.now(),
      reply: { title: 'x' },
    });
    expect(limited).toMatchObject({ status: 'failed', retryAfterMs: expect.any(Number) });
    expect(limited.status === 'failed' && limited.detail).toContain('11232');

    const bad = await plugin.create({ url: n.url, secret: 'wrong', name: 'feishu_webhook' }, pluginHost(cfg));
    const out = await bad.deliver({
      id: 'a1',
      kind: 'open',
      target: 'default',
      severity: 'warning',
      createdAt: Date.now(),
      reply: { title: 't' },
    });
    expect(out).toMatchObject({ status: 'failed' });
    expect(out.status === 'failed' && out.detail).toContain('19021');
    expect(bad.health()).toMatchObject({ ok: false });
  });

  it('sends when the app bot is configured too, instead of reporting sent for an alert it never pushed', async () => {
    const f = await fake();
    const n = { type: 'feishu_webhook', url: `${f.base}/open-apis/bot/v2/hook/signed`, secret: HOOK_SECRET };
    const cfg = config({
      channels: {
        feishu: { app_id: APP, app_secret: SECRET, domain: f.base, alert_to: [{ chat_id: 'oc_ops' }] },
        notifiers: [n],
      },
    });
    const notifier = await plugin.create({ name: 'hook', url: n.url, secret: n.secret }, pluginHost(cfg));
    const out = await notifier.deliver({
      id: 'both',
      kind: 'open',
      target: 'default',
      severity: 'critical',
      createdAt: Date.now(),
      reply: { title: 'Both configured' },
    });
    expect(out).toMatchObject({ status: 'sent' });
    expect(f.state.hooks.filter((x) => JSON.stringify(x.body).includes('Both configured'))).toHaveLength(1);
    expect(notifier.health()).toMatchObject({ name: 'hook', ok: true });
    expect(notifier.health().summary).not.toContain('standby');
  });

  it('stands by for the app bot when both are configured and nothing else is said: it carries what the bot cannot send, marked', async () => {
    const f = await fake();
    const n = { type: 'feishu_webhook', url: `${f.base}/open-apis/bot/v2/hook/signed`, secret: HOOK_SECRET };
    const raw = {
      channels: {
        feishu: { app_id: APP, app_secret: SECRET, domain: f.base, alert_to: [{ chat_id: 'oc_gone' }] },
        notifiers: [n],
      },
    };
    const cfg = config(raw);
    const channel = createChannel(...feishuArgs(cfg), { timings: { pollMs: 50, readyTimeoutMs: 10_000 } });
    const hook = await plugin.create({ name: 'feishu_webhook', url: n.url, secret: n.secret }, pluginHost(cfg));
    const h = await startHarness({
      channels: [channel, hook],
      config: { ...raw, schedule: '0 0 1 1 *', liveness_interval: '1h' },
    });
    cleanups.push(() => h.close());

    // The bot was removed from the chat: 230002 will not pass by retrying, so the webhook carries the alert at once.
    f.faults.api.push({ route: 'create', status: 400, code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    await h.raiseAlert({ title: 'Bot lost its chat' });
    await f.waitFor(
      () => f.state.hooks.some((x) => JSON.stringify(x.body).includes('Bot lost its chat')),
      10_000,
      'the fallback push',
    );
    await f.waitFor(() => h.app.outbox.entries().length === 0, 10_000, 'the outbox to drain');
    const pushed = f.state.hooks.filter((x) => JSON.stringify(x.body).includes('Bot lost its chat'));
    expect(pushed).toHaveLength(1);
    expect(JSON.stringify(pushed[0]!.body)).toContain('via fallback for feishu');
    // The app bot does not send it later: the fallback delivered it.
    expect(f.state.messages.some((m) => JSON.stringify(m.card).includes('Bot lost its chat'))).toBe(false);

    // When the app bot can send, the standby stays quiet.
    await h.raiseAlert({ title: 'Normal alert' });
    await f.waitFor(
      () => f.state.messages.some((m) => JSON.stringify(m.card).includes('Normal alert')),
      10_000,
      'the app-bot card',
    );
    await f.waitFor(() => h.app.outbox.entries().length === 0, 10_000, 'the outbox to drain');
    expect(f.state.hooks.some((x) => JSON.stringify(x.body).includes('Normal alert'))).toBe(false);
  });

  it('the app bot reports what it did: a permanent refusal is a failure, never "sent via" someone else', async () => {
    const f = await fake();
    const cfg = config({ channels: { feishu: { app_id: APP, app_secret: SECRET, domain: f.base, alert_to: [] } } });
    const channel = createChannel(...feishuArgs(cfg), { timings: { pollMs: 50, readyTimeoutMs: 10_000 } });
    const h = await startHarness({
      channels: [channel],
      config: { schedule: '0 0 1 1 *', liveness_interval: '1h' },
      start: false,
    });
    cleanups.push(() => h.close());
    const out = await channel.deliver({
      id: 'nobody',
      kind: 'open',
      target: 'default',
      severity: 'critical',
      createdAt: Date.now(),
      reply: { title: 'No receivers' },
    });
    expect(out).toMatchObject({ status: 'failed', permanent: true });
    expect(out.status === 'failed' && out.detail).toContain('no receivers');
  });
});
