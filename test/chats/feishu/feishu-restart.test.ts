// The Restart button on a Feishu alert card restarts the (demo) Hermes gateway, and the card shows the verified result.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel } from '../../../src/chats/feishu/index.js';
import { alertButtons } from '../../../src/delivery/alerts.js';
import { injectFault } from '../../../src/demo/index.js';
import { startHarness } from '../../helpers/harness.js';
import { cardActionEvent, startFakeFeishu } from '../../fakes/feishu-server.js';
import { feishuArgs } from '../../helpers/channels.js';

const APP = 'cli_0123456789abcdef';
const SECRET = 'app-secret';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

it('restarts the demo gateway from the card button and shows the verified result on the card', async () => {
  const fake = await startFakeFeishu({ appId: APP, appSecret: SECRET, clientConfig: { PingInterval: 5 } });
  cleanups.push(() => fake.close());
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-feishu-home-'));
  const config = resolveConfig(
    configSchema.parse({
      targets: [{ name: 'demo', hermes_home: home }],
      channels: { feishu: { app_id: APP, app_secret: SECRET, domain: fake.base, alert_to: [{ chat_id: 'oc_ops' }] } },
    }),
    undefined,
  );
  const channel = createChannel(...feishuArgs(config), { timings: { pollMs: 100, readyTimeoutMs: 10_000 } });
  const h = await startHarness({
    demo: true,
    start: false,
    channels: [channel],
    // Restarted by the button only, not by the evaluations below.
    config: {
      operators: [{ name: 'alice', role: 'admin', feishu_open_id: 'ou_alice' }],
      remediate: { auto_restart: false },
    },
  });
  cleanups.push(() => h.close());

  await h.app.raise({
    id: 'a-demo',
    kind: 'open',
    incidentId: 'demo:qq',
    target: 'demo',
    severity: 'critical',
    createdAt: Date.now(),
    reply: {
      title: 'demo: QQ Bot stopped reconnecting',
      tone: 'critical',
      lines: ['It gave up after 20 attempts.'],
      buttons: alertButtons('en', 'demo'),
    },
  });
  await fake.waitFor(
    () => fake.state.messages.some((m) => JSON.stringify(m.card).includes('QQ Bot stopped')),
    10_000,
    'the alert card',
  );
  const poll = setInterval(() => void h.app.core.evaluate('demo').catch(() => undefined), 300);
  cleanups.push(async () => clearInterval(poll));
  const card = fake.state.messages.find((m) => JSON.stringify(m.card).includes('QQ Bot stopped'))!;
  const restartButton = JSON.stringify(card.card).match(/"cmd":"(\/restart[^"]*)"/)?.[1];
  expect(restartButton).toBe('/restart demo');

  // The failure the card is about: QQ gave up reconnecting (a healthy gateway would be asked about first).
  await fake.waitFor(
    () => h.app.core.lastResult('demo')?.evidence.state?.gateway_state === 'running',
    30_000,
    'the demo gateway to run',
  );
  await injectFault(h.hermesHome, 'qq-max-reconnect');
  await fake.waitFor(
    () => h.app.core.lastResult('demo')?.findings.some((f) => f.check === 'qq_reconnect_exhausted') ?? false,
    30_000,
    'the QQ finding',
  );
  const click = fake.pushEvent(
    cardActionEvent({
      appId: APP,
      openId: 'ou_alice',
      value: { cmd: restartButton },
      messageId: card.message_id,
      chatId: 'oc_ops',
    }),
  );
  expect((await click.ack).code).toBe(200);
  await fake.waitFor(() => JSON.stringify(card.card).includes('verified'), 40_000, 'the verified result on the card');
  expect(card.versions.length).toBeGreaterThanOrEqual(2);
  expect(JSON.stringify(card.card)).toContain('QQ Bot stopped'); // still the same alert card, result underneath
  expect(JSON.stringify(card.card)).toContain('alice');
  const audit = await h.auditRecords();
  expect(audit).toContainEqual(expect.objectContaining({ type: 'restart.ok', target: 'demo' }));
  expect(audit).toContainEqual(
    expect.objectContaining({
      type: 'command',
      actor: 'alice',
      detail: expect.objectContaining({ command: 'restart' }),
    }),
  );
});
