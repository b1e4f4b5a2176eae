// The chaos soak's verdict must itself be trustworthy: a lost alert, a recovery mistaken for an alert, a budget overrun
// and a leak are each caught. (The soak runs with `npm run chaos`; this checks its judge.)
import { describe, expect, it } from 'vitest';
import { carries, verify, verifyStarved, type AuditLike, type ChaosRecords } from '../chaos/verify.js';
import { makeSchedule } from '../chaos/schedule.js';

const open = (title: string, ts = '2026-11-22T10:00:00.000Z', kind = 'open'): AuditLike => ({
  ts,
  type: 'alert.open',
  target: 'demo',
  actor: 'gatewatch',
  detail: { kind, title, incident: `demo:${title}` },
});
const restart = (ts: string): AuditLike => ({ ts, type: 'restart.begin', target: 'demo', actor: 'gatewatch' });

const base = (over: Partial<ChaosRecords>): ChaosRecords => ({
  audit: [],
  delivered: {},
  required: ['console', 'qq'],
  deduplicating: ['qq'],
  openAtEnd: [],
  budget: { maxRestarts: 3, windowMs: 600_000 },
  rss: [],
  connected: {},
  ...over,
});

describe('chaos verdict', () => {
  it('a recovery or a reminder does not count as delivery of the alert itself', () => {
    const a = { target: 'demo', title: 'Gateway died', kind: 'open' };
    expect(carries('🔴 demo: Gateway died\n  target  demo', a)).toBe(true);
    expect(carries('✅ Recovered — demo: Gateway died', a)).toBe(false);
    expect(carries('🔴 Still failing — demo: Gateway died', a)).toBe(false);
    expect(carries('{"title":"demo: Gateway died"}', a)).toBe(true);
    const quoted = { target: 'demo', title: 'state file still says "running"', kind: 'open' };
    expect(carries(JSON.stringify({ title: 'demo: state file still says "running"' }), quoted)).toBe(true);
  });

  it('counts an alert lost on one channel and fails; duplicates are counted, not failed', () => {
    const r = verify(
      base({
        audit: [open('Gateway died'), open('Gateway died', '2026-11-22T10:05:00.000Z'), open('QQ gave up')],
        delivered: {
          console: ['🔴 demo: Gateway died', '🔴 demo: Gateway died', '🔴 demo: QQ gave up', '🔴 demo: QQ gave up'],
          qq: ['demo: Gateway died', '✅ Recovered — demo: Gateway died', 'demo: QQ gave up'],
        },
      }),
    );
    expect(r.channels.console).toMatchObject({ expected: 3, delivered: 3, lost: 0, duplicates: 1 });
    expect(r.channels.qq).toMatchObject({ expected: 3, delivered: 2, lost: 1 });
    expect(r.failures).toEqual(['qq: 1 of 3 alerts never arrived']);
  });

  it('fails on more automatic restarts in one window than the budget, not on the same number spread out', () => {
    const spread = verify(
      base({ audit: ['10:00', '10:04', '10:08', '10:11', '10:15'].map((t) => restart(`2026-11-22T${t}:00.000Z`)) }),
    );
    expect(spread.maxInWindow).toBe(3);
    expect(spread.failures).toEqual([]);
    const burst = verify(
      base({ audit: ['10:00', '10:01', '10:02', '10:03'].map((t) => restart(`2026-11-22T${t}:00.000Z`)) }),
    );
    expect(burst.failures[0]).toMatch(/4 automatic restarts inside one 10 min window \(budget 3\)/);
  });

  it('a verified restart whose cause stayed away is free, as gatewatch counts its budget; a cause that came back is not', () => {
    const at = (m: number) => `2026-11-22T10:0${m}:00.000Z`;
    const fixed = (m: number, reason: string): AuditLike[] => [
      { ts: at(m), type: 'restart.begin', target: 'demo', actor: 'gatewatch', detail: { reason } },
      { ts: at(m), type: 'restart.ok', target: 'demo', actor: 'gatewatch', detail: { reason } },
    ];
    const many = verify(base({ audit: ['a', 'b', 'c', 'd', 'e'].flatMap((reason, m) => fixed(m, reason)) }));
    expect(many.autoRestarts).toBe(5);
    expect(many.maxInWindow).toBe(0);
    expect(many.failures).toEqual([]);
    const recurring = verify(base({ audit: [0, 1, 2, 3, 4].flatMap((m) => fixed(m, 'same')) }));
    expect(recurring.maxInWindow).toBe(4);
    expect(recurring.failures[0]).toMatch(/4 automatic restarts inside one 10 min window/);
  });

  it('fails when RSS grows more than 15% from the first tenth of the samples to the last', () => {
    const flat = verify(base({ rss: Array.from({ length: 50 }, (_, i) => 60e6 + (i % 3) * 1e6) }));
    expect(flat.failures).toEqual([]);
    const leak = verify(base({ rss: Array.from({ length: 50 }, (_, i) => 60e6 + i * 1e6) }));
    expect(leak.failures[0]).toMatch(/RSS grew/);
  });

  it('fails on incidents left open and channels not connected at the end', () => {
    const r = verify(base({ openAtEnd: ['demo:process_down'], connected: { qq: true, feishu: false } }));
    expect(r.failures).toEqual([
      'incidents still open after the faults cleared: demo:process_down',
      'feishu not connected at the end',
    ]);
  });

  it('fails on a forbidden string in any surface, naming what and where, never the string itself', () => {
    const r = verify(
      base({
        forbidden: [{ text: 'hunter2-s3cr3t', what: 'a password= value' }],
        surfaces: { qq: 'ok', 'state.json': '{"x":"hunter2-s3cr3t"}' },
      }),
    );
    expect(r.leaks).toEqual(['a password= value in state.json']);
    expect(r.failures.join('\n')).not.toContain('hunter2');
  });

  it('fails on a message with an unworded value in it ("[object Object]", "undefined", a {placeholder})', () => {
    const said = (title: string): AuditLike => ({
      ts: '2026-11-22T10:00:00.000Z',
      type: 'delivery',
      target: 'demo',
      actor: 'gatewatch',
      detail: { kind: 'resolve', title, channel: 'qq' },
    });
    const r = verify(
      base({
        audit: [
          said('demo: the drops of [object Object] have eased: 8 drops in all, 5 when alerted'),
          said('demo: QQ is back: undefined, down 1m'),
          said('demo: {name} is back'),
          said('demo: QQ is back: Hermes reconnected it, down 1m 47s'),
        ],
      }),
    );
    expect(r.failures).toEqual([
      'unworded values in 3 messages, e.g. "demo: the drops of [object Object] have eased: 8 drops in all, 5 when alerted"',
    ]);
  });

  it('the schedule is the same for the same seed and differs for another', () => {
    expect(makeSchedule(7, 3)).toEqual(makeSchedule(7, 3));
    expect(makeSchedule(7, 3)).not.toEqual(makeSchedule(8, 3));
    const s = makeSchedule(7, 8);
    expect(s.length).toBeGreaterThan(25);
    expect(s.every((e) => e.atMs >= 20_000 && e.atMs < 8 * 60_000)).toBe(true);
  });
});

