// The QQ channel's parts that are plain functions: what a hand-over sends within a reply budget, the once-only push
// notice, the health line, inbound parsing and the once-each filter, the reconnect backoff.
import { describe, expect, it } from 'vitest';
import { closePolicy } from '../../../src/chats/qq/close-policy.js';
import type { GatewayState } from '../../../src/chats/qq/gateway-state.js';
import { handOverParts, pushNotice } from '../../../src/chats/qq/handover.js';
import { qqHealth } from '../../../src/chats/qq/health.js';
import { onceEach, parseInbound } from '../../../src/chats/qq/inbound.js';
import type { Alert } from '../../../src/types.js';

const alertOf = (id: string, title: string, lines: string[] = []): Alert => ({
  id,
  kind: 'open',
  target: 'default',
  severity: 'critical',
  createdAt: Date.UTC(2026, 0, 1, 9, 30),
  reply: { title, tone: 'critical', lines },
});

describe('handOverParts', () => {
  it('all held alerts whole when they fit, counted in the head, the notice after it and the recap last', () => {
    const parts = handOverParts({
      pending: [alertOf('a1', 'gw down'), alertOf('a2', 'gw slow')],
      recap: ['sent while offline'],
      notice: 'NOTE',
      budget: 3,
      limit: 1500,
      locale: 'en',
    });
    expect(parts).toHaveLength(1);
    expect(parts[0]!.ids).toEqual(['a1', 'a2']);
    expect(parts[0]!.text).toBe(
      '📬 2 alerts waiting for you:\n\nNOTE\n\n🔴 gw down\n\n🔴 gw slow\n\nThese alerts were sent while QQ was reconnecting and may not have arrived:\n• sent while offline',
    );
  });

  it('over budget: compact lines, then the oldest ones only and a count of the rest', () => {
    const long = (n: number) => Array.from({ length: 20 }, (_, i) => `line ${n}.${i} ${'x'.repeat(40)}`);
    const pending = [1, 2, 3, 4].map((n) => alertOf(`a${n}`, `alert ${n} ${'y'.repeat(22)}`, long(n)));
    // Whole, the first alert alone is longer than the one reply allowed; compact, one fits beside the count.
    const parts = handOverParts({ pending, recap: [], budget: 1, limit: 160, locale: 'en' });
    expect(parts).toEqual([
      {
        text: `📬 4 alerts waiting for you:\n\n🔴 09:30Z alert 1 ${'y'.repeat(22)}\n\n… 3 more held: send any message (e.g. /ack) to get them.`,
        ids: ['a1'],
      },
    ]);
    expect(handOverParts({ pending, recap: [], budget: 20, limit: 160, locale: 'en' }).flatMap((p) => p.ids)).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
    ]);
  });

  it('in the reader’s locale, one alert in the singular', () => {
    expect(
      handOverParts({ pending: [alertOf('a1', '网关中断')], recap: [], budget: 1, limit: 1500, locale: 'zh-CN' })[0]!
        .text,
    ).toMatch(/^📬 有 1 条告警等你查看：/);
    expect(
      handOverParts({ pending: [alertOf('a1', 'down')], recap: [], budget: 1, limit: 1500, locale: 'en' })[0]!.text,
    ).toMatch(/^📬 1 alert waiting for you:/);
  });

  it('no budget, no parts', () => {
    expect(
      handOverParts({ pending: [alertOf('a1', 'down')], recap: [], budget: 0, limit: 1500, locale: 'en' }),
    ).toEqual([]);
  });
});

describe('pushNotice', () => {
  it('names the channels that can push, listed in the locale’s way, else says how to add one', () => {
    expect(pushNotice('en', ['feishu', 'telegram'])).toMatch(/Alerts also go to feishu, telegram, which can push\.$/);
    expect(pushNotice('zh-CN', ['feishu', 'telegram'])).toContain('告警同时发往 feishu、telegram，');
    expect(pushNotice('en', [])).toMatch(/also give gatewatch a channel that can push/);
  });
});

