// How fast each file under `<home>/logs` grows, from its size sampled at most once a minute (one stat a file): the
// log storms gateway.log's tailer does not see (hermes-gateway-current.md §10.2: a plugin writing a log to 63 GiB in
// about four days; runaway logs at 16 GiB a day, §10.4), in agent.log, errors.log, gateway.error.log or a plugin's own.
import path from 'node:path';
import type { LogFileGrowth } from '../evidence.js';
import { logFileSizes } from '../probes/disk.js';

export const LOG_FILES_EVERY_MS = 60_000;
/** The window a rate is judged over (log_flood's). */
export const LOG_FILES_WINDOW_MS = 10 * 60_000;

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
      growth = [...series].flatMap(([name, points]): LogFileGrowth[] => {
        if (points.length < 2) return [];
        const first = points[0]!;
        const end = points.at(-1)!;
        const prev = points.at(-2)!;
        return [
          {
            file: path.join(h, 'logs', name),
            bytes: end.bytes - first.bytes,
            spanMs: end.at - first.at,
            lastMinuteBytes: ((end.bytes - prev.bytes) * 60_000) / (end.at - prev.at),
          },
        ];
      });
      return growth;
    },
  };
}
