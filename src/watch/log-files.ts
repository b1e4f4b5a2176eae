// How fast each file under `<home>/logs` grows, from its size sampled at most once a minute (one stat a file): the
// log storms gateway.log's tailer does not see (hermes-gateway-current.md §10.2: a plugin writing a log to 63 GiB in
// about four days; runaway logs at 16 GiB a day, §10.4), in agent.log, errors.log, gateway.error.log or a plugin's own.
import path from 'node:path';
import type { LogFileGrowth } from '../evidence.js';
import { logFileSizes } from '../probes/disk.js';
import { firstLineTime, stampsAround } from '../probes/log-first-line.js';

export const LOG_FILES_EVERY_MS = 60_000;
/** The window a rate is judged over (log_flood's). */
export const LOG_FILES_WINDOW_MS = 10 * 60_000;
/**
 * A file this big and written within this long has its first line's time read (one small read): its size against it
 * is its rate to a look with no earlier sample (log_flood's runaway rule). A smaller or quiet file costs nothing more.
 */
export const RUNAWAY_MIN_BYTES = 256 * 1024 * 1024;
export const RUNAWAY_WRITTEN_MS = 5 * 60_000;
/**
 * A file this big and written now has its pace read from its own stamps (issue 54): however old it is, the bytes
 * before its last line against the time between. How far back: the nearest of these that spans PACE_SPAN_MS.
 */
export const PACE_MIN_BYTES = 16 * 1024 * 1024;
const PACE_BACK = [1, 8, 64, 512].map((m) => m * 1024 * 1024);
const PACE_SPAN_MS = 5 * 60_000;
const PACE_MIN_SPAN_MS = 60_000;

/** A file's pace lately from its stamps, or undefined when it has none that far apart. */
async function paceOf(file: string, bytes: number): Promise<{ bytes: number; overMs: number } | undefined> {
  let best: { bytes: number; overMs: number } | undefined;
  for (const back of PACE_BACK) {
    if (back >= bytes) break;
    const t = await stampsAround(file, bytes - back);
    if (!t || t.last <= t.at) continue;
    best = { bytes: back, overMs: t.last - t.at };
    if (best.overMs >= PACE_SPAN_MS) break;
  }
  return best && best.overMs >= PACE_MIN_SPAN_MS ? best : undefined;
}

export interface LogFilesSampler {
  /** Samples `<home>/logs` unless it was sampled within the minute; each file's growth over the window so far. */
  sample(home: string, now: number): Promise<LogFileGrowth[]>;
}

export function createLogFilesSampler(): LogFilesSampler {
  let home: string | undefined;
  let last: number | undefined;
  let series = new Map<string, { at: number; bytes: number }[]>();
  let growth: LogFileGrowth[] = [];
  return {
    async sample(h, now) {
      if (h !== home) {
        home = h;
        last = undefined;
        series = new Map();
        growth = [];
      }
      if (last !== undefined && now - last < LOG_FILES_EVERY_MS && now >= last) return growth;
      last = now;
      const sizes = await logFileSizes(h);
      const next = new Map<string, { at: number; bytes: number }[]>();
      for (const f of sizes) {
        // Rotated or truncated: its growth starts again from here.
        const kept = (series.get(f.name) ?? []).filter((p) => p.at < now && now - p.at <= LOG_FILES_WINDOW_MS);
        const points = kept.length && kept.at(-1)!.bytes <= f.bytes ? kept : [];
        next.set(f.name, [...points, { at: now, bytes: f.bytes }]);
      }
      series = next;
      const lives = new Map<string, NonNullable<LogFileGrowth['life']>>();
      const paces = new Map<string, NonNullable<LogFileGrowth['pace']>>();
      for (const f of sizes) {
        if (f.bytes < PACE_MIN_BYTES || Math.abs(now - f.mtimeMs) > RUNAWAY_WRITTEN_MS) continue;
        const file = path.join(h, 'logs', f.name);
        const pace = await paceOf(file, f.bytes);
        if (pace) paces.set(f.name, { ...pace, mtimeMs: f.mtimeMs });
        if (f.bytes < RUNAWAY_MIN_BYTES) continue;
        const firstAt = await firstLineTime(file);
        if (firstAt !== undefined) lives.set(f.name, { bytes: f.bytes, mtimeMs: f.mtimeMs, firstAt });
      }
      growth = [...series].flatMap(([name, points]): LogFileGrowth[] => {
        const life = lives.get(name);
        const pace = paces.get(name);
        if (points.length < 2 && !life && !pace) return [];
        const first = points[0]!;
        const end = points.at(-1)!;
        const prev = points.at(-2) ?? end;
        return [
          {
            file: path.join(h, 'logs', name),
            size: end.bytes,
            bytes: end.bytes - first.bytes,
            spanMs: end.at - first.at,
            lastMinuteBytes: end.at > prev.at ? ((end.bytes - prev.bytes) * 60_000) / (end.at - prev.at) : 0,
            ...(life ? { life } : {}),
            ...(pace ? { pace } : {}),
          },
        ];
      });
      return growth;
    },
  };
}
