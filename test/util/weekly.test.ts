// report.every as a weekly schedule: the next run on the zone's wall clock, a run exactly at its time goes to the next
// week, and a summer-time change between keeps the wall-clock time.
import { describe, expect, it } from 'vitest';
import { isZone, parseWeekly, weeklySchedule } from '../../src/util/weekly.js';

describe('weekly schedule', () => {
  it('parses a day and a 24-hour time, any case; refuses the rest', () => {
    expect(parseWeekly('mon 09:00')).toEqual({ day: 1, hour: 9, minute: 0 });
    expect(parseWeekly('SUN 23:59')).toEqual({ day: 0, hour: 23, minute: 59 });
    for (const bad of ['monday 09:00', 'mon 9am', 'mon 24:00', 'mon 09:60', '09:00', ''])
      expect(parseWeekly(bad)).toBe(undefined);
    expect(isZone('Asia/Shanghai')).toBe(true);
    expect(isZone('Mars/Olympus')).toBe(false);
  });

  it('runs next at that time in the zone: from a Sunday to the Monday, at the time itself a week on', () => {
    const s = weeklySchedule(parseWeekly('mon 09:00')!, 'Asia/Shanghai');
    // Sunday 2026-11-22 12:00 UTC is 20:00 in Shanghai; Monday 09:00 there is 01:00 UTC.
    const sunday = Date.UTC(2026, 10, 22, 12, 0);
    const monday = Date.UTC(2026, 10, 23, 1, 0);
    expect(s.next(sunday)).toBe(monday);
    expect(s.next(monday)).toBe(monday + 7 * 86_400_000);
    expect(s.next(monday - 1)).toBe(monday);
    expect(s.periodAfter(sunday)).toBe(7 * 86_400_000);
  });

  it('keeps the wall-clock time across a summer-time change (Europe/Berlin, March 2027)', () => {
    const s = weeklySchedule(parseWeekly('mon 09:00')!, 'Europe/Berlin');
    // Monday 2027-03-22 09:00 CET is 08:00 UTC; after the change on the 28th, 09:00 CEST is 07:00 UTC.
    const before = Date.UTC(2027, 2, 22, 8, 0);
    expect(s.next(before - 60_000)).toBe(before);
    expect(s.next(before)).toBe(Date.UTC(2027, 2, 29, 7, 0));
  });
});
