// Per-platform up/down history for the /status timeline: only changes are stored, 24 h kept.
import { displayWidth, padDisplay } from '../util/width.js';
export type Timeline = Record<string, [number, 'up' | 'down'][]>;

const DAY = 24 * 3_600_000;

export function recordPlatforms(tl: Timeline, platforms: Record<string, boolean>, now: number): Timeline {
  const out: Timeline = {};
  for (const [name, up] of Object.entries(platforms)) {
    const list = (tl[name] ?? []).filter(([ts], i, a) => ts >= now - DAY || (a[i + 1]?.[0] ?? now) >= now - DAY);
    const state = up ? 'up' : 'down';
    if (list.at(-1)?.[1] !== state) list.push([now, state]);
    out[name] = list;
  }
  return out;
}

/** 24 hourly cells, oldest first: █ up all hour, ▄ some downtime (as /uptime's strip: ▒ is deaf there), · down all hour, blank unknown. */
export function renderTimeline(changes: [number, 'up' | 'down'][], now: number, hours = 24): string {
  let cells = '';
  for (let h = hours; h > 0; h--) {
    const from = now - h * 3_600_000;
    const to = from + 3_600_000;
    const before = changes.filter(([ts]) => ts <= from).at(-1)?.[1];
    const inside = changes.filter(([ts]) => ts > from && ts < to).map(([, s]) => s);
    const states = new Set([...(before ? [before] : []), ...inside]);
    if (states.size === 0) cells += ' ';
    else if (states.size === 2) cells += '▄';
    else cells += states.has('up') ? '█' : '·';
  }
  return cells;
}

/**
 * One row per platform, `name |cells|`, the bars starting in one column: names are padded to the widest one by display
 * width (a served profile's `coder:discord` is longer than `telegram`, a Chinese name is two columns a character).
 */
export function renderTimelineRows(tl: Timeline, now: number, hours = 24): string[] {
  const width = Math.max(8, ...Object.keys(tl).map(displayWidth));
  return Object.entries(tl).map(
    ([name, changes]) => `${padDisplay(name, width)} |${renderTimeline(changes, now, hours)}|`,
  );
}
