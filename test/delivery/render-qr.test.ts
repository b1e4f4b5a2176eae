// A login QR code on every surface: its rows exactly as printed, whole or not at all (half a code scans as nothing),
// in a code block where the dialect has one; Telegram's text has none (the picture is the code).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Channel, Reply } from '../../src/types.js';
import type { AnyChannelPlugin } from '../../src/channel-kit/plugin.js';
import { attempt } from '../../src/delivery/attempt.js';
import { sendNow } from '../../src/delivery/send-now.js';
import { mayShowQr, qrFor } from '../../src/delivery/qr-policy.js';
import { createConsoleChannel } from '../../src/channels/console.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { plugin as ntfy } from '../../src/notifiers/ntfy.js';
import { plugin as webhook } from '../../src/notifiers/webhook.js';
import { startFakePush } from '../fakes/push-services.js';
import { pluginHost } from '../helpers/channels.js';
import { EMAIL_HTML, MARKDOWN, PLAIN, renderReply, TELEGRAM_HTML } from '../../src/delivery/render-markdown.js';
import { renderText } from '../../src/delivery/render-text.js';
import { renderText as qqText } from '../../src/chats/qq/render.js';
import { renderHtml } from '../../src/chats/telegram/render.js';
import { replyCard } from '../../src/chats/feishu/card.js';
import { parseQrRows, qrCode, QR_PLACEHOLDER } from '../../src/util/qr-code.js';
import { FIRST_QR_ROWS } from '../helpers/qr-fixtures.js';
import { systemClock } from '../../src/util/clock.js';

const ROWS = FIRST_QR_ROWS;
const BLOCK = ROWS.join('\n');
const reply = (): Reply => ({
  title: 'WhatsApp is logged out: scan the QR code to link it again',
  tone: 'critical',
  lines: [
    'The bridge printed a QR code.',
    '→ open WhatsApp → Settings → Linked devices → Link a device, and scan this QR code.',
  ],
  qr: qrCode(ROWS, parseQrRows(ROWS)!),
  code: ['bridge.log: 📱 Scan this QR code with WhatsApp on your phone: [QR code 49×49]'],
});

describe('a reply with a login QR code', () => {
  it('plain text (console, CLI, webhook text): the rows exactly, each on its own line, not indented', () => {
    for (const text of [renderText(reply()), renderReply(reply(), PLAIN, { locale: 'en' })]) {
      expect(text).toContain('\n' + BLOCK + '\n');
      expect(text.split('\n')).toEqual(expect.arrayContaining(ROWS));
    }
  });

  it('markdown dialects put it in a code block; QQ and Feishu carry the rows as printed', () => {
    expect(renderReply(reply(), MARKDOWN, { locale: 'en' })).toContain('```\n' + BLOCK + '\n```');
    expect(renderReply(reply(), TELEGRAM_HTML, { locale: 'en' })).toContain('<pre>' + BLOCK + '</pre>');
    expect(renderReply(reply(), EMAIL_HTML, { locale: 'en' })).toContain(BLOCK);
    expect(qqText(reply())).toContain('\n' + BLOCK + '\n');
    expect(JSON.stringify(replyCard(reply(), { locale: 'en' }))).toContain(
      JSON.stringify('```\n' + BLOCK + '\n```').slice(1, -1),
    );
  });

  it('within a limit too small for it, the code is left out whole, never cut; what follows still goes', () => {
    const text = renderReply(reply(), PLAIN, { locale: 'en', limit: { chars: 600 } });
    expect(text).not.toMatch(/[▀▄█]/);
    expect(text).toContain('[QR code 49×49]');
  });

  it("Telegram's text has no rows (the code goes as a picture)", () => {
    expect(renderHtml(reply(), { locale: 'en' })).not.toMatch(/[▀▄█]/);
  });

  it('an alert read back from outbox.json holds the placeholder: no rows, and nothing breaks', () => {
    const back = JSON.parse(JSON.stringify(reply())) as Reply;
    expect(back.qr).toBe(QR_PLACEHOLDER);
    for (const text of [
      renderText(back),
      renderReply(back, MARKDOWN, { locale: 'en' }),
      qqText(back),
      JSON.stringify(replyCard(back, { locale: 'en' })),
    ])
      expect(text).not.toMatch(/[▀▄█]/);
  });
});

