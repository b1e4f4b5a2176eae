// QQ's interaction-recall message (is_wakeup) when a proactive push is refused: tried only where the protocol
// reference allows it (C2C, within 30 days after the user last wrote, one per window: same day, days 1–3, 3–7, 7–30,
// starting again when the user writes on a later day), else the alert is held for the operator's next message.
// The real channel and core against the fake QQ platform, on a shared fake clock for the day windows.
import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { configSchema, resolveConfig } from '../../../src/channels/config.js';
import { createChannel, type QQChannelOptions } from '../../../src/chats/qq/index.js';
import { mayRecall, noteSpoke, recallWindow } from '../../../src/chats/qq/recall.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { startFakeQQ, type FakeQQ, type SentMessage } from '../../fakes/qq-server.js';
import { qqArgs } from '../../helpers/channels.js';
import { until } from '../../helpers/until.js';
import { englishProse } from '../../helpers/english-prose.js';

const APP_ID = '102000001';
const SECRET = 'fake-client-secret-DG5g3B4j';
const DAY = 86_400_000;

interface Rig {
  fake: FakeQQ;
  h: Harness;
  clock: { t: number };
  recalls(title: string): SentMessage[];
  outcome(title: string): Promise<{ deferred: boolean; lastError?: string; sent: boolean }>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.h.close();
    await r.fake.close();
  }
});

async function rig(o: { alertTo?: unknown[]; locale?: 'zh-CN' } = {}): Promise<Rig> {
  // 10:00 in China: the "same day" window has the rest of the day.
  const clock = { t: Date.UTC(2026, 10, 22, 2, 0, 0) };
  const fake = await startFakeQQ({ appId: APP_ID, clientSecret: SECRET, now: () => clock.t });
  fake.faults.refuseProactive = true;
  const raw = {
    ...(o.locale ? { locale: o.locale } : {}),
    operators: [{ name: 'alice', role: 'admin', qq_openid: 'OP_ALICE' }],
    channels: {
      qq: {
        app_id: APP_ID,
        client_secret: SECRET,
        api_base: fake.baseUrl,
        token_url: fake.tokenUrl,
        alert_to: o.alertTo ?? [{ user: 'OP_ALICE' }],
      },
    },
  };
  // The operator's reply windows close at once, so held alerts cannot leave as passive replies: only a recall can.
  const options: QQChannelOptions = {
    timings: { backoffBaseMs: 20, backoffMaxMs: 200, invalidSessionWaitMs: 20, handshakeTimeoutMs: 3_000 },
    silentLossMs: 0,
    windows: { c2cMs: 0 },
    now: () => clock.t,
  };
  const ch = createChannel(...qqArgs(resolveConfig(configSchema.parse(raw), undefined)), options);
  // Not started: no schedule, so the core raises no alerts of its own (gateway down) that would spend a window, as
  // long as nobody asks for a check (/status).
  const h = await startHarness({ config: raw, channels: [ch], start: false });
  await fake.waitFor('the channel to connect', () => ch.health().ok);
  const r: Rig = {
    fake,
    h,
    clock,
    recalls: (title) => fake.sent.filter((s) => s.body.is_wakeup === true && s.body.content!.includes(title)),
    async outcome(title) {
      // Settled: sent (gone from the outbox for qq) or deferred.
      const e = await fake.waitFor(`the outcome of "${title}"`, () => {
        const entry = h.app.outbox.entries().find((x) => x.alert.reply.title === title);
        if (!entry || !entry.pending.includes('qq')) return { deferred: false, sent: true };
        return entry.deferred.qq ? { deferred: true, sent: false, lastError: entry.lastError.qq } : undefined;
      });
      return e;
    },
  };
  rigs.push(r);
  return r;
}

async function userWrites(r: Rig, text = 'hi') {
  const before = (await stateOf(r)).recall?.OP_ALICE?.lastSpokeAt;
  r.fake.pushC2C('OP_ALICE', text);
  await until(
    'the channel to note that the user wrote',
    async () => (await stateOf(r)).recall?.OP_ALICE?.lastSpokeAt !== before,
  );
}

async function stateOf(
  r: Rig,
): Promise<{ recall?: Record<string, { lastSpokeAt: number; used: number[]; off?: boolean }> }> {
  return JSON.parse(await readFile(path.join(r.h.config.state_dir, 'qq-channel.json'), 'utf8').catch(() => '{}'));
}

