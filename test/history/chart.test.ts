// The chart as data: rows in their order (the target's own first, a served profile's after), spans that cover the
// window with what was not watched first, and a bound on the rows one picture draws.
import { describe, expect, it } from 'vitest';
import { chartLayout } from '../../src/delivery/chart-svg.js';
import { MAX_ROWS, spansOf, uptimeChart } from '../../src/history/chart.js';
import { emptyHistory, type Health, type TargetHistory } from '../../src/history/model.js';
import { t } from '../../src/i18n.js';

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
    // Each as a person names it (issue 55 item 5).
    expect(c.rows.map((r) => r.label)).toEqual([
      'prod',
      'Feishu',
      'QQ',
      'Discord in profile ops',
      'Slack in profile ops',
    ]);
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
    const c = uptimeChart(targets, { title: 't', from: 0, to: 10 * H, locale: 'en', note: 'Not counted.' });
    expect(c.rows).toHaveLength(MAX_ROWS);
    expect(c.rows.filter((r) => r.target).map((r) => r.label)).toEqual(['a', 'b', 'c']);
    expect(c.note).toBe('Not counted. Not drawn: 47 more platforms, none of them down or deaf in this window.');
    expect(chartLayout(c).height).toBeLessThan(1_500);
    const zh = uptimeChart(targets, { title: 't', from: 0, to: 10 * H, locale: 'zh-CN' });
    expect(zh.note).toBe('未画出：另有 47 个平台，在此时段内都没有中断或失聪。');
    // More targets than rows: the others are named by count, with the way to see one.
    const many = Array.from({ length: 20 }, (_, i) => target(`t${i}`, ['qq']));
    expect(uptimeChart(many, { title: 't', from: 0, to: 10 * H, locale: 'en' }).note).toBe(
      'Not drawn: 4 more targets (/uptime TARGET for one target); 20 more platforms, none of them down or deaf in this window.',
    );
  });

  it("says its footnote in sentences: /uptime's own note, then what the picture leaves out, no capital after a semicolon", () => {
    const young = { ...target('prod', ['qq']), since: 8 * H };
    for (const locale of ['en', 'zh-CN'] as const) {
      const note = t(locale, 'uptime.not_counted');
      const c = uptimeChart([young], { title: 't', from: 8 * H, to: 10 * H, locale, note, window: 24 * H });
      expect(c.note!.startsWith(note)).toBe(true);
      expect(c.note).not.toMatch(/; [A-Z]|；\s*[A-Z]|\.;|。；/);
    }
    const en = uptimeChart([young], { title: 't', from: 8 * H, to: 10 * H, locale: 'en', window: 24 * H });
    expect(en.note).toMatch(/^Watched since \d\d-\d\d \d\d:\d\d\.$/);
  });
});
