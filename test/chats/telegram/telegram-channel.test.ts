// The Telegram bot channel end to end: grammY against a fake Bot API on loopback, plugged into the real gatewatch
// core (harness): commands in private chats and groups, auth + audit, alerts with inline buttons, callback queries,
// recovery edited in place, 429, 409 from a second poller, a silent long poll, give_up_after, and the refusal to use
// the Hermes gateway's own token.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannel, type TelegramChannelOptions } from '../../../src/chats/telegram/index.js';
import { telegramSchema } from '../../../src/chats/telegram/plugin.js';
import { alertButtons } from '../../../src/delivery/alerts.js';
import { ConfigError, configErrorText } from '../../../src/config/load.js';
import { englishProse } from '../../helpers/english-prose.js';
import type { Alert, Channel, Operator } from '../../../src/types.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import {
  startFakeTelegram,
  type FakeChat,
  type FakeTelegram,
  type FakeUser,
  type StoredMessage,
} from '../../fakes/telegram-server.js';
import { pluginHost } from '../../helpers/channels.js';
import { strayPollerAlert } from '../../helpers/fix-scenes.js';
import { until } from '../../helpers/until.js';
import { createConsoleChannel } from '../../../src/channels/console.js';
import { PNG } from 'pngjs';
import { CHART_ZOOM } from '../../../src/delivery/chart-png.js';

const TOKEN = '7012345678:AAHfake-token-NEVER-LOGGED_0123456789';
const ALICE: FakeUser = { id: 111, is_bot: false, first_name: 'Alice' };
const BOB_VIEWER: FakeUser = { id: 222, is_bot: false, first_name: 'Bob' };
const STRANGER: FakeUser = { id: 999, is_bot: false, first_name: 'Mallory' };
const ALICE_DM: FakeChat = { id: 111, type: 'private', first_name: 'Alice' };
const OPS: FakeChat = { id: -1001234567890, type: 'supergroup', title: 'ops' };

const FAST: TelegramChannelOptions = {
  timings: { pollTimeoutSec: 1, stallMarginMs: 700, backoffBaseMs: 100, backoffMaxMs: 200, conflictRetryMs: 300 },
  replyRetryMaxMs: 5_000,
  initTimeoutMs: 3_000,
};

