// The two helpers every notifier shares: rendering a reply within a service's size limit (cut before escaping, so
// no tag or entity is split, with the title last to go) and the HTTP side (Retry-After, the local rate limit, one
// attempt with a timeout).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  alertTitle,
  EMAIL_HTML,
  MARKDOWN,
  PLAIN,
  renderReply,
  ROBOT_MARKDOWN,
  TELEGRAM_HTML,
  truncate,
} from '../../src/delivery/render-markdown.js';
import { createRateLimit, parseRetryAfter, request } from '../../src/channel-kit/http.js';
import type { Alert, Reply } from '../../src/types.js';
import { parseTelegramHtml } from '../fakes/push-services.js';
import { until } from '../helpers/until.js';
import { deadline, systemClock } from '../../src/util/clock.js';

const reply: Reply = {
  title: 'default: Gateway process is down',
  tone: 'critical',
  fields: [{ label: 'target', value: 'default' }],
  lines: ['It exited & <b>did not</b> restart.'],
  code: ['line one\nline two'],
};

describe('render-markdown', () => {
  it('puts the severity in words into the title, in both locales', () => {
    const a: Alert = {
      id: 'x',
      kind: 'open',
      target: 'default',
      severity: 'warning',
      createdAt: 0,
      reply: { ...reply, tone: 'warning' },
    };
    expect(alertTitle(a, 'en')).toBe('🟠 [WARNING] default: Gateway process is down');
    expect(alertTitle(a, 'zh-CN', { icon: false })).toBe('[警告] default: Gateway process is down');
    expect(alertTitle({ ...a, severity: 'ok' }, 'en')).toBe('✅ [OK] default: Gateway process is down');
  });

  it('renders each dialect, escaping text from logs where the dialect parses it', () => {
    expect(renderReply(reply, MARKDOWN, { locale: 'en', title: 'T' })).toBe(
      '### T\n\n**target:** default\n\nIt exited & <b>did not</b> restart.\n\n```\nline one\nline two\n```',
    );
    expect(renderReply(reply, TELEGRAM_HTML, { locale: 'en' })).toBe(
      '<b>target:</b> default\nIt exited &amp; &lt;b&gt;did not&lt;/b&gt; restart.\n<pre>line one\nline two</pre>',
    );
    expect(renderReply(reply, ROBOT_MARKDOWN, { locale: 'en' })).toContain('> line one\n\n> line two');
    expect(renderReply(reply, EMAIL_HTML, { locale: 'en' })).toContain(
      '<p>It exited &amp; &lt;b&gt;did not&lt;/b&gt; restart.</p>',
    );
    expect(renderReply(reply, PLAIN, { locale: 'en' })).toBe(
      'target: default\nIt exited & <b>did not</b> restart.\n  line one\n  line two',
    );
  });

  it('cuts to the limit in bytes or characters, never splitting an entity, a tag or a surrogate pair', () => {
    const big: Reply = { title: 't', lines: ['a & b < c '.repeat(50), '😀'.repeat(300)], code: ['<x>'.repeat(2000)] };
    for (const max of [60, 200, 999, 4096]) {
      const html = renderReply(big, TELEGRAM_HTML, { locale: 'en', title: 'Title', limit: { chars: max } });
      expect(html.length).toBeLessThanOrEqual(max);
      expect(parseTelegramHtml(html)).not.toHaveProperty('error');
      expect(html).toContain('… (truncated)');
      expect(html.startsWith('<b>Title</b>')).toBe(true);
      const md = renderReply(big, MARKDOWN, { locale: 'zh-CN', limit: { bytes: max } });
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(max);
      expect(md).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
      expect(md.endsWith('…（已截断）')).toBe(true);
    }
    // Whole parts first: a short body is untouched.
    expect(renderReply(reply, PLAIN, { locale: 'en', limit: { chars: 4096 } })).not.toContain('truncated');
    expect(truncate('abcdef', { chars: 4 })).toBe('abc…');
    expect(Buffer.byteLength(truncate('网关进程已退出', { bytes: 10 }))).toBeLessThanOrEqual(10);
  });
});

describe('notifier http helpers', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 10, 22, 10, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now - 30_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    // A service (or a proxy) asking for 31 years gets ten minutes.
    expect(parseRetryAfter(String(31 * 365 * 86_400), now)).toBe(10 * 60_000);
    expect(parseRetryAfter(new Date(now + 31 * 365 * 86_400_000).toUTCString(), now)).toBe(10 * 60_000);
  });

  it('reads at most 16 KB of an answer: a 300 MB error page is cut off, not downloaded', async () => {
    let sent = 0;
    let closed = false;
    const s = http.createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (sent < 300 * 1024 * 1024 && !closed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (closed = true));
      pump();
    });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const { port } = s.address() as AddressInfo;
    const a = await request(`http://127.0.0.1:${port}/send`, { signal: deadline(systemClock, 10_000) });
    expect('status' in a && a.status).toBe(500);
    expect('text' in a && a.text.length).toBe(16 * 1024);
    await until('the server to see the client go', () => closed);
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  it('limits sends per window and holds everything during a pause the service asked for', () => {
    const rl = createRateLimit({ max: 2, perMs: 60_000 });
    expect(rl.wait(0)).toBe(0);
    rl.note(0);
    rl.note(10_000);
    expect(rl.wait(20_000)).toBe(40_000);
    expect(rl.wait(60_000)).toBe(0);
    rl.pause(500_000);
    expect(rl.wait(60_000)).toBe(440_000);
    expect(createRateLimit().wait(0)).toBe(0);
  });

  it('gives up on a server that does not answer within the timeout, naming the host only', async () => {
    const s = http.createServer(() => undefined);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const { port } = s.address() as AddressInfo;
    const t0 = Date.now();
    const a = await request(`http://127.0.0.1:${port}/bot123:SECRET/sendMessage`, {
      signal: deadline(systemClock, 300),
    });
    expect(a).toEqual({ error: `no answer from 127.0.0.1:${port}: timed out after 300 ms` });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
