// The QQ channel end to end: the real gatewatch core (harness: command router, auth, audit, outbox) talking to the
// fake QQ open platform over loopback HTTP and WebSocket.
import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel, type QQChannelOptions } from '../../../src/chats/qq/index.js';
import type { Channel } from '../../../src/types.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { startFakeQQ, type FakeQQ, type SentMessage } from '../../fakes/qq-server.js';
import { qqArgs } from '../../helpers/channels.js';

const APP_ID = '102000001';
const SECRET = 'fake-client-secret-DG5g3B4j';
const OPERATORS = [
  { name: 'alice', role: 'admin', qq_openid: 'OP_ALICE' },
  // In groups QQ identifies people by a per-group member openid.
  { name: 'bob', role: 'viewer', qq_openid: 'GM_BOB' },
];

interface Rig {
  fake: FakeQQ;
  ch: Channel;
  h: Harness;
  fatal: string[];
  replies(msgId: string): SentMessage[];
  /** Titles of the alerts the outbox still holds for QQ (the core raises its own alerts too, e.g. gateway down). */
  pending(): string[];
  deferred(title: string): boolean;
}

let rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs) {
    await r.h.close();
    await r.fake.close();
  }
  rigs = [];
});

const FAST: QQChannelOptions = {
  timings: { backoffBaseMs: 20, backoffMaxMs: 200, invalidSessionWaitMs: 20, handshakeTimeoutMs: 3_000 },
  silentLossMs: 0,
};

async function rig(
  o: {
    qq?: Record<string, unknown>;
    config?: Record<string, unknown>;
    options?: QQChannelOptions;
    fake?: FakeQQ;
    refuseProactive?: boolean;
  } = {},
): Promise<Rig> {
  const fake = o.fake ?? (await startFakeQQ({ appId: APP_ID, clientSecret: SECRET }));
  fake.faults.refuseProactive = o.refuseProactive ?? false;
  const raw = {
    operators: OPERATORS,
    ...o.config,
    channels: {
      qq: {
        app_id: APP_ID,
        client_secret: SECRET,
        api_base: fake.baseUrl,
        token_url: fake.tokenUrl,
        alert_to: [{ user: 'OP_ALICE' }],
        ...o.qq,
      },
      ...(o.config?.channels as object | undefined),
    },
  };
  const ch = createChannel(...qqArgs(resolveConfig(configSchema.parse(raw), undefined)), { ...FAST, ...o.options });
  const fatal: string[] = [];
  const h = await startHarness({ config: raw, channels: [ch], onFatal: (r) => void fatal.push(r) });
  const r: Rig = {
    fake,
    ch,
    h,
    fatal,
    replies: (msgId) => fake.sent.filter((s) => s.body.msg_id === msgId && s.ok),
    pending: () => h.app.outbox.pendingFor('qq').map((a) => a.reply.title),
    deferred: (title) => h.app.outbox.entries().some((e) => e.alert.reply.title === title && e.deferred.qq),
  };
  rigs.push(r);
  await fake.waitFor('the channel to connect', () => ch.health().ok);
  return r;
}

