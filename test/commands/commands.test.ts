// Chat commands through the real router: who may do what, audit records, help, mute/ack, logs redaction.
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { renderText } from '../../src/delivery/render-text.js';
import type { InboundMessage, Reply } from '../../src/types.js';
import { clockAt } from '../helpers/clock.js';
import { gatewatchCommand } from '../../src/util/invocation.js';

/** How this install is typed here (`npx gatewatch` from a clone): the CLI's hints say it so. */
const gw = gatewatchCommand();

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const operators = [
  { name: 'alice', role: 'admin', qq_openid: 'ALICE_QQ', feishu_open_id: 'ou_alice' },
  { name: 'victor', role: 'viewer', feishu_open_id: 'ou_victor' },
];

async function say(text: string, from: Partial<InboundMessage> = {}): Promise<Reply[]> {
  const replies: Reply[] = [];
  await h!.app.handle({ channel: 'feishu', senderId: 'ou_alice', text, ...from }, async (r) => void replies.push(r));
  return replies;
}
const text = (rs: Reply[]) => rs.map((r) => renderText(r)).join('\n');

describe('command auth', () => {
  it('a stranger is refused and audited; nothing runs', async () => {
    h = await startHarness({ config: { operators }, start: false });
    const r = await say('/mute 1h', { senderId: 'ou_mallory' });
    expect(text(r)).toMatch(/not allowed/);
    expect(h.app.core.muted()).toBe(false);
    const audit = await h.auditRecords();
    expect(audit.at(-1)).toMatchObject({ type: 'command.denied', actor: 'feishu:ou_mallory' });
  });

  it('a stranger who floods gets one refusal and one audit record a window; the next says how many went unanswered', async () => {
    let t = Date.parse('2026-11-23T03:00:00Z');
    h = await startHarness({ config: { operators }, start: false, appOptions: { clock: clockAt(() => t) } });
    let replies = 0;
    for (let i = 0; i < 300; i++) replies += (await say(`/restart confirm ${i}`, { senderId: 'ou_mallory' })).length;
    expect(replies).toBe(1);
    const denied = async () => (await h!.auditRecords()).filter((r) => r.type === 'command.denied');
    expect(await denied()).toHaveLength(1);
    // Another stranger is answered in their own right.
    expect(await say('/status', { senderId: 'ou_eve' })).toHaveLength(1);
    t += 10 * 60_000;
    expect(await say('/status', { senderId: 'ou_mallory' })).toHaveLength(1);
    const records = await denied();
    expect(records).toHaveLength(3);
    expect(records.at(-1)).toMatchObject({ actor: 'feishu:ou_mallory', detail: { suppressed: 299 } });
  });

  it('an operator known only on QQ is a stranger on Feishu', async () => {
    h = await startHarness({ config: { operators }, start: false });
    expect(text(await say('/status', { senderId: 'ALICE_QQ' }))).toMatch(/not allowed/);
    expect(text(await say('/help', { channel: 'qq', senderId: 'ALICE_QQ' }))).toMatch(/gatewatch commands/);
  });

  it('a viewer may read but not restart, mute or ack', async () => {
    h = await startHarness({ config: { operators }, start: false });
    expect(text(await say('/status', { senderId: 'ou_victor' }))).toMatch(/default:/);
    for (const cmd of ['/restart confirm', '/mute 30m', '/ack']) {
      expect(text(await say(cmd, { senderId: 'ou_victor' }))).toMatch(/needs the admin role/);
    }
    const denied = (await h.auditRecords()).filter((r) => r.type === 'command.denied');
    expect(denied).toHaveLength(3);
    expect(denied[0]).toMatchObject({ actor: 'victor' });
    const help = text(await say('/help', { senderId: 'ou_victor' }));
    expect(help).toContain('/status');
    expect(help).not.toContain('/restart');
  });

  it('an unknown command gets help', async () => {
    h = await startHarness({ config: { operators }, start: false });
    const r = text(await say('/reboot-everything'));
    expect(r).toMatch(/Unknown command "\/reboot-everything"/);
    expect(r).toContain('/logs [n] [filter]');
    expect(r).not.toContain('/demo'); // only while a demo gateway is watched
    // Plain words work too, as people type on phones.
    expect(text(await say('status'))).toMatch(/default:/);
  });

  it('replies in the configured locale', async () => {
    h = await startHarness({ config: { operators, locale: 'zh-CN' }, start: false });
    expect(text(await say('/help'))).toMatch(/gatewatch 命令/);
    expect(text(await say('/mute 30m'))).toMatch(/告警已静音至/);
  });
});

