// The chart as data: rows in their order (the target's own first, a served profile's after), spans that cover the
// window with what was not watched first, and a bound on the rows one picture draws.
import { describe, expect, it } from 'vitest';
import { chartLayout } from '../../src/delivery/chart-svg.js';
import { MAX_ROWS, spansOf, uptimeChart } from '../../src/history/chart.js';
import { emptyHistory, type Health, type TargetHistory } from '../../src/history/model.js';

const H = 3_600_000;

const target = (name: string, platforms: string[]): TargetHistory => ({
  ...emptyHistory(name, 0),
  seenAt: 10 * H,
  platforms: Object.fromEntries(platforms.map((p) => [p, [[0, 'up' as Health]]])),
});

describe('uptimeChart', () => {
  it("orders rows: the target, its own platforms, then its served profiles' platforms", () => {
    const c = uptimeChart([target('prod', ['qqbot', 'ops:discord', 'feishu', 'ops:slack'])], {
      title: 't',
      from: 0,
      to: 10 * H,
      locale: 'en',
    });
    expect(c.rows.map((r) => r.label)).toEqual(['prod', 'feishu', 'qqbot', 'ops:discord', 'ops:slack']);
  });

  it('spans cover the window: not watched before the first change, merged where the state stays', () => {
    expect(
      spansOf(
        [
          [2 * H, 'up'],
          [3 * H, 'up'],
          [4 * H, 'down'],
        ],
        H,
        5 * H,
      ),
    ).toEqual([
      [H, 2 * H, 'unknown'],
      [2 * H, 4 * H, 'up'],
      [4 * H, 5 * H, 'down'],
    ]);
  });

  it(`draws at most ${MAX_ROWS} rows, every target's own first, and says what it left out; the picture's height stays bounded`, () => {
    const targets = ['a', 'b', 'c'].map((n) =>
      target(
        n,
        Array.from({ length: 20 }, (_, i) => `p${i}`),
      ),
    );
    const c = uptimeChart(targets, { title: 't', from: 0, to: 10 * H, locale: 'en', note: 'not counted' });
    expect(c.rows).toHaveLength(MAX_ROWS);
    expect(c.rows.filter((r) => r.target).map((r) => r.label)).toEqual(['a', 'b', 'c']);
    expect(c.note).toBe('not counted; 47 more platforms not drawn, none of them down or deaf in this window');
    expect(chartLayout(c).height).toBeLessThan(1_500);
    const zh = uptimeChart(targets, { title: 't', from: 0, to: 10 * H, locale: 'zh-CN' });
    expect(zh.note).toBe('另有 47 个平台未画出，在此时段内都没有中断或失聪');
    // More targets than rows: the others are named by count, with the way to see one.
    const many = Array.from({ length: 20 }, (_, i) => target(`t${i}`, ['qq']));
    expect(uptimeChart(many, { title: 't', from: 0, to: 10 * H, locale: 'en' }).note).toBe(
      '4 more targets not drawn (/uptime TARGET for one target); 20 more platforms not drawn, none of them down or deaf in this window',
    );
  });
});
