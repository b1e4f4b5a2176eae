// A full disk under a live gateway (hermes-gateway-current.md §10.2, #52383, PR #88295): every reply is `Sorry, I
// encountered an error (OSError). [Errno 28] No space left on device`, then SQLite's `database or disk is full`. The
// fixture's failed turns are written as the real v0.17 gateway logs one (`Agent error in session …` and its traceback,
// shared/fixtures/hermes/real-v0.17-error-reply.log), ending in the error the reply quotes.
import { describe, expect, it } from 'vitest';
import type { DiskTrend, WritePlace } from '../../src/evidence.js';
import type { Finding } from '../../src/types.js';
import { targetRestart } from '../../src/detectors/restart-advice.js';
import { wordFinding } from '../../src/i18n.js';
import { fixtureText, localTime } from '../helpers/evidence.js';
import { diskFindings, placesOn } from '../helpers/disk-evidence.js';

const LOG = fixtureText('hermes-current/disk-full.log');
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const HOME = '/home/ops/.hermes';

/** A 100 GB disk read every 5 min from 09:00, its free space `free(minute)` in MB. */
function disk(until: number, free: (m: number) => number): DiskTrend {
  const samples = [];
  for (let m = 0; m <= until; m += 5)
    samples.push({ at: localTime('2026-09-21 09:00:00') + m * 60_000, freeBytes: free(m) * MiB });
  return { path: HOME, totalBytes: 100 * GiB, reservedBytes: 0, samples };
}

/**
 * The disk of `disk(until, free)` with the places Hermes writes all on the home's ext4 (`/home`) and its inode table
 * `inodes`; `over` per place (a place on a mount of its own).
 */
function withPlaces(
  d: DiskTrend,
  inodes: { total: number; free: number } | undefined,
  over: Record<string, Partial<WritePlace>> = {},
  dirs?: DiskTrend['dirs'],
): DiskTrend {
  const common = { readOnly: false, ...(inodes ? { inodes } : {}), freeBytes: d.samples.at(-1)!.freeBytes };
  const places = placesOn({ mount: '/home', fsType: 'ext4', source: '/dev/sda3' }, common, over);
  return { ...d, places, ...(dirs ? { dirs } : {}) };
}

const found = (text: string, now: string, o: { disk?: DiskTrend; agent?: string } = {}): Finding[] =>
  diskFindings(text, now, { ...o, connectedAt: '2026-09-21 09:00:02' });

