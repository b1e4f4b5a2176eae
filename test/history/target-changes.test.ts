// The target's own changes, merged from its platforms' in time order: the same as asking every platform its state at
// every change (what it did before it was made fast enough for a hundred platforms), on random histories.
import { describe, expect, it } from 'vitest';
import { targetChanges } from '../../src/history/figures.js';
import { emptyHistory, HEALTHS, type Change, type Health, type TargetHistory } from '../../src/history/model.js';
import { rng } from '../helpers/rng.js';

/** The worst state of all at each change of any (the rule figures.ts keeps: down, deaf, up, stopped, muted, unknown). */
function asked(h: TargetHistory): Change[] {
  const lists = Object.values(h.platforms);
  const times = [...new Set(lists.flatMap((l) => l.map(([t]) => t)))].sort((a, b) => a - b);
  const out: Change[] = [];
  for (const t of times) {
    const states = lists.map((l) => l.filter(([at]) => at <= t).at(-1)?.[1] ?? 'unknown');
    const s = (['down', 'deaf', 'up', 'stopped', 'muted'] as const).find((x) => states.includes(x)) ?? 'unknown';
    if (out.at(-1)?.[1] !== s) out.push([t, s]);
  }
  return out;
}

/** A platform's random changes (up to `most`): same times and repeated states among them. */
function randomList(r: () => number, most: number): Change[] {
  const list: Change[] = [];
  let t = Math.floor(r() * 5) * 1_000;
  for (let i = 0; i < Math.floor(r() * most); i++) {
    list.push([t, HEALTHS[Math.floor(r() * HEALTHS.length)] as Health]);
    t += Math.floor(r() * 3) * 1_000;
  }
  return list;
}

describe('targetChanges', () => {
  it('is the worst of the platforms at each change, on 200 random histories (same times, repeated states included)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const h = emptyHistory('t', 0);
      for (let p = 0; p < 1 + Math.floor(r() * 6); p++) {
        h.platforms[`p${p}`] = randomList(r, 12);
      }
      expect(targetChanges(h), `seed ${seed}`).toEqual(asked(h));
    }
  });

  it('is the same with many platforms merged over several levels (odd counts left over at each)', () => {
    for (const [seed, platforms] of [
      [1, 37],
      [2, 100],
      [3, 65],
    ] as const) {
      const r = rng(seed);
      const h = emptyHistory('t', 0);
      for (let p = 0; p < platforms; p++) {
        h.platforms[`p${p}`] = randomList(r, 30);
      }
      expect(targetChanges(h), `seed ${seed}`).toEqual(asked(h));
    }
  });
});
