// The history's bound: 90 days kept, a platform's changes folded into coarser buckets past MAX_CHANGES without hiding
// downtime, entries capped.
import { describe, expect, it } from 'vitest';
import { figures } from '../../src/history/figures.js';
import { DAY_MS, emptyHistory, WINDOWS } from '../../src/history/model.js';
import type { Change, Health } from '../../src/history/model.js';
import { compact, compactChanges, KEEP_MS, MAX_CHANGES, MAX_PLATFORMS, observe } from '../../src/history/record.js';

const MIN = 60_000;

/** The state of `list` at `at` (unknown before its first change). */
function stateAt(list: readonly Change[], at: number): Health {
  let s: Health = 'unknown';
  for (const [t, v] of list) {
    if (t > at) break;
    s = v;
  }
  return s;
}
const T0 = Date.UTC(2026, 7, 1);

describe('compact', () => {
  it('drops what is older than 90 days, starting the rest from the state then', () => {
    const h = emptyHistory('default', T0);
    observe(h, { qqbot: 'down' }, T0);
    observe(h, { qqbot: 'up' }, T0 + DAY_MS);
    const now = T0 + KEEP_MS + 10 * DAY_MS;
    observe(h, { qqbot: 'up' }, now);
    compact(h, now);
    expect(h.platforms.qqbot).toEqual([[now - KEEP_MS, 'up']]);
    expect(h.since).toBe(now - KEEP_MS);
  });

  it('folds a flapping platform into buckets that keep its downtime (never less), and the last day as it was', () => {
    const h = emptyHistory('default', T0);
    // 40 days of a platform down for one minute in every ten: 5,760 changes.
    const end = T0 + 40 * DAY_MS;
    for (let t = T0; t < end; t += 10 * MIN) {
      observe(h, { qqbot: 'up' }, t);
      observe(h, { qqbot: 'down' }, t + 9 * MIN);
    }
    const before = figures(structuredClone(h), WINDOWS['30d'], end);
    const lastDayBefore = figures(structuredClone(h), WINDOWS['24h'], end);
    const lastDay = h.platforms.qqbot!.filter(([t]) => t >= end - DAY_MS);
    compact(h, end);
    expect(h.platforms.qqbot!.length).toBeLessThanOrEqual(MAX_CHANGES);
    expect(h.platforms.qqbot!.filter(([t]) => t >= end - DAY_MS)).toEqual(lastDay);
    const after = figures(h, WINDOWS['30d'], end);
    expect(after.downtimeMs).toBeGreaterThanOrEqual(before.downtimeMs);
    expect(figures(h, WINDOWS['24h'], end).downtimeMs).toBe(lastDayBefore.downtimeMs);
    // Times stay in order.
    const times = h.platforms.qqbot!.map(([t]) => t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(stateAt(h.platforms.qqbot!, end - 30 * MIN)).toBe('up');
  });
});

describe('observe', () => {
  it('keeps at most MAX_PLATFORMS platforms: a state file of thousands of keys does not grow the history with them', () => {
    const h = emptyHistory('default', 0);
    const many = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`p${i}`, 'up' as Health]));
    observe(h, many, 1_000);
    expect(Object.keys(h.platforms)).toHaveLength(MAX_PLATFORMS);
    // Those kept still change.
    observe(h, { ...many, p0: 'down' }, 2_000);
    expect(h.platforms.p0!.at(-1)).toEqual([2_000, 'down']);
    expect(h.platforms.p2999).toBeUndefined();
  });
});

