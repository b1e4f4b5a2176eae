// The VmRSS sampler on a real process and a fake clock: once a minute at most, a new pid starts afresh, six hours kept;
// where /proc cannot tell a pid's RSS, the loop heartbeat's own sample of it (§8.3), when it is that pid's and fresh.
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

  it("takes the heartbeat's mem where /proc has no VmRSS: only that pid's, only fresh, each heartbeat once", async () => {
    const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
    const sampler = createMemorySampler();
    // A pid this host does not show (another PID namespace, hidepid): /proc/<pid>/status cannot be read.
    const pid = 2 ** 22 + 4321;
    const mem = { rssKib: 512_000, totalKib: 8_000_000, availableKib: 3_000_000, swapUsedKib: 0 };
    const beat = (ago: number, rssKib = mem.rssKib, who = pid) => ({
      pid: who,
      updatedAt: clock.now() - ago,
      mem: { ...mem, rssKib },
    });
    expect(await sampler.sample(pid, clock.now(), beat(10_000, 512_000, 4242))).toBeUndefined();
    expect(await sampler.sample(pid, clock.now(), beat(200_000))).toBeUndefined();
    const first = (await sampler.sample(pid, clock.now(), beat(10_000)))!;
    expect(first.samples).toEqual([{ at: clock.now() - 10_000, rssKib: 512_000 }]);
    // The ceiling: the host's MemTotal is what Hermes' tiers are a share of.
    expect(first.ceiling).toMatchObject({ source: 'host' });
    expect(first.ceiling!.totalKib).toBeGreaterThan(0);
    const same = beat(10_000);
    await clock.sleep(70_000);
    expect((await sampler.sample(pid, clock.now(), same))!.samples).toHaveLength(1);
    const next = (await sampler.sample(pid, clock.now(), beat(5_000, 530_000)))!;
    expect(next.samples.map((x) => x.rssKib)).toEqual([512_000, 530_000]);
  });
});