interface Setup {
  fake: FakeTelegram;
  h: Harness;
  channel: Channel;
  fatal: string[];
  logs: string[];
  make: (o?: TelegramChannelOptions) => Channel;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(
  o: {
    telegram?: Record<string, unknown>;
    opts?: TelegramChannelOptions;
    token?: string;
    beforeStart?: (s: { fake: FakeTelegram; h: Harness }) => void;
  } = {},
): Promise<Setup> {
  const fake = await startFakeTelegram({ token: TOKEN, bot: { id: 7012345678, username: 'gatewatch_test_bot' } });
  cleanups.push(() => fake.close());
  fake.addChat(OPS);
  fake.addChat(ALICE_DM);
  const fatal: string[] = [];
  const h = await startHarness({
    config: { liveness_interval: '1h', schedule: '0 0 1 1 *' },
    onFatal: (r) => fatal.push(r),
    start: false,
  });
  cleanups.push(() => h.close());
  // The lead builds operators' telegram_id into the config schema from the plugin's operatorKey; until then, set it here.
  (h.config.operators as Operator[]).push(
    { name: 'alice', role: 'admin', telegram_id: String(ALICE.id) },
    { name: 'bob', role: 'viewer', telegram_id: String(BOB_VIEWER.id) },
  );
  const settings = telegramSchema().parse({
    bot_token: o.token ?? TOKEN,
    api_base: fake.base,
    alert_to: [{ chat_id: OPS.id }],
    give_up_after: '1h',
    ...o.telegram,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const log = pino({ level: 'trace' }, sink);
  const make = (extra: TelegramChannelOptions = {}): Channel => {
    const real = createChannel({ ...settings, name: 'telegram' }, pluginHost(h.config), {
      ...FAST,
      ...o.opts,
      ...extra,
      timings: { ...FAST.timings, ...o.opts?.timings, ...extra.timings },
    });
    return { ...real, name: real.name, interactive: real.interactive, start: (ctx) => real.start({ ...ctx, log }) };
  };
  o.beforeStart?.({ fake, h });
  const channel = make();
  await h.app.addChannel(channel);
  cleanups.push(() => channel.stop());
  const tick = setInterval(() => void h.app.outbox.flush(), 100);
  cleanups.push(async () => clearInterval(tick));
  return { fake, h, channel, fatal, logs, make };
}

/** gatewatch restarted: the old channel is gone, a new one (same state dir) takes its place. */
async function restartChannel(s: Setup): Promise<Channel> {
  await s.channel.stop();
  s.h.app.channels.splice(s.h.app.channels.indexOf(s.channel), 1);
  const again = s.make();
  await s.h.app.addChannel(again);
  cleanups.push(() => again.stop());
  return again;
}

const inChat = (fake: FakeTelegram, chat: number) =>
  fake.state.messages.filter((m) => m.chat_id === chat && m.parse_mode === 'HTML');
const repliesTo = (fake: FakeTelegram, id: number) => fake.state.messages.filter((m) => m.reply_to === id);
const buttonsOf = (m: StoredMessage | undefined) => m?.reply_markup?.inline_keyboard.flat() ?? [];

function incidentOpen(target: string, incidentId: string, title: string, evidence: string[] = []): Alert {
  return {
    id: `open-${incidentId}-${Math.random()}`,
    kind: 'open',
    incidentId,
    target,
    check: 'qq_max_reconnect',
    severity: 'critical',
    createdAt: Date.now(),
    reply: {
      title,
      tone: 'critical',
      fields: [{ label: 'target', value: target }],
      lines: ['QQ gave up reconnecting.', '→ Restart the gateway.'],
      code: evidence.length ? [evidence.join('\n')] : undefined,
      buttons: alertButtons('en', target, 'helps'),
    },
  };
}

describe('telegram channel: commands', () => {
  it('answers an operator /status in a private chat, as an HTML reply to the command, and audits it', async () => {
    const s = await setup();
    const { message_id } = s.fake.userMessage({ from: ALICE, chat: ALICE_DM, text: '/status' });
    await s.fake.waitFor(() => repliesTo(s.fake, message_id).length > 0, 15_000, 'the /status reply');
    const reply = repliesTo(s.fake, message_id)[0]!;
    expect(reply.chat_id).toBe(ALICE_DM.id);
    expect(reply.parse_mode).toBe('HTML');
    expect(reply.text).toContain('default');
    const audit = await s.h.auditRecords();
    expect(audit).toContainEqual(
      expect.objectContaining({
        type: 'command',
        actor: 'alice',
        detail: expect.objectContaining({ command: 'status', channel: 'telegram' }),
      }),
    );
    // Polling: a poll returned within its (compressed) timeout and margin. On a busy box the next one may be late by
    // more than that at any instant, so the state is waited for, not read once.
    await s.fake.waitFor(() => s.channel.health().ok, 15_000, 'the channel healthy');
    expect(s.channel.health().summary).toContain('@gatewatch_test_bot');
  });

  it('refuses a stranger and a viewer’s admin command, and audits both', async () => {
    const s = await setup();
    const a = s.fake.userMessage({
      from: STRANGER,
      chat: { id: STRANGER.id, type: 'private', first_name: 'M' },
      text: '/restart default confirm',
    });
    const b = s.fake.userMessage({ from: BOB_VIEWER, chat: OPS, text: '/mute 1h' });
    await s.fake.waitFor(
      () => repliesTo(s.fake, a.message_id).length > 0 && repliesTo(s.fake, b.message_id).length > 0,
      15_000,
      'the refusals',
    );
    expect(repliesTo(s.fake, a.message_id)[0]!.text).toContain('not allowed');
    expect(repliesTo(s.fake, b.message_id)[0]!.text).toContain('needs the admin role');
    const audit = await s.h.auditRecords();
    expect(audit).toContainEqual(expect.objectContaining({ type: 'command.denied', actor: `telegram:${STRANGER.id}` }));
    expect(audit).toContainEqual(expect.objectContaining({ type: 'command.denied', actor: 'bob' }));
    expect(s.h.app.core.muted()).toBe(false);
  });

  it('/uptime: a viewer gets the picture as a photo, the figures in its caption; a stranger is refused, no picture', async () => {
    const s = await setup();
    await s.h.app.core.evaluate('default');
    const bob = s.fake.userMessage({ from: BOB_VIEWER, chat: OPS, text: '/uptime' });
    const stranger = s.fake.userMessage({
      from: STRANGER,
      chat: { id: STRANGER.id, type: 'private', first_name: 'M' },
      text: '/uptime',
    });
    await s.fake.waitFor(
      () => repliesTo(s.fake, bob.message_id).length > 0 && repliesTo(s.fake, stranger.message_id).length > 0,
      15_000,
      'the /uptime replies',
    );
    const [photo, ...more] = repliesTo(s.fake, bob.message_id);
    expect(more).toEqual([]);
    const png = PNG.sync.read(photo!.photo!);
    expect(png.width).toBe(600 * CHART_ZOOM);
    expect(photo!.caption).toMatch(/^Uptime, last 24h\r?\ndefault: /);
    const refused = repliesTo(s.fake, stranger.message_id);
    expect(refused.map((m) => m.photo)).toEqual([undefined]);
    expect(refused[0]!.text).toContain('not allowed');
  });

  it('/uptime: a photo Telegram refuses leaves the answer in words, the text strip in place of the picture', async () => {
    const s = await setup();
    s.fake.faults.push({ method: 'sendPhoto', status: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    const { message_id } = s.fake.userMessage({ from: ALICE, chat: ALICE_DM, text: '/uptime' });
    await s.fake.waitFor(() => repliesTo(s.fake, message_id).length > 0, 15_000, 'the /uptime reply');
    const [reply] = repliesTo(s.fake, message_id);
    expect(reply!.photo).toBeUndefined();
    expect(reply!.text).toContain('Uptime, last 24h');
    expect(reply!.text).toContain('<pre>');
  });

  it('in a group takes /cmd, /cmd@ourbot and @ourbot cmd; ignores /cmd@otherbot and chatter', async () => {
    const s = await setup();
    const ours = s.fake.userMessage({ from: ALICE, chat: OPS, text: '/help@gatewatch_test_bot' });
    const plain = s.fake.userMessage({ from: ALICE, chat: OPS, text: '/status' });
    const mention = s.fake.userMessage({ from: ALICE, chat: OPS, text: '@gatewatch_test_bot history' });
    const other = s.fake.userMessage({ from: ALICE, chat: OPS, text: '/status@some_other_bot' });
    const chatter = s.fake.userMessage({ from: ALICE, chat: OPS, text: 'status please?' });
    await s.fake.waitFor(
      () => [ours, plain, mention].every((m) => repliesTo(s.fake, m.message_id).length > 0),
      15_000,
      'three replies',
    );
    expect(repliesTo(s.fake, ours.message_id)[0]!.text).toContain('/status');
    // The next poll confirms every update; give the ignored ones the same chance to (wrongly) produce a reply.
    await s.fake.waitFor(() => s.fake.state.updates.length === 0, 5_000, 'all updates confirmed');
    await new Promise((r) => setTimeout(r, 300));
    expect(repliesTo(s.fake, other.message_id)).toHaveLength(0);
    expect(repliesTo(s.fake, chatter.message_id)).toHaveLength(0);
    const cmds = (await s.h.auditRecords())
      .filter((r) => r.type === 'command')
      .map((r) => (r.detail as { command: string }).command);
    expect(cmds.sort()).toEqual(['help', 'history', 'status']);
  });
});

describe('telegram channel: alerts and buttons', () => {
  it('sends an alert with Restart / Logs / Ack / Mute 1h buttons; log text is escaped so Telegram accepts it', async () => {
    const s = await setup();
    await s.h.app.raise(incidentOpen('default', 'inc-1', 'QQ dead <b>', ['<at id=all> & friends', 'a < b > c']));
    await s.fake.waitFor(() => inChat(s.fake, OPS.id).length > 0, 10_000, 'the alert');
    const m = inChat(s.fake, OPS.id)[0]!;
    expect(m.text).toContain('QQ dead &lt;b&gt;');
    expect(m.text).toContain('<pre>&lt;at id=all&gt; &amp; friends');
    expect(buttonsOf(m).map((b) => [b.text, b.callback_data])).toEqual([
      ['Restart', '/restart default'],
      ['Logs', '/logs 50 default'],
      ['Ack', '/ack default'],
      ['Mute 1h', '/mute 1h'],
    ]);
    // Nothing was refused on the way (the fake rejects bad HTML and bad callback_data like Telegram).
    expect(s.logs.join('')).not.toContain('telegram alert delivery failed');
  });

  it('runs a button press through the core: the stranger gets a private pop-up refusal, the operator a reply', async () => {
    const s = await setup();
    await s.h.app.raise(incidentOpen('default', 'inc-2', 'Feishu slow'));
    await s.fake.waitFor(() => inChat(s.fake, OPS.id).length > 0, 10_000, 'the alert');
    const alert = inChat(s.fake, OPS.id)[0]!;

    const denied = s.fake.pressButton({ from: STRANGER, messageId: alert.message_id, data: '/mute 1h' });
    await s.fake.waitFor(
      () => s.fake.state.answers.some((a) => a.id === denied.query_id),
      10_000,
      'the answer to the stranger',
    );
    expect(s.fake.state.answers.find((a) => a.id === denied.query_id)).toMatchObject({
      show_alert: true,
      text: expect.stringContaining('not allowed'),
    });
    expect(s.h.app.core.muted()).toBe(false);

    const pressed = s.fake.pressButton({ from: ALICE, messageId: alert.message_id, data: '/mute 1h' });
    await s.fake.waitFor(
      () => s.fake.state.answers.some((a) => a.id === pressed.query_id),
      10_000,
      'the answer to alice',
    );
    await s.fake.waitFor(
      () => repliesTo(s.fake, alert.message_id).length > 0,
      10_000,
      'the result as a reply to the alert',
    );
    expect(s.h.app.core.muted()).toBe(true);
    // The stranger's refusal went to the pop-up only: the group saw one reply, alice's.
    expect(repliesTo(s.fake, alert.message_id)).toHaveLength(1);
    const audit = await s.h.auditRecords();
    expect(audit).toContainEqual(expect.objectContaining({ type: 'command.denied', actor: `telegram:${STRANGER.id}` }));
    expect(audit).toContainEqual(
      expect.objectContaining({
        type: 'command',
        actor: 'alice',
        detail: expect.objectContaining({ command: 'mute' }),
      }),
    );
  });

  it('carries the first remedy as a button; a viewer’s press runs nothing, a press after the process is gone says so with the list', async () => {
    const s = await setup();
    await s.h.app.raise(strayPollerAlert('default', 4242));
    await s.fake.waitFor(() => inChat(s.fake, OPS.id).length > 0, 10_000, 'the alert');
    const alert = inChat(s.fake, OPS.id)[0]!;
    const fix = buttonsOf(alert)[0]!;
    expect(fix.text).toBe('Stop pid 4242 + restart');
    expect(fix.callback_data).toMatch(/^\/fix default #[0-9a-f]{8}$/);

    s.fake.pressButton({ from: BOB_VIEWER, messageId: alert.message_id, data: fix.callback_data! });
    await s.fake.waitFor(() => repliesTo(s.fake, alert.message_id).length > 0, 10_000, 'the refusal');
    expect(repliesTo(s.fake, alert.message_id)[0]!.text).toContain('needs the admin role');
    s.fake.pressButton({ from: ALICE, messageId: alert.message_id, data: fix.callback_data! });
    await s.fake.waitFor(() => repliesTo(s.fake, alert.message_id).length > 1, 10_000, 'the reply');
    expect(repliesTo(s.fake, alert.message_id)[1]!.text).toContain('That fix no longer applies to default');
    expect((await s.h.auditRecords()).filter((r) => r.type.startsWith('fix.'))).toEqual([]);
  });

  it('keeps a long button command behind a short callback key, across a restart of the channel', async () => {
    const s = await setup();
    const target = 'a-very-long-target-name-for-the-production-gateway-in-region-eu1';
    await s.h.app.raise(incidentOpen(target, 'inc-long', 'Long target'));
    await s.fake.waitFor(() => inChat(s.fake, OPS.id).length > 0, 10_000, 'the alert');
    const alert = inChat(s.fake, OPS.id)[0]!;
    const restart = buttonsOf(alert).find((b) => b.text === 'Restart')!;
    expect(restart.callback_data).toMatch(/^k:[0-9a-f]{20}$/);
    await restartChannel(s);
    s.fake.pressButton({ from: ALICE, messageId: alert.message_id, data: restart.callback_data! });
    await s.fake.waitFor(() => repliesTo(s.fake, alert.message_id).length > 0, 10_000, 'the reply');
    // The command ran with the long target name (unknown here, so the core lists the targets).
    expect(repliesTo(s.fake, alert.message_id)[0]!.text).toContain(`Unknown target "${target}"`);
  });

  it('edits the alert in place on recovery (buttons removed), also after gatewatch restarted in between', async () => {
    const s = await setup();
    const open = incidentOpen('default', 'inc-qq', 'QQ dead');
    await s.h.app.raise(open);
    await s.fake.waitFor(() => inChat(s.fake, OPS.id).length > 0, 10_000, 'the alert');
    const msg = inChat(s.fake, OPS.id)[0]!;
    // Restarted once the alert is delivered, as the outbox counts it: the fake holds the message a moment before the
    // channel has its answer and notes the message id (on a busy box the restart came in between, and the recovery
    // found no message to edit).
    await s.fake.waitFor(() => s.h.app.outbox.pendingFor('telegram').length === 0, 10_000, 'the delivery confirmed');

    await restartChannel(s);
    const resolve: Alert = {
      ...open,
      id: 'resolve-1',
      kind: 'resolve',
      severity: 'ok',
      reply: { title: 'Recovered — default: QQ dead', tone: 'ok', fields: [{ label: 'downtime', value: '3m' }] },
    };
    await s.h.app.raise(resolve);
    await s.fake.waitFor(() => msg.edits > 0, 10_000, 'the edit');
    expect(msg.text).toContain('Recovered');
    expect(msg.text).toContain('✅');
    expect(msg.reply_markup).toBeUndefined();
    expect(inChat(s.fake, OPS.id)).toHaveLength(1);
    const saved = JSON.parse(await readFile(path.join(s.h.config.state_dir, 'telegram.json'), 'utf8'));
    expect(saved.messages).toContainEqual(
      expect.objectContaining({ incidentId: 'inc-qq', messageId: msg.message_id, chatId: String(OPS.id) }),
    );
    // A reminder, then recovery again: both messages of the incident show the recovery.
    const remind: Alert = { ...open, id: 'remind-1', kind: 'remind', incidentId: 'inc-qq2' };
    await s.h.app.raise({ ...open, id: 'open-2', incidentId: 'inc-qq2' });
    await s.h.app.raise(remind);
    await s.fake.waitFor(() => inChat(s.fake, OPS.id).length === 3, 10_000, 'open + reminder');
    await s.h.app.raise({ ...resolve, id: 'resolve-2', incidentId: 'inc-qq2' });
    await s.fake.waitFor(
      () =>
        inChat(s.fake, OPS.id)
          .slice(1)
          .every((m) => m.edits === 1),
      10_000,
      'both edited',
    );
  });

  it('sends a new message for a recovery whose alert message is gone', async () => {
    const s = await setup();
    const open = incidentOpen('default', 'inc-gone', 'Gone');
    await s.h.app.raise(open);
    await s.fake.waitFor(() => inChat(s.fake, OPS.id).length > 0, 10_000, 'the alert');
    s.fake.state.messages.splice(0); // deleted in the chat
    await s.h.app.raise({
      ...open,
      id: 'resolve-gone',
      kind: 'resolve',
      severity: 'ok',
      reply: { title: 'Recovered — Gone', tone: 'ok' },
    });
    await s.fake.waitFor(
      () => inChat(s.fake, OPS.id).some((m) => m.text.includes('Recovered')),
      10_000,
      'a new recovery message',
    );
  });

  it('honours 429 retry_after through the outbox and sends the alert exactly once', async () => {
    const s = await setup();
    // 4 s: longer than the outbox's own first backoff (2 s + jitter), so only retry_after explains the wait.
    s.fake.faults.push({
      method: 'sendMessage',
      status: 429,
      description: 'Too Many Requests: retry after 4',
      parameters: { retry_after: 4 },
    });
    await s.h.app.raise(incidentOpen('default', 'inc-rl', 'Limited'));
    await s.fake.waitFor(() => inChat(s.fake, OPS.id).length > 0, 20_000, 'the alert after the rate limit');
    const sends = s.fake.calls('sendMessage');
    expect(sends).toHaveLength(2);
    const [first, second] = s.fake.state.calls.filter((c) => c.method === 'sendMessage') as { at: number }[];
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(4_000);
    expect(inChat(s.fake, OPS.id)).toHaveLength(1);
    expect(s.logs.join('')).toContain('429 Too Many Requests: retry after 4');
  });

  it('a command reply waits out one 429 itself (it has no outbox)', async () => {
    const s = await setup();
    s.fake.faults.push({
      method: 'sendMessage',
      status: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const { message_id } = s.fake.userMessage({ from: ALICE, chat: ALICE_DM, text: '/help' });
    await s.fake.waitFor(() => repliesTo(s.fake, message_id).length > 0, 10_000, 'the reply');
    expect(s.fake.calls('sendMessage')).toHaveLength(2);
  });
});

describe('telegram channel: polling', () => {
  it('does not run a command twice when gatewatch restarts before Telegram confirmed the update', async () => {
    const s = await setup();
    const { update_id, message_id } = s.fake.userMessage({ from: ALICE, chat: ALICE_DM, text: '/mute 1h' });
    await s.fake.waitFor(() => repliesTo(s.fake, message_id).length > 0, 10_000, 'the reply');
    await s.channel.stop();
    s.h.app.channels.splice(s.h.app.channels.indexOf(s.channel), 1);
    await s.h.app.core.unmute('test');
    // The process died before its next getUpdates: Telegram still holds the update and would hand it out again.
    s.fake.requeue(update_id);
    const again = s.make();
    await s.h.app.addChannel(again);
    cleanups.push(() => again.stop());
    await s.fake.waitFor(
      () => s.fake.calls('getUpdates').length >= 3 && s.fake.state.updates.length === 0,
      10_000,
      'the update confirmed by the new poller',
    );
    await new Promise((r) => setTimeout(r, 300)); // a window for a second reply that must not come
    expect(repliesTo(s.fake, message_id)).toHaveLength(1);
    expect(s.h.app.core.muted()).toBe(false);
    expect((await s.h.auditRecords()).filter((r) => r.type === 'command')).toHaveLength(1);
  });

  it('on 409 from a second poller tells the operators once, retries slowly, and recovers when it goes away', async () => {
    const s = await setup();
    let stop = false;
    // Another process on the same token: a plain long-poll loop.
    const rival = (async () => {
      while (!stop)
        await fetch(`${s.fake.base}/bot${TOKEN}/getUpdates?timeout=1`)
          .then((r) => r.text())
          .catch(() => undefined);
    })();
    await s.fake.waitFor(
      () => s.channel.health().fields!.some((f) => f.label === 'conflicts' && Number(f.value) >= 3),
      15_000,
      'several conflicts',
    );
    await s.fake.waitFor(
      () => inChat(s.fake, OPS.id).some((m) => m.text.includes('Another process is polling')),
      10_000,
      'the notice',
    );
    expect(inChat(s.fake, OPS.id).filter((m) => m.text.includes('Another process is polling'))).toHaveLength(1);
    const audit = await s.h.auditRecords();
    expect(audit).toContainEqual(expect.objectContaining({ type: 'alert.open', check: 'channel.telegram' }));
    // Slowly: after each 409 we wait conflictRetryMs (300 ms here) before the next poll.
    const ours = s.fake.state.calls.filter((c) => c.method === 'getUpdates' && c.body.allowed_updates !== undefined);
    const firstConflict = ours.findIndex((c, i) => i > 0 && c.at - ours[i - 1]!.at >= 290);
    expect(firstConflict).toBeGreaterThan(0);
    const after = ours.slice(firstConflict);
    const span = after.at(-1)!.at - after[0]!.at;
    expect(after.length - 1).toBeLessThanOrEqual(Math.floor(span / 290) + 1);
    stop = true;
    await rival;
    const { message_id } = s.fake.userMessage({ from: ALICE, chat: ALICE_DM, text: '/help' });
    await s.fake.waitFor(() => repliesTo(s.fake, message_id).length > 0, 10_000, 'a reply after the rival left');
    expect(s.fatal).toEqual([]);
    await s.fake.waitFor(() => s.channel.health().ok, 15_000, 'healthy again');
    // The rival comes back for a moment: a new conflict, but no second notice within the hour.
    const conflicts = Number(s.channel.health().fields!.find((f) => f.label === 'conflicts')!.value);
    await fetch(`${s.fake.base}/bot${TOKEN}/getUpdates?timeout=0`).then((r) => r.text());
    await s.fake.waitFor(
      () => Number(s.channel.health().fields!.find((f) => f.label === 'conflicts')!.value) > conflicts,
      5_000,
      'the second conflict',
    );
    await new Promise((r) => setTimeout(r, 500)); // a window for a second notice that must not come
    expect(inChat(s.fake, OPS.id).filter((m) => m.text.includes('Another process is polling'))).toHaveLength(1);
  });

  it('deletes a webhook that blocks getUpdates (409) and polls', async () => {
    const s = await setup({ beforeStart: ({ fake }) => void (fake.state.webhookUrl = 'https://example.invalid/hook') });
    const { message_id } = s.fake.userMessage({ from: ALICE, chat: ALICE_DM, text: '/help' });
    await s.fake.waitFor(() => repliesTo(s.fake, message_id).length > 0, 10_000, 'the reply');
    expect(s.fake.state.deleteWebhookCalls).toBe(1);
  });

  it('aborts a long poll that never returns (silent socket), polls again, and loses no command', async () => {
    const s = await setup();
    s.fake.silent = true;
    await s.fake.waitFor(
      () => s.channel.health().fields!.some((f) => f.label === 'silent polls restarted' && Number(f.value) >= 2),
      15_000,
      'two silent polls aborted',
    );
    // Each dead request was closed by us, not left to pile up.
    await s.fake.waitFor(() => s.fake.openPolls() <= 1, 2_000, 'aborted requests closed');
    expect(s.channel.health().ok).toBe(false);
    const { message_id } = s.fake.userMessage({ from: ALICE, chat: ALICE_DM, text: '/help' });
    s.fake.silent = false;
    await s.fake.waitFor(() => repliesTo(s.fake, message_id).length > 0, 10_000, 'the reply once the network is back');
    await s.fake.waitFor(() => s.channel.health().ok, 15_000, 'healthy again');
    expect(s.logs.join('')).toContain('silent socket');
    expect(s.fatal).toEqual([]);
  });

  it('reports a long outage as fatal (give_up_after), a silent socket then 5xx alike', async () => {
    const s = await setup({ telegram: { give_up_after: '2s' } });
    s.fake.silent = true;
    await s.fake.waitFor(
      () => s.channel.health().fields!.some((f) => f.label === 'silent polls restarted' && f.value === '1'),
      10_000,
      'a silent poll',
    );
    s.fake.silent = false;
    for (let i = 0; i < 200; i++) s.fake.faults.push({ method: 'getUpdates', status: 502, description: 'Bad Gateway' });
    await s.fake.waitFor(() => s.fatal.length > 0, 15_000, 'ctx.fatal');
    expect(s.fatal[0]).toMatch(/^telegram: telegram polling failing for \d+s \(502 Bad Gateway\)$/);
    expect(s.fatal).toHaveLength(1);
  });

  it('never logs the bot token, even when requests fail at the socket', async () => {
    const s = await setup();
    await s.fake.close(); // connection refused from now on
    await s.h.app.raise(incidentOpen('default', 'inc-down', 'While Telegram is unreachable'));
    // Both kinds of failure logged, and the failed delivery's error kept in the outbox: then look for the token.
    await until('a failed poll and a failed delivery', () => {
      const logged = s.logs.join('');
      return (
        logged.includes('telegram polling failed') &&
        logged.includes('telegram alert delivery failed') &&
        s.h.app.outbox.entries().some((e) => Object.keys(e.lastError).length > 0)
      );
    });
    const all = s.logs.join('');
    expect(all).toContain('telegram polling failed');
    expect(all).toContain('telegram alert delivery failed');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.split(':')[1]);
    const outbox = JSON.stringify(s.h.app.outbox.entries());
    expect(outbox).not.toContain(TOKEN.split(':')[1]);
  });
});

describe('telegram channel: start', () => {
  it('refuses (config error) the token of a watched Hermes home, from its .env or a served profile’s', async () => {
    for (const where of ['.env', 'profiles/coder/.env']) {
      const fake = await startFakeTelegram({ token: TOKEN });
      cleanups.push(() => fake.close());
      const h = await startHarness({ start: false });
      cleanups.push(() => h.close());
      mkdirSync(path.dirname(path.join(h.hermesHome, where)), { recursive: true });
      writeFileSync(
        path.join(h.hermesHome, where),
        `# Hermes\nexport TELEGRAM_BOT_TOKEN="${TOKEN}"  # the gateway's bot\n`,
      );
      const ch = createChannel(
        { ...telegramSchema().parse({ bot_token: TOKEN, api_base: fake.base }), name: 'telegram' },
        pluginHost(h.config),
        FAST,
      );
      const err = await h.app.addChannel(ch).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(ConfigError);
      expect(err!.message).toContain('channels.telegram.bot_token');
      expect(err!.message).toContain(path.join(h.hermesHome, where));
      expect(err!.message).not.toContain(TOKEN);
      // Said to a Chinese reader in Chinese (issue 20 item 5), still naming the home and the key.
      const zh = configErrorText(err as ConfigError, 'zh-CN');
      expect(zh).toContain(
        `键“channels.telegram.bot_token”：是 Hermes 网关正在使用的 Telegram 机器人令牌（${path.join(h.hermesHome, where)}`,
      );
      expect(englishProse(zh)).toEqual([]);
      // It refused before talking to Telegram: no getMe, no getUpdates that would knock the gateway out.
      expect(fake.state.calls).toHaveLength(0);
    }
  });

  it('starts beside a Hermes home with another token, and refuses a token Telegram rejects', async () => {
    const ok = await setup({
      beforeStart: ({ h }) =>
        writeFileSync(path.join(h.hermesHome, '.env'), 'TELEGRAM_BOT_TOKEN=123:other-token-of-the-gateway-xxxxxxxx\n'),
    });
    await ok.fake.waitFor(() => ok.channel.health().ok, 5_000, 'polling');

    const fake = await startFakeTelegram({ token: TOKEN });
    cleanups.push(() => fake.close());
    const h = await startHarness({ start: false });
    cleanups.push(() => h.close());
    const ch = createChannel(
      {
        ...telegramSchema().parse({ bot_token: '7012345678:AAHwrong-token-0000000000000000', api_base: fake.base }),
        name: 'telegram',
      },
      pluginHost(h.config),
      FAST,
    );
    const err = await h.app.addChannel(ch).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toMatch(/refused by Telegram \(401 Unauthorized\)/);
  });

  it('refuses to start with nobody to alert (no alert_to, no operator with a telegram_id)', async () => {
    const fake = await startFakeTelegram({ token: TOKEN });
    cleanups.push(() => fake.close());
    const h = await startHarness({ start: false });
    cleanups.push(() => h.close());
    const ch = createChannel(
      { ...telegramSchema().parse({ bot_token: TOKEN, api_base: fake.base }), name: 'telegram' },
      pluginHost(h.config),
      FAST,
    );
    const err = await h.app.addChannel(ch).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('channels.telegram.alert_to');
    expect(fake.calls('getUpdates')).toHaveLength(0);
  });
});

describe('telegram channel: a token revoked while running (issue 20 item 3)', () => {
  it('is said once on the channels that work, with the fix, is never fatal, and is said back once the token works and it delivers', async () => {
    const fake = await startFakeTelegram({ token: TOKEN, bot: { id: 7012345678, username: 'gatewatch_test_bot' } });
    cleanups.push(() => fake.close());
    fake.addChat(OPS);
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += String(d)));
    const fatal: string[] = [];
    const h = await startHarness({
      config: { liveness_interval: '1h', schedule: '0 0 1 1 *' },
      onFatal: (r) => fatal.push(r),
      channels: [createConsoleChannel({ input: new PassThrough(), output })],
      start: false,
    });
    cleanups.push(() => h.close());
    const ch = createChannel(
      {
        ...telegramSchema().parse({
          bot_token: TOKEN,
          api_base: fake.base,
          alert_to: [{ chat_id: OPS.id }],
          give_up_after: '1s',
        }),
        name: 'telegram',
      },
      pluginHost(h.config),
      FAST,
    );
    await h.app.addChannel(ch);
    cleanups.push(() => ch.stop());
    await h.app.start();
    await fake.waitFor(() => ch.health().ok, 5_000, 'polling');
    // The start's own alert (the harness target has no gateway: its first look raises one) delivered first: on a busy
    // box it may not even be raised yet, and refused, it is a send's 401 that says the token went, in a send's words,
    // not the poll's.
    await until(
      'the start alert delivered',
      () =>
        inChat(fake, OPS.id).some((m) => m.text.includes('Hermes gateway is not running')) &&
        h.app.outbox.entries().length === 0,
      { timeoutMs: 10_000 },
    );

    fake.token = '7012345678:AAHsomebody-else-0000000000000000';
    await until('the notice on the console', () => /Channel telegram cannot deliver alerts/.test(printed), {
      timeoutMs: 10_000,
    });
    expect(printed).toMatch(/Telegram refused the bot token \(401 Unauthorized\)/);
    expect(printed).toMatch(/Fix: Telegram refuses the bot token/);
    expect(printed).not.toContain(TOKEN.split(':')[1]);
    // Refused for longer than give_up_after (1 s, polls every 200 ms): not fatal, not said again.
    const from = fake.state.refused;
    await until('more refused polls', () => fake.state.refused >= from + 8, { timeoutMs: 10_000 });
    expect(fatal).toEqual([]);
    expect(printed.match(/Channel telegram cannot deliver alerts/g)).toHaveLength(1);
    expect(h.app.channelTrouble.list()).toEqual([
      {
        channel: 'telegram',
        reason: 'Telegram refused the bot token (401 Unauthorized)',
        when: 'send',
        own: { en: expect.stringMatching(/@BotFather/), 'zh-CN': expect.stringMatching(/@BotFather/) },
        credentials: true,
      },
    ]);
    // The hourly credential check says the same thing in its own terms (issue 35), and adds no second notice.
    expect(await ch.checkCredentials!(AbortSignal.timeout(5_000))).toMatchObject({
      state: 'rejected',
      service: 'Telegram',
      answer: '401 Unauthorized',
      fix: expect.stringMatching(/@BotFather/),
    });
    await h.app.credentials.round();
    expect(printed.match(/Channel telegram cannot deliver alerts/g)).toHaveLength(1);

    // The token works again: the next alert goes out on Telegram, and the console hears the channel is back.
    fake.token = TOKEN;
    await fake.waitFor(() => ch.health().ok, 5_000, 'polling again');
    await h.raiseAlert({ title: 'after the fix' });
    await until('the back notice', () => /Channel telegram delivers again/.test(printed), { timeoutMs: 10_000 });
    // The start alert went out before the token was refused (above), so the delivery that says the channel is back is
    // this alert's: in the chat by the time it is said.
    await until('the new alert in the chat', () => inChat(fake, OPS.id).some((m) => m.text.includes('after the fix')), {
      timeoutMs: 10_000,
    });
    expect(h.app.channelTrouble.list()).toEqual([]);
  });
});
