// The disk under HERMES_HOME filling up (hermes-gateway-current.md §10.2, §10.4), judged on free-space samples taken on
// a fake clock: a forecast of when Hermes' own critical disk tier begins and when the disk is full, in words, with the
// trend and the home's growth sources that grew; never on a flat line, noise, a one-off drop or a disk being freed, and
// withdrawn when the fall stops. A restart frees nothing.
import { describe, expect, it } from 'vitest';
import type { DiskTrend } from '../../src/evidence.js';
import { runDetectors } from '../../src/detectors/index.js';
import { wordEvidence, wordFinding } from '../../src/i18n.js';
import { manualClock } from '../helpers/clock.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const HOME = '/home/ops/.hermes';

interface Disk {
  totalGiB?: number;
  reservedGiB?: number;
  dirs?: DiskTrend['dirs'];
}

/** One sample a minute for `minutes`, free GiB from `freeAt(minute)`, on a clock of the test's own. */
async function watched(minutes: number, freeAt: (m: number) => number, d: Disk = {}, check = 'forecast') {
  const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
  const samples: DiskTrend['samples'] = [];
  for (let m = 0; m <= minutes; m++) {
    samples.push({ at: clock.now(), freeBytes: Math.round(freeAt(m) * GiB) });
    if (m < minutes) await clock.sleep(60_000);
  }
  const disk: DiskTrend = {
    path: HOME,
    totalBytes: (d.totalGiB ?? 100) * GiB,
    reservedBytes: (d.reservedGiB ?? 0) * GiB,
    samples,
    ...(d.dirs ? { dirs: d.dirs } : {}),
  };
  const ev = buildEvidence({ log: 'healthy.log', overrides: { now: clock.now(), disk } });
  return runDetectors(ev, SETTINGS).filter((f) => f.check === check);
}

/** A log running away: 1.25 GB an hour off 10 GB free (30 GB a day; §10.4 saw 16 GiB a day). */
const runaway = (m: number) => 10 - (m / 60) * 1.25;
const DIRS: DiskTrend['dirs'] = [
  { name: 'state-snapshots/', bytes: 750 * MiB, grewBytes: 0, overMs: 30 * 60_000 },
  { name: 'cron/output/', bytes: 120 * MiB, grewBytes: 2 * MiB, overMs: 30 * 60_000 },
  { name: 'logs/', bytes: 3.2 * GiB, grewBytes: 640 * MiB, overMs: 30 * 60_000 },
];

