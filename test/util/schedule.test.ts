// The daemon's schedule on the injected clock: node-cron's own reading of the expression (the config contract), timed
// by the clock, so a test moves through a day of runs in milliseconds.
import { describe, expect, it } from 'vitest';
import { cronSchedule, runSchedule } from '../../src/util/schedule.js';
import { every } from '../../src/util/clock.js';
import { manualClock } from '../helpers/clock.js';

const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s).getTime();

describe('cronSchedule', () => {
  it('gives the next run as node-cron reads the expression, in the host zone', async () => {
    const quarter = await cronSchedule('*/15 * * * *');
    expect(quarter.next(local(2026, 11, 25, 6, 7, 30))).toBe(local(2026, 11, 25, 6, 15));
    expect(quarter.next(local(2026, 11, 25, 6, 15))).toBe(local(2026, 11, 25, 6, 30));
    expect(quarter.next(local(2026, 11, 25, 23, 50))).toBe(local(2026, 11, 26));
    expect(quarter.periodAfter(local(2026, 11, 25))).toBe(15 * 60_000);
    const seconds = await cronSchedule('*/10 * * * * *');
    expect(seconds.next(local(2026, 11, 25, 6, 0, 5) + 400)).toBe(local(2026, 11, 25, 6, 0, 10));
    expect(seconds.periodAfter(local(2026, 11, 25))).toBe(10_000);
    // Weekdays at 03:00: a Wednesday evening's next is Thursday; a Friday's is Monday (the weekend skipped).
    const weekdays = await cronSchedule('0 3 * * 1-5');
    expect(weekdays.next(local(2026, 11, 25, 20))).toBe(local(2026, 11, 26, 3));
    expect(weekdays.next(local(2026, 11, 27, 4))).toBe(local(2026, 11, 30, 3));
    expect(weekdays.periodAfter(local(2026, 11, 27, 4), 6)).toBe(3 * 24 * 3_600_000);
    // Day-of-month and month together: the 31st of the next month that has one.
    const monthEnd = await cronSchedule('0 0 12 31 * *');
    expect(monthEnd.next(local(2026, 11, 25))).toBe(local(2026, 12, 31, 12));
    expect(monthEnd.next(local(2027, 1, 31, 13))).toBe(local(2027, 3, 31, 12));
  });
});

describe('runSchedule and every on a manual clock', () => {
  it('run at their times as the clock moves, and not after they are stopped', async () => {
    const clock = manualClock(local(2026, 11, 25, 6, 0, 1));
    const runs: number[] = [];
    const stop = runSchedule(clock, await cronSchedule('*/10 * * * * *'), () => void runs.push(clock.now()));
    const ticks: number[] = [];
    const stopTicks = every(clock, 15_000, () => void ticks.push(clock.now()));
    await clock.advance(60_000);
    expect(runs).toEqual([10, 20, 30, 40, 50, 60].map((s) => local(2026, 11, 25, 6, 0, s)));
    expect(ticks.map((t) => t - local(2026, 11, 25, 6, 0, 1))).toEqual([15_000, 30_000, 45_000, 60_000]);
    stop();
    stopTicks();
    await clock.advance(60_000);
    expect(runs).toHaveLength(6);
    expect(ticks).toHaveLength(4);
  });
});
