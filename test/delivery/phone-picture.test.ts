// /uptime's picture as a phone shows it, in a chat bubble about 400 px wide: every word big enough to read there (at
// least 3 % of the picture's width), a platform up half the time drawn half green and half red (not red for any
// outage within a pixel), a history with nothing watched saying so, the weekly picture spanning what was watched as
// /uptime's does, and a row cap whose note helps one target with a hundred platforms. Decoded where it is about pixels.
import { describe, expect, it } from 'vitest';
import { chartSvg } from '../../src/delivery/chart-svg.js';
import { weeklyDigest } from '../../src/core/report.js';
import { MAX_ROWS, uptimeChart } from '../../src/history/chart.js';
import { emptyHistory, type Change, type TargetHistory } from '../../src/history/model.js';
import { draw, GREEN, RED } from '../helpers/chart-pixels.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);

function history(platforms: Record<string, Change[]>, since = NOW - DAY): TargetHistory {
  return { ...emptyHistory('prod', since), seenAt: NOW, platforms };
}

/** Up 30 s, down 30 s, all day: up half the time. */
const flapping = (): Change[] =>
  Array.from({ length: DAY / 30_000 }, (_, i): Change => [NOW - DAY + i * 30_000, i % 2 ? 'down' : 'up']);

describe('the /uptime picture on a phone', () => {
  it('draws every word at 3 % of its width or more: the title reads about 12 px tall in a 400-px bubble', async () => {
    const c = uptimeChart([history({ qqbot: flapping(), feishu: [[NOW - DAY, 'up']] })], {
      title: 'Uptime of prod, last 24h',
      from: NOW - DAY,
      to: NOW,
      locale: 'en',
      note: 'Time stopped on purpose, muted for maintenance or not watched is not downtime.',
    });
    const svg = chartSvg(c);
    const width = Number(/<svg [^>]*width="(\d+)"/.exec(svg)![1]);
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(0.03 * width);
    // Decoded: the title's ink (the first band of dark rows from the top) is tall at 400 px across.
    const { png } = await draw(c);
    const dark = (y: number) => {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        if (png.data[i]! < 100 && png.data[i + 1]! < 100 && png.data[i + 2]! < 100) return true;
      }
      return false;
    };
    let top = 0;
    while (!dark(top)) top++;
    let bottom = top;
    while (dark(bottom + 1)) bottom++;
    expect(((bottom - top + 1) / png.width) * 400).toBeGreaterThanOrEqual(10);
  });

  it('a platform up half the time is drawn half green, half red in every column, not red throughout', async () => {
    const c = uptimeChart([history({ qqbot: flapping() })], {
      title: 'Uptime, last 24h',
      from: NOW - DAY,
      to: NOW,
      locale: 'en',
    });
    const { share, L } = await draw(c);
    for (let col = 1; col < L.barW - 1; col++) {
      expect(share(1, col, RED), `column ${col}`).toBeGreaterThan(0.35);
      expect(share(1, col, RED), `column ${col}`).toBeLessThan(0.65);
      expect(share(1, col, GREEN), `column ${col}`).toBeGreaterThan(0.35);
    }
  });

  it('a history with nothing watched yet says so in words, in the picture', () => {
    const en = uptimeChart([history({})], { title: 'Uptime, last 24h', from: NOW - 60_000, to: NOW, locale: 'en' });
    expect(chartSvg(en)).toMatch(/>Nothing watched yet[^<]*</);
    const zh = uptimeChart([history({})], { title: 'x', from: NOW - 60_000, to: NOW, locale: 'zh-CN' });
    expect(chartSvg(zh)).toMatch(/>尚未监控到任何内容[^<]*</);
  });

  it('the weekly picture spans what was watched, as /uptime does, and says since when', () => {
    const since = NOW - 2 * 3_600_000;
    const r = weeklyDigest([history({ qqbot: [[since, 'up']] }, since)], NOW, { locale: 'en', gatewatch: '0.1.0' });
    expect(r.chart!.from).toBe(since);
    expect(r.chart!.note).toMatch(/Watched since/);
  });

  it(`one target of 100 platforms: the ${MAX_ROWS} rows drawn hold those that were down, the note says the rest were not`, () => {
    const platforms: Record<string, Change[]> = {};
    for (let i = 0; i < 100; i++) platforms[`p${String(i).padStart(3, '0')}`] = [[NOW - DAY, 'up']];
    for (const p of ['p050', 'p077', 'p099'])
      platforms[p] = [
        [NOW - DAY, 'up'],
        [NOW - 3_600_000, 'down'],
        [NOW - 3_000_000, 'up'],
      ];
    const c = uptimeChart([history(platforms)], { title: 't', from: NOW - DAY, to: NOW, locale: 'en' });
    expect(c.rows.length).toBeLessThanOrEqual(MAX_ROWS);
    expect(c.rows.map((r) => r.label)).toEqual(expect.arrayContaining(['prod', 'p050', 'p077', 'p099']));
    expect(c.note).not.toMatch(/\/uptime TARGET/);
    expect(c.note).toMatch(new RegExp(`${101 - MAX_ROWS} more platforms, none of them down or deaf`));
  });
});
