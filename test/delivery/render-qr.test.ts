// A login QR code on every surface: its rows exactly as printed, whole or not at all (half a code scans as nothing),
// in a code block where the dialect has one; Telegram's text has none (the picture is the code).
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/types.js';
import { EMAIL_HTML, MARKDOWN, PLAIN, renderReply, TELEGRAM_HTML } from '../../src/delivery/render-markdown.js';
import { renderText } from '../../src/delivery/render-text.js';
import { renderText as qqText } from '../../src/channels/qq/render.js';
import { renderHtml } from '../../src/channels/telegram/render.js';
import { replyCard } from '../../src/channels/feishu/card.js';
import { parseQrRows, qrCode, QR_PLACEHOLDER } from '../../src/util/qr-code.js';
import { fixtureText } from '../helpers/evidence.js';

const ROWS = fixtureText('whatsapp-qr/first.log')
  .split('\n')
  .filter((l) => /^[▄█]/.test(l));
const BLOCK = ROWS.join('\n');
const reply = (): Reply => ({
  title: 'WhatsApp is logged out: scan the QR code to link it again',
  tone: 'critical',
  lines: ['The bridge printed a QR code.', '→ open WhatsApp → Settings → Linked devices → Link a device, and scan this QR code.'],
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
    expect(JSON.stringify(replyCard(reply()))).toContain(JSON.stringify('```\n' + BLOCK + '\n```').slice(1, -1));
  });

  it('within a limit too small for it, the code is left out whole, never cut; what follows still goes', () => {
    const text = renderReply(reply(), PLAIN, { locale: 'en', limit: { chars: 600 } });
    expect(text).not.toMatch(/[▀▄█]/);
    expect(text).toContain('[QR code 49×49]');
  });

  it("Telegram's text has no rows (the code goes as a picture)", () => {
    expect(renderHtml(reply())).not.toMatch(/[▀▄█]/);
  });

  it('an alert read back from outbox.json holds the placeholder: no rows, and nothing breaks', () => {
    const back = JSON.parse(JSON.stringify(reply())) as Reply;
    expect(back.qr).toBe(QR_PLACEHOLDER);
    for (const text of [renderText(back), renderReply(back, MARKDOWN, { locale: 'en' }), qqText(back), JSON.stringify(replyCard(back))]) expect(text).not.toMatch(/[▀▄█]/);
  });
});
