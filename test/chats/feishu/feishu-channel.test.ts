// The Feishu app-bot channel end to end: the real SDK against a fake Feishu open platform on loopback, plugged into
// the real gatewatch core (harness): commands, auth + audit, alert cards, buttons, reconnects, de-duplication.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel, type FeishuChannelOptions } from '../../../src/chats/feishu/index.js';
import type { Alert, Channel } from '../../../src/types.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import {
  cardActionEvent,
  messageEvent,
  startFakeFeishu,
  type FakeFeishu,
  type FakeFeishuOptions,
  type StoredMessage,
} from '../../fakes/feishu-server.js';
import { feishuArgs } from '../../helpers/channels.js';
import { strayPollerAlert } from '../../helpers/fix-scenes.js';
import { PNG } from 'pngjs';
import { CHART_ZOOM } from '../../../src/delivery/chart-png.js';
import { reportAlert, weeklyDigest } from '../../../src/core/report.js';
import { emptyHistory, type TargetHistory } from '../../../src/history/model.js';
import { draw, expectColumns, GREEN, RED } from '../../helpers/chart-pixels.js';

const APP = 'cli_0123456789abcdef';
const SECRET = 'app-secret-NEVER-LOGGED-42';
const ALICE = 'ou_alice';
const STRANGER = 'ou_stranger';

