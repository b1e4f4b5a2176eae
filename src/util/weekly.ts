// report.every ("mon 09:00") as a schedule that src/util/schedule.ts runs on the injected clock: once a week, at that
// time on the wall clock of report.tz (the host's zone without one), across summer-time changes.
import type { CronSchedule } from './schedule.js';
import { zoneOffsetMs } from './time.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const WEEK_MS = 7 * 86_400_000;
const EVERY = /^(sun|mon|tue|wed|thu|fri|sat)\s+([01]?\d|2[0-3]):([0-5]\d)$/i;

export interface Weekly {
  /** 0 Sunday … 6 Saturday, as Date's getDay(). */
  day: number;
  hour: number;
  minute: number;
}

export function parseWeekly(every: string): Weekly | undefined {
  const m = EVERY.exec(every.trim());
  if (!m) return undefined;
  return { day: DAYS.indexOf(m[1]!.toLowerCase() as (typeof DAYS)[number]), hour: Number(m[2]), minute: Number(m[3]) };
}

/** An IANA zone name this Node knows (`Asia/Shanghai`, `UTC`). */
export function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function weeklySchedule(w: Weekly, zone?: string): CronSchedule {
  const next = (t: number): number => {
    const off = zoneOffsetMs(t, zone);
    const local = new Date(t + off);
    const dayStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    let at = dayStart + ((w.day - local.getUTCDay() + 7) % 7) * 86_400_000 + (w.hour * 60 + w.minute) * 60_000;
    if (at <= t + off) at += WEEK_MS;
    // Back to UTC with the offset that holds then (a summer-time change may lie between).
    const utc = at - zoneOffsetMs(at - off, zone);
    return utc > t ? utc : next(t + WEEK_MS / 7);
  };
  return { next, periodAfter: () => WEEK_MS };
}
