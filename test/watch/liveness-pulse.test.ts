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
});
