// Telegram rendering and parsing, checked against the fake Bot API's HTML parser (what Telegram refuses, it refuses).
import { describe, expect, it } from 'vitest';
import { callbackData, keyboard, renderHtml, TEXT_MAX } from '../../../src/chats/telegram/render.js';
import { parseMessage } from '../../../src/chats/telegram/inbound.js';
import { plugin, telegramSchema } from '../../../src/chats/telegram/plugin.js';
import { createRegistry } from '../../../src/channels/registry.js';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { parseHtml } from '../../fakes/telegram-server.js';
import type { Message } from 'grammy/types';
import { pluginHost } from '../../helpers/channels.js';
import { issueText } from '../../../src/config/schema-text.js';

describe('telegram render', () => {
  it('escapes text from logs so Telegram parses it and nothing becomes markup', () => {
    const html = renderHtml(
      {
        title: 'QQ <dead> & gone',
        tone: 'critical',
        fields: [{ label: 'a<b', value: '1 & 2' }],
        lines: ['<a href="http://evil">click</a>', 'x > y'],
        code: ['<b>not bold</b> &amp; raw'],
      },
      { locale: 'en' },
    );
    const p = parseHtml(html);
    expect(p.ok).toBe(true);
    expect(html).not.toContain('<a ');
    expect(html).toContain('&lt;a href="http://evil"&gt;click&lt;/a&gt;');
    expect(html).toContain('<pre>&lt;b&gt;not bold&lt;/b&gt; &amp;amp; raw</pre>');
    expect(html.startsWith('🔴 <b>QQ &lt;dead&gt; &amp; gone</b>')).toBe(true);
  });

  it('fits 4096 characters after entity parsing, keeping the end of a long log tail', () => {
    const tail = Array.from(
      { length: 400 },
      (_, i) => `2026-11-22 10:00:${String(i % 60).padStart(2, '0')} <line ${i}> & more text`,
    ).join('\n');
    const html = renderHtml(
      { title: 'Logs', code: [tail], lines: Array.from({ length: 50 }, () => 'x'.repeat(300)) },
      { locale: 'en' },
    );
    const p = parseHtml(html);
    expect(p.ok && p.text.length).toBeLessThanOrEqual(TEXT_MAX);
    expect(html).toContain('&lt;line 399&gt;');
    const many = renderHtml(
      { title: 'Many', lines: Array.from({ length: 2000 }, (_, i) => `line ${i}`) },
      { locale: 'en' },
    );
    const q = parseHtml(many);
    expect(q.ok && q.text.length).toBeLessThanOrEqual(TEXT_MAX);
    expect(many).toContain('<b>Many</b>');
  });

  it('puts commands of up to 64 bytes in callback_data and longer ones behind a short key', () => {
    expect(callbackData('/ack default')).toEqual({ data: '/ack default' });
    const long = `/restart ${'x'.repeat(60)} confirm`;
    const c = callbackData(long);
    expect(Buffer.byteLength(c.data)).toBeLessThanOrEqual(64);
    expect(c.long).toEqual({ key: c.data, command: long });
    const kept = new Map<string, string>();
    const kb = keyboard(
      [
        { label: '重启', command: `/restart ${'网关'.repeat(20)} confirm` },
        { label: 'Ack', command: '/ack' },
        { label: 'Mute 1h', command: '/mute 1h' },
      ],
      (k, v) => kept.set(k, v),
    );
    expect(kb!.inline_keyboard.map((r) => r.length)).toEqual([2, 1]);
    for (const b of kb!.inline_keyboard.flat()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    expect(kept.size).toBe(1);
  });
});

const msg = (
  text: string,
  chat: 'private' | 'group' | 'supergroup',
  entities?: Message['entities'],
  from = { id: 1, is_bot: false, first_name: 'A' },
) =>
  ({
    message_id: 5,
    date: 0,
    chat: chat === 'private' ? { id: 1, type: 'private', first_name: 'A' } : { id: -100, type: chat, title: 'g' },
    from,
    text,
    entities,
  }) as Message;

describe('telegram inbound', () => {
  it('takes commands for us and refuses the rest', () => {
    const cmd = (s: string) => [{ type: 'bot_command' as const, offset: 0, length: s.split(' ')[0]!.length }];
    expect(
      parseMessage(msg('/status@GateWatch_Bot default', 'group', cmd('/status@GateWatch_Bot')), 'gatewatch_bot'),
    ).toMatchObject({ ok: true, value: { text: '/status default', group: true } });
    expect(parseMessage(msg('/status@other_bot', 'group', cmd('/status@other_bot')), 'gatewatch_bot')).toMatchObject({
      ok: false,
    });
    expect(parseMessage(msg('hello', 'supergroup'), 'gatewatch_bot')).toMatchObject({ ok: false });
    expect(parseMessage(msg('status', 'private'), 'gatewatch_bot')).toMatchObject({
      ok: true,
      value: { text: 'status', senderId: '1' },
    });
    expect(
      parseMessage(
        msg('/status', 'private', cmd('/status'), { id: 9, is_bot: true, first_name: 'B' }),
        'gatewatch_bot',
      ),
    ).toMatchObject({ ok: false, reason: 'sent by a bot' });
  });
});

describe('telegram config', () => {
  it('validates the settings with clear errors and defaults', () => {
    const ok = telegramSchema().parse({
      bot_token: '123456:AAE-abcdefghijklmnopqrstu',
      alert_to: [{ chat_id: -1001234 }, { chat_id: '@ops_channel' }],
    });
    expect(ok).toEqual({
      bot_token: '123456:AAE-abcdefghijklmnopqrstu',
      api_base: 'https://api.telegram.org',
      alert_to: [{ chat_id: '-1001234' }, { chat_id: '@ops_channel' }],
      give_up_after: 1_800_000,
    });
    const bad = telegramSchema().safeParse({ bot_token: 'not-a-token', alert_to: [{ chat: 1 }] });
    expect(bad.success).toBe(false);
    const text = bad.error!.issues.map((i) => issueText(i, 'en')).join('\n');
    expect(text).toContain('@BotFather');
    expect(
      telegramSchema().safeParse({ bot_token: '123456:AAE-abcdefghijklmnopqrstu', api_base: 'http://127.0.0.1:8081/' })
        .data?.api_base,
    ).toBe('http://127.0.0.1:8081');
  });
});

describe('telegram plugin', () => {
  it('registers as a chat channel with its operator key and secret, and builds the channel lazily', async () => {
    const reg = createRegistry([plugin]);
    expect(reg.chat('telegram')).toMatchObject({ kind: 'chat', operatorKey: 'telegram_id', secretKeys: ['bot_token'] });
    const config = resolveConfig(configSchema.parse({}), undefined);
    const ch = await plugin.create(
      { ...telegramSchema().parse({ bot_token: '123456:AAE-abcdefghijklmnopqrstu' }), name: 'tg' },
      pluginHost(config),
    );
    expect(ch).toMatchObject({ name: 'tg', interactive: true });
    expect(ch.health()).toMatchObject({ ok: false, summary: 'not started' });
    expect(
      await ch.deliver({
        id: 'a',
        kind: 'open',
        target: 't',
        severity: 'critical',
        createdAt: 0,
        reply: { title: 'x' },
      }),
    ).toMatchObject({ status: 'failed' });
  });
});
