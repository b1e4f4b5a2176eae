// A chart's PNG decoded, and its bar columns read back as colours: what the picture tests check.
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { CHART_ZOOM, chartPng } from '../../src/delivery/chart-png.js';
import { chartLayout, type ChartLayout } from '../../src/delivery/chart-svg.js';
import type { ReplyChart } from '../../src/types.js';

export type Rgb = [number, number, number];
export const RED: Rgb = [0xd9, 0x30, 0x25];
export const GREEN: Rgb = [0x2e, 0x9e, 0x44];
export const AMBER: Rgb = [0xf2, 0xa9, 0x00];
export const GREY: Rgb = [0xc4, 0xc7, 0xcc];

/**
 * Draws the chart (or takes `bytes`, its PNG as a fake service received it) and decodes it: `at(row, col)` is a bar's
 * colour at a column, in the middle of its height; `share(row, col, colour)` how much of that column is the colour.
 */
export async function draw(chart: ReplyChart, bytes?: Buffer) {
  const png = PNG.sync.read(bytes ?? (await chartPng(chart)));
  const L: ChartLayout = chartLayout(chart);
  expect([png.width, png.height]).toEqual([L.width * CHART_ZOOM, L.height * CHART_ZOOM]);
  /** The colour of a row's bar at a column, read in the middle of the device pixels the column covers. */
  const at = (row: number, col: number): Rgb => {
    const x = (L.barX + col) * CHART_ZOOM + 1;
    const y = (L.rowY[row]! + L.rowH / 2) * CHART_ZOOM;
    const i = (y * png.width + x) * 4;
    return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
  };
  /** The share of a row's bar, top to bottom, that is `colour` at a column. */
  const share = (row: number, col: number, colour: Rgb): number => {
    const x = (L.barX + col) * CHART_ZOOM + 1;
    const top = L.rowY[row]! * CHART_ZOOM;
    let n = 0;
    for (let y = top; y < top + L.rowH * CHART_ZOOM; y++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] === colour[0] && png.data[i + 1] === colour[1] && png.data[i + 2] === colour[2]) n++;
    }
    return n / (L.rowH * CHART_ZOOM);
  };
  return { png, L, at, share };
}

/** Each column of the row, as what the time it covers says it must be: inside the span, outside it, or astride. */
export function expectColumns(
  at: (row: number, col: number) => Rgb,
  L: ChartLayout,
  c: ReplyChart,
  row: number,
  span: [number, number],
  inside: Rgb,
  outside: Rgb,
) {
  const per = (c.to - c.from) / L.barW;
  let seen = 0;
  for (let col = 0; col < L.barW; col++) {
    const a = c.from + col * per;
    const b = a + per;
    if (a >= span[0] && b <= span[1]) {
      expect(at(row, col), `column ${col}`).toEqual(inside);
      seen++;
    } else if (b <= span[0] || a >= span[1]) expect(at(row, col), `column ${col}`).toEqual(outside);
  }
  return seen;
}