interface Setup {
  fake: FakeFeishu;
  h: Harness;
  channel: Channel;
  fatal: string[];
  logs: string[];
  make: () => Channel;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(
  o: {
    fake?: Partial<FakeFeishuOptions>;
    feishu?: Record<string, unknown>;
    opts?: FeishuChannelOptions;
    notifiers?: unknown[];
    targets?: object[];
  } = {},
): Promise<Setup> {
  const fake = await startFakeFeishu({
    appId: APP,
    appSecret: SECRET,
    clientConfig: { PingInterval: 1, ReconnectInterval: 0.2, ReconnectNonce: 0 },
    redeliverAfterMs: 1_500,
    ...o.fake,
  });
  cleanups.push(() => fake.close());
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-feishu-home-'));
  const config = resolveConfig(
    configSchema.parse({
      targets: [{ name: 'default', hermes_home: home }],
      channels: {
        feishu: {
          app_id: APP,
          app_secret: SECRET,
          domain: fake.base,
          alert_to: [{ chat_id: 'oc_alerts' }],
          give_up_after: '1h',
          ...o.feishu,
        },
        notifiers: o.notifiers ?? [],
      },
    }),
    undefined,
  );
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const log = pino({ level: 'trace' }, sink);
  const make = (): Channel => {
    const real = createChannel(...feishuArgs(config), {
      timings: {
        pingTimeoutSec: 0.4,
        pollMs: 50,
        restartBackoffBaseMs: 100,
        restartBackoffMaxMs: 200,
        readyTimeoutMs: 10_000,
        handshakeTimeoutMs: 5_000,
      },
      ...o.opts,
    });
    // Same channel; only its log goes somewhere the test can read.
    return { ...real, name: real.name, interactive: real.interactive, start: (ctx) => real.start({ ...ctx, log }) };
  };
  const channel = make();
  const fatal: string[] = [];
  const h = await startHarness({
    config: {
      operators: [{ name: 'alice', role: 'admin', feishu_open_id: ALICE }],
      liveness_interval: '1h',
      schedule: '0 0 1 1 *',
      ...(o.targets ? { targets: o.targets } : {}),
    },
    channels: [channel],
    onFatal: (r) => fatal.push(r),
    // No watch loop: nothing but the test raises alerts, so injected faults hit the alert under test.
    start: false,
  });
  cleanups.push(() => h.close());
  // The outbox's retry tick (what app.start() would run).
  const tick = setInterval(() => void h.app.outbox.flush(), 100);
  cleanups.push(async () => clearInterval(tick));
  return { fake, h, channel, fatal, logs, make };
}

const cardText = (m: StoredMessage | undefined) => JSON.stringify(m?.card ?? {});
const repliesTo = (fake: FakeFeishu, id: string) => fake.state.messages.filter((m) => m.reply_to === id);

async function say(s: Setup, text: string, extra: Partial<Parameters<typeof messageEvent>[0]> = {}) {
  const ev = messageEvent({ appId: APP, text, openId: ALICE, ...extra });
  const { ack } = s.fake.pushEvent(ev);
  return { ev, ack, id: ev.event.message.message_id };
}

describe('feishu channel: commands', () => {
  it('answers an operator /status with a reply card, ACKing before the command finishes', async () => {
    const s = await setup();
    const release = s.fake.holdApi();
    const { ack, id } = await say(s, '/status');
    // The ACK is back while every API call (and so the reply) is still held: handlers do not wait for commands.
    expect(await ack).toEqual({ code: 200 });
    expect(repliesTo(s.fake, id)).toHaveLength(0);
    release();
    await s.fake.waitFor(() => repliesTo(s.fake, id).length > 0, 15_000, 'the /status reply');
    const reply = repliesTo(s.fake, id)[0]!;
    expect(reply.msg_type).toBe('interactive');
    expect(reply.card.schema).toBe('2.0');
    expect(cardText(reply)).toContain('default');
    expect(cardText(reply)).toMatch(/process/);
    const audit = await s.h.auditRecords();
    expect(audit).toContainEqual(
      expect.objectContaining({
        type: 'command',
        actor: 'alice',
        detail: expect.objectContaining({ command: 'status', channel: 'feishu' }),
      }),
    );
  });

  it('refuses a stranger and audits it', async () => {
    const s = await setup();
    const { id } = await say(s, '/restart default confirm', { openId: STRANGER });
    await s.fake.waitFor(() => repliesTo(s.fake, id).length > 0, 10_000, 'the refusal');
    expect(cardText(repliesTo(s.fake, id)[0])).toContain('not allowed');
    const audit = await s.h.auditRecords();
    expect(audit).toContainEqual(expect.objectContaining({ type: 'command.denied', actor: `feishu:${STRANGER}` }));
  });

  it('/uptime: the picture uploaded as an image and shown in the reply card, the figures under it; a stranger is refused', async () => {
    const s = await setup();
    await s.h.app.core.evaluate('default');
    const { id } = await say(s, '/uptime');
    const refused = await say(s, '/uptime', { openId: STRANGER });
    await s.fake.waitFor(
      () => repliesTo(s.fake, id).length > 0 && repliesTo(s.fake, refused.id).length > 0,
      15_000,
      'the /uptime replies',
    );
    expect(s.fake.state.images).toHaveLength(1);
    const [upload] = s.fake.state.images;
    expect(upload!.type).toBe('message');
    expect(PNG.sync.read(upload!.bytes).width).toBe(600 * CHART_ZOOM);
    const card = repliesTo(s.fake, id)[0]!.card;
    expect(card.body.elements[0]).toMatchObject({ tag: 'img', img_key: upload!.key });
    expect(cardText(repliesTo(s.fake, id)[0])).toMatch(/default: [\d.]+% up, downtime/);
    // The picture replaces the text strip.
    expect(cardText(repliesTo(s.fake, id)[0])).not.toContain('█');
    expect(cardText(repliesTo(s.fake, refused.id)[0])).toContain('not allowed');
  });

  it('/uptime: an upload Feishu refuses leaves the text form (figures and strip) in the card', async () => {
    const s = await setup();
    s.fake.faults.api.push({ route: 'image', status: 400, code: 234011, msg: "Can't recognize image format." });
    const { id } = await say(s, '/uptime');
    await s.fake.waitFor(() => repliesTo(s.fake, id).length > 0, 15_000, 'the /uptime reply');
    const card = repliesTo(s.fake, id)[0]!.card;
    expect(JSON.stringify(card)).not.toContain('"img"');
    expect(JSON.stringify(card)).toContain('Uptime, last 24h');
    expect(JSON.stringify(card)).toContain('```');
  });

  it('takes a group command that @mentions the bot and ignores group chatter', async () => {
    const s = await setup();
    const other = await say(s, '@_user_1 /status', {
      chatType: 'group',
      chatId: 'oc_group',
      mentions: [{ key: '@_user_1', openId: 'ou_bob', type: 'user' }],
    });
    const cmd = await say(s, '@_user_1  /help', {
      chatType: 'group',
      chatId: 'oc_group',
      mentions: [{ key: '@_user_1', openId: 'ou_bot', type: 'bot' }],
    });
    await s.fake.waitFor(() => repliesTo(s.fake, cmd.id).length > 0, 10_000, 'the group reply');
    expect(cardText(repliesTo(s.fake, cmd.id)[0])).toContain('/status');
    await other.ack;
    expect(repliesTo(s.fake, other.id)).toHaveLength(0);
    const audit = await s.h.auditRecords();
    const cmds = audit.filter((r) => r.type === 'command');
    expect(cmds).toEqual([
      expect.objectContaining({ actor: 'alice', detail: expect.objectContaining({ command: 'help' }) }),
    ]);
  });

  it('keeps a reply card only when it has buttons, redacted, and a click on it lands on that card', async () => {
    // Every inbound event rewrites feishu.json: a kept card that no click can ever reach only made each message slower.
    const homes = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'gw-feishu-home-')));
    const s = await setup({
      targets: homes.map((h, i) => ({ name: `gw${i}`, hermes_home: h, service: { manager: 'none' } })),
    });
    for (const text of ['/help', '/help']) {
      const { id } = await say(s, text);
      await s.fake.waitFor(() => repliesTo(s.fake, id).length > 0, 10_000, `the ${text} reply`);
    }
    const which = await say(s, '/restart');
    await s.fake.waitFor(() => repliesTo(s.fake, which.id).length > 0, 10_000, 'the which-gateway reply');
    const card = repliesTo(s.fake, which.id)[0]!;
    expect(cardText(card)).toContain('"cmd":"/restart gw1"');
    const file = path.join(s.h.config.state_dir, 'feishu.json');
    await vi.waitFor(async () => expect(JSON.parse(await readFile(file, 'utf8')).cards).toHaveLength(1), {
      timeout: 10_000,
    });
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.cards[0]).toMatchObject({ messageId: card.message_id, reply: { buttons: expect.any(Array) } });
    // Every event id handled so far is there, so that a re-push after a restart is not run again.
    expect(saved.seen.map(([id]: [string]) => id)).toContain(which.ev.header.event_id);
    expect(await readFile(file, 'utf8')).not.toContain(SECRET);

