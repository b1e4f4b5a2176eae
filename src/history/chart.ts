// /uptime's picture as data (a ReplyChart): a row per target and per platform (a served profile's platforms together
// under its name), each a run of states across the window, the incidents' alerts marked, the axis labelled in the
// reader's time zone. Channels that take pictures draw it (src/delivery/chart-png.ts); it holds no drawing itself.
import { t } from '../i18n.js';
import type { ChartRow, Locale, ReplyChart } from '../types.js';
import { targetChanges } from './figures.js';
import type { Change, TargetHistory } from './model.js';
import { shortStamp, zoneOffsetMs } from '../util/time.js';

/** The states of `list` from `from` to `to`, as spans: what came before its first change was not watched. */
export function spansOf(list: readonly Change[], from: number, to: number): ChartRow['spans'] {
  const out: ChartRow['spans'] = [];
  const push = (a: number, b: number, s: Change[1]) => {
    if (b <= a) return;
    const last = out.at(-1);
    if (last && last[2] === s && last[1] === a) last[1] = b;
    else out.push([a, b, s]);
  };
  push(from, Math.min(list[0]?.[0] ?? to, to), 'unknown');
  for (const [i, [at, s]] of list.entries()) push(Math.max(at, from), Math.min(list[i + 1]?.[0] ?? to, to), s);
  return out;
}

/** Platforms in rows: the target's own first, then a served profile's (`ops:discord`) after the target's own. */
const rowOrder = (a: string, b: string) => {
  const pa = a.includes(':') ? 1 : 0;
  const pb = b.includes(':') ? 1 : 0;
  return pa - pb || a.localeCompare(b);
};

function rowsOf(h: TargetHistory, from: number, to: number): ChartRow[] {
  const platforms = Object.keys(h.platforms).sort(rowOrder);
  const marks = new Map<string, number[]>(platforms.map((p) => [p, []]));
  const own: number[] = [];
  for (const i of h.incidents) {
    if (i.alertAt < from || i.alertAt > to) continue;
    (i.platform !== undefined ? (marks.get(i.platform) ?? own) : own).push(i.alertAt);
  }
  return [
    { label: h.target, target: true, spans: spansOf(targetChanges(h), from, to), marks: own },
    ...platforms.map((p) => ({ label: p, spans: spansOf(h.platforms[p]!, from, to), marks: marks.get(p)! })),
  ];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, DAY, 2 * DAY, 5 * DAY, 7 * DAY];

/** At most six labels on round local times: hours and minutes for a day or less, month and day beyond. */
export function ticksOf(from: number, to: number, tz?: string): ReplyChart['ticks'] {
  const span = to - from;
  const step = STEPS.find((s) => span / s <= 6) ?? STEPS.at(-1)!;
  const off = zoneOffsetMs(from, tz);
  const out: ReplyChart['ticks'] = [];
  for (let local = Math.ceil((from + off) / step) * step; local - off <= to; local += step) {
    const stamp = shortStamp(local - off, tz); // `MM-DD HH:MM`
    out.push({ at: local - off, label: step < DAY ? stamp.slice(6) : stamp.slice(0, 5) });
  }
  return out;
}

/**
 * Rows drawn in one picture: a phone shows forty rows as a long picture, and the picture's memory grows with its
 * height (about half a megabyte a row while it is drawn).
 */
export const MAX_ROWS = 40;

/** The chart of these histories over [from, to]. */
export function uptimeChart(
  histories: readonly TargetHistory[],
  o: { title: string; from: number; to: number; locale: Locale; note?: string; tz?: string },
): ReplyChart {
  const rows = histories.flatMap((h) => rowsOf(h, o.from, o.to));
  const left = rows.length - MAX_ROWS;
  const note = [o.note, ...(left > 0 ? [t(o.locale, 'uptime.more_rows', { count: left })] : [])].filter(Boolean);
  return {
    title: o.title,
    from: o.from,
    to: o.to,
    rows: rows.slice(0, MAX_ROWS),
    ticks: ticksOf(o.from, o.to, o.tz),
    legend: {
      up: t(o.locale, 'uptime.legend.up'),
      deaf: t(o.locale, 'uptime.legend.deaf'),
      down: t(o.locale, 'uptime.legend.down'),
      off: t(o.locale, 'uptime.legend.off'),
      incident: t(o.locale, 'uptime.legend.incident'),
    },
    ...(note.length ? { note: note.join(t(o.locale, 'list.semicolon')) } : {}),
  };
}
