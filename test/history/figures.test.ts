// The figures of a window from a history with outages of known length: availability, downtime, the time each
// state lasted, what does not count (stopped on purpose, muted, unwatched), incidents and restarts.
import { describe, expect, it } from 'vitest';
import { figures, targetChanges } from '../../src/history/figures.js';
import { emptyHistory, WINDOWS, type TargetHistory } from '../../src/history/model.js';
import { incidentOpened, incidentResolved, observe, restarted } from '../../src/history/record.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);

/** A history built by observing `steps` ([minutes after T0, {platform: state}]). */
function history(steps: [number, Record<string, string>][]): TargetHistory {
  const h = emptyHistory('default', T0);
  for (const [m, states] of steps) observe(h, states as never, T0 + m * MIN);
  return h;
}

describe('figures', () => {
  it('counts a 3-minute QQ outage in an hour watched: downtime, availability and "since"', () => {
    const h = history([
      [0, { qqbot: 'up', feishu: 'up' }],
      [20, { qqbot: 'down', feishu: 'up' }],
      [23, { qqbot: 'up', feishu: 'up' }],
    ]);
    const f = figures(h, WINDOWS['24h'], T0 + 60 * MIN);
    expect(f.partial).toBe(true);
    expect(f.from).toBe(T0);
    expect(f.downtimeMs).toBe(3 * MIN);
    expect(f.availability).toBeCloseTo(57 / 60, 10);
    const qq = f.platforms.find((p) => p.platform === 'qqbot')!;
    expect(qq.downtimeMs).toBe(3 * MIN);
    expect(qq.durations.down).toBe(3 * MIN);
    expect(f.platforms.find((p) => p.platform === 'feishu')!.availability).toBe(1);
  });

  it.each([
    ['stopped by the operator', 'stopped'],
    ['muted for maintenance', 'muted'],
    ['not watched', 'unknown'],
  ])('time %s is not downtime and not in the availability', (_what, state) => {
    const h = history([
      [0, { qqbot: 'up' }],
      [10, { qqbot: state }],
      [40, { qqbot: 'up' }],
    ]);
    const f = figures(h, WINDOWS['24h'], T0 + 60 * MIN);
    expect(f.downtimeMs).toBe(0);
    expect(f.availability).toBe(1);
    expect(f.durations[state as 'stopped']).toBe(30 * MIN);
  });

  it('counts deaf time as downtime, and the target is down while any platform is', () => {
    const h = history([
      [0, { qqbot: 'up', feishu: 'up' }],
      [10, { qqbot: 'deaf', feishu: 'up' }],
      [15, { qqbot: 'deaf', feishu: 'down' }],
      [20, { qqbot: 'up', feishu: 'down' }],
      [30, { qqbot: 'up', feishu: 'up' }],
    ]);
    expect(targetChanges(h).map(([t, s]) => [(t - T0) / MIN, s])).toEqual([
      [0, 'up'],
      [10, 'deaf'],
      [15, 'down'],
      [30, 'up'],
    ]);
    const f = figures(h, WINDOWS['24h'], T0 + 60 * MIN);
    expect(f.downtimeMs).toBe(20 * MIN);
    expect(f.durations.deaf).toBe(5 * MIN);
    expect(f.durations.down).toBe(15 * MIN);
  });

  it("gives every window the same figures from the target's changes merged once (a /metrics scrape's three)", () => {
    const h = history([
      [0, { qqbot: 'up', feishu: 'up' }],
      [20, { qqbot: 'down', feishu: 'deaf' }],
      [23, { qqbot: 'up', feishu: 'up' }],
      [8 * 24 * 60, { qqbot: 'down', feishu: 'up' }],
    ]);
    const now = T0 + 9 * 24 * 60 * MIN;
    const merged = targetChanges(h);
    for (const ms of Object.values(WINDOWS)) expect(figures(h, ms, now, merged)).toEqual(figures(h, ms, now));
  });

  it('cuts at the window: a week-old outage is in 7d, not in 24h', () => {
    const h = history([
      [0, { qqbot: 'up' }],
      [60, { qqbot: 'down' }],
      [90, { qqbot: 'up' }],
    ]);
    const now = T0 + 3 * 24 * 60 * MIN;
    expect(figures(h, WINDOWS['24h'], now)).toMatchObject({ downtimeMs: 0, availability: 1, partial: false });
    expect(figures(h, WINDOWS['7d'], now)).toMatchObject({ downtimeMs: 30 * MIN, partial: true });
  });

  it('times to detect and to recover, restarts and the share that helped', () => {
    const h = history([[0, { qqbot: 'up' }]]);
    incidentOpened(h, {
      id: 'a',
      check: 'qq_dead',
      title: 'QQ dead',
      severity: 'critical',
      firstAt: T0 + 10 * MIN,
      alertAt: T0 + 11 * MIN,
    });
    incidentResolved(h, 'a', T0 + 15 * MIN);
    incidentOpened(h, {
      id: 'b',
      check: 'x',
      title: 'X',
      severity: 'warning',
      firstAt: T0 + 20 * MIN,
      alertAt: T0 + 23 * MIN,
    });
    // A second alert of an open incident is the same episode; after recovery the same id is a new one.
    incidentOpened(h, {
      id: 'b',
      check: 'x',
      title: 'X',
      severity: 'warning',
      firstAt: T0 + 20 * MIN,
      alertAt: T0 + 25 * MIN,
    });
    restarted(h, { at: T0 + 12 * MIN, ok: true, actor: 'gatewatch' });
    restarted(h, { at: T0 + 24 * MIN, ok: false, actor: 'gatewatch' });
    const f = figures(h, WINDOWS['24h'], T0 + 60 * MIN);
    expect(f.incidents).toBe(2);
    expect(f.timeToDetectMs).toBe(2 * MIN);
    expect(f.timeToRecoverMs).toBe(4 * MIN);
    expect([f.restarts, f.restartsHelped]).toEqual([2, 1]);
  });

  it('an observation after gatewatch was away leaves the gap unknown', () => {
    const h = history([[0, { qqbot: 'up' }]]);
    observe(h, { qqbot: 'up' }, T0 + 30 * MIN, true);
    const f = figures(h, WINDOWS['24h'], T0 + 60 * MIN);
    expect(f.durations.unknown).toBe(30 * MIN);
    expect(f.availability).toBe(1);
  });
});

describe('time to recover', () => {
  it('is none, never negative, for an incident back before its alert went out (a supervisor faster than the judgement)', () => {
    const h = history([[0, { qqbot: 'up' }]]);
    h.incidents.push({
      id: 'i',
      check: 'state_stale_running',
      title: 'died',
      severity: 'critical',
      firstAt: T0 + MIN,
      alertAt: T0 + 2 * MIN,
      recoveredAt: T0 + MIN + 30_000,
    });
    expect(figures(h, WINDOWS['24h'], T0 + 10 * MIN).timeToRecoverMs).toBe(0);
  });
});