describe('QQ channel: commands', () => {
  it("answers the operator's /status with passive replies that include the QQ channel's own health", async () => {
    const r = await rig();
    const id = r.fake.pushC2C('OP_ALICE', '/status');
    const replies = await r.fake.waitFor(
      'the status reply',
      () => r.replies(id).some((s) => /qq: connected/.test(s.body.content!)) && r.replies(id),
    );
    expect(replies[0]!.kind).toBe('user');
    expect(replies[0]!.to).toBe('OP_ALICE');
    expect(replies[0]!.body.msg_type).toBe(0);
    expect(replies.map((s) => s.body.msg_seq)).toEqual(replies.map((_, i) => i + 1));
    const text = replies.map((s) => s.body.content).join('\n');
    expect(text).toMatch(/qq: connected/);
    expect(text).toMatch(/Last heartbeat ACK: \d+s ago/);
    expect(text).toMatch(/Resumes: 0/);
    expect(text).toMatch(/Queued alerts: \d+/);
    const audit = await r.h.auditRecords();
    expect(audit.some((a) => a.type === 'command' && a.actor === 'alice')).toBe(true);
    const health = r.ch.health();
    expect(health.fields?.map((f) => f.label)).toEqual([
      'Connected since',
      'Last heartbeat ACK',
      'Resumes',
      'Queued alerts',
    ]);
  });

  it('/uptime in its text form (QQ takes no picture from a bot reply here): the figures and the strip', async () => {
    const r = await rig();
    await r.h.app.core.evaluate('default');
    const id = r.fake.pushC2C('OP_ALICE', '/uptime');
    const replies = await r.fake.waitFor(
      'the uptime reply',
      () => r.replies(id).some((s) => /Uptime, last 24h/.test(s.body.content!)) && r.replies(id),
    );
    const text = replies.map((s) => s.body.content).join('\n');
    expect(text).toMatch(/Uptime, last 24h/);
    expect(text).toMatch(/default: (\d+(\.\d\d)?% up, downtime|nothing watched)/);
    expect(text).toMatch(/\|[█▄▒· ]{24}\|/);
    expect(replies.every((s) => s.body.msg_type === 0)).toBe(true);
  });

  it('refuses a stranger with a short reply and an audit record', async () => {
    const r = await rig();
    const id = r.fake.pushC2C('STRANGER_1', '/restart default confirm');
    const replies = await r.fake.waitFor('the refusal', () => r.replies(id).length === 1 && r.replies(id));
    expect(replies[0]!.body.content).toMatch(/not allowed/);
    await r.fake.waitFor('the audit record', () => true);
    const audit = await r.h.auditRecords();
    const denied = audit.find((a) => a.type === 'command.denied');
    expect(denied?.actor).toBe('qq:STRANGER_1');
  });

  it('takes group @-messages from the member openid, trims the leading space, and replies in the group', async () => {
    const r = await rig();
    const id = r.fake.pushGroup('GROUP_1', 'GM_BOB', '/help');
    const replies = await r.fake.waitFor('the group reply', () => r.replies(id).length >= 1 && r.replies(id));
    expect(replies[0]!.kind).toBe('group');
    expect(replies[0]!.to).toBe('GROUP_1');
    const audit = await r.h.auditRecords();
    expect(audit.find((a) => a.type === 'command')).toMatchObject({
      actor: 'bob',
      detail: { command: 'help', channel: 'qq' },
    });
  });

  it('handles a duplicated event once', async () => {
    const r = await rig();
    // An operator's, since every copy of an operator's message would be answered (a stranger's repeats are not).
    // Counted by their words: a held alert may ride along as a further reply to the same message (hand-over).
    const helpReplies = (msgId: string) =>
      r.replies(msgId).filter((s) => s.body.content!.includes('gatewatch commands'));
    const id = r.fake.pushC2C('OP_ALICE', '/help');
    await r.fake.waitFor('the first reply', () => helpReplies(id).length === 1);
    r.fake.repush(id);
    r.fake.repush(id);
    const later = r.fake.pushC2C('OP_ALICE', '/help');
    await r.fake.waitFor('the later reply', () => helpReplies(later).length === 1);
    expect(helpReplies(id)).toHaveLength(1);
  });

  it('survives malformed message events', async () => {
    const r = await rig();
    r.fake.pushEvent('C2C_MESSAGE_CREATE', { content: 'no id or author' });
    r.fake.pushEvent('GROUP_AT_MESSAGE_CREATE', null);
    const id = r.fake.pushC2C('OP_ALICE', '/help');
    await r.fake.waitFor('a reply', () => r.replies(id).length >= 1);
    expect(r.ch.health().ok).toBe(true);
  });
});