describe('looking never acts', () => {
  it("a viewer's /status, /check and /doctor on a dead gateway show the problem and open, alert and restart nothing", async () => {
    const restarted = path.join(os.tmpdir(), `gatewatch-viewer-restart-${process.pid}-${Date.now()}`);
    // A service manager whose restart leaves a mark: any restart, automatic or not, would show.
    const mark = [process.execPath, '-e', `require('node:fs').writeFileSync(${JSON.stringify(restarted)}, 'x')`];
    h = await startHarness({
      config: { operators },
      target: {
        service: {
          manager: 'command',
          is_active: [process.execPath, '-e', 'process.exit(3)'],
          restart: mark,
          start: mark,
        },
      },
      start: false,
    });
    const phone = { got: [] as string[] };
    await h.app.addChannel({
      name: 'phone',
      interactive: false,
      start: async () => {},
      stop: async () => {},
      deliver: async (a) => (phone.got.push(a.reply.title), { status: 'sent' }),
      health: () => ({ name: 'phone', ok: true, summary: '' }),
    });
    expect(text(await say('/status', { senderId: 'ou_victor' }))).toMatch(/Hermes gateway is not running/);
    expect(text(await say('/check', { senderId: 'ou_victor' }))).toMatch(/Hermes gateway is not running/);
    await say('/doctor', { senderId: 'ou_victor' });
    // An admin's look is a look too.
    expect(text(await say('/status'))).toMatch(/default: 1 problem/);
    await h.app.outbox.flush();
    expect(h.app.core.state.incidents).toEqual({});
    expect(h.app.outbox.entries()).toEqual([]);
    expect(phone.got).toEqual([]);
    const records = await h.auditRecords();
    expect(records.filter((r) => r.type !== 'command')).toEqual([]);
    expect(existsSync(restarted)).toBe(false);
  });
});