describe('forecast.disk', () => {
  it("a steady fill is forecast: the time to Hermes' critical tier and to a full disk, in words, in both locales", async () => {
    const [f] = await watched(120, runaway, { dirs: DIRS });
    expect(f).toMatchObject({ check: 'forecast', cause: 'disk', severity: 'warning', restart: 'never' });
    expect(f!.text!.key).toBe('finding.forecast.disk');
    expect(f!.title).toBe(
      "The disk under HERMES_HOME is filling: 7.5 GB free, Hermes' critical disk tier in about 5 h 10 min",
    );
    expect(f!.explanation).toContain('fell from 10.0 GB to 7.5 GB over 2 h (about 1.3 GB an hour, steadily)');
    expect(f!.explanation).toContain(
      "under Hermes' critical line (1.0 GB free) in about 5 h 10 min, and the disk is full in about 6 h",
    );
    expect(f!.explanation).toContain("Of Hermes' own directories, these grew: logs/, cron/output/");
    expect(f!.action).toMatch(/a restart frees nothing/);
    const zh = wordFinding('zh-CN', f!);
    expect(zh.title).toBe('HERMES_HOME 所在磁盘正在被填满：剩余 7.5 GB，约 5 小时 10 分钟后进入 Hermes 的磁盘临界级别');
    expect(zh.explanation).toContain('约 6 小时后磁盘写满');
  });

  it('its evidence: the first and last sample with the slope per hour, the tiers here, the biggest growing directory first', async () => {
    const [f] = await watched(120, runaway, { dirs: DIRS });
    const en = wordEvidence('en', f!);
    expect(en[0]).toMatch(
      /^free space on the disk of \/home\/ops\/\.hermes: 10\.0 GB at \d\d-\d\d \d\d:\d\d:00 → 7\.5 GB at \d\d-\d\d \d\d:\d\d:00 \(121 samples\), −1\.3 GB an hour$/,
    );
    expect(en.slice(1)).toEqual([
      "Hermes' disk tiers here: critical under 1.0 GB free, elevated under 4.0 GB (disk 100.0 GB, 93 % used)",
      'logs/: 3.2 GB, +640 MB in 30 min',
      'cron/output/: 120 MB, +2 MB in 30 min',
      'state-snapshots/: 750 MB, 0 MB in 30 min',
    ]);
    expect(wordEvidence('zh-CN', f!)[2]).toBe('logs/：3.2 GB，30 分钟内 +640 MB');
  });

  it("Hermes' tiers follow the disk: a small disk with root's 5 % reserved is critical under 256 MB free", async () => {
    // 20 GB, 1 GB reserved: 95 % used comes only with nothing free, so the 256 MB line is the critical one.
    const [f] = await watched(60, (m) => 2 - m / 60, { totalGiB: 20, reservedGiB: 1 });
    expect(f!.explanation).toContain("under Hermes' critical line (256 MB free) in about 45 min");
    expect(wordEvidence('en', f!)[1]).toMatch(
      /^Hermes' disk tiers here: critical under 256 MB free, elevated under 2\.0 GB/,
    );
  });

  it("under the critical line already: a full disk now (issue 54), when nothing is left, and which of Hermes' directories grew, or that none did", async () => {
    const [f] = await watched(
      60,
      (m) => 0.9 - (m / 60) * 0.3,
      {
        dirs: DIRS.map((x) => ({ ...x, grewBytes: 0 })),
      },
      'disk_full',
    );
    expect(f!.text!.key).toBe('finding.disk_full.tier');
    expect(f!.title).toBe('The disk under the Hermes home is full: 614 MB free');
    expect(f!.explanation).toContain('nothing left in about 2 h');
    expect(f!.explanation).toContain("Hermes' own state-snapshots/, cron/output/ and logs/ did not grow");
  });

  it('before any directory was measured, the forecast says they will be', async () => {
    const [f] = await watched(60, (m) => 5 - m / 60);
    expect(f!.explanation).toContain('is measured every 30 min while the disk fills');
  });

  it('a flat line, noise, a disk being freed and a one-off drop (a 750 MB snapshot written once) say nothing', async () => {
    expect(await watched(240, () => 4)).toEqual([]);
    expect(await watched(240, (m) => 4 + (((m * 37) % 23) - 11) / 100)).toEqual([]);
    expect(await watched(120, (m) => 4 + m / 60)).toEqual([]);
    for (const at of [20, 60, 100]) expect(await watched(120, (m) => (m < at ? 2 : 1.25))).toEqual([]);
  });

  it('is withdrawn when the fall stops: level for the last half hour', async () => {
    const fill = (m: number) => runaway(Math.min(m, 120));
    expect(await watched(120, fill)).toHaveLength(1);
    expect(await watched(150, fill)).toEqual([]);
  });

  it('says nothing of a tier further ahead than six times the trend it rests on, nor beyond a week', async () => {
    // Half an hour of 1 GB an hour off 10 GB: the tier is 9 h away, more than 6 × 30 min.
    expect(await watched(30, (m) => 10 - m / 60)).toEqual([]);
    expect(await watched(90, (m) => 10 - m / 60)).toHaveLength(1);
    // A day of 100 MB an hour off 30 GB of 1 TB: 12 days to the tier.
    expect(await watched(24 * 60, (m) => 30 - m / 600, { totalGiB: 1024 })).toEqual([]);
  });
});