describe('the starved phase verdict', () => {
  const T = Date.parse('2026-11-22T10:00:00.000Z');
  const rec = (s: number, type: string, check?: string): AuditLike =>
    ({
      ts: new Date(T + s * 1000).toISOString(),
      type,
      target: 'demo',
      actor: 'gatewatch',
      ...(check ? { check, detail: { title: `${check} title` } } : {}),
    }) as AuditLike;
  const phase = { target: 'demo', from: T, killAt: T + 25_000, to: T + 70_000, boundMs: 10_000 };

  it('a kill alerted within the bound and restarted once: the figures, no failure', () => {
    const r = verifyStarved(
      [
        rec(-5, 'alert.open', 'state_stale_running'), // before the phase: not its business
        rec(3, 'alert.open', 'platform_down'), // not a death
        rec(29.5, 'alert.open', 'state_stale_running'),
        rec(29.6, 'restart.begin'),
        rec(41, 'restart.ok'),
      ],
      phase,
    );
    expect(r).toEqual({ detectMs: 4_500, restartMs: 16_000, failures: [] });
  });

  it('fails on a live gateway called dead or restarted before the kill, and on the restarted one called dead', () => {
    const r = verifyStarved(
      [
        rec(12, 'alert.open', 'state_stale_running'),
        rec(12.1, 'restart.begin'),
        rec(27, 'alert.open', 'process_down'),
        rec(28, 'restart.begin'),
        rec(33, 'restart.ok'),
        rec(50, 'alert.open', 'state_stale_running'),
      ],
      phase,
    );
    expect(r.failures).toEqual([
      'starved: the live gateway was called dead at +12.0s: state_stale_running title',
      'starved: the live gateway was restarted at +12.1s',
      'starved: the restarted gateway was called dead at +50.0s: state_stale_running title',
    ]);
  });

  it('fails on a kill never alerted, alerted late, restarted twice or not verified', () => {
    expect(verifyStarved([], phase).failures).toEqual(['starved: the SIGKILL was never alerted']);
    const late = verifyStarved(
      [rec(40, 'alert.open', 'state_stale_running'), rec(41, 'restart.begin'), rec(50, 'restart.begin')],
      phase,
    );
    expect(late.failures).toEqual([
      'starved: the SIGKILL was alerted after 15000 ms (bound 10000 ms)',
      'starved: 2 restarts after one kill',
      'starved: the restart after the kill was not verified',
    ]);
  });
});
