// Issue 77 item 2: every incident ends somewhere. One the machine closed without a recovery (its gateway stopped on
// purpose or stopped running, its evidence aged out) is closed in the history too, said so wherever its entry is read
// (/incident's list and write-up, `incident --json`, the weekly report), and kept across a save; one found again once
// its gateway is back goes on. The audit's `alert.close` in /history's words, in both locales.
import { describe, expect, it } from 'vitest';
import { describeRecord } from '../../commands/history.js';
import { incidentJson, incidentLine, incidentReply } from '../../src/delivery/write-up.js';
import { emptyHistory, type IncidentEntry, type TargetHistory } from '../../src/history/model.js';
import {
  compact,
  incidentClosed,
  incidentHandedOver,
  incidentOpened,
  incidentResolved,
  incidentResumed,
  KEEP_MS,
} from '../../src/history/record.js';
import { parseHistory } from '../../src/history/load.js';
import type { AuditRecord } from '../../src/types.js';

const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);
const entry = (id: string): IncidentEntry => ({
  id,
  check: 'gateway_died_before',
  title: 'The gateway died before this life began',
  severity: 'warning',
  firstAt: T0,
  alertAt: T0 + 1_000,
});

describe('an incident closed without a recovery, in the history', () => {
  it('is ended at its close, with how; a second close, a hand-over or a recovery after it changes nothing', () => {
    const h = emptyHistory('demo', T0);
    incidentOpened(h, entry('a'));
    expect(incidentClosed(h, 'a', T0 + 30 * 60_000, 'lapsed')).toMatchObject({ closedHow: 'lapsed' });
    expect(incidentClosed(h, 'a', T0 + 40 * 60_000, 'down')).toBeUndefined();
    expect(incidentHandedOver(h, 'a', T0 + 40 * 60_000, 'b')).toBeUndefined();
    expect(incidentResolved(h, 'a', T0 + 40 * 60_000)).toMatchObject({ closedAt: T0 + 30 * 60_000 });
    // Opened again under its id: a new episode, not the closed one.
    expect(incidentOpened(h, entry('a')).n).toBe(2);
  });

  it('found again once its gateway is back: the same entry goes on, and recovers', () => {
    const h = emptyHistory('demo', T0);
    incidentOpened(h, entry('a'));
    incidentHandedOver(h, 'a', T0 + 60_000, 'death');
    expect(incidentResumed(h, 'a')).not.toHaveProperty('handedOverAt');
    incidentClosed(h, 'a', T0 + 2 * 60_000, 'down');
    incidentResumed(h, 'a');
    expect(incidentResolved(h, 'a', T0 + 5 * 60_000)).toMatchObject({ recoveredAt: T0 + 5 * 60_000 });
    expect(h.incidents).toHaveLength(1);
  });

  it('is kept by a save and its reading, and compacted by its close like any end', async () => {
    const h = emptyHistory('demo', T0);
    incidentOpened(h, entry('a'));
    incidentClosed(h, 'a', T0 + 60_000, 'stopped');
    const read = (await parseHistory(JSON.stringify(h), 'demo', {
      now: T0 + 60_000,
      pause: async () => undefined,
    })) as TargetHistory;
    expect(read.incidents[0]).toMatchObject({ closedAt: T0 + 60_000, closedHow: 'stopped' });
    expect(compact(read, T0 + 60_000 + KEEP_MS + 1).incidents).toEqual([]);
  });

  const closed = { ...entry('a'), n: 3, closedAt: T0 + 31 * 60_000, closedHow: 'lapsed' as const };
  it('is said closed, and how, by the list, the write-up and its JSON; never "still open"', () => {
    expect(incidentLine('en', 'demo', closed, 'UTC')).toMatch(
      /^demo-3 .* · closed: told once, its evidence since aged out$/,
    );
    expect(incidentLine('zh-CN', 'demo', closed, 'UTC')).toMatch(/已关闭：已告知过一次/);
    const reply = incidentReply('en', 'demo', closed);
    expect(reply.title).toMatch(/— closed: told once/);
    expect(reply.lines?.join('\n')).toMatch(/02:31:00 {2}closed: told once/);
    expect(incidentJson('demo', closed)).toMatchObject({
      closed: new Date(T0 + 31 * 60_000).toISOString(),
      closed_how: 'lapsed',
    });
    for (const how of ['stopped', 'down'] as const)
      for (const locale of ['en', 'zh-CN'] as const)
        expect(incidentLine(locale, 'demo', { ...closed, closedHow: how }, 'UTC')).not.toMatch(/still open|仍未恢复/);
  });
});

