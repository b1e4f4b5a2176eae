// The /status timeline's bars start in one column whatever the platforms are called: a served profile's platform
// (`coder:discord`) is longer than the old 8-column pad, and a Chinese name takes two columns a character.
import { describe, expect, it } from 'vitest';
import { renderTimelineRows, type Timeline } from '../../src/incidents/timeline.js';
import { displayWidth } from '../../src/util/width.js';

const H = 3_600_000;
const NOW = 100 * H;

/** The display column each row's bar starts in. */
const barColumns = (rows: string[]) => rows.map((r) => displayWidth(r.slice(0, r.indexOf('|'))));

describe('the timeline rows', () => {
  it('align the bars for profile platforms, longer than a plain platform name', () => {
    const tl: Timeline = {
      telegram: [[NOW - 30 * H, 'up']],
      'coder:discord': [
        [NOW - 30 * H, 'up'],
        [NOW - 2.5 * H, 'down'],
      ],
      'ops:feishu': [[NOW - 5 * H, 'up']],
    };
    const rows = renderTimelineRows(tl, NOW);
    expect(new Set(barColumns(rows)).size).toBe(1);
    expect(rows[1]).toBe(`coder:discord |${'█'.repeat(21)}▄··|`);
    expect(rows[0]!.startsWith('telegram      |')).toBe(true);
  });

  it('count a Chinese name as two columns a character', () => {
    const tl: Timeline = {
      飞书: [[NOW - 30 * H, 'up']],
      'coder:企业微信': [[NOW - 30 * H, 'up']],
      qqbot: [[NOW - 30 * H, 'up']],
    };
    const rows = renderTimelineRows(tl, NOW);
    expect(new Set(barColumns(rows)).size).toBe(1);
    expect(barColumns(rows)[0]).toBe(displayWidth('coder:企业微信') + 1);
  });

  it('keep the old 8-column pad for short names', () => {
    expect(renderTimelineRows({ qqbot: [[NOW - 30 * H, 'up']] }, NOW)[0]).toBe(`qqbot    |${'█'.repeat(24)}|`);
  });
});
