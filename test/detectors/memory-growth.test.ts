// Memory climbing towards the limit (hermes-gateway-current.md §9.20), judged on VmRSS samples taken on a fake clock:
// said before the limit is reached, with the trend and the time left; never on a flat, noisy or falling RSS.
import { describe, expect, it } from 'vitest';
import type { MemoryTrend } from '../../src/evidence.js';
import { runDetectors } from '../../src/detectors/index.js';
import { manualClock } from '../helpers/clock.js';
import { buildEvidence, PID, SETTINGS } from '../helpers/evidence.js';

const MIB = 1024;

/** One sample a minute for `minutes`, RSS from `rssAt(minute)`, on a clock of the test's own. */
async function watched(
  minutes: number,
  rssAt: (m: number) => number,
  ceilingMib = 4096,
  source: 'host' | 'cgroup' = 'host',
) {
  const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
  const samples: MemoryTrend['samples'] = [];
  for (let m = 0; m <= minutes; m++) {
    samples.push({ at: clock.now(), rssKib: Math.round(rssAt(m) * MIB) });
    if (m < minutes) await clock.sleep(60_000);
  }
  const ev = buildEvidence({
    log: 'healthy.log',
    overrides: { now: clock.now(), memory: { pid: PID, samples, ceiling: { kib: ceilingMib * MIB, source } } },
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === 'memory_growth');
}

describe('memory_growth', () => {
  it('a steady climb (#58817: 300 MB → 1.5 GB in 20 h) is said with its rate and the time left, long before the limit', async () => {
    const [f] = await watched(120, (m) => 300 + m * 1, 1536);
    expect(f).toBeDefined();
    expect(f!.severity).toBe('warning');
    expect(f!.restart).toBe('wait');
    expect(f!.title).toMatch(/420 MB now, the host runs out in about/);
    expect(f!.explanation).toMatch(/from 300 MB to 420 MB over 2h/);
    expect(f!.explanation).toMatch(/about 60 MB an hour/);
  });

  it('a runaway (#81625: gigabytes within two hours) minutes from the limit: critical, a restart before the OOM killer', async () => {
    const [f] = await watched(60, (m) => 150 + m * 50, 3600, 'cgroup');
    expect(f!.severity).toBe('critical');
    expect(f!.restart).toBe('helps');
    expect(f!.title).toMatch(/its limit \(3600 MB\)/);
  });

  it('a flat RSS says nothing, however long', async () => {
    expect(await watched(360, () => 412)).toEqual([]);
  });

  it('noise around a level, a falling RSS and a climb that reaches the limit only in days say nothing', async () => {
    expect(await watched(120, (m) => 400 + ((m * 37) % 23) - 11)).toEqual([]);
    expect(await watched(120, (m) => 900 - m * 2)).toEqual([]);
    expect(await watched(120, (m) => 300 + m * 0.5, 24 * 1024)).toEqual([]);
  });

  it('a start-up warm-up (under 30 minutes watched) is not judged', async () => {
    expect(await watched(20, (m) => 150 + m * 20, 600)).toEqual([]);
  });
});
