// Memory climbing towards the limit (hermes-gateway-current.md §9.20, §10.4), judged on VmRSS samples taken on a fake
// clock: a forecast, said before the limit is reached, with the trend it rests on and the time left, in words, to
// Hermes' own critical tier (§8.3) and to the limit; never on a flat, noisy or falling RSS or a one-off step, and
// withdrawn when the climb turns.
import { describe, expect, it } from 'vitest';
import type { MemoryTrend } from '../../src/evidence.js';
import { runDetectors } from '../../src/detectors/index.js';
import { wordEvidence, wordFinding } from '../../src/i18n.js';
import { manualClock } from '../helpers/clock.js';
import { buildEvidence, PID, SETTINGS } from '../helpers/evidence.js';

const MIB = 1024;

interface Watch {
  ceilingMib?: number;
  source?: 'host' | 'cgroup';
  /** What Hermes' tiers are a share of (MemTotal, a cgroup's limit): unknown when absent. */
  totalMib?: number;
  /** The Hermes version the home shows (control socket `identify`). */
  version?: string;
}

/** One sample a minute for `minutes`, RSS from `rssAt(minute)`, on a clock of the test's own. */
async function watched(minutes: number, rssAt: (m: number) => number, w: Watch = {}) {
  const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
  const samples: MemoryTrend['samples'] = [];
  for (let m = 0; m <= minutes; m++) {
    samples.push({ at: clock.now(), rssKib: Math.round(rssAt(m) * MIB) });
    if (m < minutes) await clock.sleep(60_000);
  }
  const ceiling = {
    kib: (w.ceilingMib ?? 4096) * MIB,
    source: w.source ?? ('host' as const),
    ...(w.totalMib ? { totalKib: w.totalMib * MIB } : {}),
  };
  const hermes = w.version
    ? {
        hermes: {
          version: {
            version: w.version,
            source: 'identify' as const,
            generation: 'current' as const,
            restampsUpdatedAt: false,
          },
        },
      }
    : {};
  const ev = buildEvidence({
    log: 'healthy.log',
    overrides: { now: clock.now(), memory: { pid: PID, samples, ceiling }, ...hermes },
  });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === 'memory_growth');
}

