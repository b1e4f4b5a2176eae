// The daemon's `schedule` (a cron expression, validated by node-cron as config is read) run on the injected clock:
// node-cron's parser and matcher say when, the clock times it, so a test's clock drives the schedule as it drives
// every other timer. Only the daemon loads this (a `gatewatch check` schedules nothing).
import type { Clock } from './clock.js';
import { nodeCron } from './cron.js';

export interface CronSchedule {
  /** Epoch ms of the first run after `t`, in the host's zone. */
  next(t: number): number;
  /** The longest gap between the next few runs after `t`: how late a run may be before it is overdue. */
  periodAfter(t: number, runs?: number): number;
}

/**
 * The copy config validation requires (src/util/cron.ts): in the build, one made for the daemon, its host-zone dates
 * read from Date instead of an Intl.DateTimeFormat (scripts/bundle.mjs).
 */
export async function cronSchedule(expression: string): Promise<CronSchedule> {
  const cron = nodeCron();
  const f = cron.parse(expression);
  // A task never started, for its matcher only (day-of-month and day-of-week rules, L and nth weekdays included).
  const task = cron.createTask(expression, () => undefined);
  void task.destroy();
  // node-cron lists a field's values as written (`3,1`): ascending here, so the next one allowed is the first past.
  const asc = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
  const [months, hours, minutes, seconds] = [f.month, f.hour, f.minute, f.second].map(asc) as number[][];
  /** The first of `xs` (ascending) at or after `v`; undefined when none is. */
  const atOrAfter = (xs: readonly number[], v: number) => xs.find((x) => x >= v);
  /** Whether `d`'s day passes the day fields: matched at that day's first time the other fields allow. */
  let day: { key: number; ok: boolean } | undefined;
  const dayMatches = (d: Date) => {
    const key = d.getFullYear() * 10_000 + d.getMonth() * 100 + d.getDate();
    if (day?.key !== key)
      day = {
        key,
        ok: task.match(new Date(d.getFullYear(), d.getMonth(), d.getDate(), hours[0], minutes[0], seconds[0])),
      };
    return day.ok;
  };
  const next = (t: number): number => {
    const d = new Date(Math.floor(t / 1000) * 1000 + 1000);
    // Each step moves to the next time each field allows (not a second at a time: a minute's schedule took 60
    // matcher calls a run, issue 62), so a year is walked in a few hundred steps. A jump lands on the start of its
    // unit and the fields are read again: a day that DST shortens or lengthens is walked as its clock reads.
    for (let steps = 0; steps < 1_000_000; steps++) {
      if (!months.includes(d.getMonth() + 1)) {
        d.setMonth(d.getMonth() + 1, 1), d.setHours(0, 0, 0, 0);
        continue;
      }
      if (!dayMatches(d)) {
        d.setDate(d.getDate() + 1), d.setHours(0, 0, 0, 0);
        continue;
      }
      const h = atOrAfter(hours, d.getHours());
      if (h === undefined) d.setDate(d.getDate() + 1), d.setHours(0, 0, 0, 0);
      else if (h !== d.getHours()) d.setHours(h, 0, 0, 0);
      else {
        const m = atOrAfter(minutes, d.getMinutes());
        if (m === undefined) d.setHours(d.getHours() + 1, 0, 0, 0);
        else if (m !== d.getMinutes()) d.setMinutes(m, 0, 0);
        else {
          const sec = atOrAfter(seconds, d.getSeconds());
          if (sec === undefined) d.setMinutes(d.getMinutes() + 1, 0, 0);
          else if (sec !== d.getSeconds()) d.setSeconds(sec, 0);
          else if (task.match(d)) return d.getTime();
          else d.setSeconds(d.getSeconds() + 1, 0);
        }
      }
    }
    throw new Error(`schedule ${expression}: no run within reach`);
  };
  return {
    next,
    periodAfter(t, runs = 6) {
      const at = [next(t)];
      while (at.length < runs) at.push(next(at.at(-1)!));
      return Math.max(...at.slice(1).map((x, i) => x - at[i]!));
    },
  };
}

/** Runs `fn` at each time of `schedule` on `clock` until the returned function is called. */
export function runSchedule(clock: Clock, schedule: CronSchedule, fn: () => void): () => void {
  let stopped = false;
  let cancel = () => {};
  const arm = (after: number) => {
    const at = schedule.next(after);
    cancel = clock.timer(
      () => {
        if (stopped) return;
        // The time of day was set back meanwhile: wait for this run's time again rather than run early.
        if (clock.now() < at - 1_000) return arm(clock.now() - 1);
        // The next run is timed from this one's, not from now: a timer a millisecond early must not run it twice.
        arm(Math.max(at, clock.now()));
        fn();
      },
      Math.max(0, at - clock.now()),
    );
  };
  arm(clock.now());
  return () => {
    stopped = true;
    cancel();
  };
}
