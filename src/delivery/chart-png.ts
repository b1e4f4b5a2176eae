// A ReplyChart as a PNG, for the channels that take pictures and `gatewatch uptime --png`. resvg (Rust, prebuilt for
// each platform by npm, no browser, no system packages) draws the SVG; its words come from the font in assets/fonts
// (Chinese included), never from the host's fonts, so the picture is the same on every host.
// Each picture is drawn by a node child process of its own, which exits once it has written the PNG. Drawn in the
// daemon, resvg's memory (the font parsed again, the pixels, the tree) was freed only when V8 happened to collect the
// small JS objects that held it, which it does not know are large: a daemon kept 27 MB after its first picture and 90
// more after 160. The child's memory goes back to the system as it exits, and a renderer that fails on a picture takes
// only the child with it. `check` and an idle daemon never load the renderer or the font.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplyChart } from '../types.js';
import { chartSvg, FONT_FAMILY } from './chart-svg.js';

/** Device pixels per SVG pixel: sharp on a phone's screen. */
export const CHART_ZOOM = 2;

const FONT = path.join('assets', 'fonts', 'NotoSansSC-gatewatch.otf');
/** A picture takes a fraction of a second; a renderer that hangs is ended. */
const DRAW_TIMEOUT_MS = 30_000;
/** More than any picture of MAX_ROWS rows: a child that writes more is not drawing one. */
const MAX_PNG_BYTES = 32 * 1024 * 1024;

/** The font beside the package: this module runs from src/, dist/src/ or a bundle in dist/src/. */
function fontFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const f = path.join(dir, FONT);
    if (existsSync(f)) return f;
  }
  throw new Error(`${FONT} not found beside gatewatch: the package is incomplete`);
}

/** What the child runs: the SVG on stdin, the options as its argument, the PNG on stdout. */
const DRAW = `const { Resvg } = require(process.argv[1]);
const svg = [];
process.stdin.on('data', (b) => svg.push(b)).on('end', () => {
  process.stdout.write(new Resvg(Buffer.concat(svg), JSON.parse(process.argv[2])).render().asPng());
});`;

let renderer: { module: string; options: string } | undefined;

function rendererOf(): { module: string; options: string } {
  renderer ??= {
    module: createRequire(import.meta.url).resolve('@resvg/resvg-js'),
    options: JSON.stringify({
      fitTo: { mode: 'zoom', value: CHART_ZOOM },
      font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    }),
  };
  return renderer;
}

export function chartPng(chart: ReplyChart): Promise<Buffer> {
  const { module, options } = rendererOf();
  const svg = chartSvg(chart);
  return new Promise((resolve, reject) => {
    // No environment of ours: the child reads nothing but its input.
    const child = spawn(process.execPath, ['-e', DRAW, module, options], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {},
      timeout: DRAW_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_PNG_BYTES) child.kill('SIGKILL');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 2_000) err += b.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0 && size <= MAX_PNG_BYTES) return resolve(Buffer.concat(out));
      const why =
        err
          .trim()
          .split('\n')
          .find((l) => /Error/.test(l)) ?? err.trim().split('\n')[0];
      reject(new Error(`the picture was not drawn (${signal ?? `exit ${code}`}${why ? `: ${why}` : ''})`));
    });
    // A child gone before reading all of it (a crash) is said by its close, not by a write error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(svg);
  });
}
