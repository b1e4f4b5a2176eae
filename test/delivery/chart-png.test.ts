// /uptime's picture, decoded: outage columns red where the outage was and green elsewhere, a blip of seconds in a
// month still two columns wide, deaf amber, time not watched grey, and the words drawn from the bundled font (Chinese
// included), not from the host's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHART_ZOOM, chartPng } from '../../src/delivery/chart-png.js';
import { chartSvg } from '../../src/delivery/chart-svg.js';
import { uptimeChart } from '../../src/history/chart.js';
import { emptyHistory, type Change, type TargetHistory } from '../../src/history/model.js';
import { AMBER, draw, expectColumns, GREEN, GREY, RED } from '../helpers/chart-pixels.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);

function history(platforms: Record<string, Change[]>, since: number): TargetHistory {
  return { ...emptyHistory('prod', since), seenAt: NOW, platforms };
}

describe('the /uptime picture', () => {
  it('a 10-minute QQ outage in a 24-hour window: red columns exactly where it was, green elsewhere; the target row too', async () => {
    const from = NOW - DAY;
    const down: [number, number] = [NOW - 10 * 3_600_000, NOW - 10 * 3_600_000 + 600_000];
    const h = history(
      {
        qq: [
          [from - DAY, 'up'],
          [down[0], 'down'],
          [down[1], 'up'],
        ],
        feishu: [[from - DAY, 'up']],
      },
      from - DAY,
    );
    const c = uptimeChart([h], { title: 'Uptime, last 24h', from, to: NOW, locale: 'en' });
    expect(c.rows.map((r) => r.label)).toEqual(['prod', 'Feishu', 'qq']);
    const { at, L } = await draw(c);
    expect(expectColumns(at, L, c, 2, down, RED, GREEN)).toBeGreaterThanOrEqual(1);
    expectColumns(at, L, c, 0, down, RED, GREEN);
    for (let col = 0; col < L.barW; col++) expect(at(1, col)).toEqual(GREEN);
  });

  it('a 2-second outage in 30 days still shows: three columns wide and a few pixels tall, where it was; a 5-second deaf spell is amber', async () => {
    const from = NOW - 30 * DAY;
    const blip = NOW - 12 * DAY;
    const deaf = NOW - 3 * DAY;
    const h = history(
      {
        qq: [
          [from, 'up'],
          [blip, 'down'],
          [blip + 2_000, 'up'],
        ],
        feishu: [
          [from, 'up'],
          [deaf, 'deaf'],
          [deaf + 5_000, 'up'],
        ],
      },
      from,
    );
    const c = uptimeChart([h], { title: 'Uptime, last 30d', from, to: NOW, locale: 'en' });
    const { at, share, L } = await draw(c);
    const col = (t: number) => Math.floor(((t - from) / (NOW - from)) * L.barW);
    const red = [...Array(L.barW).keys()].filter((x) => share(2, x, RED) > 0);
    expect(red.length).toBe(3);
    expect(red).toContain(col(blip));
    // A few pixels tall at least, the rest of each column up.
    for (const x of red) expect(share(2, x, RED) + share(2, x, GREEN)).toBe(1);
    const amber = [...Array(L.barW).keys()].filter((x) => share(1, x, AMBER) > 0);
    expect(amber.length).toBe(3);
    expect(amber).toContain(col(deaf));
    expect(at(2, col(blip) + 5)).toEqual(GREEN);
  });

  it('a history minutes old: the picture covers the time watched; before the first change is grey (not watched)', async () => {
    const since = NOW - 5 * 60_000;
    const h = history(
      {
        qq: [
          [since + 60_000, 'up'],
          [since + 120_000, 'down'],
          [since + 125_000, 'up'],
        ],
      },
      since,
    );
    const c = uptimeChart([h], { title: 'Uptime, last 24h', from: since, to: NOW, locale: 'en' });
    expect(c.ticks.length).toBeGreaterThan(0);
    const { at, share, L } = await draw(c);
    const col = (t: number) => Math.floor(((t - since) / (NOW - since)) * L.barW);
    for (let x = 0; x < col(since + 60_000); x++) expect(at(1, x), `column ${x}`).toEqual(GREY);
    for (let x = col(since + 60_000) + 1; x < col(since + 120_000); x++) expect(at(1, x), `column ${x}`).toEqual(GREEN);
    const red = [...Array(L.barW).keys()].filter((x) => share(1, x, RED) > 0);
    // 5 s of 5 min: a sixtieth of the columns, give or take the one each end shares; red throughout but at its ends.
    expect(red.length).toBeGreaterThanOrEqual(Math.floor(L.barW / 60));
    expect(red.length).toBeLessThanOrEqual(Math.ceil(L.barW / 60) + 1);
    for (const x of red.slice(1, -1)) expect(share(1, x, RED), `column ${x}`).toBe(1);
    expect(red[0]).toBe(col(since + 120_000));
  });

  it('draws its words with the bundled font: Chinese glyphs, each its own (a missing glyph would draw the same box)', async () => {
    const h = history({ qq: [[NOW - DAY, 'up']] }, NOW - DAY);
    const title = async (t: string) => {
      const { png, L } = await draw(uptimeChart([h], { title: t, from: NOW - DAY, to: NOW, locale: 'zh-CN' }));
      // The title's band, above the first row.
      const band = png.data.subarray(0, L.rowY[0]! * CHART_ZOOM * png.width * 4 - 1);
      return Buffer.from(band);
    };
    const [a, b, blank] = await Promise.all([title('中'), title('文'), title('')]);
    expect(a.equals(blank)).toBe(false);
    expect(b.equals(blank)).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it('a platform key with markup or control characters (a state file gone wrong) is drawn as text, the picture still made', async () => {
    const h = history({ 'a<b>&"\u0001\u001f': [[NOW - DAY, 'up']], qq: [[NOW - DAY, 'up']] }, NOW - DAY);
    const c = uptimeChart([h], { title: 'x </text><svg>', from: NOW - DAY, to: NOW, locale: 'en' });
    const { at, L } = await draw(c);
    for (const row of [1, 2]) expect(at(row, Math.floor(L.barW / 2))).toEqual(GREEN);
  });

  it('draws no secret and no control: every word passes the redactor and the sanitiser the text passes', async () => {
    const secret = 'sk-abcdefghijklmnopqrstuvwxyz0123456789';
    const drawn = (label: string, title: string, note: string) => {
      const h = history({ [label]: [[NOW - DAY, 'up']], qq: [[NOW - DAY, 'up']] }, NOW - DAY);
      return uptimeChart([h], { title, from: NOW - DAY, to: NOW, locale: 'en', note });
    };
    const hostile = drawn(`ops:${secret}`, `Uptime \u202Eevil\u0007 ${secret}`, `note \u2066${secret}`);
    const svg = chartSvg(hostile);
    expect(svg).not.toContain('sk-abc');
    expect(svg).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u202A-\u202E\u2066-\u2069]/);
    // The picture is the one the text's words would draw, pixel for pixel.
    const safe = drawn('ops:***', 'Uptime evil ***', 'note ***');
    expect((await chartPng(hostile)).equals(await chartPng(safe))).toBe(true);
  });

  it('is drawn by a process of its own: the renderer is never loaded into this one, whose memory it would keep', async () => {
    const h = history({ qq: [[NOW - DAY, 'up']] }, NOW - DAY);
    const png = await chartPng(uptimeChart([h], { title: 'x', from: NOW - DAY, to: NOW, locale: 'en' }));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync('/proc/self/maps', 'utf8')).not.toMatch(/resvg/);
  });
});
