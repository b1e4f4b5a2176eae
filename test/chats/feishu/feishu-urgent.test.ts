// channels.feishu.urgent: an escalation (alerts.escalate naming feishu) is sent as a card and then buzzed to the
// operators' feishu_open_ids through Feishu's urgent API, against the fake open platform; ordinary alerts never buzz,
// and nothing buzzes while `urgent` is unset (sms and phone cost the tenant money).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel } from '../../../src/chats/feishu/index.js';
import type { Finding } from '../../../src/types.js';
import { startHarness } from '../../helpers/harness.js';
import { startFakeFeishu } from '../../fakes/feishu-server.js';
import { feishuArgs } from '../../helpers/channels.js';
import { clockAt } from '../../helpers/clock.js';

const APP = 'cli_0123456789abcdef';
const SECRET = 'app-secret';
const ALICE = 'ou_alice';
const BOB = 'ou_bob';
const MIN = 60_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const down: Finding = {
  check: 'process_down',
  target: 'default',
  severity: 'critical',
  title: 'Gateway process is not running',
  explanation: 'The gateway process exited.',
  action: 'Restart it.',
  evidence: [],
  restart: 'helps',
};

async function setup(urgent: 'app' | 'sms' | 'phone' | undefined) {
  // Bob is an operator but not in the alert chat: Feishu refuses to buzz him there.
  const fake = await startFakeFeishu({ appId: APP, appSecret: SECRET, chatMembers: { oc_alerts: [ALICE] } });
  cleanups.push(() => fake.close());
  const feishu = {
    app_id: APP,
    app_secret: SECRET,
    domain: fake.base,
    alert_to: [{ chat_id: 'oc_alerts' }],
    ...(urgent ? { urgent } : {}),
  };
  const raw = {
    channels: { feishu },
    operators: [
      { name: 'alice', role: 'admin', feishu_open_id: ALICE },
      { name: 'bob', role: 'admin', feishu_open_id: BOB },
    ],
    alerts: { escalate: { after: '10m', channels: ['feishu'] } },
    liveness_interval: '1h',
    schedule: '0 0 1 1 *',
  };
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-urgent-home-'));
  const config = resolveConfig(
    configSchema.parse({ targets: [{ name: 'default', hermes_home: home }], ...raw }),
    undefined,
  );
  const clock = { t: Date.now() };
  const channel = createChannel(...feishuArgs(config), { timings: { pollMs: 50, readyTimeoutMs: 10_000 } });
  const h = await startHarness({
    channels: [channel],
    config: raw,
    start: false,
    appOptions: { clock: clockAt(() => clock.t) },
  });
  cleanups.push(() => h.close());
  const tick = setInterval(() => void h.app.outbox.flush(), 100);
  cleanups.push(async () => clearInterval(tick));
  return { fake, h, clock };
}

const cardsWith = (fake: Awaited<ReturnType<typeof setup>>['fake'], text: string) =>
  fake.state.messages.filter((m) => JSON.stringify(m.card ?? {}).includes(text));

describe('feishu urgent', () => {
  it('buzzes an escalation to the operators in the chat (urgent: phone), never an ordinary alert', async () => {
    const { fake, h, clock } = await setup('phone');
    await h.app.judge('default', [down]);
    await fake.waitFor(() => cardsWith(fake, 'Gateway process is not running').length === 1, 10_000, 'the open card');
    clock.t += 10 * MIN;
    await h.app.judge('default', [down]);
    await fake.waitFor(() => cardsWith(fake, 'not acknowledged for 10m').length === 1, 10_000, 'the escalation card');
    await fake.waitFor(() => fake.state.urgents.length === 1, 10_000, 'the buzz');
    await fake.waitFor(() => h.app.outbox.entries().length === 0, 10_000, 'the outbox to drain');
    const esc = cardsWith(fake, 'not acknowledged for 10m')[0]!;
    expect(fake.state.urgents).toEqual([{ message_id: esc.message_id, kind: 'phone', users: [ALICE], invalid: [BOB] }]);
    // The open card was not buzzed, and a later reminder or recovery is not either.
    clock.t += 30 * MIN;
    await h.app.judge('default', []);
    await fake.waitFor(() => h.app.outbox.entries().length === 0, 10_000, 'the outbox to drain');
    expect(fake.state.urgents).toHaveLength(1);
  });

  it('a refused buzz still delivers the card (the escalation is not lost or repeated)', async () => {
    const { fake, h, clock } = await setup('sms');
    await h.app.judge('default', [down]);
    clock.t += 11 * MIN;
    fake.faults.api.push({ route: 'urgent', status: 400, code: 230027, msg: 'Lack of necessary permissions' });
    await h.app.judge('default', [down]);
    await fake.waitFor(() => cardsWith(fake, 'not acknowledged for 10m').length === 1, 10_000, 'the escalation card');
    await fake.waitFor(() => h.app.outbox.entries().length === 0, 10_000, 'the outbox to drain');
    expect(fake.faults.api).toEqual([]);
    expect(fake.state.urgents).toEqual([]);
    expect(cardsWith(fake, 'not acknowledged for 10m')).toHaveLength(1);
  });

  it('off by default: the escalation is a card, nobody is buzzed', async () => {
    const { fake, h, clock } = await setup(undefined);
    await h.app.judge('default', [down]);
    clock.t += 10 * MIN;
    await h.app.judge('default', [down]);
    await fake.waitFor(() => cardsWith(fake, 'not acknowledged for 10m').length === 1, 10_000, 'the escalation card');
    await fake.waitFor(() => h.app.outbox.entries().length === 0, 10_000, 'the outbox to drain');
    expect(fake.state.urgents).toEqual([]);
  });
});
