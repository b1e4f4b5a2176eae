// A login QR code over Telegram: a photo (multipart sendPhoto, a PNG) with the alert's words as a reply to it; when
// Telegram refuses the picture itself (400), the words go anyway with the rows as printed in <pre>; when it refuses
// for now (429), nothing goes and the outbox retries. A chart (the weekly report) goes the same way, its text strip
// only where the picture was refused. Against the fake Bot API on loopback.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bot } from 'grammy';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertSender, qrReach } from '../../../src/chats/telegram/alerts.js';
import { openStore } from '../../../src/chats/telegram/state.js';
import type { Alert, Operator } from '../../../src/types.js';
import { parseQrRows, qrCode } from '../../../src/util/qr-code.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram-server.js';
import { FIRST_QR_ROWS } from '../../helpers/qr-fixtures.js';
import { reportAlert, weeklyDigest } from '../../../src/core/report.js';
import { emptyHistory, type TargetHistory } from '../../../src/history/model.js';
import { draw, expectColumns, GREEN, RED } from '../../helpers/chart-pixels.js';
import { systemClock } from '../../../src/util/clock.js';

const TOKEN = '7012345680:AAHqr-alert-token-00000000000000000';
const ROWS = FIRST_QR_ROWS;

let tg: FakeTelegram | undefined;
afterEach(async () => {
  await tg?.close();
  tg = undefined;
});

const ADMIN: Operator = { name: 'alice', role: 'admin', telegram_id: '42' };

async function sender(o: { chats?: string[]; operators?: Operator[] } = {}) {
  tg = await startFakeTelegram({ token: TOKEN });
  tg.addChat({ id: 42, type: 'private', first_name: 'ops' });
  tg.addChat({ id: 43, type: 'private', first_name: 'viewer' });
  tg.addChat({ id: -1001234567890, type: 'supergroup', title: 'ops room' });
  const bot = new Bot(TOKEN, { client: { apiRoot: tg.base } });
  const store = await openStore(mkdtempSync(path.join(os.tmpdir(), 'gw-tg-qr-')), systemClock);
  const operators = o.operators ?? [ADMIN];
  return createAlertSender({
    wire: { bot, api: { base: tg.base, token: TOKEN }, store, scrub: (s) => s, clock: systemClock },
    log: pino({ level: 'silent' }),
    now: Date.now,
    locale: 'en',
    receivers: () => o.chats ?? ['42'],
    operators: () => operators,
  });
}

const NOTE = "The QR code went to the admins' private chats.";
const alert = (): Alert => ({
  id: 'a1',
  kind: 'open',
  incidentId: 'inc1',
  target: 'default',
  check: 'whatsapp_qr_login',
  severity: 'critical',
  createdAt: Date.now(),
  reply: {
    title: 'WhatsApp is logged out: scan the QR code to link it again',
    tone: 'critical',
    lines: ['scan this QR code'],
    qr: qrCode(ROWS, parseQrRows(ROWS)!),
    qrNote: NOTE,
  },
});