describe('QQ interaction recall (is_wakeup) where the reference allows it', () => {
  it('after the user wrote: one recall per window (same day, then days 1–3), none past 30 days, and again after the user writes on a later day', async () => {
    const r = await rig();
    await userWrites(r);

    await r.h.raiseAlert({ title: 'Recall one' });
    expect(await r.outcome('Recall one')).toMatchObject({ sent: true });
    const [first] = r.recalls('Recall one');
    expect(first).toMatchObject({ kind: 'user', to: 'OP_ALICE', ok: true });
    expect(first!.body).toMatchObject({ msg_type: 0, is_wakeup: true });
    expect(first!.body.msg_id).toBeUndefined();
    expect(first!.body.event_id).toBeUndefined();
    // The plain push was tried first and refused.
    expect(
      r.fake.sent.some(
        (s) => !s.body.is_wakeup && s.response.code === 40034102 && s.body.content!.includes('Recall one'),
      ),
    ).toBe(true);
    // /history's delivery record says how it went out.
    const rec = (await r.h.auditRecords()).find(
      (a) => a.type === 'delivery' && (a.detail as Record<string, unknown>).title === 'Recall one',
    );
    expect((rec!.detail as Record<string, unknown>).reason).toMatch(
      /interaction recall \(`is_wakeup`, same day after the user last wrote\): accepted/,
    );

    // Same day: the window is used; held for the next message, without asking QQ.
    await r.h.raiseAlert({ title: 'Recall two' });
    const two = await r.outcome('Recall two');
    expect(two.deferred).toBe(true);
    expect(two.lastError).toMatch(
      /no interaction recall: this window's recall \(same day after the user last wrote\) is used\); held until an operator writes/,
    );
    expect(r.recalls('Recall two')).toHaveLength(0);

    // Two days later: the days 1–3 window.
    r.clock.t += 2 * DAY;
    await r.h.raiseAlert({ title: 'Recall three' });
    expect(await r.outcome('Recall three')).toMatchObject({ sent: true });
    expect(r.recalls('Recall three')).toHaveLength(1);

    // 40 days after the user last wrote: no recall at all.
    r.clock.t += 38 * DAY;
    await r.h.raiseAlert({ title: 'Recall four' });
    expect((await r.outcome('Recall four')).lastError).toMatch(/more than 30 days since the user last wrote/);
    expect(r.recalls('Recall four')).toHaveLength(0);

    // The user writes again: the windows start over (and the state survives on disk). Not /status: it would check the
    // gateway of this rig, find it down and raise an alert of its own that could take this window first.
    await userWrites(r, 'back again');
    expect((await stateOf(r)).recall!.OP_ALICE).toMatchObject({ lastSpokeAt: r.clock.t, used: [] });
    await r.h.raiseAlert({ title: 'Recall five' });
    expect(await r.outcome('Recall five')).toMatchObject({ sent: true });
    expect(r.recalls('Recall five')).toHaveLength(1);
    // Never more than one recall per window, and none QQ refused.
    expect(r.fake.sent.filter((s) => s.body.is_wakeup).every((s) => s.ok)).toBe(true);
  }, 60_000);

  it('in Chinese: why the alert is held (the push refused, no recall allowed) is told in the reader’s words; the audit keeps English', async () => {
    const r = await rig({ locale: 'zh-CN' });
    await r.h.raiseAlert({ title: 'Never wrote' });
    const held = await r.outcome('Never wrote');
    expect(held.deferred).toBe(true);
    expect(held.lastError).toMatch(
      /^QQ 拒绝了主动推送（用户 OP_ALICE：proactive_refused .*；没有发互动召回：该用户没有给机器人发过消息（互动召回需要最近 30 天内有过对话））；留到有操作员给机器人发消息时再发$/,
    );
    expect(englishProse(held.lastError!.replace(/proactive_refused [^；]*/, ''))).toEqual([]);
    const delivery = await until('the delivery audited', async () =>
      (await r.h.auditRecords()).find(
        (a) => a.type === 'delivery' && (a.detail as { channel?: string }).channel === 'qq',
      ),
    );
    expect((delivery.detail as { reason?: string }).reason).toMatch(
      /no interaction recall: the user has not written to the bot/,
    );
  });

  it('not allowed: a user who never wrote, a group, a user who switched the bot off: no recall, the alert is held', async () => {
    const r = await rig({ alertTo: [{ user: 'OP_ALICE' }, { group: 'GROUP_1' }] });
    await r.h.raiseAlert({ title: 'Never wrote' });
    const held = await r.outcome('Never wrote');
    expect(held.deferred).toBe(true);
    expect(held.lastError).toMatch(/no interaction recall: the user has not written to the bot/);
    // The group got the plain push (refused 40034105) and nothing else: recall is C2C only.
    expect(r.fake.sent.filter((s) => s.kind === 'group').map((s) => [s.response.code, s.body.is_wakeup])).toEqual(
      expect.arrayContaining([[40034105, undefined]]),
    );
    expect(r.fake.sent.some((s) => s.body.is_wakeup)).toBe(false);

    await userWrites(r);
    r.fake.pushEvent('C2C_MSG_REJECT', { openid: 'OP_ALICE', timestamp: Math.floor(r.clock.t / 1000) });
    await until('the switch-off noted', async () => (await stateOf(r)).recall?.OP_ALICE?.off);
    await r.h.raiseAlert({ title: 'Switched off' });
    expect((await r.outcome('Switched off')).lastError).toMatch(
      /no interaction recall: the user switched off messages from the bot/,
    );
    expect(r.fake.sent.some((s) => s.body.is_wakeup)).toBe(false);

    // Switched back on: allowed again.
    r.fake.pushEvent('C2C_MSG_RECEIVE', { openid: 'OP_ALICE', timestamp: Math.floor(r.clock.t / 1000) });
    await until('the switch-on noted', async () => !(await stateOf(r)).recall?.OP_ALICE?.off);
    await r.h.raiseAlert({ title: 'Back on' });
    expect(await r.outcome('Back on')).toMatchObject({ sent: true });
  }, 60_000);

  it('QQ refuses the recall: held, and not asked again in the same window', async () => {
    const r = await rig();
    r.fake.faults.refuseRecall = true;
    await userWrites(r);
    await r.h.raiseAlert({ title: 'Refused recall' });
    const o = await r.outcome('Refused recall');
    expect(o.deferred).toBe(true);
    expect(o.lastError).toMatch(
      /interaction recall \(`is_wakeup`, same day after the user last wrote\): proactive_refused HTTP 400 code 40034102/,
    );
    expect(r.recalls('Refused recall')).toHaveLength(1);
    await r.h.raiseAlert({ title: 'Refused again' });
    expect((await r.outcome('Refused again')).deferred).toBe(true);
    expect(r.recalls('Refused again')).toHaveLength(0);
  }, 60_000);
});

