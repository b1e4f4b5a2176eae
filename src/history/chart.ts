// /uptime's picture as data (a ReplyChart): a row per target and per platform (a served profile's platforms together
// under its name), each a run of states across the window, the incidents' alerts marked, the axis labelled in the
// reader's time zone; "nothing watched yet" in words where nothing was. Channels that take pictures draw it
// (src/delivery/chart-png.ts); it holds no drawing itself.
import { platformName, t } from '../i18n.js';
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

function rowsOf(h: TargetHistory, from: number, to: number, locale: Locale): ChartRow[] {
  const platforms = Object.keys(h.platforms).sort(rowOrder);
  const marks = new Map<string, number[]>(platforms.map((p) => [p, []]));
  const own: number[] = [];
  for (const i of h.incidents) {
    if (i.alertAt < from || i.alertAt > to) continue;
    (i.platform !== undefined ? (marks.get(i.platform) ?? own) : own).push(i.alertAt);
  }
  return [
    { label: h.target, target: true, spans: spansOf(targetChanges(h), from, to), marks: own },
    ...platforms.map((p) => ({
      label: platformName(locale, p),
      spans: spansOf(h.platforms[p]!, from, to),
      marks: marks.get(p)!,
    })),
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
 * Rows drawn in one picture: drawn for a phone first, each row is tall enough to read there, and a picture of more
 * would be a long scroll (its memory grows with its height too).
 */
export const MAX_ROWS = 16;

/** Down or deaf time within a row's spans: which rows a picture with too many keeps. */
const outageOf = (r: ChartRow) => r.spans.reduce((n, [a, b, s]) => n + (s === 'down' || s === 'deaf' ? b - a : 0), 0);

/**
 * At most MAX_ROWS rows, in their order: every target's own row first (the worst if there are more targets than
 * rows), then the platforms with the most downtime; the note says what was left out and whether any of it was down.
 */
function capRows(rows: ChartRow[], locale: Locale): { rows: ChartRow[]; notes: string[] } {
  if (rows.length <= MAX_ROWS) return { rows, notes: [] };
  const ranked = (list: ChartRow[]) =>
    list
      .map((r) => ({ r, out: outageOf(r) }))
      .sort((a, b) => b.out - a.out)
      .map(({ r }) => r);
  const targets = rows.filter((r) => r.target);
  const keep = new Set(ranked(targets).slice(0, MAX_ROWS));
  const platforms = ranked(rows.filter((r) => !r.target && [...keep].some((k) => owns(rows, k, r))));
  for (const r of platforms.slice(0, MAX_ROWS - keep.size)) keep.add(r);
  const left = rows.filter((r) => !keep.has(r));
  const notes: string[] = [];
  const targetsLeft = left.filter((r) => r.target).length;
  if (targetsLeft) notes.push(t(locale, 'uptime.more_targets', { count: targetsLeft }));
  const platformsLeft = left.filter((r) => !r.target);
  if (platformsLeft.length)
    notes.push(
      t(locale, platformsLeft.some((r) => outageOf(r) > 0) ? 'uptime.more_rows.worst' : 'uptime.more_rows.quiet', {
        count: platformsLeft.length,
      }),
    );
  return { rows: rows.filter((r) => keep.has(r)), notes };
}

/** Whether `row` is one of the platforms under the target row `target` (rows run target, its platforms, next …). */
function owns(rows: ChartRow[], target: ChartRow, row: ChartRow): boolean {
  const at = rows.indexOf(row);
  for (let i = at; i >= 0; i--) if (rows[i]!.target) return rows[i] === target;
  return false;
}

/**
 * The chart of these histories over [from, to]. A picture spans the window asked for (`window`), or only its part
 * since watching began when that is later (`from`; the note then says since when): /uptime and the weekly report
 * alike.
 */
export function uptimeChart(
  histories: readonly TargetHistory[],
  o: { title: string; from: number; to: number; locale: Locale; note?: string; tz?: string; window?: number },
): ReplyChart {
  const { rows, notes } = capRows(
    histories.flatMap((h) => rowsOf(h, o.from, o.to, o.locale)),
    o.locale,
  );
  // The footnote in sentences: the caller's own (a sentence already), since when it was watched, what is left out.
  const since =
    o.window !== undefined && o.to - o.from < o.window
      ? t(o.locale, 'uptime.note.since', { since: shortStamp(o.from, o.tz) })
      : undefined;
  const leftOut = notes.length
    ? t(o.locale, 'uptime.note.left_out', { what: notes.join(t(o.locale, 'list.semicolon')) })
    : undefined;
  const note = [o.note, since, leftOut].filter((x): x is string => !!x);
  const watched = rows.some((r) => r.spans.some(([, , s]) => s !== 'unknown'));
  return {
    title: o.title,
    from: o.from,
    to: o.to,
    rows: watched ? rows : [],
    ticks: ticksOf(o.from, o.to, o.tz),
    legend: {
      up: t(o.locale, 'uptime.legend.up'),
      deaf: t(o.locale, 'uptime.legend.deaf'),
      down: t(o.locale, 'uptime.legend.down'),
      off: t(o.locale, 'uptime.legend.off'),
      incident: t(o.locale, 'uptime.legend.incident'),
    },
    ...(watched ? {} : { empty: t(o.locale, 'uptime.empty') }),
    ...(note.length ? { note: note.reduce((first, next) => t(o.locale, 'list.sentences', { first, next })) } : {}),
  };
}