    const click = s.fake.pushEvent(
      cardActionEvent({ appId: APP, openId: ALICE, value: { cmd: '/restart gw1' }, messageId: card.message_id }),
    );
    await click.ack;
    await s.fake.waitFor(
      () => s.fake.state.patches.some((p) => p.message_id === card.message_id),
      10_000,
      'the outcome on the card',
    );
  });

  it('runs a re-sent event once', async () => {
    const s = await setup();
    const ev = messageEvent({ appId: APP, text: '/help', openId: ALICE });
    await s.fake.pushEvent(ev).ack;
    await s.fake.pushEvent(ev).ack; // Feishu re-push: same event_id, same message_id
    await s.fake.pushEvent({ ...ev, header: { ...ev.header, event_id: 'other-event-id' } }).ack; // same message, new event id
    await s.fake.waitFor(() => repliesTo(s.fake, ev.event.message.message_id).length > 0, 10_000, 'the reply');
    await new Promise((r) => setTimeout(r, 500)); // a window for a second reply that must not come
    expect(repliesTo(s.fake, ev.event.message.message_id)).toHaveLength(1);
    expect((await s.h.auditRecords()).filter((r) => r.type === 'command')).toHaveLength(1);
  });
});

describe('feishu channel: alerts and buttons', () => {
  it('a weekly report: its picture uploaded once and shown in the card, the figures under it, no text strip', async () => {
    const s = await setup();
    const to = Date.now();
    const h: TargetHistory = {
      ...emptyHistory('default', to - 8 * 86_400_000),
      platforms: {
        qqbot: [
          [to - 8 * 86_400_000, 'up'],
          [to - 86_400_000, 'down'],
          [to - 86_400_000 + 3_600_000, 'up'],
        ],
      },
    };
    const reply = weeklyDigest([h], to, { locale: 'en', gatewatch: '0.1.0' });
    await s.h.app.raise(reportAlert(reply, to));
    await s.fake.waitFor(
      () => s.fake.state.messages.some((m) => cardText(m).includes('Weekly report')),
      10_000,
      'the report card',
    );
    expect(s.fake.state.images).toHaveLength(1);
    const { at, L } = await draw(reply.chart!, s.fake.state.images[0]!.bytes);
    expectColumns(at, L, reply.chart!, 1, [to - 86_400_000, to - 86_400_000 + 3_600_000], RED, GREEN);
    const card = s.fake.state.messages.find((m) => cardText(m).includes('Weekly report'))!;
    expect(card.card.body.elements[0]).toMatchObject({ tag: 'img', img_key: s.fake.state.images[0]!.key });
    expect(cardText(card)).toMatch(/default: [\d.]+% up, downtime 1h/);
    expect(cardText(card)).not.toContain('```');
  });

  it('posts an alert card and updates it in place when the incident resolves, also after a restart of the channel', async () => {
    const s = await setup();
    const open = await s.h.raiseAlert({ severity: 'critical', title: 'QQ dead', incidentId: 'inc-qq' });
    await s.fake.waitFor(
      () => s.fake.state.messages.some((m) => cardText(m).includes('QQ dead')),
      10_000,
      'the alert card',
    );
    const card = s.fake.state.messages.find((m) => cardText(m).includes('QQ dead'))!;
    expect(card.receive_id_type).toBe('chat_id');
    expect(card.receive_id).toBe('oc_alerts');
    expect(card.card.header.template).toBe('red');
    expect(card.card.config.update_multi).toBe(true);
    expect(cardText(card)).toContain('"cmd":"/ack"');

    // gatewatch restarts between the alert and the recovery: the card map is on disk.
    await s.channel.stop();
    const again = s.make();
    await s.h.app.addChannel(again);
    const resolve: Alert = {
      ...open,
      id: 'resolve-1',
      kind: 'resolve',
      severity: 'ok',
      reply: { title: 'Recovered — QQ dead', tone: 'ok', fields: [{ label: 'downtime', value: '3m' }] },
    };
    await s.h.app.raise(resolve);
    await s.fake.waitFor(
      () => s.fake.state.patches.some((p) => p.message_id === card.message_id),
      10_000,
      'the card update',
    );
    const updated = s.fake.state.messages.find((m) => m.message_id === card.message_id)!;
    expect(updated.card.header.template).toBe('green');
    expect(JSON.stringify(updated.card)).toContain('Recovered');
    expect(s.fake.state.messages.filter((m) => cardText(m).includes('Recovered'))).toHaveLength(1);
    const saved = JSON.parse(await readFile(path.join(s.h.config.state_dir, 'feishu.json'), 'utf8'));
    expect(saved.cards.find((c: { messageId: string }) => c.messageId === card.message_id).incidentId).toBe('inc-qq');
  });

  it('runs a button through the core with the clicker as sender: operator result on the card, stranger refused', async () => {
    const s = await setup();
    await s.h.raiseAlert({ severity: 'warning', title: 'Feishu slow', incidentId: 'inc-f' });
    await s.fake.waitFor(
      () => s.fake.state.messages.some((m) => cardText(m).includes('Feishu slow')),
      10_000,
      'the alert card',
    );
    const card = s.fake.state.messages.find((m) => cardText(m).includes('Feishu slow'))!;
    expect(card.card.header.template).toBe('orange');

    const click = s.fake.pushEvent(
      cardActionEvent({
        appId: APP,
        openId: ALICE,
        value: { cmd: '/ack' },
        messageId: card.message_id,
        chatId: 'oc_alerts',
      }),
    );
    expect((await click.ack).data).toMatchObject({ toast: { type: 'info' } });
    await s.fake.waitFor(
      () => s.fake.state.patches.some((p) => p.message_id === card.message_id),
      10_000,
      'the card update',
    );
    const updated = s.fake.state.messages.find((m) => m.message_id === card.message_id)!;
    expect(JSON.stringify(updated.card)).toContain('alice');
    expect(JSON.stringify(updated.card)).toContain('Feishu slow'); // the alert is still there, the result under it

    const denied = s.fake.pushEvent(
      cardActionEvent({ appId: APP, openId: STRANGER, value: { cmd: '/mute 1h' }, messageId: card.message_id }),
    );
    await denied.ack;
    await s.fake.waitFor(() => repliesTo(s.fake, card.message_id).length > 0, 10_000, 'the refusal in the thread');
    expect(cardText(repliesTo(s.fake, card.message_id)[0])).toContain('not allowed');
    const audit = await s.h.auditRecords();
    expect(audit).toContainEqual(
      expect.objectContaining({ type: 'command', actor: 'alice', detail: expect.objectContaining({ command: 'ack' }) }),
    );
    expect(audit).toContainEqual(expect.objectContaining({ type: 'command.denied', actor: `feishu:${STRANGER}` }));
    expect(s.h.app.core.muted()).toBe(false);

    // A viewer's Restart button carries `confirm`: the toast names the command, not a confirmed restart.
    const restart = s.fake.pushEvent(
      cardActionEvent({
        appId: APP,
        openId: STRANGER,
        value: { cmd: '/restart default confirm' },
        messageId: card.message_id,
      }),
    );
    expect((await restart.ack).data).toEqual({ toast: { type: 'info', content: '/restart …' } });
  });

  it('carries the first remedy as a card button; a stranger’s click runs nothing, a click after the process is gone says so', async () => {
    const s = await setup();
    await s.h.app.raise(strayPollerAlert('default', 4242));
    await s.fake.waitFor(
      () => s.fake.state.messages.some((m) => cardText(m).includes('4242')),
      10_000,
      'the alert card',
    );
    const card = s.fake.state.messages.find((m) => cardText(m).includes('4242'))!;
    const cmd = /"cmd":"(\/fix default #[0-9a-f]{8})"/.exec(cardText(card))?.[1];
    expect(cmd).toBeDefined();
    expect(cardText(card)).toContain('Stop pid 4242 + restart');

    const denied = s.fake.pushEvent(
      cardActionEvent({ appId: APP, openId: STRANGER, value: { cmd: cmd! }, messageId: card.message_id }),
    );
    await denied.ack;
    await s.fake.waitFor(() => repliesTo(s.fake, card.message_id).length > 0, 10_000, 'the refusal in the thread');
    expect(cardText(repliesTo(s.fake, card.message_id)[0])).toContain('not allowed');
    const click = s.fake.pushEvent(
      cardActionEvent({
        appId: APP,
        openId: ALICE,
        value: { cmd: cmd! },
        messageId: card.message_id,
        chatId: 'oc_alerts',
      }),
    );
    await click.ack;
    await s.fake.waitFor(
      () => JSON.stringify(s.fake.state.messages).includes('That fix no longer applies to default'),
      10_000,
      'the answer',
    );
    expect((await s.h.auditRecords()).filter((r) => r.type.startsWith('fix.'))).toEqual([]);
  });

  it('treats HTTP 200 with a non-zero code as a failure and retries rate limits after the reset', async () => {
    const s = await setup();
    s.fake.faults.api.push({ route: 'create', status: 200, code: 230001, msg: 'invalid param' });
    s.fake.faults.api.push({
      route: 'create',
      status: 429,
      code: 99991400,
      msg: 'request trigger frequency limit',
      headers: { 'x-ogw-ratelimit-reset': '1' },
    });
    await s.h.raiseAlert({ title: 'Limited alert' });
    await s.fake.waitFor(
      () => s.fake.state.messages.some((m) => cardText(m).includes('Limited alert')),
      20_000,
      'the alert after the faults',
    );
    expect(s.fake.state.messages.filter((m) => cardText(m).includes('Limited alert'))).toHaveLength(1);
    expect(s.fake.faults.api).toHaveLength(0);
    const failures = s.logs.filter((l) => l.includes('feishu alert delivery failed')).join('');
    expect(failures).toContain('code=230001');
    expect(failures).toContain('HTTP 429 code=99991400');

    // A reply hitting the per-chat limit (230020) is retried by the channel itself; a revoked token is fetched again.
    s.fake.faults.api.push({
      route: 'reply',
      status: 400,
      code: 230020,
      msg: 'This operation triggers the frequency limit.',
      headers: { 'x-ogw-ratelimit-reset': '1' },
    });
    const tokenCalls = s.fake.state.tokenCalls;
    s.fake.revokeTokens();
    const { id } = await say(s, '/help');
    await s.fake.waitFor(() => repliesTo(s.fake, id).length > 0, 15_000, 'the reply after the rate limit');
    expect(s.fake.state.tokenCalls).toBe(tokenCalls + 1);
  });
});