describe('QQ channel: alerts', () => {
  it('pushes an alert proactively when QQ allows it', async () => {
    const r = await rig();
    await r.h.raiseAlert({ title: 'Gateway down' });
    const push = await r.fake.waitFor('the push', () =>
      r.fake.sent.find((s) => !s.passive && s.ok && s.body.content!.includes('Gateway down')),
    );
    await r.fake.waitFor('the outbox to clear', () => !r.pending().includes('Gateway down'));
    expect(push).toMatchObject({ kind: 'user', to: 'OP_ALICE' });
    expect(push.body.msg_id).toBeUndefined();
  });

  it('retries a push that got a 5xx or a rate limit, then delivers it', async () => {
    const r = await rig();
    const match = 'Flaky platform';
    r.fake.faults.sendErrors.push(
      { status: 503, match },
      { status: 429, code: 22009, message: 'msg limit exceed', retryAfterSec: 1, match },
    );
    await r.h.raiseAlert({ title: 'Flaky platform' });
    await r.fake.waitFor('the delivery', () => !r.pending().includes('Flaky platform'), 20_000);
    const pushes = r.fake.sent.filter((s) => !s.passive && s.body.content!.includes(match));
    expect(pushes.map((s) => s.status)).toEqual([503, 429, 200]);
  });

  it("holds a refused alert and delivers it as a passive reply on the operator's next message, with a once-only notice", async () => {
    const r = await rig({ refuseProactive: true });
    await r.h.raiseAlert({ title: 'QQ dead' });
    await r.fake.waitFor('the refused push', () =>
      r.fake.sent.find((s) => !s.passive && s.response.code === 40034102 && s.body.content!.includes('QQ dead')),
    );
    await r.fake.waitFor('the alert to be deferred', () => r.deferred('QQ dead'));
    expect(r.h.app.outbox.entries().find((e) => e.alert.reply.title === 'QQ dead')!.lastError.qq).toMatch(/40034102/);
    expect(Number(r.ch.health().fields?.find((f) => f.label === 'Queued alerts')?.value)).toBe(r.pending().length);

    const id = r.fake.pushC2C('OP_ALICE', '/ack');
    await r.fake.waitFor('the outbox to clear', () => r.pending().length === 0);
    const replies = await r.fake.waitFor('the /ack answer too', () => r.replies(id).length >= 2 && r.replies(id));
    // (The core's own "gateway not running" alert may share these replies.)
    const all = replies.map((s) => s.body.content!).join('\n');
    expect(all).toContain('QQ dead');
    expect(all.match(/QQ holds back pushes/g)).toHaveLength(1);
    expect(all).toMatch(/docs\/notifiers\.md/);
    expect(replies.map((s) => s.body.msg_seq)).toEqual(replies.map((_, i) => i + 1));

    // The notice is told once, and that is remembered on disk.
    const state = JSON.parse(await readFile(path.join(r.h.config.state_dir, 'qq-channel.json'), 'utf8')) as {
      pushNoticeSent: boolean;
    };
    expect(state.pushNoticeSent).toBe(true);
    await r.h.raiseAlert({ title: 'Second problem' });
    // The /ack message's reply window is still open, so this one goes out at once as a further reply to it.
    const second = await r.fake.waitFor('the second alert', () =>
      r.fake.sent.find((s) => s.passive && s.ok && s.body.content!.includes('Second problem')),
    );
    expect(second.body.msg_id).toBe(id);
    expect(second.body.content).not.toMatch(/QQ holds back pushes/);
    await r.fake.waitFor('the outbox to clear', () => r.pending().length === 0);
  });

  it('does not hand held alerts to a stranger', async () => {
    const r = await rig({ refuseProactive: true });
    await r.h.raiseAlert({ title: 'Secret incident' });
    await r.fake.waitFor('deferred', () => r.deferred('Secret incident'));
    const id = r.fake.pushC2C('STRANGER_3', '/status');
    await r.fake.waitFor('the refusal', () => r.replies(id).length === 1);
    await new Promise((res) => setTimeout(res, 200)); // a window for a second reply that must not come
    expect(r.replies(id)).toHaveLength(1);
    expect(r.replies(id)[0]!.body.content).not.toContain('Secret incident');
    expect(r.pending()).toContain('Secret incident');
  });

  it("uses an operator's still-open reply window at once when a push is refused", async () => {
    const r = await rig({ refuseProactive: true });
    const id = r.fake.pushC2C('OP_ALICE', '/help');
    await r.fake.waitFor('the help reply', () => r.replies(id).some((s) => s.body.content!.includes('/status')));
    await r.h.raiseAlert({ title: 'Disk full' });
    await r.fake.waitFor('the outbox to clear', () => !r.pending().includes('Disk full'));
    const after = r.replies(id);
    const alert = after.find((s) => s.body.content!.includes('Disk full'));
    expect(alert).toBeDefined();
    // A further reply to the same message, with the next msg_seq.
    expect(after.map((s) => s.body.msg_seq)).toEqual(after.map((_, i) => i + 1));
    expect(r.fake.sent.filter((s) => s.body.content!.includes('Disk full') && s.ok)).toHaveLength(1);
  });

  it('splits a long reply to the size limit and keeps within the per-message reply budget', async () => {
    const r = await rig({ options: { ...FAST, textLimit: 200 }, refuseProactive: true });
    for (let i = 0; i < 6; i++) await r.h.raiseAlert({ title: `Alert number ${i} ${'x'.repeat(120)}` });
    await r.fake.waitFor('all deferred', () =>
      [0, 1, 2, 3, 4, 5].every((i) => r.deferred(`Alert number ${i} ${'x'.repeat(120)}`)),
    );
    const id = r.fake.pushC2C('OP_ALICE', '/help');
    await r.fake.waitFor('replies', () => r.replies(id).length >= 4);
    await new Promise((res) => setTimeout(res, 300)); // a window for a fifth reply that must not come
    const replies = r.replies(id);
    expect(replies.length).toBe(4); // QQ allows 4 passive replies per C2C message
    for (const s of replies) expect(Array.from(s.body.content!).length).toBeLessThanOrEqual(200);
    // Whatever did not fit stays queued for the next message; nothing is lost.
    expect(r.pending().length).toBeGreaterThan(0);
    for (let n = 0; n < 8 && r.pending().length > 0; n++) {
      const next = r.fake.pushC2C('OP_ALICE', '/ack');
      await r.fake.waitFor('a reply', () => r.replies(next).length >= 1);
      await new Promise((res) => setTimeout(res, 200)); // the rest of this message's replies (up to 4) go out
    }
    expect(r.pending()).toEqual([]);
    const all = r.fake.sent
      .filter((s) => s.passive && s.ok)
      .map((s) => s.body.content)
      .join('\n');
    for (let i = 0; i < 6; i++) expect(all).toContain(`Alert number ${i}`);
  });

  it('after a long outage the channel is connected again and no alert is lost', async () => {
    const r = await rig({ refuseProactive: true });
    r.fake.faults.down = true;
    r.fake.dropTcp();
    await r.fake.waitFor('the channel to notice', () => !r.ch.health().ok);
    expect(r.ch.health().summary).toMatch(/reconnecting/);
    for (let i = 0; i < 3; i++) await r.h.raiseAlert({ title: `Outage alert ${i}` });
    await new Promise((res) => setTimeout(res, 1_500)); // a window in which they must stay queued, not be dropped
    for (let i = 0; i < 3; i++) expect(r.pending()).toContain(`Outage alert ${i}`);
    const from = r.fake.sent.length;
    r.fake.faults.down = false;
    await r.fake.waitFor('reconnect', () => r.ch.health().ok, 15_000);
    const id = r.fake.pushC2C('OP_ALICE', '/ack');
    // What reached the operator since the outage: the replies to /ack, and whatever else QQ took. An alert whose retried
    // push was under way as /ack came is left out of the hand-over and follows on its own (a loaded run read only the
    // hand-over's replies, where the harness's own alert had joined them).
    const text = () =>
      r.fake.sent
        .slice(from)
        .filter((s) => s.ok)
        .map((s) => s.body.content)
        .join('\n');
    await r.fake.waitFor('the outbox to clear', () => r.pending().length === 0);
    for (let i = 0; i < 3; i++) expect(text()).toContain(`Outage alert ${i}`);
    expect(r.replies(id).length).toBeGreaterThan(0);
    expect(r.fatal).toEqual([]);
  });

  it('records when QQ answers 200 right after a reconnect (delivery not proven)', async () => {
    const r = await rig({ options: { ...FAST, silentLossMs: 60_000 } });
    r.fake.closeActive(4009);
    await r.fake.waitFor('resumed', () => r.fake.conns[1]?.ready && r.ch.health().ok);
    await r.h.raiseAlert({ title: 'Right after reconnect' });
    await r.fake.waitFor('the push', () => !r.pending().includes('Right after reconnect'));
    // Recapped on the operator's next message, since it may have been dropped.
    const id = r.fake.pushC2C('OP_ALICE', '/help');
    await r.fake.waitFor('the recap', () =>
      r.replies(id).some((s) => /may not have arrived[\s\S]*Right after reconnect/.test(s.body.content!)),
    );
  });
});

