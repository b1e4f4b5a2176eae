// A ReplyChart as SVG (the PNG is drawn from it: chart-png.ts), drawn for a phone first: a chat bubble shows it about
// 400 px wide, so every word is at least 3 % of the picture's width (18 of 600 px: 12 px there), each row's name
// stands above its bar, and the bar takes the whole width. Time runs across in whole pixel columns; a column shows
// the share of its time each state took, stacked (down at the bottom, then deaf, stopped or not watched, up on top),
// so a platform up half the day reads half green, not red; an outage (down or deaf) is at least three columns wide and
// a few pixels tall however short, so a blip of seconds in a month still shows. Incidents are marked between a row's
// name and its bar, never over its states.
import type { ChartRow, Health, ReplyChart } from '../types.js';
import { safeChart } from '../util/text-out.js';
import { displayWidth } from '../util/width.js';

export const FONT_FAMILY = 'Noto Sans CJK SC';

const COLORS = { down: '#d93025', deaf: '#f2a900', up: '#2e9e44', off: '#c4c7cc' } as const;
type Paint = keyof typeof COLORS;
const PAINT: Record<Health, Paint> = {
  up: 'up',
  deaf: 'deaf',
  down: 'down',
  stopped: 'off',
  muted: 'off',
  unknown: 'off',
};
/** Bottom to top. */
const STACK: readonly Paint[] = ['down', 'deaf', 'off', 'up'];
const OUTAGE_MIN_COLUMNS = 3;

const WIDTH = 600;
const PAD = 16;
/** Font sizes: none under 3 % of the width. */
const TITLE_SIZE = 24;
const LABEL_SIZE = 19;
const SMALL_SIZE = 18;
const TITLE_H = 44;
/** A row: its name, a strip for incident marks, its bar, a gap. */
const NAME_H = 22;
const MARK_H = 9;
const BAR_H = 28;
const ROW_GAP = 16;
const ROW_H = NAME_H + MARK_H + BAR_H + ROW_GAP;
/** An outage's least height in its column: it shows however short. */
const OUTAGE_MIN_H = 8;
const EMPTY_H = 70;
const AXIS_H = 34;
const LINE_H = 26;

/** Width of text at a font size, near enough to fit it (a full-width character counts two). */
const widthOf = (s: string, size: number) => displayWidth(s) * size * 0.56;

/** Words laid out in lines no wider than `width`, broken at spaces (or between characters of CJK text). */
function lines(s: string, size: number, width: number): string[] {
  const words = s.split(/(?<=[\s，；。、])|(?<=[\u3000-\u9fff])(?=[\u3000-\u9fff])/u);
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && widthOf(line + w, size) > width) {
      out.push(line.trimEnd());
      line = w.trimStart();
    } else line += w;
  }
  if (line.trim()) out.push(line.trimEnd());
  return out;
}

/** The legend's items, flowed into lines. */
function legendLines(c: ReplyChart, width: number): { paint: Paint | 'mark'; words: string; x: number }[][] {
  const items = [
    ['up', c.legend.up],
    ['deaf', c.legend.deaf],
    ['down', c.legend.down],
    ['off', c.legend.off],
    ['mark', c.legend.incident],
  ] as const;
  const out: { paint: Paint | 'mark'; words: string; x: number }[][] = [[]];
  let x = 0;
  for (const [paint, words] of items) {
    const w = 24 + widthOf(words, SMALL_SIZE);
    if (x > 0 && x + w > width) {
      out.push([]);
      x = 0;
    }
    out.at(-1)!.push({ paint, words, x });
    x += w + 18;
  }
  return out;
}

export interface ChartLayout {
  width: number;
  height: number;
  /** Where the time axis starts, and its width in columns. */
  barX: number;
  barW: number;
  /** The top of each row's bar. */
  rowY: number[];
  /** A bar's height. */
  rowH: number;
}

interface Laid extends ChartLayout {
  axisY: number;
  legendY: number;
  legend: ReturnType<typeof legendLines>;
  note: string[];
}