describe('feishu channel: the long connection', () => {
  it('replaces a dropped socket and loses neither the command sent meanwhile nor an alert', async () => {
    const s = await setup();
    expect(s.fake.state.connections).toBe(1);
    s.fake.dropSockets();
    const { id } = await say(s, '/help'); // pushed while nobody is connected: Feishu re-pushes it
    await s.h.raiseAlert({ title: 'During outage' });
    await s.fake.waitFor(() => repliesTo(s.fake, id).length > 0, 15_000, 'the reply after the reconnect');
    await s.fake.waitFor(
      () => s.fake.state.messages.some((m) => cardText(m).includes('During outage')),
      15_000,
      'the alert',
    );
    expect(s.fake.state.connections).toBe(2);
    expect(s.channel.health()).toMatchObject({ ok: true });
  });

  it('notices a half-open socket (no pongs, nothing gets through) and reconnects; the command is not lost', async () => {
    const s = await setup();
    s.fake.halfOpen();
    const { id } = await say(s, '/help'); // lands in the dead socket
    await s.fake.waitFor(
      () => repliesTo(s.fake, id).length > 0,
      20_000,
      'the reply after the half-open socket was replaced',
    );
    expect(s.fake.state.connections).toBe(2);
    expect(s.channel.health().fields).toContainEqual({ label: 'reconnects', value: '1' });
    expect(s.logs.join('')).toContain('no pong');
  });

  it('starts the SDK again after it gave up (fatal endpoint code) and reports a long outage as fatal', async () => {
    const s = await setup();
    s.fake.faults.endpoint.push({ code: 514, msg: 'auth failed' });
    s.fake.dropSockets();
    await s.fake.waitFor(
      () => s.channel.health().fields?.some((f) => f.label === 'restarts' && f.value === '1') ?? false,
      10_000,
      'a restart',
    );
    await s.fake.waitFor(() => s.channel.health().ok, 10_000, 'connected again');
    const { id } = await say(s, '/help');
    await s.fake.waitFor(() => repliesTo(s.fake, id).length > 0, 10_000, 'a reply on the new connection');
    expect(s.fatal).toEqual([]);

    const t = await setup({ feishu: { give_up_after: '1s' } });
    for (let i = 0; i < 100; i++) t.fake.faults.endpoint.push({ status: 503 });
    t.fake.dropSockets();
    await t.fake.waitFor(() => t.fatal.length > 0, 15_000, 'ctx.fatal');
    expect(t.fatal[0]).toMatch(/feishu: feishu long connection (reconnecting|failed) for/);
    expect(t.channel.health().ok).toBe(false);
  });

  it('keeps SDK output off the console and secrets out of the logs', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m));
    try {
      const s = await setup();
      s.fake.revokeTokens();
      s.fake.faults.token.push(500); // the SDK logs the raw AxiosError, whose config holds app_secret
      const { id } = await say(s, '/help');
      await s.fake.waitFor(() => s.logs.join('').includes('feishu reply failed'), 10_000, 'the failed reply');
      const { id: id2 } = await say(s, '/help');
      await s.fake.waitFor(() => repliesTo(s.fake, id2).length > 0, 10_000, 'a reply');
      s.fake.dropSockets();
      await s.fake.waitFor(() => s.fake.state.connections === 2 && s.channel.health().ok, 10_000, 'a reconnect');
      expect(repliesTo(s.fake, id)).toHaveLength(0);
      const all = s.logs.join('');
      expect(all).toContain('sdk');
      expect(all).not.toContain(SECRET);
      expect(all).not.toMatch(/t-fake\d/);
      expect(all).not.toMatch(/access_key=ak-/);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