describe('recall windows', () => {
  const at = (iso: string) => Date.parse(iso);
  it('count calendar days in China time: same day, days 1–3, 3–7, 7–30, then none', () => {
    // 23:30 on the 22nd in China is 15:30 UTC; 00:30 on the 23rd (China) is the next day, an hour later.
    const spoke = at('2026-11-22T15:30:00Z');
    expect(recallWindow(spoke, at('2026-11-22T15:59:00Z'))).toBe(0);
    expect(recallWindow(spoke, at('2026-11-22T16:30:00Z'))).toBe(1);
    expect(recallWindow(spoke, spoke + 3 * DAY)).toBe(1);
    expect(recallWindow(spoke, spoke + 4 * DAY)).toBe(2);
    expect(recallWindow(spoke, spoke + 7 * DAY)).toBe(2);
    expect(recallWindow(spoke, spoke + 8 * DAY)).toBe(3);
    expect(recallWindow(spoke, spoke + 30 * DAY)).toBe(3);
    expect(recallWindow(spoke, spoke + 31 * DAY)).toBeUndefined();
  });

  it('a message on the same day keeps the used windows; on a later day they start again', () => {
    const t0 = at('2026-11-22T02:00:00Z');
    const used = { lastSpokeAt: t0, used: [0] };
    expect(noteSpoke(used, t0 + 3_600_000)).toEqual({ lastSpokeAt: t0 + 3_600_000, used: [0] });
    expect(noteSpoke(used, t0 + DAY)).toEqual({ lastSpokeAt: t0 + DAY, used: [] });
    expect(mayRecall(used, t0 + 60_000)).toMatchObject({ why: expect.stringMatching(/is used/) });
    expect(mayRecall(used, t0 + DAY)).toEqual({ window: 1 });
    expect(mayRecall(undefined, t0)).toMatchObject({ why: expect.stringMatching(/has not written/) });
  });
});
