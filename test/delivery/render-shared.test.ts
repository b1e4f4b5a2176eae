// The renderers share their pieces (src/delivery/tone-icon.ts, render-parts.ts, the Telegram dialect): a tone looks
// the same on every channel, and the chat and notifier Telegram messages use the same markup.
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/delivery/render-text.js';
import { alertTitle, MARKDOWN, renderReply, TELEGRAM_HTML } from '../../src/delivery/render-markdown.js';
import { renderHtml } from '../../src/chats/telegram/render.js';
import { labelColon } from '../../src/i18n.js';
import { replyCard } from '../../src/chats/feishu/card.js';
import { renderText as qqText } from '../../src/chats/qq/render.js';
import type { Alert, Reply, Tone } from '../../src/types.js';

const ICONS: Record<Tone, string> = { critical: '🔴', warning: '🟠', info: 'ℹ️', ok: '✅' };

describe('every renderer', () => {
  for (const [tone, icon] of Object.entries(ICONS) as [Tone, string][]) {
    it(`marks a ${tone} reply with ${icon}`, () => {
      const reply: Reply = { title: 'T', tone };
      const alert: Alert = { id: 'a', kind: 'open', target: 'box', severity: tone, createdAt: 0, reply };
      expect(renderText(reply).startsWith(`${icon} T`)).toBe(true);
      expect(qqText(reply).startsWith(`${icon} T`)).toBe(true);
      expect(renderHtml(reply, { locale: 'en' }).startsWith(`${icon} <b>T</b>`)).toBe(true);
      expect((replyCard(reply, { locale: 'en' }).header as { title: { content: string } }).title.content).toBe(
        `${icon} T`,
      );
      expect(alertTitle(alert, 'en').startsWith(`${icon} [`)).toBe(true);
    });
  }

  it('writes Telegram HTML one way for the chat channel and the notifier', () => {
    const reply: Reply = { title: 't', fields: [{ label: 'a<b', value: '1 & 2' }], lines: ['x > y'], code: ['<pre>'] };
    const chat = renderHtml(reply, { locale: 'en' });
    const push = renderReply(reply, TELEGRAM_HTML, { locale: 'en' });
    for (const part of [
      TELEGRAM_HTML.field('a<b', '1 & 2', labelColon('en')),
      TELEGRAM_HTML.line('x > y'),
      TELEGRAM_HTML.code('<pre>'),
    ]) {
      expect(chat).toContain(part);
      expect(push).toContain(part);
    }
  });
});

// Issue 80 item 5: Hermes' issue and PR numbers an alert quotes were named but not linked.
describe('a Hermes issue an alert names', () => {
  const URL = 'https://github.com/NousResearch/hermes-agent/issues';
  const reply: Reply = {
    title: 'T',
    lines: ['The marker is stale (Hermes #111272); a < b fixed by Hermes PR #114221, not #5.'],
  };
  it('is a link where the dialect has links, its text escaped around it', () => {
    const html = renderHtml(reply, { locale: 'en' });
    expect(html).toContain(
      `stale (<a href="${URL}/111272">Hermes #111272</a>); a &lt; b fixed by <a href="${URL}/114221">Hermes PR #114221</a>, not #5.`,
    );
    expect(renderReply(reply, MARKDOWN, { locale: 'en' })).toContain(`[Hermes #111272](${URL}/111272)`);
  });
  it('stays its words where the text is plain', () => {
    expect(renderText(reply)).toContain('(Hermes #111272)');
    expect(renderText(reply)).not.toContain('href');
  });
});
