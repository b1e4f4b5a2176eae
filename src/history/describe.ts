// The figures in words and in text cells: the caption of /uptime's picture, its text form for channels that take no
// picture, the weekly report's lines, and the JSON of `gatewatch uptime --json` (a contract: docs/uptime.md).
import { platformName, t } from '../i18n.js';
import type { Locale } from '../types.js';
import { formatDuration } from '../util/duration.js';
import { localStamp } from '../util/time.js';
import { besideLabel, labelColumn } from '../util/width.js';
import { durationsOf, targetChanges, type TargetFigures } from './figures.js';
import type { Health, TargetHistory, WindowName } from './model.js';

/** A ratio as a percentage, rounded down: 100% only when there was no downtime at all. */
export const percent = (a: number | undefined): string =>
  a === undefined ? '–' : `${(Math.floor(a * 10_000) / 100).toFixed(a === 1 ? 0 : 2)}%`;

/** The lines that say a target's figures: availability and downtime first, then incidents and restarts. */
export function figureLines(f: TargetFigures, locale: Locale): string[] {
  if (f.availability === undefined && f.incidents === 0 && f.restarts === 0)
    return [t(locale, 'uptime.nothing', { target: f.target })];
  const head = t(locale, 'uptime.target', {
    target: f.target,
    availability: percent(f.availability),
    downtime: formatDuration(f.downtimeSaidMs, locale),
  });
  const more = [
    t(locale, 'uptime.incidents', { count: f.incidents }),
    ...(f.timeToDetectMs !== undefined
      ? [t(locale, 'uptime.detect', { duration: formatDuration(f.timeToDetectMs, locale) })]
      : []),
    ...(f.timeToRecoverMs !== undefined
      ? [t(locale, 'uptime.recover', { duration: formatDuration(f.timeToRecoverMs, locale) })]
      : []),
    ...(f.restarts ? [t(locale, 'uptime.restarts', { count: f.restarts, helped: f.restartsHelped })] : []),
  ];
  const since = f.partial ? [t(locale, 'uptime.since', { since: localStamp(f.from).slice(0, 16) })] : [];
  return [head, [...more, ...since].join(t(locale, 'list.semicolon'))];
}

/**
 * One text cell: what most of the time it covers was (a week's cell is seven hours: one short outage in it does not
 * make it read down), and ▄ where it was up but not all of the time. Blank: none of it counts.
 */
export function cell(list: TargetHistory['platforms'][string], from: number, to: number): string {
  const d = durationsOf(list, from, to);
  const bad = d.down + d.deaf;
  if (d.up + bad === 0) return ' ';
  if (bad === 0) return '█';
  if (d.up > bad) return '▄';
  return d.down >= d.deaf ? '·' : '▒';
}

/**
 * The cell that ends at `to`: the state then, whatever most of the cell was. Up with downtime before it is ▄ (up, not
 * all of the time), never down beside a status that says healthy; down or deaf then is that; stopped, muted or not
 * watched then is blank.
 */
export function lastCell(list: TargetHistory['platforms'][string], from: number, to: number): string {
  let now: Health = 'unknown';
  for (const [at, s] of list) if (at <= to) now = s;
  if (now === 'down') return '·';
  if (now === 'deaf') return '▒';
  if (now !== 'up') return ' ';
  const d = durationsOf(list, from, to);
  return d.down + d.deaf > 0 ? '▄' : '█';
}

/**
 * A row of `cells` text cells per platform, and the target's own row first, over [from, to]: /uptime's strip, the
 * weekly report's and /status's, all under the one legend (`uptime.legend`). The last cell says the state at `to`.
 */
export function stripRows(h: TargetHistory, from: number, to: number, locale: Locale, cells = 24): string[] {
  const step = (to - from) / cells;
  const row = (list: TargetHistory['platforms'][string]) =>
    Array.from({ length: cells }, (_, i) =>
      (i === cells - 1 ? lastCell : cell)(list, from + i * step, from + (i + 1) * step),
    ).join('');
  // The root's platforms, then each served profile's (`ops:discord`).
  const keys = Object.keys(h.platforms).sort(
    (a, b) => Number(a.includes(':')) - Number(b.includes(':')) || (a < b ? -1 : 1),
  );
  // Each row named as the fields above it name the platform (QQ, "Discord in profile ops"), never by its key.
  const labels = [h.target, ...keys.map((k) => `  ${platformName(locale, k)}`)];
  // The bars start in one column by display width (a Chinese name takes two columns a character), within a phone's
  // label column: a longer name (a served profile's) has a line of its own above its bar.
  const width = labelColumn(labels, 8);
  return [
    ...besideLabel(labels[0]!, width, ` |${row(targetChanges(h))}|`),
    ...keys.flatMap((k, i) => besideLabel(labels[i + 1]!, width, ` |${row(h.platforms[k]!)}|`)),
  ];
}

const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms) / 1000);

export interface UptimeJson {
  window: WindowName;
  since: string;
  targets: {
    target: string;
    availability: number | null;
    downtime_s: number;
    incidents: number;
    time_to_detect_s: number | null;
    time_to_recover_s: number | null;
    platforms: { platform: string; availability: number | null; downtime_s: number }[];
  }[];
}

/** `gatewatch uptime --json`: availability a ratio 0–1 (null when nothing of the window counts), times in seconds. */
export function uptimeJson(window: WindowName, all: TargetFigures[]): UptimeJson {
  const since = Math.min(...all.map((f) => f.from));
  return {
    window,
    since: new Date(Number.isFinite(since) ? since : 0).toISOString(),
    targets: all.map((f) => ({
      target: f.target,
      availability: f.availability ?? null,
      downtime_s: seconds(f.downtimeMs)!,
      incidents: f.incidents,
      time_to_detect_s: seconds(f.timeToDetectMs),
      time_to_recover_s: seconds(f.timeToRecoverMs),
      platforms: f.platforms.map((p) => ({
        platform: p.platform,
        availability: p.availability ?? null,
        downtime_s: seconds(p.downtimeMs)!,
      })),
    })),
  };
}