describe('outages read from the log after they ended', () => {
  const S = 1_000;
  it('never overwrite what a look recorded while they lasted: a muted outage stays muted, not downtime', () => {
    const h = emptyHistory('default', 0);
    observe(h, { qqbot: 'up' }, 0, true);
    observe(h, { qqbot: { state: 'muted', at: 40 * S } }, 60 * S);
    observe(h, { qqbot: { state: 'up', at: 300 * S, outages: [[40 * S, 300 * S]] } }, 310 * S);
    expect(h.platforms.qqbot).toEqual([
      [0, 'up'],
      [40 * S, 'muted'],
      [300 * S, 'up'],
    ]);
    expect(figures(h, WINDOWS['24h'], 310 * S).downtimeMs).toBe(0);
  });

  it('an outage still failing once its mute is over is down from then, not from its start (issue 51)', () => {
    const h = emptyHistory('default', 0);
    observe(h, { qqbot: 'up' }, 0, true);
    observe(h, { qqbot: { state: 'muted', at: 40 * S } }, 60 * S);
    // The look after the mute ended: the outage dated from its start, as the finding dates it.
    observe(h, { qqbot: { state: 'down', at: 40 * S } }, 250 * S);
    observe(h, { qqbot: { state: 'up', at: 300 * S } }, 310 * S);
    expect(h.platforms.qqbot).toEqual([
      [0, 'up'],
      [40 * S, 'muted'],
      [250 * S, 'down'],
      [300 * S, 'up'],
    ]);
    expect(figures(h, WINDOWS['24h'], 310 * S).downtimeMs).toBe(50 * S);
  });

  it('one read while alerts are muted is maintenance, not downtime', () => {
    const h = emptyHistory('default', 0);
    observe(h, { qqbot: 'up' }, 0, true);
    observe(h, { qqbot: { state: 'up', at: 300 * S, outages: [[40 * S, 300 * S]], outagesAs: 'muted' } }, 310 * S);
    expect(figures(h, WINDOWS['24h'], 310 * S).downtimeMs).toBe(0);
    expect(h.platforms.qqbot).toEqual([
      [0, 'up'],
      [40 * S, 'muted'],
      [300 * S, 'up'],
    ]);
  });
});

/** The fold as it was written over arrays of changes (before columns): what compactChanges must still keep. */
function foldedAsArrays(list: Change[], now: number, cap: number): Change[] {
  const RANK: Record<Health, number> = { down: 5, deaf: 4, muted: 3, stopped: 2, unknown: 1, up: 0 };
  const cutoff = now - KEEP_MS;
  const first = list.findIndex(([t]) => t > cutoff);
  let kept = first === 0 ? list : list.slice(first === -1 ? list.length - 1 : first - 1);
  if (first !== 0) kept[0] = [cutoff, kept[0]![1]];
  for (const size of [5 * MIN, 30 * MIN, 180 * MIN, DAY_MS]) {
    if (kept.length <= cap) break;
    const until = now - DAY_MS;
    const out: Change[] = [];
    const push = (at: number, s: Health) => void (out.at(-1)?.[1] !== s && out.push([at, s]));
    let i = 0;
    while (i < kept.length && kept[i]![0] < until) {
      const start = Math.floor(kept[i]![0] / size) * size;
      const end = Math.min(start + size, until);
      let worst = out.length && kept[i]![0] > start ? out.at(-1)![1] : kept[i]![1];
      let last = worst;
      for (; i < kept.length && kept[i]![0] < end; i++) {
        last = kept[i]![1];
        if (RANK[last] > RANK[worst]) worst = last;
      }
      push(Math.max(start, out.at(-1)?.[0] ?? start), worst);
      if (last !== worst && end < until) push(end, last);
    }
    for (; i < kept.length; i++) push(kept[i]![0], kept[i]![1]);
    kept = out;
  }
  return kept.length > cap ? kept.slice(-cap) : kept;
}

describe('compactChanges, folded as columns', () => {
  it('keeps what the fold over arrays kept: lists of every length and pace, states of every kind', () => {
    const states: Health[] = ['up', 'deaf', 'down', 'stopped', 'muted', 'unknown'];
    const now = T0 + 120 * DAY_MS;
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const [n, paceMs] of [
      [1, DAY_MS],
      [40, 3 * DAY_MS],
      [3_500, 40 * MIN],
      [5_000, 7 * MIN],
      [4_000, 30_000],
    ] as const)
      for (const cap of [1, 100, 3_000]) {
        const list: Change[] = [];
        let t = now - n * paceMs;
        for (let i = 0; i < n; i++) list.push([(t += Math.ceil(rand() * 2 * paceMs)), states[Math.floor(rand() * 6)]!]);
        expect(compactChanges(structuredClone(list), now, cap)).toEqual(
          foldedAsArrays(structuredClone(list), now, cap),
        );
      }
  });
});
