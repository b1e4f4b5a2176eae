// The VmRSS sampler on a real process and a fake clock: once a minute at most, a new pid starts afresh, six hours kept.
import { describe, expect, it } from 'vitest';
import { createMemorySampler, MEMORY_KEEP_MS } from '../../src/watch/memory-trend.js';
import { manualClock } from '../helpers/clock.js';

describe('memory sampler', () => {
  it('samples a live process at most once a minute, keeps six hours, and starts afresh for a new pid', async () => {
    const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
    const sampler = createMemorySampler();
    const first = await sampler.sample(process.pid, clock.now());
    expect(first!.samples).toHaveLength(1);
    expect(first!.samples[0]!.rssKib).toBeGreaterThan(10_000);
    expect(first!.ceiling!.kib).toBeGreaterThan(first!.samples[0]!.rssKib);
    await clock.sleep(20_000);
    expect((await sampler.sample(process.pid, clock.now()))!.samples).toHaveLength(1);
    for (let i = 0; i < 420; i++) {
      await clock.sleep(60_000);
      await sampler.sample(process.pid, clock.now());
    }
    const trend = (await sampler.sample(process.pid, clock.now()))!;
    expect(trend.samples.length).toBeLessThanOrEqual(MEMORY_KEEP_MS / 60_000 + 1);
    expect(clock.now() - trend.samples[0]!.at).toBeLessThanOrEqual(MEMORY_KEEP_MS);
    expect(await sampler.sample(2 ** 22 + 12345, clock.now() + 60_000)).toBeUndefined();
  });
});
