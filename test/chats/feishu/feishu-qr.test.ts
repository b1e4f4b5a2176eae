// A WhatsApp login QR code on Feishu (issue 22 item 5): the code is a credential, so only an admin's private chat with
// the bot (an open_id receiver) gets its rows; a group chat (chat_id) and a viewer get the alert's words and where the
// code went. Through the app (incident → alert → outbox → channel) against the fake open platform.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel } from '../../../src/chats/feishu/index.js';
import type { Finding } from '../../../src/types.js';
import { parseQrRows, qrCode } from '../../../src/util/qr-code.js';
import { startHarness } from '../../helpers/harness.js';
import { startFakeFeishu } from '../../fakes/feishu-server.js';
import { feishuArgs } from '../../helpers/channels.js';
import { FIRST_QR_ROWS } from '../../helpers/qr-fixtures.js';

const APP = 'cli_0123456789abcdef';
const SECRET = 'app-secret';
const ROWS = FIRST_QR_ROWS;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const loggedOut = (): Finding => ({
  check: 'whatsapp_qr_login',
  target: 'default',
  platform: 'whatsapp',
  severity: 'critical',
  title: 'WhatsApp is logged out: scan the QR code to link it again',
  explanation: 'The bridge printed a QR code.',
  action: 'Scan it.',
  evidence: [],
  restart: 'never',
  qr: qrCode(ROWS, parseQrRows(ROWS)!),
  revision: 'r1',
});

describe('a login QR code on Feishu', () => {
  it("only the admin's own chat gets the rows; the group and the viewer get where the code went", async () => {
    const fake = await startFakeFeishu({
      appId: APP,
      appSecret: SECRET,
      chatMembers: { oc_ops: ['ou_alice', 'ou_bob'] },
    });
    cleanups.push(() => fake.close());
    const feishu = {
      app_id: APP,
      app_secret: SECRET,
      domain: fake.base,
      alert_to: [{ chat_id: 'oc_ops' }, { open_id: 'ou_alice' }, { open_id: 'ou_bob' }],
    };
    const raw = {
      channels: { feishu },
      operators: [
        { name: 'alice', role: 'admin', feishu_open_id: 'ou_alice' },
        { name: 'bob', role: 'viewer', feishu_open_id: 'ou_bob' },
      ],
      liveness_interval: '1h',
      schedule: '0 0 1 1 *',
    };
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-feishu-qr-'));
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'default', hermes_home: home }], ...raw }),
      undefined,
    );
    const channel = createChannel(...feishuArgs(config), { timings: { pollMs: 50, readyTimeoutMs: 10_000 } });
    const h = await startHarness({ channels: [channel], config: raw, start: false });
    cleanups.push(() => h.close());
    const tick = setInterval(() => void h.app.outbox.flush(), 100);
    cleanups.push(async () => clearInterval(tick));
    await h.app.judge('default', [loggedOut()]);
    await fake.waitFor(() => fake.state.messages.length === 3, 10_000, 'three cards');
    const card = (id: string) => JSON.stringify(fake.state.messages.find((m) => m.receive_id === id)!.card);
    expect(card('ou_alice')).toContain(ROWS[1]!);
    expect(card('ou_alice')).not.toContain('went to the admins');
    for (const id of ['oc_ops', 'ou_bob']) {
      expect(card(id), id).not.toMatch(/[▀▄█]/);
      expect(card(id), id).toContain("The QR code went to the admins' private chats.");
    }
  });
});