describe('mute, unmute, ack, history', () => {
  it('/mute takes a duration and expires; /unmute ends it', async () => {
    h = await startHarness({ config: { operators }, start: false });
    expect(text(await say('/mute'))).toMatch(/Usage: \/mute/);
    expect(text(await say('/mute 30m'))).toMatch(/Alerts muted until/);
    expect(h.app.core.muted()).toBe(true);
    expect(h.app.core.state.mute!.until - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(text(await say('/unmute'))).toMatch(/Alerts unmuted/);
    expect(h.app.core.muted()).toBe(false);
  });

  it('while muted a failure is detected and shown in /status, but not pushed', async () => {
    h = await startHarness({ config: { operators }, start: false });
    const pushed: string[] = [];
    const full: string[] = [];
    await h.app.addChannel({
      name: 'phone',
      interactive: false,
      start: async () => {},
      stop: async () => {},
      deliver: async (a) => (pushed.push(a.reply.title), full.push(renderText(a.reply)), { status: 'sent' }),
      health: () => ({ name: 'phone', ok: true, summary: '' }),
    });
    await say('/mute 1h');
    await h.app.core.evaluate('default');
    expect(text(await say('/status'))).toMatch(/Hermes gateway is not running/);
    await h.app.outbox.flush();
    expect(pushed).toEqual([]);
    await say('/unmute');
    await h.app.outbox.flush();
    // One summary of what is still open, not each alert again.
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatch(/^Alerts unmuted — 1 incident still open/);
    expect(full.join('\n')).toMatch(/not running/);
    // Acked: no reminders; the record names who acked.
    expect(text(await say('/ack'))).toMatch(/Acknowledged 1 incident/);
    expect(Object.values(h.app.core.state.incidents)[0]!.acked!.by).toBe('alice');
    expect(text(await say('/history'))).toMatch(/gatewatch: down: /);
  });
});

describe('/unmute from the command line (issue 20 item 4)', () => {
  it("its summary names the CLI's history command; the alert to the channels keeps chat's", async () => {
    h = await startHarness({ config: { operators }, start: false });
    const full: string[] = [];
    await h.app.addChannel({
      name: 'phone',
      interactive: false,
      start: async () => {},
      stop: async () => {},
      deliver: async (a) => (full.push(renderText(a.reply)), { status: 'sent' }),
      health: () => ({ name: 'phone', ok: true, summary: '' }),
    });
    await say('/mute 1h');
    await h.app.core.evaluate('default');
    const replies: Reply[] = [];
    await h.app.handleRequest(
      { channel: 'cli', senderId: 'local' },
      { command: 'unmute', args: {} },
      async (r) => void replies.push(r),
    );
    await h.app.outbox.flush();
    expect(text(replies)).toContain(`held while muted; ${gw} history lists what happened`);
    expect(text(replies)).not.toContain('/history');
    expect(full.join('\n')).toMatch(/held while muted; \/history lists what happened/);
  });
});

describe('/logs', () => {
  it('tails at most 200 lines, filters, and redacts secrets', async () => {
    h = await startHarness({ config: { operators }, start: false });
    const log = path.join(h.hermesHome, 'logs', 'gateway.log');
    writeFileSync(log, '');
    for (let i = 0; i < 300; i++)
      appendFileSync(log, `2026-06-22 08:00:${String(i % 60).padStart(2, '0')},000 INFO gateway.run: line ${i}\n`);
    appendFileSync(
      log,
      `2026-06-22 08:01:00,000 WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] token request Authorization: QQBot abcDEF123secretTOKEN456 client_secret=hunter2hunter2\n`,
    );
    const all = (await say('/logs 500'))[0]!;
    expect(all.code![0]!.split('\n')).toHaveLength(200);
    const last = text(await say('/logs 5 QQBot'));
    expect(last).toContain('[QQBot:102345678] token request');
    expect(last).not.toContain('abcDEF123secretTOKEN456');
    expect(last).not.toContain('hunter2hunter2');
    expect(text(await say('/logs 3 line 29'))).toMatch(/line 299$/m);
    // A number after the count is part of the filter.
    const byNumber = (await say('/logs 5 299'))[0]!;
    expect(byNumber.code![0]!.split('\n')).toEqual([expect.stringMatching(/line 299$/)]);
  });
});

describe('targets', () => {
  it('an unknown target name gets the list of targets', async () => {
    h = await startHarness({ config: { operators }, start: false });
    for (const cmd of ['/status nope', '/check nope', '/doctor nope', '/restart nope confirm', '/ack nope']) {
      expect(text(await say(cmd))).toMatch(/Unknown target "nope"\. Targets: default\./);
    }
  });

  it('/ack with a mistyped target acks nothing and lists the targets', async () => {
    h = await startHarness({ config: { operators }, start: false });
    await h.app.core.evaluate('default'); // no gateway: an open incident
    expect(Object.values(h.app.core.state.incidents)).toHaveLength(1);
    const r = await say('/ack defualt');
    expect(text(r)).toMatch(/Unknown target "defualt"\. Targets: default\./);
    expect(r[0]!.tone).toBe('warning');
    expect(Object.values(h.app.core.state.incidents)[0]!.acked).toBeUndefined();
    // The right name, in any case a phone keyboard picks, acks it.
    expect(text(await say('/ack Default'))).toMatch(/Acknowledged 1 incident/);
    expect(Object.values(h.app.core.state.incidents)[0]!.acked?.by).toBe('alice');
  });

  it('with several targets every command acts on the one named, and refuses a name that is none of them', async () => {
    const home = (n: string) => ({
      name: n,
      hermes_home: path.join(os.tmpdir(), `gatewatch-none-${n}`),
      platforms: ['feishu'],
      service: { manager: 'none' },
    });
    h = await startHarness({ config: { operators, targets: [home('alpha'), home('beta')] }, start: false });
    await h.app.core.evaluate('alpha');
    await h.app.core.evaluate('beta');
    expect(text(await say('/ack gamma'))).toMatch(/Unknown target "gamma"\. Targets: alpha, beta\./);
    expect(Object.values(h.app.core.state.incidents).filter((i) => i.acked)).toEqual([]);
    expect(text(await say('/ack beta'))).toMatch(/Acknowledged 1 incident/);
    expect(
      Object.values(h.app.core.state.incidents)
        .filter((i) => i.acked)
        .map((i) => i.target),
    ).toEqual(['beta']);
    const st = await say('/status beta');
    expect(st.map((r) => r.title)).toEqual([expect.stringMatching(/^beta: /)]);
    expect(text(await say('/restart gamma'))).toMatch(/Unknown target "gamma"\. Targets: alpha, beta\./);
    expect((await h.auditRecords()).filter((r) => r.type.startsWith('restart.') && r.actor !== 'gatewatch')).toEqual(
      [],
    );
  });

  it('/logs takes a trailing target name even when there is one target; other words are the filter', async () => {
    h = await startHarness({ config: { operators }, start: false });
    const log = path.join(h.hermesHome, 'logs', 'gateway.log');
    writeFileSync(
      log,
      '2026-06-22 08:00:01,000 INFO gateway.run: Starting Hermes Gateway...\n2026-06-22 08:00:02,000 INFO gateway.run: ✓ feishu connected\n',
    );
    const r = (await say('/logs 5 default'))[0]!;
    expect(r.title).toMatch(/^default: last 2 lines of gateway.log$/);
    expect((await say('/logs 5 feishu default'))[0]!.code![0]).toMatch(/feishu connected$/);
  });
});