describe('disk_full (§10.2)', () => {
  it("a full disk in other words (the exception's repr, SQLite's own) is the same finding", () => {
    for (const words of [
      "OSError(28, 'No space left on device')",
      'sqlite3.OperationalError: database or disk is full',
    ]) {
      const text = LOG.replaceAll('OSError: [Errno 28] No space left on device\n', '').replaceAll(
        'Agent error in session agent:main:telegram:dm:42',
        `Agent error in session agent:main:telegram:dm:42: ${words}`,
      );
      expect(
        found(text, '2026-09-21 09:40:00').map((x) => x.check),
        words,
      ).toEqual(['disk_full']);
    }
  });

  it('look-alike: a user quoting the words in chat is no full disk', () => {
    const quoted = LOG.split('\n')
      .filter((l) => !/Errno 28|disk is full|Agent error/.test(l))
      .join('\n')
      .concat(
        "\n2026-09-21 09:35:00,500 INFO gateway.run: inbound message: platform=telegram user=42 chat=42 msg='what does [Errno 28] No space left on device mean?' reply_to_id=None reply_to_text=''\n",
      );
    expect(found(quoted, '2026-09-21 09:40:00').map((x) => x.check)).not.toContain('disk_full');
  });

  it('every reply "[Errno 28] No space left on device": the disk is full, a restart frees nothing, every restart held', () => {
    const f = found(LOG, '2026-09-21 09:40:00');
    expect(f.map((x) => x.check)).toEqual(['disk_full']);
    expect(f[0]!.severity).toBe('critical');
    expect(f[0]!.restart).toBe('never');
    expect(f[0]!.title).toBe('The disk is full: every reply is "[Errno 28] No space left on device"');
    expect(f[0]!.explanation).toContain('"[Errno 28] No space left on device" 2 times since 8m 59s ago.');
    expect(f[0]!.action).toContain(`Free space on the disk of ${HOME}`);
    expect(f[0]!.evidence[0]).toContain('Agent error in session agent:main:telegram:dm:42');
    expect(targetRestart(f).holdAll.map((x) => x.check)).toEqual(['disk_full']);
    const zh = wordFinding('zh-CN', f[0]!);
    expect(zh.title).toContain('磁盘已满');
    expect(zh.action).toContain('state-snapshots/');
  });

  it("with a disk reading: the free space it shows; SQLite's `database or disk is full` in agent.log alone also says it", () => {
    const f = found(LOG, '2026-09-21 09:40:00', { disk: disk(35, () => 40) });
    expect(f[0]!.explanation).toContain(`(40 MB free now on the disk of ${HOME})`);
    const agent =
      '2026-09-21 09:36:00,000 ERROR hermes_state: state.db routing save failed: database or disk is full\n';
    const before = LOG.split('\n').slice(0, 5).join('\n');
    expect(found(before, '2026-09-21 09:40:00', { agent }).map((x) => x.check)).toEqual(['disk_full']);
  });

  it('it replaces the disk forecast, which would only repeat it', () => {
    const falling = disk(40, (m) => 900 - m * 20);
    const quiet = LOG.split('\n').slice(0, 5).join('\n');
    // Under Hermes' critical line with no line saying so: the disk itself is full now (issue 54), its pace said with it.
    const [tier] = found(quiet, '2026-09-21 09:40:00', { disk: falling });
    expect(tier!.text?.key).toBe('finding.disk_full.tier');
    expect(tier!.explanation).toMatch(/nothing left in about/);
    expect(found(LOG, '2026-09-21 09:40:00', { disk: falling }).map((x) => x.check)).toEqual(['disk_full']);
  });

  it("look-alikes: the lines long over; the disk freed since; another error's traceback; a run before this one", () => {
    expect(found(LOG, '2026-09-21 09:55:00')).toEqual([]);
    expect(found(LOG, '2026-09-21 09:40:00', { disk: disk(40, (m) => (m < 40 ? 40 : 3000)) })).toEqual([]);
    expect(
      found(
        LOG.replaceAll(
          'OSError: [Errno 28] No space left on device',
          "ModuleNotFoundError: No module named 'requests'",
        ),
        '2026-09-21 09:40:00',
      ),
    ).toEqual([]);
    const restarted = `${LOG}2026-09-21 09:39:00,100 INFO gateway.run: Starting Hermes Gateway...\n2026-09-21 09:39:01,100 INFO gateway.run: ✓ telegram connected\n2026-09-21 09:39:01,200 INFO gateway.run: Gateway running with 1 platform(s)\n`;
    expect(found(restarted, '2026-09-21 09:40:00')).toEqual([]);
  });

  // ----- issue 60: a filesystem can be unwritable with bytes to spare: its inode table -----
  const roomy = () => disk(40, () => 40 * 1024);
  const OUT = { total: 6_553_600, free: 0 };

  it('no inode left under the home with 40 GB free, and no log says so: the inode table, not the bytes', () => {
    const dirs = [
      { name: 'state-snapshots/', bytes: 700 * MiB, files: 40 },
      { name: 'cron/output/', bytes: 90 * MiB, files: 5000, partial: true },
      { name: 'logs/', bytes: 30 * MiB, files: 12 },
    ];
    const quiet = LOG.split('\n').slice(0, 5).join('\n');
    const f = found(quiet, '2026-09-21 09:40:00', { disk: withPlaces(roomy(), OUT, {}, dirs) });
    expect(f.map((x) => x.check)).toEqual(['disk_full']);
    expect(f[0]!.text?.key).toBe('finding.disk_full.inodes');
    expect(f[0]!.restart).toBe('never');
    expect(f[0]!.title).toBe(`No inode left on the filesystem of ${HOME}: no new file can be made there, 40.0 GB free`);
    expect(f[0]!.explanation).toContain('The filesystem mounted at /home (ext4) has 0 of its 6553600 inodes left');
    expect(f[0]!.explanation).toContain('"[Errno 28] No space left on device"');
    expect(f[0]!.action).toContain('cron/output/ holds 5000 files at least');
    expect(targetRestart(f).holdAll.map((x) => x.check)).toEqual(['disk_full']);
    expect(wordFinding('zh-CN', f[0]!).title).toContain('inode');
  });

  it('no inode left on a separately mounted logs/ only: that place and its mount', () => {
    const logs = { mount: '/var/log/hermes', fsType: 'xfs', source: '/dev/sdb1', inodes: { total: 65_536, free: 3 } };
    const quiet = LOG.split('\n').slice(0, 5).join('\n');
    const [f, ...rest] = found(quiet, '2026-09-21 09:40:00', {
      disk: withPlaces(roomy(), { total: 6_553_600, free: 5_000_000 }, { 'logs/': logs }),
    });
    expect(rest).toEqual([]);
    expect(f!.text?.key).toBe('finding.disk_full.inodes');
    expect(f!.title).toContain(`the filesystem of ${HOME}/logs:`);
    expect(f!.explanation).toContain('mounted at /var/log/hermes (xfs) has 3 of its 65536 inodes left');
  });

  it('"[Errno 28] No space left on device" with 40 GB free: no inode left, said with the lines', () => {
    const f = found(LOG, '2026-09-21 09:40:00', { disk: withPlaces(roomy(), OUT) });
    expect(f.map((x) => x.check)).toEqual(['disk_full']);
    expect(f[0]!.text?.key).toBe('finding.disk_full.inodes');
    expect(f[0]!.explanation).toContain('"[Errno 28] No space left on device" 2 times since 8m 59s ago');
    expect(f[0]!.evidence[0]).toContain('Agent error in session');
  });

  it('look-alikes: inodes low but not out; a filesystem without an inode table (btrfs); lines since freed', () => {
    expect(
      found(LOG, '2026-09-21 09:40:00', { disk: withPlaces(roomy(), { total: 1_000_000, free: 20_000 }) }),
    ).toEqual([]);
    expect(found(LOG, '2026-09-21 09:40:00', { disk: withPlaces(roomy(), undefined) })).toEqual([]);
    expect(found(LOG, '2026-09-21 09:40:00', { disk: withPlaces(roomy(), { total: 0, free: 0 }) })).toEqual([]);
  });
});
