// A ReplyChart as a PNG, for the channels that take pictures and `gatewatch uptime --png`. resvg (Rust, prebuilt for
// each platform by npm, no browser, no system packages) draws the SVG; its words come from the font in assets/fonts
// (Chinese included), never from the host's fonts, so the picture is the same on every host. Loaded on the first
// picture only: `check` and an idle daemon never map the renderer or the font. Drawn on libuv's thread pool, not on
// the event loop.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplyChart } from '../types.js';
import { chartSvg, FONT_FAMILY } from './chart-svg.js';

/** Device pixels per SVG pixel: sharp on a phone's screen. */
export const CHART_ZOOM = 2;

const FONT = path.join('assets', 'fonts', 'NotoSansSC-gatewatch.otf');

/** The font beside the package: this module runs from src/, dist/src/ or a bundle chunk in dist/src/. */
function fontFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const f = path.join(dir, FONT);
    if (existsSync(f)) return f;
  }
  throw new Error(`${FONT} not found beside gatewatch: the package is incomplete`);
}

let font: string | undefined;

export async function chartPng(chart: ReplyChart): Promise<Buffer> {
  const { renderAsync } = await import('@resvg/resvg-js');
  font ??= fontFile();
  const image = await renderAsync(chartSvg(chart), {
    fitTo: { mode: 'zoom', value: CHART_ZOOM },
    font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return image.asPng();
}