function layout(c: ReplyChart): Laid {
  const barW = WIDTH - 2 * PAD;
  const top = TITLE_H + (c.empty !== undefined ? EMPTY_H : 0);
  const rowY = c.rows.map((_, i) => top + i * ROW_H + NAME_H + MARK_H);
  const axisY = top + c.rows.length * ROW_H;
  const legend = legendLines(c, barW);
  const legendY = axisY + AXIS_H + 8;
  const note = c.note ? lines(c.note, SMALL_SIZE, barW) : [];
  const height = legendY + legend.length * LINE_H + note.length * LINE_H + PAD;
  return { width: WIDTH, height, barX: PAD, barW, rowY, rowH: BAR_H, axisY, legendY, legend, note };
}

/** Where the picture of `c` puts its parts (its words made safe first, as they are drawn). */
export function chartLayout(c: ReplyChart): ChartLayout {
  const { width, height, barX, barW, rowY, rowH } = layout(safeChart(c));
  return { width, height, barX, barW, rowY, rowH };
}

/** Each pixel column's time in each paint, over [from, to] cut into `width` columns. */
export function columnsOf(spans: ChartRow['spans'], from: number, to: number, width: number) {
  const per = Math.max(1, to - from) / width;
  const time: Record<Paint, Float64Array> = {
    down: new Float64Array(width),
    deaf: new Float64Array(width),
    off: new Float64Array(width),
    up: new Float64Array(width),
  };
  /** Columns an outage shows in however short it was: at least OUTAGE_MIN_COLUMNS. */
  const seen = { down: new Uint8Array(width), deaf: new Uint8Array(width) };
  for (const [a, b, state] of spans) {
    const paint = PAINT[state];
    const c0 = Math.max(0, Math.floor((a - from) / per));
    const c1 = Math.min(width, Math.ceil((b - from) / per));
    for (let c = c0; c < c1; c++) {
      const start = from + c * per;
      time[paint][c]! += Math.max(0, Math.min(b, start + per) - Math.max(a, start));
    }
    if (paint === 'down' || paint === 'deaf') {
      const end = Math.min(width, Math.max(c1, c0 + OUTAGE_MIN_COLUMNS));
      for (let c = Math.max(0, end - Math.max(OUTAGE_MIN_COLUMNS, c1 - c0)); c < end; c++) seen[paint][c] = 1;
    }
  }
  return Array.from({ length: width }, (_, c) => {
    const total = STACK.reduce((n, p) => n + time[p][c]!, 0) || 1;
    const h: Record<Paint, number> = { down: 0, deaf: 0, off: 0, up: 0 };
    for (const p of ['down', 'deaf'] as const)
      if (seen[p][c]) h[p] = Math.max(OUTAGE_MIN_H, Math.round((time[p][c]! / total) * BAR_H));
    h.off = Math.round((time.off[c]! / total) * BAR_H);
    // What the outages' least height takes comes out of the rest, never out of the outages.
    h.off = Math.max(0, Math.min(h.off, BAR_H - h.down - h.deaf));
    h.up = Math.max(0, BAR_H - h.down - h.deaf - h.off);
    return h;
  });
}

// Labels are platform keys from a state file: every word drawn has passed the text's own sanitiser and redactor
// (safeChart, before a label is cut to fit: a cut token would no longer look like one), then XML's escapes here; a
// character XML does not allow and safeText keeps (U+FFFE, U+FFFF) would make the whole picture unparsable for as long
// as the history keeps that key, so it is drawn as `?`.
const escape = (s: string) =>
  s
    .replace(/[\t\n\r\uFFFE\uFFFF]/g, (ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : '?'))
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const text = (
  x: number,
  y: number,
  s: string,
  o: { size?: number; fill?: string; anchor?: string; bold?: boolean } = {},
) =>
  `<text x="${x}" y="${y}" font-size="${o.size ?? SMALL_SIZE}" fill="${o.fill ?? '#202124'}"${o.bold ? ' font-weight="bold"' : ''}${o.anchor ? ` text-anchor="${o.anchor}"` : ''}>${escape(s)}</text>`;

