// Per-platform up/down changes of the last 24 h, kept in state.json: the seed of a target's availability history when
// it has none yet (src/history/store.ts). /status draws from that history, as /uptime does.
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
