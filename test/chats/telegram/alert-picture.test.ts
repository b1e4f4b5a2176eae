// The README's picture of an alert on a phone (docs/alert-*.svg) is what scripts/alert-picture.ts draws from the
// Telegram channel's own rendering of a real finding: redrawn here in memory, it must equal the committed files, so
// a change to the alert's words or its renderer cannot leave a stale picture behind.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import {
  alertMessage,
  alertPicture,
  drawPhone,
  parseTelegramHtml,
  PICTURES,
  wrap,
} from '../../../scripts/alert-picture.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the alert picture in the README', () => {
  for (const { file, locale } of PICTURES) {
    it(`${file} is the picture of today's ${locale} alert (else: run npm run docs:picture)`, () => {
      const committed = readFileSync(ROOT + file, 'utf8');
      expect(alertPicture(locale) === committed, `${file} is stale: run npm run docs:picture and commit it`).toBe(true);
    });
  }

  it('draws the message the Telegram channel sends: its title, fields, log tail and buttons', () => {
    const { html, buttons } = alertMessage('en');
    expect(html).toMatch(/^🔴 <b>default: Gateway died without a shutdown/);
    expect(html).toContain('<pre>gateway_state.json: gateway_state=running');
    expect(buttons.flat()).toContain('Restart');
    const svg = alertPicture('en');
    expect(svg).toContain('Gateway died without a');
    expect(svg).toContain('>Restart</text>');
  });

  it('escapes what the log says, keeps every line inside the bubble (CJK counts double), and refuses a tag it cannot draw', () => {
    const svg = drawPhone('🔴 <b>a &lt;b&gt; &amp; "q"</b>\n<pre>x &lt;/text&gt; y</pre>', [['重启', 'Logs']], '03:14');
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;q&quot;');
    expect(svg).toContain('x &lt;/text&gt; y');
    expect(svg).not.toMatch(/&(?!(?:lt|gt|amp|quot);)/);
    const long = parseTelegramHtml('<b>标签:</b> ' + '网关已断开'.repeat(20) + ' and a-very-long-word-'.repeat(5))[0]!;
    const lines = wrap(long, 40);
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(stringWidth(l.runs.map((r) => r.text).join(''))).toBeLessThanOrEqual(40);
    expect(lines[0]!.runs[0]).toEqual({ text: '标签:', bold: true });
    expect(() => parseTelegramHtml('<a>x</a>')).toThrow(/does not draw <a>/);
  });
});
