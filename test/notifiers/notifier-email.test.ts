// The email notifier through nodemailer to a real SMTP server on loopback: envelope, headers, text and HTML parts,
// AUTH only when a user is configured, and the SMTP failures (bad credentials, refused recipient, temporary 451,
// nobody listening) as `failed` with the server's reply, never the password.
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { plugin as email } from '../../src/notifiers/email.js';
import type { Alert, Locale } from '../../src/types.js';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp.js';
import { pluginHost } from '../helpers/channels.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function smtp(o: Parameters<typeof startFakeSmtp>[0] = {}): Promise<FakeSmtp> {
  const s = await startFakeSmtp(o);
  cleanups.push(() => s.close());
  return s;
}

async function notifier(settings: Record<string, unknown>, locale: Locale = 'en') {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-email-home-'));
  const cfg = resolveConfig(
    configSchema.parse({ locale, targets: [{ name: 'default', hermes_home: home }] }),
    undefined,
  );
  return await email.create({ ...email.schema.parse(settings), name: 'mail' }, pluginHost(cfg));
}

const alert: Alert = {
  id: 'a1',
  kind: 'open',
  target: 'default',
  check: 'process_down',
  severity: 'critical',
  createdAt: Date.UTC(2026, 10, 22, 10, 0, 0),
  reply: {
    title: 'default: 网关进程已退出',
    tone: 'critical',
    fields: [{ label: 'target', value: 'default' }],
    lines: ['The gateway <process> exited & did not come back.'],
    code: ['2026-11-22 10:00:00,123 ERROR gateway.run: Gateway crashed'],
  },
};

/** RFC 2047 encoded-words (B and Q) → text. */
function decodeWords(s: string): string {
  return s.replace(/\s*=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** The decoded body of the MIME part with this content type. */
function part(raw: string, type: string): string {
  const i = raw.indexOf(`Content-Type: ${type}`);
  expect(i, `a ${type} part`).toBeGreaterThanOrEqual(0);
  const rest = raw.slice(i);
  const head = rest.slice(0, rest.indexOf('\r\n\r\n'));
  const body = rest.slice(rest.indexOf('\r\n\r\n') + 4).split(/\r\n--/)[0]!;
  if (/Content-Transfer-Encoding: base64/i.test(head))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head))
    return Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}

const header = (raw: string, name: string) => {
  const m = new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(raw);
  return m ? decodeWords(m[1]!.replace(/\r\n[ \t]/g, ' ')) : undefined;
};

describe('email notifier', () => {
  it('logs in and sends one message to every recipient, with the severity in the subject and text and HTML parts', async () => {
    const s = await smtp({ users: { alerts: 'mail-pass-123' } });
    const n = await notifier({
      smtp: { host: '127.0.0.1', port: s.port, secure: false, user: 'alerts', pass: 'mail-pass-123' },
      from: 'gatewatch <gw@example.com>',
      to: ['ops@example.com', 'oncall@example.com'],
    });
    const out = await n.deliver(alert);
    expect(out).toMatchObject({ status: 'sent' });
    expect(out.detail).toContain('250');
    expect(s.messages).toHaveLength(1);
    const m = s.messages[0]!;
    expect(m).toMatchObject({ from: 'gw@example.com', to: ['ops@example.com', 'oncall@example.com'], user: 'alerts' });
    expect(header(m.raw, 'Subject')).toBe('🔴 [CRITICAL] default: 网关进程已退出');
    expect(header(m.raw, 'To')).toBe('ops@example.com, oncall@example.com');
    const text = part(m.raw, 'text/plain');
    expect(text).toContain('The gateway <process> exited & did not come back.');
    expect(text).toContain('  2026-11-22 10:00:00,123 ERROR gateway.run: Gateway crashed');
    const html = part(m.raw, 'text/html');
    expect(html).toContain('<p>The gateway &lt;process&gt; exited &amp; did not come back.</p>');
    expect(html).toContain('<pre');
  });

  it('does not try to log in without a user', async () => {
    const s = await smtp();
    const n = await notifier({
      smtp: { host: '127.0.0.1', port: s.port },
      from: 'gw@example.com',
      to: ['ops@example.com'],
    });
    expect(await n.deliver(alert)).toMatchObject({ status: 'sent' });
    expect(s.messages[0]!.user).toBeUndefined();
  });

  it('fails on bad credentials (535), a refused recipient (550), a temporary 451 and a dead server, never showing the password', async () => {
    const s = await smtp({ users: { alerts: 'mail-pass-123' }, refuse: ['gone@example.com'] });
    const wrong = await notifier({
      smtp: { host: '127.0.0.1', port: s.port, user: 'alerts', pass: 'not-the-pass-456' },
      from: 'gw@example.com',
      to: ['ops@example.com'],
    });
    const o1 = await wrong.deliver(alert);
    expect(o1.status).toBe('failed');
    expect(o1.detail).toMatch(/SMTP 535/);
    expect(o1.detail).not.toContain('not-the-pass-456');
    expect(s.badLogins).toEqual(['alerts']);

    const ok = { host: '127.0.0.1', port: s.port, user: 'alerts', pass: 'mail-pass-123' };
    const gone = await notifier({ smtp: ok, from: 'gw@example.com', to: ['gone@example.com'] });
    const o2 = await gone.deliver(alert);
    expect(o2.status).toBe('failed');
    expect(o2.detail).toMatch(/SMTP 550.*User unknown/);

    const n = await notifier({ smtp: ok, from: 'gw@example.com', to: ['ops@example.com'] });
    s.dataFaults.push({ code: 451, message: '4.3.0 Temporary local problem, try again' });
    const o3 = await n.deliver(alert);
    expect(o3.status).toBe('failed');
    expect(o3.detail).toMatch(/SMTP 451 \(temporary\)/);
    expect(await n.deliver(alert)).toMatchObject({ status: 'sent' });
    expect(s.messages).toHaveLength(1);

    // A port nobody listens on.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const dead = await notifier({ smtp: { host: '127.0.0.1', port }, from: 'gw@example.com', to: ['ops@example.com'] });
    const o4 = await dead.deliver(alert);
    expect(o4.status).toBe('failed');
    expect(o4.detail).toMatch(/ECONNECTION|ECONNREFUSED/);
  });
});
