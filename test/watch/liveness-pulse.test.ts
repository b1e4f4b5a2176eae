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

// A member whose death wakes the daemon by itself (its gateway's lock waited on: lock-wake.ts) needs no looks between
// the polls: with every member so, a wake-up a poll where there were three.
describe('the liveness pulse with members that need no looks', () => {
  it('beats once a poll while every member is quiet, three times again from the poll that finds one that is not', async () => {
    const clock = manualClock();
    const pulse = createLivenessPulse(clock, 1_500);
    const seen: string[] = [];
    const quiet = { a: false, b: true };
    const member = (name: 'a' | 'b') => ({
      look: () => void seen.push(`${name} look`),
      poll: async () => void seen.push(`${name} poll`),
      quiet: () => quiet[name],
    });
    pulse.join(member('a'));
    pulse.join(member('b'));
    await clock.advance(1_500);
    expect(seen.filter((s) => s.endsWith('look'))).toHaveLength(4);
    expect(clock.armed()).toEqual([500]);

    // Both quiet: from the next poll on, a beat is a poll, a liveness_interval apart.
    quiet.a = true;
    // Between polls it stays as it was: the polls stay 1.5 s apart.
    await clock.advance(500);
    expect(clock.armed()).toEqual([500]);
    await clock.advance(1_000);
    expect(clock.armed()).toEqual([1_500]);
    seen.length = 0;
    await clock.advance(3_000);
    expect(seen).toEqual(['a poll', 'b poll', 'a poll', 'b poll']);

    // One not quiet any more (its lock let go, or its wait ended): the next poll brings the looks back.
    quiet.b = false;
    seen.length = 0;
    await clock.advance(1_500);
    expect(seen).toEqual(['a poll', 'b poll']);
    expect(clock.armed()).toEqual([500]);
    seen.length = 0;
    await clock.advance(1_500);
    expect(seen).toEqual(['a look', 'b look', 'a look', 'b look', 'a poll', 'b poll']);
  });

  it("keeps a timer's time when the beats change, and a member that joins brings the looks back at once", async () => {
    const clock = manualClock();
    const pulse = createLivenessPulse(clock, 1_500);
    const fired: number[] = [];
    const start = clock.now();
    pulse.join({ look: () => {}, poll: async () => {}, quiet: () => true });
    // Asked at 0 for 6 s: 12 beats of 500 ms, then, once the beats are 1.5 s apart from 1.5 s on, 3 of those.
    pulse.timer(() => void fired.push(clock.now() - start), 6_000);
    await clock.advance(1_500);
    expect(clock.armed()).toEqual([1_500]);
    await clock.advance(4_500);
    expect(fired).toEqual([6_000]);

    const looks: string[] = [];
    pulse.join({ look: () => void looks.push('look'), poll: async () => {} });
    expect(clock.armed()).toEqual([500]);
    await clock.advance(1_000);
    expect(looks).toEqual(['look', 'look']);
  });

  it('hands the clock a timer due sooner than half a slow beat, and cancels it there', async () => {
    const clock = manualClock();
    // 15 s polls: beats of 5 s, then of 15 s once the member is quiet.
    const pulse = createLivenessPulse(clock, 15_000);
    pulse.join({ look: () => {}, poll: async () => {}, quiet: () => true });
    const fired: number[] = [];
    const start = clock.now();
    await clock.advance(10_000);
    // Asked for 10 s on the beat at 10 s: two beats of 5 s; at 15 s the beats grow to 15 s, and 5 s are left.
    pulse.timer(() => void fired.push(clock.now() - start), 10_000);
    const cancelled = pulse.timer(() => void fired.push(-1), 10_000);
    await clock.advance(5_000);
    expect(clock.armed().sort((a, b) => a - b)).toEqual([5_000, 5_000, 15_000]);
    cancelled();
    expect(clock.armed().sort((a, b) => a - b)).toEqual([5_000, 15_000]);
    await clock.advance(5_000);
    expect(fired).toEqual([20_000]);
    expect(clock.armed()).toEqual([15_000]);
  });

  it('never slows a pulse whose beats are its polls already', async () => {
    const clock = manualClock();
    const pulse = createLivenessPulse(clock, 750);
    pulse.join({ look: () => {}, poll: async () => {}, quiet: () => true });
    await clock.advance(3_000);
    expect(clock.armed()).toEqual([750]);
  });
});
