// A ReplyChart as SVG (the PNG is drawn from it: chart-png.ts). Time runs across in whole pixel columns; a column shows
// the worst state within it, and an outage (down or deaf) is at least two columns wide however short, so a blip of
// seconds in a month still shows. Incidents are marked above their row, never over its states.
import type { ChartRow, Health, ReplyChart } from '../types.js';
import { safeChart, safeText } from '../util/text-out.js';
import { displayWidth } from '../util/width.js';

export const FONT_FAMILY = 'Noto Sans CJK SC';

const COLORS = { down: '#d93025', deaf: '#f2a900', up: '#2e9e44', off: '#c4c7cc' } as const;
type Paint = keyof typeof COLORS;
const RANK: Record<Paint, number> = { off: 1, up: 2, deaf: 3, down: 4 };
const PAINT: Record<Health, Paint> = {
  up: 'up',
  deaf: 'deaf',
  down: 'down',
  stopped: 'off',
  muted: 'off',
  unknown: 'off',
};
const OUTAGE_MIN_COLUMNS = 2;

const WIDTH = 960;
const PAD = 16;
const TITLE_H = 40;
const ROW_H = 20;
/** Room above each row for its incident marks. */
const GAP = 10;
const AXIS_H = 28;
const LEGEND_H = 26;
const NOTE_H = 20;

export interface ChartLayout {
  width: number;
  height: number;
  /** Where the time axis starts, and its width in columns. */
  barX: number;
  barW: number;
  /** The top of each row's bar. */
  rowY: number[];
  rowH: number;
}

export function chartLayout(c: ReplyChart): ChartLayout {
  const widest = Math.max(0, ...c.rows.map((r) => displayWidth(safeText(r.label)) + (r.target ? 0 : 2)));
  const labelW = Math.min(260, Math.max(80, widest * 8 + 12));
  const barX = PAD + labelW;
  const rowY = c.rows.map((_, i) => TITLE_H + GAP + i * (ROW_H + GAP));
  const bottom = TITLE_H + c.rows.length * (ROW_H + GAP);
  return {
    width: WIDTH,
    height: bottom + AXIS_H + LEGEND_H + (c.note ? NOTE_H : 0) + PAD,
    barX,
    barW: WIDTH - PAD - barX,
    rowY,
    rowH: ROW_H,
  };
}

/** Each pixel column's paint: the worst state within it; an outage spreads to at least two columns. */
export function columnsOf(spans: ChartRow['spans'], from: number, to: number, width: number): (Paint | undefined)[] {
  const cols: (Paint | undefined)[] = new Array(width).fill(undefined);
  const scale = width / Math.max(1, to - from);
  for (const [a, b, state] of spans) {
    const paint = PAINT[state];
    let c0 = Math.max(0, Math.floor((a - from) * scale));
    let c1 = Math.min(width, Math.ceil((b - from) * scale));
    if ((paint === 'down' || paint === 'deaf') && c1 - c0 < OUTAGE_MIN_COLUMNS) {
      c1 = Math.min(width, c0 + OUTAGE_MIN_COLUMNS);
      c0 = Math.max(0, c1 - OUTAGE_MIN_COLUMNS);
    }
    for (let c = c0; c < c1; c++) {
      const had = cols[c];
      if (had === undefined || RANK[paint] > RANK[had]) cols[c] = paint;
    }
  }
  return cols;
}

// Labels are platform keys from a state file: every word drawn has passed the text's own sanitiser and redactor
// (safeChart, before a label is cut to fit: a cut token would no longer look like one), then XML's escapes here; a
// character XML does not allow and safeText keeps (U+FFFE, U+FFFF) would make the whole picture unparsable for as long
// as the history keeps that key, so it is drawn as `?`.
const escape = (s: string) =>
  s
    .replace(/[\t\n\r\uFFFE\uFFFF]/g, (ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : '?'))
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const text = (x: number, y: number, s: string, o: { size?: number; fill?: string; anchor?: string } = {}) =>
  `<text x="${x}" y="${y}" font-size="${o.size ?? 13}" fill="${o.fill ?? '#202124'}"${o.anchor ? ` text-anchor="${o.anchor}"` : ''}>${escape(s)}</text>`;

/** A label cut to fit its column (a long target name must not run into the bars). */
function fitLabel(label: string, width: number): string {
  if (displayWidth(label) * 8 <= width) return label;
  let out = label;
  while (out.length > 1 && displayWidth(`${out}…`) * 8 > width) out = out.slice(0, -1);
  return `${out}…`;
}

export function chartSvg(chart: ReplyChart): string {
  const c = safeChart(chart);
  const L = chartLayout(c);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${L.width}" height="${L.height}" fill="#ffffff"/>`,
    text(PAD, 27, c.title, { size: 17 }),
  ];
  const scale = L.barW / Math.max(1, c.to - c.from);
  for (const [i, row] of c.rows.entries()) {
    const y = L.rowY[i]!;
    out.push(
      text(row.target ? PAD : PAD + 10, y + 15, fitLabel(row.label, L.barX - PAD - (row.target ? 8 : 18)), {
        size: row.target ? 14 : 13,
        fill: row.target ? '#202124' : '#3c4043',
      }),
    );
    const cols = columnsOf(row.spans, c.from, c.to, L.barW);
    for (let start = 0; start < cols.length; ) {
      let end = start + 1;
      while (end < cols.length && cols[end] === cols[start]) end++;
      const paint = cols[start];
      if (paint)
        out.push(
          `<rect x="${L.barX + start}" y="${y}" width="${end - start}" height="${L.rowH}" fill="${COLORS[paint]}"/>`,
        );
      start = end;
    }
    for (const at of row.marks) {
      const x = L.barX + Math.min(L.barW - 1, Math.max(0, Math.floor((at - c.from) * scale))) + 0.5;
      out.push(`<path d="M${x - 4} ${y - 8}h8l-4 6z" fill="#202124"/>`);
    }
  }
  const axisY = TITLE_H + c.rows.length * (ROW_H + GAP) + 4;
  out.push(`<rect x="${L.barX}" y="${axisY}" width="${L.barW}" height="1" fill="#9aa0a6"/>`);
  for (const tick of c.ticks) {
    const x = L.barX + Math.round((tick.at - c.from) * scale);
    out.push(`<rect x="${x}" y="${axisY}" width="1" height="5" fill="#9aa0a6"/>`);
    const anchor = x - L.barX < 20 ? 'start' : L.barX + L.barW - x < 20 ? 'end' : 'middle';
    out.push(text(x, axisY + 19, tick.label, { size: 12, fill: '#5f6368', anchor }));
  }
  let lx = L.barX;
  const ly = axisY + AXIS_H + 14;
  for (const [paint, words] of [
    ['up', c.legend.up],
    ['deaf', c.legend.deaf],
    ['down', c.legend.down],
    ['off', c.legend.off],
  ] as const) {
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${COLORS[paint]}"/>`);
    out.push(text(lx + 17, ly, words, { size: 12, fill: '#3c4043' }));
    lx += 17 + displayWidth(words) * 6.5 + 16;
  }
  out.push(`<path d="M${lx} ${ly - 9}h10l-5 8z" fill="#202124"/>`, text(lx + 15, ly, c.legend.incident, { size: 12 }));
  if (c.note) out.push(text(L.barX, ly + NOTE_H, c.note, { size: 11, fill: '#5f6368' }));
  out.push('</svg>');
  return out.join('\n');
}