describe('QQ channel: lifecycle', () => {
  it('offline past give_up_after → ctx.fatal', async () => {
    const r = await rig({ qq: { give_up_after: '1s' } });
    r.fake.faults.down = true;
    r.fake.dropTcp();
    await r.fake.waitFor('fatal', () => r.fatal.length === 1, 15_000);
    expect(r.fatal[0]).toMatch(/^qq: QQ gateway unreachable/);
  });

  it('4914 shows in health as stopped, without a restart loop', async () => {
    const r = await rig();
    r.fake.closeActive(4914);
    await r.fake.waitFor('stopped', () => r.ch.health().summary.startsWith('stopped'));
    expect(r.ch.health()).toMatchObject({ ok: false });
    expect(r.ch.health().summary).toMatch(/4914/);
    expect(r.fatal).toEqual([]);
    // The operators hear about it through every channel (here the outbox holds it for QQ itself), and the audit says so.
    await r.fake.waitFor('the notice', () =>
      r.h.app.outbox.entries().some((e) => /QQ bot was stopped by QQ: .*4914/.test(e.alert.reply.title)),
    );
    expect((await r.h.auditRecords()).some((a) => a.type === 'alert.open' && a.check === 'channel.qq')).toBe(true);
    // Alerts are held, never dropped.
    await r.h.raiseAlert({ title: 'While banned' });
    await r.fake.waitFor('deferred', () => r.deferred('While banned'));
  });
});
