// The /uptime picture of docs/uptime.md (docs/uptime-*.png) is what scripts/uptime-picture.ts draws through /uptime's
// chart builder and the renderer the chat channels send: drawn again here, it must match the committed files pixel for
// pixel (a few anti-aliased pixels aside), so a change to the chart, its words or the renderer cannot leave a stale
// picture behind.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { PICTURES, uptimeExample, uptimePicture } from '../../scripts/uptime-picture.js';
import { draw, GREEN, GREY, RED } from '../helpers/chart-pixels.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Pixels whose colour differs by more than a shade. */
function differing(a: PNG, b: PNG): number {
  if (a.width !== b.width || a.height !== b.height) return Number.POSITIVE_INFINITY;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4)
    if ([0, 1, 2, 3].some((k) => Math.abs(a.data[i + k]! - b.data[i + k]!) > 8)) n++;
  return n;
}

describe('the /uptime picture in the docs', () => {
  for (const { file, locale } of PICTURES) {
    it(`${file} is the picture of today's ${locale} /uptime (else: run npm run docs:picture)`, async () => {
      const committed = PNG.sync.read(readFileSync(ROOT + file));
      const now = PNG.sync.read(await uptimePicture(locale));
      expect(differing(committed, now), `${file} is stale: run npm run docs:picture and commit it`).toBeLessThan(50);
    });
  }

  it("shows the week's story: QQ's outage red, Discord's stop grey, the rest green; the caption says downtime first", async () => {
    const { chart, caption } = uptimeExample('en');
    expect(caption).toEqual([
      'Uptime of prod, last 7d',
      'prod: 98.40% up, downtime 2h 40m',
      '2 incidents; detected in 55s on average; recovered in 1h 19m on average; 1 restart, 1 verified',
    ]);
    expect(chart.rows.map((r) => r.label)).toEqual(['prod', 'Feishu', 'QQ', 'Telegram', 'Discord in profile ops']);
    const { at, L } = await draw(chart, readFileSync(`${ROOT}docs/uptime-en.png`));
    const colours = (row: number) => new Set([...Array(L.barW).keys()].map((c) => at(row, c).join()));
    expect(colours(2)).toEqual(new Set([GREEN.join(), RED.join()]));
    expect(colours(4)).toEqual(new Set([GREEN.join(), GREY.join()]));
  });
});