// Issue 22 item 5: the code is a credential. Only a channel that sorts its recipients (Channel.qrReach) is handed it,
// and it gives it only to an admin's private chat (or a console on a terminal); the rest get the words and the note.
describe('who gets the code', () => {
  const NOTE = "The QR code went to the admins' private chats.";
  const qrAlert = (): Alert => ({
    id: `qr-${++seq}`,
    kind: 'open',
    incidentId: 'inc-qr',
    target: 'default',
    check: 'whatsapp_qr_login',
    severity: 'critical',
    createdAt: Date.UTC(2026, 10, 22, 10, 0, 0),
    reply: { ...reply(), qrNote: NOTE },
  });
  let seq = 0;
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  });
  const make = async (p: AnyChannelPlugin, settings: Record<string, unknown>): Promise<Channel> => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-qr-home-'));
    const cfg = resolveConfig(configSchema.parse({ targets: [{ name: 'default', hermes_home: home }] }), undefined);
    return await p.create({ ...p.schema.parse(settings), name: p.type }, pluginHost(cfg));
  };

  it('a webhook and an ntfy topic get the words and the note, no rows', async () => {
    const hook = await startFakePush('webhook', { webhook: { secret: 'hook-secret-qr-2' } });
    const topic = await startFakePush('ntfy', { ntfy: { 'gw-alerts': 'tk_secret0123456789' } });
    cleanups.push(
      () => hook.close(),
      () => topic.close(),
    );
    for (const ch of [
      await make(webhook, { url: `${hook.base}/hook`, secret: 'hook-secret-qr-2' }),
      await make(ntfy, { url: `${topic.base}/gw-alerts`, token: 'tk_secret0123456789' }),
    ]) {
      expect(await attempt(ch, qrAlert(), 10_000, systemClock).result).toMatchObject({ status: 'sent' });
      // What /test sends goes the same way.
      expect(await sendNow(ch, qrAlert(), systemClock)).toMatchObject({ status: 'sent' });
    }
    const bodies = [...hook.delivered(), ...topic.delivered()].map((r) => r.raw);
    expect(bodies).toHaveLength(4);
    for (const raw of bodies) {
      expect(raw).not.toMatch(/[▀▄█]/);
      expect(raw).toContain('scan this QR code');
      expect(raw).toContain('went to the admins');
    }
  });

  it('the console writing to a pipe (a journal under systemd) gets the note, no rows; it reports no reach', async () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (b: Buffer) => (written += b.toString('utf8')));
    const ch = createConsoleChannel({ input: new PassThrough(), output: out });
    expect(ch.qrReach?.()).toBe(false);
    expect(await attempt(ch, qrAlert(), 10_000, systemClock).result).toEqual({ status: 'sent' });
    expect(written).not.toMatch(/[▀▄█]/);
    expect(written).toContain(NOTE);
  });

  it('the rule: an admin in a private chat, no one else; without the code the note takes its place', () => {
    expect(mayShowQr({ role: 'admin', private: true })).toBe(true);
    for (const to of [
      { role: 'viewer' as const, private: true },
      { role: 'admin' as const, private: false },
      { private: true },
    ])
      expect(mayShowQr(to)).toBe(false);
    const mine = qrFor(qrAlert(), { role: 'admin', private: true });
    expect(mine.reply.qr?.rows).toEqual(ROWS);
    expect(mine.reply.qrNote).toBeUndefined();
    const theirs = qrFor(qrAlert(), { role: 'viewer', private: true });
    expect(theirs.reply.qr).toBeUndefined();
    expect(theirs.reply.lines?.at(-1)).toBe(NOTE);
    // An alert read back from outbox.json: no code to give, so the note even for an admin.
    const back = JSON.parse(JSON.stringify(qrAlert())) as Alert;
    expect(qrFor(back, { role: 'admin', private: true }).reply.lines?.at(-1)).toBe(NOTE);
  });
});