describe('a QR code alert on Telegram', () => {
  it('a photo, the words as a reply to it, no rows in the words', async () => {
    const send = await sender();
    expect(await send(alert())).toEqual({ status: 'sent' });
    const [photo, words] = tg!.state.messages;
    expect(photo!.photo!.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(words!.reply_to).toBe(photo!.message_id);
    expect(words!.text).not.toMatch(/[▀▄█]/);
  });

  it('the picture refused (400): the words go anyway, with the rows as printed in <pre>', async () => {
    const send = await sender();
    tg!.faults.push({ method: 'sendPhoto', status: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    expect(await send(alert())).toEqual({ status: 'sent' });
    expect(tg!.state.messages).toHaveLength(1);
    expect(tg!.state.messages[0]!.text).toContain('<pre>' + ROWS.join('\n') + '</pre>');
  });

  it('the picture refused, rows and evidence too long together: the rows go whole without the evidence, or not at all; never cut', async () => {
    const send = await sender();
    // A code of n modules as printed: the border, then (n + 1) / 2 rows between side columns.
    const printed = (n: number) => [
      '▄'.repeat(n + 2),
      ...Array.from(
        { length: (n + 1) / 2 },
        (_, k) => `█${Array.from({ length: n }, (_, c) => ' ▀▄█'[(k * 7 + c * 3) % 4]).join('')}█`,
      ),
    ];
    for (const [n, whole] of [
      [61, true],
      [101, false],
    ] as const) {
      tg!.faults.push({ method: 'sendPhoto', status: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
      const rows = printed(n);
      const a = alert();
      expect(
        await send({
          ...a,
          id: `a${n}`,
          reply: { ...a.reply, qr: qrCode(rows, parseQrRows(rows)!), code: ['bridge.log: ' + 'x'.repeat(3000)] },
        }),
      ).toEqual({ status: 'sent' });
      const text = tg!.state.messages.at(-1)!.text;
      const shown = text
        .replace(/<\/?pre>/g, '')
        .split('\n')
        .filter((l) => rows.includes(l));
      expect(shown, `${n} modules`).toHaveLength(whole ? rows.length : 0);
      if (whole) expect(text).toContain('<pre>' + rows.join('\n') + '</pre>');
    }
  });

  it('refused for now (429): nothing goes, the outbox is told when to retry', async () => {
    const send = await sender();
    tg!.faults.push({
      method: 'sendPhoto',
      status: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    const r = await send(alert());
    expect(r).toMatchObject({ status: 'failed', retryAfterMs: 3000 });
    expect(tg!.state.messages).toHaveLength(0);
  });

  it('the picture went and the words were refused for now: the retry sends the words only, as a reply to that picture', async () => {
    const send = await sender();
    tg!.faults.push({
      method: 'sendMessage',
      status: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    expect(await send(alert())).toMatchObject({ status: 'failed', retryAfterMs: 3000 });
    expect(await send(alert())).toEqual({ status: 'sent' });
    const photos = tg!.state.messages.filter((m) => m.photo);
    expect(photos).toHaveLength(1);
    expect(tg!.state.messages.filter((m) => !m.photo).map((m) => m.reply_to)).toEqual([photos[0]!.message_id]);
  });

  it("only an admin's private chat gets the code: a viewer's chat and a group get the words and the note, no picture, no rows", async () => {
    const viewer: Operator = { name: 'bob', role: 'viewer', telegram_id: '43' };
    const send = await sender({ chats: ['-1001234567890', '43', '42'], operators: [ADMIN, viewer] });
    expect(await send(alert())).toEqual({ status: 'sent' });
    const to = (chat: number) => tg!.state.messages.filter((m) => m.chat_id === chat);
    expect(to(42).filter((m) => m.photo)).toHaveLength(1);
    expect(to(42).find((m) => !m.photo)!.text).not.toContain('went to the admins');
    for (const chat of [-1001234567890, 43]) {
      expect(
        to(chat).filter((m) => m.photo),
        `chat ${chat}`,
      ).toHaveLength(0);
      expect(to(chat)).toHaveLength(1);
      expect(to(chat)[0]!.text).not.toMatch(/[▀▄█]/);
      expect(to(chat)[0]!.text).toContain('went to the admins');
    }
  });

  it('an admin in a group, a viewer in private: no reach; an admin in private: reach', () => {
    const viewer: Operator = { name: 'bob', role: 'viewer', telegram_id: '43' };
    expect(qrReach(['-1001234567890', '43'], [ADMIN, viewer])).toBe(false);
    expect(qrReach(['42'], [{ ...ADMIN, telegram_id: undefined }])).toBe(false);
    expect(qrReach(['43', '42'], [ADMIN, viewer])).toBe(true);
  });
});

describe('a picture of a chart (the weekly report) on Telegram', () => {
  const to = Date.UTC(2026, 10, 23, 1, 0);
  const h: TargetHistory = {
    ...emptyHistory('prod', to - 8 * 86_400_000),
    platforms: {
      qqbot: [
        [to - 8 * 86_400_000, 'up'],
        [to - 3 * 86_400_000, 'down'],
        [to - 3 * 86_400_000 + 3_600_000, 'up'],
      ],
    },
  };
  const report = (): Alert => reportAlert(weeklyDigest([h], to, { locale: 'en', gatewatch: '0.1.0' }), to);

  it('a photo of it, QQ red where it was down; the words as a reply to it, without the text strip', async () => {
    const send = await sender();
    const a = report();
    expect(await send(a)).toEqual({ status: 'sent' });
    const [photo, words] = tg!.state.messages;
    expect(photo!.caption).toBe(a.reply.title);
    const { at, L } = await draw(a.reply.chart!, photo!.photo!);
    expectColumns(at, L, a.reply.chart!, 1, [to - 3 * 86_400_000, to - 3 * 86_400_000 + 3_600_000], RED, GREEN);
    expect(words!.reply_to).toBe(photo!.message_id);
    expect(words!.text).toContain('prod: ');
    expect(words!.text).not.toContain('<pre>');
  });

  it('the picture refused (400): the words go with the text strip', async () => {
    const send = await sender();
    tg!.faults.push({ method: 'sendPhoto', status: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    expect(await send(report())).toEqual({ status: 'sent' });
    expect(tg!.state.messages).toHaveLength(1);
    expect(tg!.state.messages[0]!.text).toMatch(/<pre>[\s\S]*QQ[\s\S]*<\/pre>/);
  });
});
