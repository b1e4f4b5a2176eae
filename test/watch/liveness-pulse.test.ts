// One liveness timer for every target (issue 62 item 5): a look between the polls costs a wake-up, and one
// timer keeps it one wake-up however many targets are watched. On a manual clock.
import { describe, expect, it } from 'vitest';
import { createLivenessPulse, liveCadence } from '../../src/watch/liveness-pulse.js';
import { manualClock } from '../helpers/clock.js';

describe('the liveness pulse', () => {
  it('beats three times a poll, never closer than 500 ms, and polls on every third', () => {
    expect(liveCadence(2_000)).toEqual({ every: 2_000 / 3, beats: 3 });
    expect(liveCadence(1_000)).toEqual({ every: 500, beats: 2 });
    expect(liveCadence(750)).toEqual({ every: 750, beats: 1 });
    expect(liveCadence(500)).toEqual({ every: 500, beats: 1 });
    expect(liveCadence(3_600_000)).toEqual({ every: 1_200_000, beats: 3 });
  });

  it('is one timer for every target that joined, and none once they have all left', async () => {
    const clock = manualClock();
    const pulse = createLivenessPulse(clock, 1_500);
    const seen: Record<string, string[]> = { a: [], b: [] };
    const member = (name: string) => ({
      look: () => void seen[name]!.push('look'),
      poll: async () => void seen[name]!.push('poll'),
    });
    const leaveA = pulse.join(member('a'));
    const leaveB = pulse.join(member('b'));
    expect(clock.armed()).toEqual([500]);
    await clock.advance(1_500);
    expect(seen.a).toEqual(['look', 'look', 'poll']);
    expect(seen.b).toEqual(seen.a);
    leaveA();
    expect(clock.armed()).toEqual([500]);
    leaveB();
    expect(clock.armed()).toEqual([]);
  });

  it("calls a timer's function on its beat nearest the time asked, and beats while it waits", async () => {
    const clock = manualClock();
    const pulse = createLivenessPulse(clock, 1_500);
    const seen: string[] = [];
    // No member: it beats for the timer alone, and stops once nothing waits.
    pulse.timer(() => void seen.push(`timer at ${clock.now()}`), 1_100);
    expect(clock.armed()).toEqual([500]);
    await clock.advance(2_000);
    expect(seen).toEqual([`timer at ${clock.now() - 1_000}`]);
    expect(clock.armed()).toEqual([]);

    // With a member: the timer fires on the member's beat, and a timer that waits again waits from that beat on.
    const start = clock.now();
    const beating = createLivenessPulse(clock, 1_500);
    const leave = beating.join({ look: () => void seen.push('look'), poll: async () => void seen.push('poll') });
    const again = () => {
      seen.push('again');
      beating.timer(again, 1_000);
    };
    beating.timer(again, 1_000);
    const cancelled = beating.timer(() => void seen.push('cancelled'), 500);
    cancelled();
    await clock.advance(3_000);
    expect(clock.now() - start).toBe(3_000);
    expect(seen.slice(1)).toEqual(['look', 'again', 'look', 'poll', 'again', 'look', 'look', 'again', 'poll']);
    leave();
    expect(clock.armed()).toEqual([500]);
  });

  it('leaves a timer to the clock when its beats are further apart than the time asked', async () => {
    const clock = manualClock();
    const pulse = createLivenessPulse(clock, 3_600_000);
    const seen: number[] = [];
    pulse.timer(() => void seen.push(clock.now()), 5_000);
    expect(clock.armed()).toEqual([5_000]);
    const at = clock.now();
    await clock.advance(5_000);
    expect(seen).toEqual([at + 5_000]);
    expect(clock.armed()).toEqual([]);
  });
});