describe('qqHealth', () => {
  const base: GatewayState = { phase: 'connected', seq: 3, pendingAcks: 0, resumes: 2, reconnects: 2, identifies: 1 };
  const now = Date.UTC(2026, 0, 1, 12, 0);

  it('not started, connected, reconnecting, stopped', () => {
    expect(qqHealth(undefined, { queued: 0, now })).toMatchObject({ name: 'qq', ok: false, summary: 'not started' });
    const up = qqHealth({ ...base, connectedSince: now - 90_000, lastAckAt: now - 5_000 }, { queued: 2, now });
    expect(up).toMatchObject({ ok: true, summary: 'connected' });
    expect(Object.fromEntries(up.fields!.map((f) => [f.label, f.value]))).toMatchObject({
      'Last heartbeat ACK': '5s ago',
      Resumes: '2',
      'Queued alerts': '2',
    });
    expect(up.fields![0]!.value).toMatch(/^\d\d:\d\d \(1m 30s ago\)$/);
    const down = qqHealth(
      { ...base, phase: 'waiting', offlineSince: now - 120_000, lastError: 'close 4009' },
      { queued: 0, now },
    );
    expect(down).toMatchObject({ ok: false, summary: 'reconnecting, offline 2m (close 4009)' });
    expect(down.fields![0]!.value).toBe('not connected');
    expect(qqHealth(base, { halted: '4914 delisted', queued: 0, now })).toMatchObject({
      ok: false,
      summary: 'stopped: 4914 delisted',
    });
  });

  it("in the reader's words (zh-CN)", () => {
    expect(qqHealth(undefined, { queued: 0, now, locale: 'zh-CN' }).summary).toBe('未启动');
    const down = qqHealth(
      { ...base, phase: 'waiting', offlineSince: now - 120_000, lastError: 'close 4009' },
      { queued: 1, now, locale: 'zh-CN' },
    );
    expect(down.summary).toBe('重连中，已离线 2 分钟（close 4009）');
    expect(Object.fromEntries(down.fields!.map((f) => [f.label, f.value]))).toEqual({
      连接时间: '未连接',
      上次心跳确认: '—',
      会话恢复次数: '2',
      排队中的告警: '1',
    });
  });
});

describe('parseInbound and onceEach', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0);
  const at = (ms: number) => new Date(ms).toISOString();

  it('a C2C message and a group @-message; one without id or sender is nothing', () => {
    expect(
      parseInbound(
        'C2C_MESSAGE_CREATE',
        { id: 'm1', content: ' /status ', author: { user_openid: 'U1' }, timestamp: at(now - 1_000) },
        now,
      ),
    ).toEqual({
      id: 'm1',
      senderId: 'U1',
      text: '/status',
      target: { kind: 'user', openid: 'U1' },
      receivedAt: now - 1_000,
    });
    expect(
      parseInbound(
        'GROUP_AT_MESSAGE_CREATE',
        { id: 'm2', content: '/ack', author: { member_openid: 'M1' }, group_openid: 'G1' },
        now,
      ),
    ).toMatchObject({
      senderId: 'M1',
      target: { kind: 'group', openid: 'G1' },
      groupOpenid: 'G1',
      receivedAt: now,
    });
    expect(parseInbound('C2C_MESSAGE_CREATE', { content: 'x', author: { user_openid: 'U1' } }, now)).toBeUndefined();
    expect(parseInbound('GROUP_AT_MESSAGE_CREATE', { id: 'm3', author: { member_openid: 'M1' } }, now)).toBeUndefined();
    expect(parseInbound('DIRECT_MESSAGE_CREATE', { id: 'm4', author: { user_openid: 'U1' } }, now)).toBeUndefined();
  });

  it('the reply window counts from the message time, unless that is in the future or more than a day old', () => {
    const msg = (ts: number) =>
      parseInbound('C2C_MESSAGE_CREATE', { id: 'm', author: { user_openid: 'U1' }, timestamp: at(ts) }, now)!
        .receivedAt;
    expect(msg(now - 3_600_000)).toBe(now - 3_600_000);
    expect(msg(now + 60_000)).toBe(now);
    expect(msg(now - 2 * 86_400_000)).toBe(now);
  });

  it('each id once, the oldest forgotten past the bound', () => {
    const fresh = onceEach(2);
    expect(['a', 'a', 'b', 'c', 'b', 'a'].map(fresh)).toEqual([true, false, true, true, false, true]);
  });
});

describe('the gateway close policy', () => {
  it('stops on a ban, resumes a dropped connection that has a session', () => {
    expect(closePolicy(4915, true).action).toBe('stop');
    expect(closePolicy(1006, true).action).toBe('resume');
    expect(closePolicy(1006, false).action).toBe('identify');
  });
});
