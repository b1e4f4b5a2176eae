// The daemon's schedule on the injected clock: node-cron's own reading of the expression (the config contract), timed
// by the clock, so a test moves through a day of runs in milliseconds.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cronSchedule, runSchedule } from '../../src/util/schedule.js';
import { every } from '../../src/util/clock.js';
import { manualClock } from '../helpers/clock.js';
import { nodeCron } from '../../src/util/cron.js';
import { DIST } from '../helpers/paths.js';

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

/** Every time node-cron's matcher is asked, counted from the tasks created from now on (node-cron's, not ours). */
function countMatches(): { n: number } {
  const count = { n: 0 };
  const cron = nodeCron();
  const create = cron.createTask.bind(cron);
  vi.spyOn(cron, 'createTask').mockImplementation((...args: Parameters<typeof create>) => {
    const task = create(...args);
    const match = task.match.bind(task);
    task.match = (d: Date) => (count.n++, match(d));
    return task;
  });
  return count;
}

/** The first minute after `t` node-cron's matcher takes, walked a minute at a time (`within` minutes at most). */
async function bruteNext(expression: string, t: number, within: number): Promise<number | undefined> {
  const task = nodeCron().createTask(expression, () => undefined);
  try {
    for (let m = Math.floor(t / 60_000) * 60_000 + 60_000, n = 0; n < within; n++, m += 60_000)
      if (task.match(new Date(m))) return m;
    return undefined;
  } finally {
    void task.destroy();
  }
}

describe('cronSchedule.next without a step a second', () => {
  afterEach(() => void vi.restoreAllMocks());

  it('asks node-cron a few times a run, not once for each second up to it', async () => {
    const count = countMatches();
    const minute = await cronSchedule('*/1 * * * *');
    const hourly = await cronSchedule('0 * * * *');
    count.n = 0;
    expect(minute.next(local(2026, 11, 25, 6, 0, 0))).toBe(local(2026, 11, 25, 6, 1));
    // The default schedule asked 60 times a run (each second of the minute, its day asked at each).
    expect(count.n).toBeLessThanOrEqual(3);
    count.n = 0;
    expect(hourly.next(local(2026, 11, 25, 6, 0, 0))).toBe(local(2026, 11, 25, 7));
    expect(count.n).toBeLessThanOrEqual(3);
  });

  it('gives the run node-cron takes at month ends, leap days and from lists out of order', async () => {
    const cases: [string, number][] = [
      ['15 3,1 * * *', local(2026, 11, 25, 2)],
      ['*/7 */5 * * 1-5', local(2026, 11, 27, 23, 59, 30)],
      ['59 23 * * *', local(2026, 12, 31, 23, 59)],
    ];
    for (const [expression, t] of cases)
      expect((await cronSchedule(expression)).next(t), expression).toBe(await bruteNext(expression, t, 3 * 1440));
    expect((await cronSchedule('0 0 31 * *')).next(local(2026, 4, 30, 12))).toBe(local(2026, 5, 31));
    expect((await cronSchedule('30 23 28-31 2 *')).next(local(2027, 2, 27, 23, 45))).toBe(local(2027, 2, 28, 23, 30));
    expect((await cronSchedule('0 0 1 */2 *')).next(local(2026, 12, 15))).toBe(local(2027, 1, 1));
    // A leap day: the next is four years on.
    expect((await cronSchedule('0 12 29 2 *')).next(local(2024, 3, 1))).toBe(local(2028, 2, 29, 12));
  });
});

describe('cronSchedule.next across DST changes', () => {
  // node-cron's matcher keeps the zone it first formatted a date in (this worker's UTC): Berlin is set for a process of
  // its own, the built daemon's copy of node-cron with it.
  it('walks the day a change shortens or lengthens as node-cron reads it, in Berlin (the built modules)', async () => {
    const url = (f: string) => JSON.stringify(pathToFileURL(path.join(DIST, f)).href);
    const cases: [string, string][] = [
      // 02:00 → 03:00 on 29 March 2026: 02:30 is not a time that day.
      ['30 2 * * *', '2026-03-28T23:00:00Z'],
      ['*/20 * * * *', '2026-03-29T00:50:00Z'],
      // 03:00 → 02:00 on 25 October 2026.
      ['*/20 * * * *', '2026-10-24T23:50:00Z'],
      ['*/20 * * * *', '2026-10-25T00:50:00Z'],
      ['0 3 * * *', '2026-10-24T12:00:00Z'],
    ];
    const script = [
      `const { cronSchedule } = await import(${url('util/schedule.js')});`,
      `const { nodeCron } = await import(${url('util/cron.js')});`,
      `const out = [];`,
      `for (const [e, at] of ${JSON.stringify(cases)}) {`,
      `  const t = Date.parse(at);`,
      // node-cron's own answer, a minute at a time.
      `  const task = nodeCron().createTask(e, () => undefined);`,
      `  let brute; for (let m = t + 60_000; m < t + 3 * 86_400_000 && brute === undefined; m += 60_000) if (task.match(new Date(m))) brute = m;`,
      `  void task.destroy();`,
      `  out.push([new Date((await cronSchedule(e)).next(t)).toISOString(), new Date(brute).toISOString()]);`,
      `}`,
      `console.log(JSON.stringify(out));`,
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TZ: 'Europe/Berlin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.on('close', r));
    expect(code, err).toBe(0);
    const got = JSON.parse(out) as [string, string][];
    expect(got.map(([next]) => next)).toEqual([
      '2026-03-30T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    // Each as node-cron's matcher takes it, but where a clock set back repeats an hour: a run is timed once (by
    // its first occurrence: 00:50Z is 02:50 summer time, and the repeated 02:00 to 02:40 is passed over).
    for (const [i, [next, brute]] of got.entries()) if (i !== 3) expect(next, cases[i]![0]).toBe(brute);
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