describe('a flapping recovery in /history names what went down (issue 77 item 5)', () => {
  // Beside an incident list that holds a QQ incident, "(went down 3 times)" of a death counted the gateway's outages
  // alone and said so of nothing: now it says whose.
  const flapped = (check: string, platform?: string): AuditRecord => ({
    ts: '2026-11-27T02:00:00.000Z',
    type: 'alert.resolve',
    target: 'demo',
    check,
    actor: 'gatewatch',
    detail: {
      kind: 'resolve',
      title: 'T',
      downtime_ms: 1000,
      flapping: true,
      downs: 3,
      ...(platform ? { platform } : {}),
    },
  });
  it('the gateway, a platform by its name, or it, in both locales', () => {
    const say = (r: AuditRecord, locale: 'en' | 'zh-CN') => describeRecord(r, locale, 30 * 60_000);
    expect(say(flapped('state_stale_running'), 'en')).toBe(
      'recovered after 1s: T (the gateway went down 3 times in 30m)',
    );
    expect(say(flapped('platform_down', 'qqbot'), 'en')).toBe('recovered after 1s: T (QQ went down 3 times in 30m)');
    expect(say(flapped('disconnect_storm', 'qqbot'), 'en')).toBe('recovered after 1s: T (it went down 3 times in 30m)');
    expect(say(flapped('state_stale_running'), 'zh-CN')).toBe('1 秒后恢复：T（网关在 30 分钟内中断 3 次）');
    expect(say(flapped('platform_down', 'qqbot'), 'zh-CN')).toBe('1 秒后恢复：T（QQ在 30 分钟内中断 3 次）');
  });
});

describe("the audit's alert.close and resume, in /history", () => {
  const rec = (detail: Record<string, unknown>, type: AuditRecord['type'] = 'alert.close'): AuditRecord => ({
    ts: '2026-11-27T02:00:00.000Z',
    type,
    target: 'demo',
    check: 'state_stale_running',
    actor: 'gatewatch',
    detail: { incident: 'demo:state_stale_running#killed@x', title: 'Gateway died without a shutdown', ...detail },
  });
  const say = (r: AuditRecord, locale: 'en' | 'zh-CN') => describeRecord(r, locale, 30 * 60_000);

  it('says how it closed and what carried it on, by its title, in both locales', () => {
    const replaced = rec({
      kind: 'close',
      how: 'replaced',
      by: 'demo:platform_down:qqbot@y',
      by_title: 'QQ cannot be reached',
    });
    expect(say(replaced, 'en')).toBe('closed, carried on by "QQ cannot be reached": Gateway died without a shutdown');
    expect(say(replaced, 'zh-CN')).toBe('已关闭，由“QQ cannot be reached”接续：Gateway died without a shutdown');
    expect(say(rec({ kind: 'close', how: 'stopped' }), 'en')).toBe(
      'closed, the gateway was stopped on purpose: Gateway died without a shutdown',
    );
    expect(say(rec({ kind: 'close', how: 'lapsed', muted: true }), 'en')).toMatch(/^closed, told once .*\[muted\]$/);
    expect(say(rec({ kind: 'resume' }, 'alert.open'), 'en')).toBe(
      'found again once the gateway was back: Gateway died without a shutdown',
    );
    for (const how of ['replaced', 'stopped', 'down', 'lapsed'])
      expect(say(rec({ kind: 'close', how }), 'zh-CN')).toMatch(/^已关闭/);
  });
});