/** Text cut to fit a width (a long target name must not run off the picture). */
function fitted(s: string, size: number, width: number): string {
  if (widthOf(s, size) <= width) return s;
  let out = s;
  while (out.length > 1 && widthOf(`${out}…`, size) > width) out = out.slice(0, -1);
  return `${out}…`;
}

export function chartSvg(chart: ReplyChart): string {
  const c = safeChart(chart);
  const L = layout(c);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${L.width}" height="${L.height}" fill="#ffffff"/>`,
    text(PAD, 31, fitted(c.title, TITLE_SIZE, L.barW), { size: TITLE_SIZE, bold: true }),
  ];
  if (c.empty !== undefined)
    out.push(
      text(WIDTH / 2, TITLE_H + 42, fitted(c.empty, LABEL_SIZE + 3, L.barW), {
        size: LABEL_SIZE + 3,
        fill: '#5f6368',
        anchor: 'middle',
      }),
    );
  const scale = L.barW / Math.max(1, c.to - c.from);
  for (const [i, row] of c.rows.entries()) {
    const y = L.rowY[i]!;
    const nameX = row.target ? PAD : PAD + 12;
    out.push(
      text(nameX, y - MARK_H - 3, fitted(row.label, LABEL_SIZE, L.barW - (nameX - PAD)), {
        size: LABEL_SIZE,
        fill: row.target ? '#202124' : '#3c4043',
        bold: row.target === true,
      }),
    );
    const cols = columnsOf(row.spans, c.from, c.to, L.barW);
    const same = (a: (typeof cols)[number], b: (typeof cols)[number]) => STACK.every((p) => a[p] === b[p]);
    for (let start = 0; start < cols.length; ) {
      let end = start + 1;
      while (end < cols.length && same(cols[end]!, cols[start]!)) end++;
      let bottom = y + BAR_H;
      for (const paint of STACK) {
        const h = cols[start]![paint];
        if (!h) continue;
        bottom -= h;
        out.push(
          `<rect x="${L.barX + start}" y="${bottom}" width="${end - start}" height="${h}" fill="${COLORS[paint]}"/>`,
        );
      }
      start = end;
    }
    for (const at of row.marks) {
      const x = L.barX + Math.min(L.barW - 1, Math.max(0, Math.floor((at - c.from) * scale))) + 0.5;
      out.push(`<path d="M${x - 5} ${y - MARK_H}h10l-5 ${MARK_H - 1}z" fill="#202124"/>`);
    }
  }
  out.push(`<rect x="${L.barX}" y="${L.axisY}" width="${L.barW}" height="1" fill="#9aa0a6"/>`);
  for (const tick of c.ticks) {
    const x = L.barX + Math.round((tick.at - c.from) * scale);
    out.push(`<rect x="${x}" y="${L.axisY}" width="1" height="6" fill="#9aa0a6"/>`);
    const half = widthOf(tick.label, SMALL_SIZE) / 2;
    const anchor = x - L.barX < half ? 'start' : L.barX + L.barW - x < half ? 'end' : 'middle';
    out.push(text(x, L.axisY + 25, tick.label, { fill: '#5f6368', anchor }));
  }
  for (const [k, line] of L.legend.entries()) {
    const y = L.legendY + k * LINE_H + 16;
    for (const { paint, words, x } of line) {
      const lx = L.barX + x;
      out.push(
        paint === 'mark'
          ? `<path d="M${lx + 1} ${y - 14}h16l-8 13z" fill="#202124"/>`
          : `<rect x="${lx}" y="${y - 15}" width="17" height="17" fill="${COLORS[paint]}"/>`,
        text(lx + 24, y, words, { fill: '#3c4043' }),
      );
    }
  }
  const noteY = L.legendY + L.legend.length * LINE_H;
  for (const [k, line] of L.note.entries()) out.push(text(L.barX, noteY + k * LINE_H + 18, line, { fill: '#5f6368' }));
  out.push('</svg>');
  return out.join('\n');
}
