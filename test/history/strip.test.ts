// The text strip of /uptime, the weekly report and /status: the bars start in one column whatever the platforms are
// called (a Chinese name takes two columns a character; a served profile's name, longer than a phone's label column,
// has a line of its own above its bar: issue 61), and each cell is marked as the one legend says.
import { describe, expect, it } from 'vitest';
import { stripRows } from '../../src/history/describe.js';
import { emptyHistory, type TargetHistory } from '../../src/history/model.js';
import { displayWidth, LABEL_COLUMNS } from '../../src/util/width.js';
import { t } from '../../src/i18n.js';

const H = 3_600_000;
const NOW = 100 * H;

const history = (platforms: TargetHistory['platforms']): TargetHistory => ({
  ...emptyHistory('gw', NOW - 30 * H),
  platforms,
});

/** The display column each bar starts in (a name too long for the column is a line of its own, without a bar). */
const barColumns = (rows: string[]) =>
  rows.filter((r) => r.includes('|')).map((r) => displayWidth(r.slice(0, r.indexOf('|'))));

describe('the strip rows', () => {
  it('align the bars for profile platforms, longer than a plain platform name', () => {
    const rows = stripRows(
      history({
        telegram: [[NOW - 30 * H, 'up']],
        'coder:discord': [
          [NOW - 30 * H, 'up'],
          [NOW - 2.2 * H, 'down'],
        ],
        'ops:feishu': [[NOW - 5 * H, 'up']],
      }),
      NOW - 24 * H,
      NOW,
      'en',
    );
    expect(new Set(barColumns(rows)).size).toBe(1);
    expect(barColumns(rows)[0]).toBeLessThanOrEqual(LABEL_COLUMNS + 1);
    // The root's platforms first, then each profile's, a long name above its bar.
    expect(rows.slice(1, 4)).toEqual([
      `  Telegram |${'█'.repeat(24)}|`,
      '  Discord in profile coder',
      `           |${'█'.repeat(21)}▄··|`,
    ]);
  });

  it('count a Chinese name as two columns a character', () => {
    const rows = stripRows(
      history({
        飞书: [[NOW - 30 * H, 'up']],
        企业微信机器: [[NOW - 30 * H, 'up']],
        qqbot: [[NOW - 30 * H, 'up']],
      }),
      NOW - 24 * H,
      NOW,
      'en',
    );
    expect(new Set(barColumns(rows)).size).toBe(1);
    expect(barColumns(rows)[0]).toBe(displayWidth('  企业微信机器') + 1);
  });

  it('keep the 8-column pad for short names', () => {
    expect(stripRows(history({ qq: [[NOW - 30 * H, 'up']] }), NOW - 24 * H, NOW, 'en')).toEqual([
      `gw       |${'█'.repeat(24)}|`,
      `  qq     |${'█'.repeat(24)}|`,
    ]);
  });

  it("name each platform as a person does, in the reader's language, never by its key", () => {
    const h = history({ qqbot: [[NOW - 30 * H, 'up']], 'ops:discord': [[NOW - 30 * H, 'up']] });
    const names = (locale: 'en' | 'zh-CN') =>
      stripRows(h, NOW - 24 * H, NOW, locale)
        .map((r) => r.split('|')[0]!.trim())
        .filter(Boolean);
    expect(names('en')).toEqual(['gw', 'QQ', 'Discord in profile ops']);
    expect(names('zh-CN')).toEqual(['gw', 'QQ', 'profile ops 中的 Discord']);
  });

  it('draw stopped, muted and unwatched time blank, as the legend and the picture say', () => {
    const rows = stripRows(
      history({
        qq: [
          [NOW - 30 * H, 'up'],
          [NOW - 10 * H, 'stopped'],
          [NOW - 8 * H, 'up'],
          [NOW - 6 * H, 'muted'],
          [NOW - 5 * H, 'up'],
          [NOW - 2 * H, 'unknown'],
        ],
      }),
      NOW - 24 * H,
      NOW,
      'en',
    );
    expect(rows[1]).toBe(`  qq     |${'█'.repeat(14)}  ██ ███  |`);
    for (const locale of ['en', 'zh-CN'] as const)
      expect(t(locale, 'uptime.legend')).toContain(t(locale, 'uptime.legend.off'));
  });

  it('end with the state now: up after a longer outage is partly down, never down; down now is down (issue 61)', () => {
    const rows = stripRows(
      history({
        back: [
          [NOW - 30 * H, 'up'],
          [NOW - 0.9 * H, 'down'],
          [NOW - 0.1 * H, 'up'],
        ],
        gone: [
          [NOW - 30 * H, 'up'],
          [NOW - 0.1 * H, 'down'],
        ],
        stopped: [
          [NOW - 30 * H, 'up'],
          [NOW - 0.1 * H, 'stopped'],
        ],
      }),
      NOW - 24 * H,
      NOW,
      'en',
    );
    expect(rows.map((r) => r.slice(-2, -1))).toEqual(['·', '▄', '·', ' ']);
  });
});