describe('memory_growth', () => {
  it('a steady climb (#58817: 300 MB → 1.5 GB in 20 h) is said with its rate and the time left, long before the limit', async () => {
    const [f] = await watched(120, (m) => 300 + m * 1, { ceilingMib: 1536 });
    expect(f).toBeDefined();
    expect(f!.severity).toBe('warning');
    expect(f!.restart).toBe('wait');
    expect(f!.title).toBe('Gateway memory keeps climbing: 420 MB now, the host runs out in about 19 h');
    expect(f!.explanation).toMatch(/from 300 MB to 420 MB over 2 h/);
    expect(f!.explanation).toMatch(/about 60 MB an hour/);
  });

  it("names the time to Hermes' own critical tier (MemAvailable under 5 % of the total) before the host runs out, in words in both locales", async () => {
    // 8 GB host, 4 GB left for the gateway's RSS: Hermes' critical line is 410 MB available, ~3,686 MB of RSS.
    const [f] = await watched(120, (m) => 1000 + m * 10, { ceilingMib: 4096, totalMib: 8192 });
    expect(f!.text!.key).toBe('finding.memory_growth.tier');
    expect(f!.title).toBe(
      "Gateway memory keeps climbing: 2200 MB now, Hermes' memory turns critical in about 2 h 30 min",
    );
    expect(f!.explanation).toMatch(
      /under Hermes' critical line \(410 MB available\) in about 2 h 30 min, and runs out \(4096 MB\) in about 3 h 10 min/,
    );
    const zh = wordFinding('zh-CN', f!);
    expect(zh.title).toBe('网关内存持续上涨：现在 2200 MB，约 2 小时 30 分钟后 Hermes 的内存级别进入临界');
    expect(zh.explanation).toContain('约 3 小时 10 分钟后完全耗尽');
    // What helps, not only the restart that buys time.
    expect(f!.action).toMatch(/only buys time/);
    expect(f!.action).toMatch(/roll back/);
  });

  it("on Hermes 0.20.0, the release of #81625's leak, what helps names it: roll back to 0.19.1 or update past it", async () => {
    const [f] = await watched(120, (m) => 1000 + m * 10, {
      ceilingMib: 4096,
      totalMib: 8192,
      version: '0.20.0+4.g1a2b3c4',
    });
    expect(f!.action).toContain(
      "What helps: you run Hermes 0.20.0+4.g1a2b3c4, the release of Hermes #81625's leak: roll back to 0.19.1",
    );
    expect(wordFinding('zh-CN', f!).action).toContain('你运行的是 Hermes 0.20.0+4.g1a2b3c4');
    for (const version of ['0.20.1', '0.21.6+122.gcbe5e53', undefined]) {
      const [g] = await watched(120, (m) => 1000 + m * 10, { ceilingMib: 4096, totalMib: 8192, version });
      expect(g!.action).toContain('What helps: update Hermes, or roll back the version that brought the leak');
    }
  });

  it('its evidence is the trend: the first and the last sample with their times, and the slope per hour', async () => {
    const [f] = await watched(120, (m) => 1000 + m * 10, { ceilingMib: 4096, totalMib: 8192 });
    const en = wordEvidence('en', f!);
    expect(en[0]).toMatch(
      new RegExp(
        `^VmRSS of pid ${PID}: 1000 MB at \\d\\d-\\d\\d \\d\\d:\\d\\d:00 → 2200 MB at \\d\\d-\\d\\d \\d\\d:\\d\\d:00 \\(121 samples\\), \\+600 MB an hour$`,
      ),
    );
    expect(en.slice(1)).toEqual([
      'what the host still has: room for an RSS of 4096 MB (its RSS plus MemAvailable)',
      "Hermes' critical memory tier from an RSS of 3686 MB on (MemAvailable under 410 MB)",
    ]);
    expect(wordEvidence('zh-CN', f!)[0]).toMatch(
      /^pid \d+ 的 VmRSS：.* 时 1000 MB → .* 时 2200 MB（121 个采样），每小时 \+600 MB$/,
    );
  });

  it('a runaway (#81625: gigabytes within two hours) minutes from the limit: critical, a restart before the OOM killer', async () => {
    const [f] = await watched(60, (m) => 150 + m * 50, { ceilingMib: 3600, source: 'cgroup' });
    expect(f!.severity).toBe('critical');
    expect(f!.restart).toBe('helps');
    expect(f!.title).toMatch(/its limit \(3600 MB\)/);
  });

  it("under a cgroup, the limit it names is the cgroup's, not the RSS plus the room the group has left", async () => {
    // memory.usage_in_bytes counts the group's page cache too: the room left moves from one read to the next, and the
    // RSS plus it (1264 MB here) is no limit of anything. The cgroup's limit (1024 MB) is what the kernel enforces.
    const [f] = await watched(60, (m) => 150 + m * 10, { ceilingMib: 1264, source: 'cgroup', totalMib: 1024 });
    expect(f).toBeDefined();
    expect(f!.title).toMatch(/\(limit 1024 MB\)|its limit \(1024 MB\)/);
    expect(wordFinding('zh-CN', f!).title).toContain('1024 MB');
    expect(wordFinding('zh-CN', f!).title).not.toContain('1264 MB');
  });

  it('a flat RSS says nothing, however long', async () => {
    expect(await watched(360, () => 412)).toEqual([]);
  });

  it('noise around a level, a falling RSS and a climb that reaches the limit only in days say nothing', async () => {
    expect(await watched(120, (m) => 400 + ((m * 37) % 23) - 11)).toEqual([]);
    expect(await watched(120, (m) => 900 - m * 2)).toEqual([]);
    expect(await watched(120, (m) => 300 + m * 0.5, { ceilingMib: 24 * 1024 })).toEqual([]);
  });

  it('a one-off step (a cache filled once, 400 → 900 MB, then level) is no trend, wherever in the window it came', async () => {
    for (const at of [20, 60, 100])
      expect(await watched(120, (m) => (m < at ? 400 : 900), { ceilingMib: 1536 })).toEqual([]);
  });

  it('is withdrawn when the climb turns: level for the last half hour', async () => {
    const climb = (m: number) => 300 + Math.min(m, 120) * 2;
    expect(await watched(120, climb, { ceilingMib: 1536 })).toHaveLength(1);
    expect(await watched(130, climb, { ceilingMib: 1536 })).toHaveLength(1);
    expect(await watched(150, climb, { ceilingMib: 1536 })).toEqual([]);
  });

  it('a start-up warm-up (under 30 minutes watched) is not judged', async () => {
    expect(await watched(20, (m) => 150 + m * 20, { ceilingMib: 600 })).toEqual([]);
  });
});
