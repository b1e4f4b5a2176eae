// Text leaving gatewatch: terminal escapes from a hostile log never reach the console or a channel, and the one
// redactor covers the console, the outbox, state files, the audit log and gatewatch's own log.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { createConsoleChannel } from '../../src/channels/console.js';
import { safeReply, stripControls } from '../../src/util/text-out.js';
import { createLogger } from '../../src/util/logger.js';
import { writeJsonAtomic } from '../../src/state/atomic.js';
import { plugin as feishuWebhook } from '../../src/chats/feishu/notifier.js';
import { pluginHost } from '../helpers/channels.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { startFakeFeishu } from '../fakes/feishu-server.js';
import { until } from '../helpers/until.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SECRET = 'k8Zq0vT3xYw9LmN2pQr5sTu7';

describe('stripControls', () => {
  const cases: [string, string, string][] = [
    ['CSI colour', '\x1b[31mred\x1b[0m text', 'red text'],
    ['OSC title with BEL', '\x1b]0;pwned title\x07after', 'after'],
    ['OSC 8 hyperlink with ST', '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', 'click'],
    ['cursor movement and erase line', 'ok\x1b[2K\x1b[1Ahidden', 'okhidden'],
    ['carriage return overwrite', 'real error\rall good  ', 'real errorall good  '],
    ['C1 CSI', 'a\x9b31mb', 'ab'],
    ['DCS payload', 'x\x1bPq#0;2;0;0;0\x1b\\y', 'xy'],
    ['bell, backspace, NUL, DEL', 'a\x07b\x08c\x00d\x7fe', 'abcde'],
    ['bidi override', 'file\u202Etxt.exe', 'filetxt.exe'],
    ['newline and tab kept', 'line 1\n\tline 2', 'line 1\n\tline 2'],
    ['Chinese text kept', '飞书连接已断开 ✅', '飞书连接已断开 ✅'],
    ['lone ESC', 'a\x1b', 'a'],
  ];
  for (const [name, input, want] of cases) it(name, () => expect(stripControls(input)).toBe(want));
});

describe('a reply with a picture', () => {
  it("the chart's words are made safe as the text's are (a --json answer prints them, a channel draws them)", () => {
    const secret = 'sk-abcdefghijklmnopqrstuvwxyz0123456789';
    const r = safeReply({
      title: 'Uptime',
      tone: 'info',
      chart: {
        title: `Uptime \u202E${secret}`,
        from: 0,
        to: 1,
        rows: [{ label: `ops:${secret}\x1b[31m`, spans: [[0, 1, 'up']], marks: [] }],
        ticks: [{ at: 0, label: `09:00\u0007` }],
        legend: { up: 'up', deaf: 'deaf', down: `down ${secret}`, off: 'off', incident: 'incident' },
        note: `since \u2066${secret}`,
      },
    });
    expect(r.chart).toEqual({
      title: 'Uptime ***',
      from: 0,
      to: 1,
      rows: [{ label: 'ops:***', spans: [[0, 1, 'up']], marks: [] }],
      ticks: [{ at: 0, label: '09:00' }],
      legend: { up: 'up', deaf: 'deaf', down: 'down ***', off: 'off', incident: 'incident' },
      note: 'since ***',
    });
  });
});

describe('the console channel', () => {
  it('prints /logs and alerts without escape sequences or secrets from the log', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += String(d)));
    h = await startHarness({ channels: [createConsoleChannel({ input, output })], start: false });
    const log = path.join(h.hermesHome, 'logs', 'gateway.log');
    writeFileSync(
      log,
      `2026-06-22 08:00:01,220 ERROR gateway.run: \x1b]0;owned\x07\x1b[2J\x1b[31mfatal\x1b[0m password: ${SECRET}\rok\n`,
    );
    input.write('/logs 5\n');
    await until('the /logs reply', () => printed.includes('fatal'));
    await h.raiseAlert({ title: `\x1b[1mgateway died\x1b[0m with token=${SECRET}` });
    await until('the alert', () => printed.includes('gateway died'));
    expect(printed).toContain('ERROR gateway.run: fatal password: ***');
    expect(printed).toContain('gateway died with token=***');
    expect(printed).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(printed).not.toContain(SECRET);
    // The queued alert on disk is redacted too.
    expect(readFileSync(path.join(h.config.state_dir, 'outbox.json'), 'utf8')).not.toContain(SECRET);
  });
});

describe("state files, audit and gatewatch's own log", () => {
  it('a state file write masks secrets in any field', async () => {
    h = await startHarness({ start: false });
    const file = path.join(h.config.state_dir, 'x.json');
    await writeJsonAtomic(file, {
      incidents: { a: { evidence: [`Cookie: session=${SECRET}`], token: 'whatever' } },
      n: 1,
    });
    const back = JSON.parse(readFileSync(file, 'utf8'));
    expect(back).toEqual({ incidents: { a: { evidence: ['Cookie: ***'], token: '***' } }, n: 1 });
  });

  it('an audit record is redacted', async () => {
    h = await startHarness({ start: false });
    await h.app.audit.write({
      type: 'command',
      actor: 'x',
      detail: { args: [`--api-key ${SECRET}`], clientSecret: 'zz' },
    });
    const text = readFileSync(h.app.audit.file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).toContain('--api-key ***');
  });

  it('the pino log masks messages, fields, bindings and errors', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l)).child({ url: `https://ops:${SECRET}@proxy:3128` });
    log.info({ appSecret: 'x', detail: `Authorization: Bearer ${SECRET}`, count: 3 }, `db password: ${SECRET}`);
    log.error({ err: new Error(`token request failed: client_secret=${SECRET}`) }, 'failed');
    const all = lines.join('');
    expect(all).not.toContain(SECRET);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({
      appSecret: '***',
      detail: 'Authorization: Bearer ***',
      count: 3,
      msg: 'db password: ***',
      url: 'https://ops:***@proxy:3128',
    });
    expect(JSON.parse(lines[1]!).err.message).toBe('token request failed: client_secret=***');
  });
});

describe('a webhook notifier', () => {
  it('posts an alert that quoted a secret and escapes from the log without either', async () => {
    const f = await startFakeFeishu({
      appId: 'cli_0123456789abcdef',
      appSecret: 'app-secret',
      hooks: { signed: 'hook-secret-xyz' },
    });
    try {
      const n = { type: 'feishu_webhook', url: `${f.base}/open-apis/bot/v2/hook/signed`, secret: 'hook-secret-xyz' };
      const notifier = await feishuWebhook.create(
        { url: n.url, secret: n.secret, name: 'feishu_webhook' },
        pluginHost(resolveConfig(configSchema.parse({ channels: { notifiers: [n] } }), undefined)),
      );
      h = await startHarness({ channels: [notifier], start: false });
      await h.raiseAlert({
        title: `QQ died: \x1b[31mFatal\x1b[0m using key sk-proj-${SECRET} and ghp_${SECRET}abcdefghijkl`,
      });
      await f.waitFor(() => f.state.hooks.some((x) => JSON.stringify(x.body).includes('QQ died')), 10_000, 'the push');
      const body = JSON.stringify(f.state.hooks.find((x) => JSON.stringify(x.body).includes('QQ died'))!.body);
      expect(body).toContain('QQ died: Fatal using key *** and ***');
      expect(body).not.toContain(SECRET);
      expect(body).not.toMatch(/\\u001b/);
    } finally {
      await f.close();
    }
  });
});
