// Reply/Alert → card JSON 2.0: colours by severity, buttons as callbacks, log text that cannot ping anyone, size caps.
import { describe, expect, it } from 'vitest';
import { alertCard, replyCard, WEBHOOK_CARD_MAX_BYTES } from '../../../src/chats/feishu/card.js';
import { parseCardAction, parseMessage } from '../../../src/chats/feishu/inbound.js';
import type { Alert } from '../../../src/types.js';

const alert = (severity: Alert['severity']): Alert => ({
  id: 'a',
  kind: 'open',
  incidentId: 'i',
  target: 'default',
  severity,
  createdAt: Date.UTC(2026, 5, 22, 8, 0),
  reply: {
    title: 'QQ dead',
    tone: severity,
    fields: [{ label: 'platform', value: 'qqbot' }],
    lines: ['evidence: <at id=all></at> **bold** [x](http://e)'],
    code: ['line 1\n```\nline 3'],
    buttons: [
      { label: 'Restart', command: '/restart default confirm', style: 'danger' },
      { label: 'Mute 1h', command: '/mute 1h' },
    ],
  },
});

const EN = { locale: 'en' } as const;

describe('feishu cards', () => {
  it('colours the header by severity and carries each button command as a callback value', () => {
    expect(alertCard(alert('critical'), EN).header).toMatchObject({
      template: 'red',
      subtitle: { content: expect.stringContaining('default') },
    });
    expect((alertCard(alert('warning'), EN).header as { template: string }).template).toBe('orange');
    expect((alertCard(alert('ok'), EN).header as { template: string }).template).toBe('green');
    const card = alertCard(alert('critical'), EN);
    expect(card.schema).toBe('2.0');
    const json = JSON.stringify(card);
    expect(json).not.toContain('"tag":"action"'); // 2.0 has no action container
    expect(json).toContain('{"type":"callback","value":{"cmd":"/restart default confirm"}}');
    expect(json).toContain('"type":"danger"');
    expect(JSON.stringify(alertCard(alert('critical'), { buttons: false, locale: 'en' }))).not.toContain('callback');
  });

  it('escapes log text so it renders literally and cannot @all', () => {
    const json = JSON.stringify(alertCard(alert('critical'), EN));
    expect(json).not.toContain('<at id=all>');
    expect(json).not.toContain('**bold**');
    expect(json).toContain('&#60;at id=all&#62;');
    // A ``` inside a code section cannot close the block early.
    const code = (alertCard(alert('critical'), EN).body as { elements: { content?: string }[] }).elements.find((e) =>
      e.content?.startsWith('```'),
    )!;
    expect(code.content!.match(/```/g)).toHaveLength(2);
  });

  it('shrinks long log sections to fit, keeping their end', () => {
    const tail = Array.from({ length: 3000 }, (_, i) => `2026-06-22 08:00:${i} INFO gateway.run: line ${i}`).join('\n');
    const card = replyCard({ title: 'logs', code: [tail] }, { maxBytes: WEBHOOK_CARD_MAX_BYTES, locale: 'en' });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(WEBHOOK_CARD_MAX_BYTES);
    expect(json).toContain('line 2999');
    expect(json).not.toContain('line 10\\n');
  });
});

describe('feishu inbound parsing', () => {
  const msg = (o: { text: string; chat_type?: string; mentions?: unknown[]; type?: string }) => ({
    event_id: 'e1',
    sender: { sender_id: { open_id: 'ou_a' }, sender_type: 'user' },
    message: {
      message_id: 'om_1',
      chat_id: 'oc_1',
      chat_type: o.chat_type ?? 'p2p',
      message_type: o.type ?? 'text',
      content: JSON.stringify({ text: o.text }),
      mentions: o.mentions as never,
    },
  });

  it('strips @_user_N placeholders and only takes group messages that mention the bot', () => {
    expect(parseMessage(msg({ text: '/status' }), 'ou_bot')).toMatchObject({
      ok: true,
      value: { text: '/status', group: false, senderId: 'ou_a' },
    });
    const group = msg({
      text: '@_user_1 /logs 20 @_user_2',
      chat_type: 'group',
      mentions: [
        { key: '@_user_1', id: { open_id: 'ou_bot' } },
        { key: '@_user_2', id: { open_id: 'ou_x' } },
      ],
    });
    expect(parseMessage(group, 'ou_bot')).toMatchObject({
      ok: true,
      value: { text: '/logs 20', group: true, chatId: 'oc_1' },
    });
    const notUs = msg({
      text: '@_user_1 hi',
      chat_type: 'group',
      mentions: [{ key: '@_user_1', id: { open_id: 'ou_x' } }],
    });
    expect(parseMessage(notUs, 'ou_bot').ok).toBe(false);
    expect(parseMessage(msg({ text: 'hi', chat_type: 'group' }), undefined).ok).toBe(false);
    expect(
      parseMessage(
        { ...msg({ text: '/x' }), sender: { sender_id: { open_id: 'cli_x' }, sender_type: 'app' } },
        'ou_bot',
      ).ok,
    ).toBe(false);
  });

  it('reads rich-text posts and refuses garbage without throwing', () => {
    const post = {
      ...msg({ text: '' }),
      message: {
        ...msg({ text: '' }).message,
        message_type: 'post',
        content: JSON.stringify({
          title: '',
          content: [
            [
              { tag: 'at', user_id: 'ou_bot' },
              { tag: 'text', text: ' /status default' },
            ],
          ],
        }),
      },
    };
    expect(parseMessage(post, 'ou_bot')).toMatchObject({ ok: true, value: { text: '/status default' } });
    expect(
      parseMessage({ ...msg({ text: '' }), message: { ...msg({ text: '' }).message, content: '{not json' } }, 'ou_bot'),
    ).toMatchObject({ ok: false });
    expect(parseMessage({}, 'ou_bot')).toMatchObject({ ok: false });
    expect(parseCardAction({ operator: { open_id: 'ou_a' }, action: { value: 'restart' } })).toMatchObject({
      ok: false,
    });
    expect(
      parseCardAction({
        operator: { open_id: 'ou_a' },
        action: { value: { cmd: '/ack' } },
        context: { open_message_id: 'om_1' },
      }),
    ).toMatchObject({ ok: true, value: { command: '/ack', messageId: 'om_1' } });
  });
});
