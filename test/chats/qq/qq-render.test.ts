// Reply → QQ plain text, split to the size limit and to the reply budget; and msg_seq bookkeeping across a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import {
  defangDomains,
  defangUrls,
  fitToBudget,
  packBlocks,
  renderText,
  splitText,
} from '../../../src/chats/qq/render.js';
import { classify } from '../../../src/chats/qq/send.js';
import { createReplier, DEFAULT_WINDOWS } from '../../../src/chats/qq/replies.js';
import { openState } from '../../../src/chats/qq/state.js';
import { createApi } from '../../../src/chats/qq/api.js';
import { createTokenSource } from '../../../src/chats/qq/auth.js';
import { createGateway, DEFAULT_TIMINGS } from '../../../src/chats/qq/gateway.js';
import { startFakeQQ, type FakeQQ } from '../../fakes/qq-server.js';
import { systemClock } from '../../../src/util/clock.js';

describe('QQ rendering', () => {
  it('renders a reply as plain text with fields, lines, code and commands to reply with', () => {
    const text = renderText({
      title: 'default: 1 open incident(s)',
      tone: 'critical',
      fields: [{ label: 'process', value: 'running pid 42' }],
      lines: ['🔴 QQ dead (5m)'],
      code: ['12:00 ERROR qqbot: Max reconnect attempts reached'],
      buttons: [{ label: 'Restart', command: '/restart default confirm' }],
    });
    expect(text).toBe(
      '🔴 default: 1 open incident(s)\nprocess: running pid 42\n\n🔴 QQ dead (5m)\n\n12:00 ERROR qqbot: Max reconnect attempts reached\n\nReply with: /restart default confirm',
    );
    expect(renderText({ title: '好', buttons: [{ label: 'x', command: '/ack' }] }, 'zh-CN')).toContain('可回复：/ack');
  });

  it('splits on line boundaries within the limit, cuts over-long lines without breaking characters', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} ${'y'.repeat(30)}`);
    const parts = splitText(lines.join('\n'), 200);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(200);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    const emoji = '🔴'.repeat(250);
    const cut = splitText(emoji, 100);
    expect(cut.map((p) => Array.from(p).length)).toEqual([100, 100, 50]);
    expect(cut.join('')).toBe(emoji);
  });

  it('keeps to the reply budget and says what was cut', () => {
    const parts = ['a'.repeat(100), 'b'.repeat(100), 'c'.repeat(100), 'd'.repeat(100), 'e'.repeat(100), 'f'];
    const kept = fitToBudget(parts, 4, 4, 120);
    expect(kept).toHaveLength(4);
    expect(kept[3]).toMatch(/2 more parts cut: QQ allows 4 replies per message/);
    expect(Array.from(kept[3]!).length).toBeLessThanOrEqual(120);
    expect(fitToBudget(parts.slice(0, 2), 4, 4)).toEqual(parts.slice(0, 2));
  });

  it('packs whole blocks and carries their alert ids with the part that ends them', () => {
    const out = packBlocks(
      [
        { text: 'head', ids: [] },
        { text: 'x'.repeat(50), ids: ['a1'] },
        { text: 'y'.repeat(50), ids: ['a2'] },
        { text: 'z'.repeat(150), ids: ['a3'] },
      ],
      100,
    );
    expect(out.map((p) => p.ids)).toEqual([['a1'], ['a2'], [], ['a3']]);
    for (const p of out) expect(p.text.length).toBeLessThanOrEqual(100);
  });

  it('defangs links for groups', () => {
    expect(defangUrls('see https://example.com/x and http://127.0.0.1:8080')).toBe(
      'see example[.]com/x and 127[.]0[.]0[.]1:8080',
    );
    expect(defangDomains('api.sgroup.qq.com down, v1.2 ok')).toBe('api[.]sgroup[.]qq[.]com down, v1[.]2 ok');
  });

  it("sorts QQ's answers by err_code ?? code", () => {
    const r = (status: number, code?: number) =>
      classify({ status, body: code ? { code, err_code: code } : { id: 'm1' }, code });
    expect(r(200)).toMatchObject({ ok: true, id: 'm1' });
    expect(r(400, 40034102)).toMatchObject({ ok: false, kind: 'proactive_refused' });
    expect(r(400, 40034105)).toMatchObject({ ok: false, kind: 'proactive_refused' });
    expect(r(400, 40034100)).toMatchObject({ ok: false, kind: 'proactive_refused' });
    expect(r(400, 40034005)).toMatchObject({ ok: false, kind: 'reply_closed' });
    expect(r(400, 40054005)).toMatchObject({ ok: false, kind: 'duplicate' });
    expect(r(429)).toMatchObject({ ok: false, kind: 'rate_limited' });
    expect(r(503)).toMatchObject({ ok: false, kind: 'transient' });
    expect(r(202, 304023)).toMatchObject({ ok: true });
  });
});

describe('QQ reply windows', () => {
  let fake: FakeQQ | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await fake?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('never reuses a msg_seq, even after a restart', async () => {
    fake = await startFakeQQ({ appId: 'A1', clientSecret: 'S1' });
    dir = mkdtempSync(path.join(os.tmpdir(), 'qq-state-'));
    const tokens = createTokenSource({ clock: systemClock, appId: 'A1', clientSecret: 'S1', tokenUrl: fake.tokenUrl });
    const api = createApi({ clock: systemClock, apiBase: fake.baseUrl, tokens });
    const log = pino({ level: 'silent' });
    // The message has to exist on the fake: identify once so it can be pushed.
    const gw = createGateway({
      clock: systemClock,
      api,
      tokens,
      intents: 1 << 25,
      log,
      timings: { ...DEFAULT_TIMINGS, giveUpAfterMs: 60_000 },
      onDispatch: () => {},
      onFatal: () => {},
    });
    gw.start();
    await fake.waitFor('READY', () => gw.state.phase === 'connected');
    const msgId = fake.pushC2C('OP1', 'hi');
    await gw.stop();

    const store1 = await openState(dir);
    const rep1 = createReplier({ now: systemClock.now, api, store: store1, limits: DEFAULT_WINDOWS, log });
    const w = await rep1.open({
      target: { kind: 'user', openid: 'OP1' },
      senderId: 'OP1',
      msgId,
      receivedAt: Date.now(),
    });
    expect((await rep1.send(w, 'one')).ok).toBe(true);
    expect((await rep1.send(w, 'two')).ok).toBe(true);

    const store2 = await openState(dir);
    const rep2 = createReplier({ now: systemClock.now, api, store: store2, limits: DEFAULT_WINDOWS, log });
    const w2 = rep2.operatorWindow(new Set(['OP1']))!;
    expect(w2.used).toBe(2);
    expect((await rep2.send(w2, 'three')).ok).toBe(true);
    expect((await rep2.send(w2, 'four')).ok).toBe(true);
    // QQ allows 4 replies to a C2C message: the fifth is not even attempted.
    expect(await rep2.send(w2, 'five')).toMatchObject({ ok: false, kind: 'reply_closed' });
    expect(fake.sent.map((s) => s.body.msg_seq)).toEqual([1, 2, 3, 4]);
    expect(fake.sent.every((s) => s.ok)).toBe(true);
  });
});
