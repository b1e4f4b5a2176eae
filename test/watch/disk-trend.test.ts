// The disk sampler on a real Hermes home and a fake clock: one statfs a minute at most, a day kept in ~250 samples, and
// the home's growth sources measured only while the free space falls (real files written), at most every 30 min, each
// walk bounded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiskSampler, DISK_KEEP_MS } from '../../src/watch/disk-trend.js';
import { dirSize, readDiskSpace } from '../../src/probes/disk.js';
import { manualClock } from '../helpers/clock.js';
import { sharedOnce, type Shared } from '../../src/util/shared.js';
import { exhaustInodes, mountUnavailable, remount, tmpfs, unmountAll } from '../helpers/mounts.js';

const MiB = 1024 * 1024;
const why = mountUnavailable();
const homes: string[] = [];
/** A Hermes home; `own`: on a disk of its own where this host can mount one, so that only this test moves its space. */
function home(o: { own?: boolean } = {}): string {
  const h = mkdtempSync(path.join(os.tmpdir(), 'gw-disk-'));
  homes.push(h);
  if (o.own && !why) tmpfs(h, { sizeKiB: 512 * 1024 });
  for (const d of ['state-snapshots', 'cron/output/job1', 'logs']) mkdirSync(path.join(h, d), { recursive: true });
  return h;
}
afterEach(() => {
  // Before the folders go: a mount point cannot be removed.
  unmountAll();
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

/** Real bytes on the disk (random: no filesystem may keep them sparse or compressed). */
const write = (file: string, mib: number) => {
  const b = Buffer.allocUnsafe(mib * MiB);
  for (let i = 0; i < b.length; i += 4096) b.writeUInt32LE((i * 2654435761) >>> 0, i);
  writeFileSync(file, b);
};

describe('disk sampler', () => {
  it("reads the home's disk as Hermes does: free to this user, the total, root's reserve", async () => {
    const s = (await readDiskSpace(home()))!;
    expect(s.totalBytes).toBeGreaterThan(s.freeBytes);
    expect(s.freeBytes).toBeGreaterThan(0);
    expect(s.reservedBytes).toBeGreaterThanOrEqual(0);
    expect(await readDiskSpace(path.join(os.tmpdir(), 'gw-no-such-home'))).toBeUndefined();
  });

  it('samples at most once a minute and keeps a day: every sample of the last 2 h, one per 10 min before', async () => {
    const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
    const sampler = createDiskSampler();
    const h = home();
    expect((await sampler.sample(h, clock.now()))!.samples).toHaveLength(1);
    await clock.sleep(20_000);
    expect((await sampler.sample(h, clock.now()))!.samples).toHaveLength(1);
    for (let i = 0; i < 30 * 60; i++) {
      await clock.sleep(60_000);
      await sampler.sample(h, clock.now());
    }
    const t = (await sampler.sample(h, clock.now()))!;
    expect(clock.now() - t.samples[0]!.at).toBeLessThanOrEqual(DISK_KEEP_MS);
    expect(clock.now() - t.samples[0]!.at).toBeGreaterThan(DISK_KEEP_MS - 15 * 60_000);
    expect(t.samples.length).toBeLessThan(260);
    expect(t.samples.filter((s) => clock.now() - s.at <= 2 * 3_600_000)).toHaveLength(121);
  });

  it('measures state-snapshots/, cron/output/ and logs/ only once the free space falls, and says which grew', async () => {
    const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
    const sampler = createDiskSampler();
    // The shared /tmp's free space moves with the other tests' files (a full run once freed more than the 64 MiB
    // written here between two samples): where it can, the home has a disk of its own.
    const h = home({ own: true });
    await sampler.sample(h, clock.now());
    await clock.sleep(60_000);
    // Nothing written: no walk.
    expect((await sampler.sample(h, clock.now()))!.dirs).toBeUndefined();
    write(path.join(h, 'state-snapshots', 'snap-1.tar'), 64);
    await clock.sleep(60_000);
    const first = (await sampler.sample(h, clock.now()))!;
    expect(first.dirs!.map((d) => [d.name, Math.round(d.bytes / MiB), d.grewBytes])).toEqual([
      ['state-snapshots/', 64, undefined],
      ['cron/output/', 0, undefined],
      ['logs/', 0, undefined],
    ]);
    // Within 30 min of a walk: none, however much is written.
    write(path.join(h, 'cron', 'output', 'job1', '2026-09-21_08-05-00.md'), 64);
    await clock.sleep(5 * 60_000);
    expect((await sampler.sample(h, clock.now()))!.dirs).toEqual(first.dirs);
    await clock.sleep(26 * 60_000);
    write(path.join(h, 'logs', 'gateway.log'), 64);
    await clock.sleep(60_000);
    const next = (await sampler.sample(h, clock.now()))!;
    expect(next.dirs!.map((d) => [d.name, Math.round((d.grewBytes ?? NaN) / MiB), d.overMs])).toEqual([
      ['state-snapshots/', 0, 32 * 60_000],
      ['cron/output/', 64, 32 * 60_000],
      ['logs/', 64, 32 * 60_000],
    ]);
  });

  it('a round of looks reads each mount table once, ours and the gateway’s, however many homes it samples (issue 62)', async () => {
    const now = Date.parse('2026-09-21T08:00:00Z');
    // Three profiles one gateway serves (this process stands in for it), each with its own sampler, as each target has.
    const homes = [home(), home(), home()];
    const view = { pid: process.pid };
    const round = sharedOnce();
    let reads = 0;
    const counted: Shared = (key, read) =>
      round(key, () => {
        reads++;
        return read();
      });
    const inRound = await Promise.all(homes.map((h) => createDiskSampler().sample(h, now, view, counted)));
    expect(reads).toBe(2);
    // What each home's places are, as a look of its own reads them (their free bytes are whatever the disk has now).
    const alone = await Promise.all(homes.map((h) => createDiskSampler().sample(h, now, view)));
    const where = (t: Awaited<typeof alone>[number]) =>
      t!.places!.map(({ name, mount, fsType, source, readOnly }) => ({ name, mount, fsType, source, readOnly }));
    expect(inRound.map(where)).toEqual(alone.map(where));
  });

  it('a walk stops at its budget and says the size is at least', async () => {
    const h = home();
    for (let i = 0; i < 40; i++) writeFileSync(path.join(h, 'cron', 'output', 'job1', `${i}.md`), 'x'.repeat(100));
    expect(await dirSize(path.join(h, 'cron', 'output'), { entries: 1000, depth: 4 })).toEqual({
      bytes: 4000,
      files: 40,
    });
    const cut = (await dirSize(path.join(h, 'cron', 'output'), { entries: 10, depth: 4 }))!;
    expect(cut.partial).toBe(true);
    expect(cut.bytes).toBeLessThanOrEqual(1000);
    expect(await dirSize(path.join(h, 'cron'), { entries: 1000, depth: 1 })).toEqual({
      bytes: 0,
      files: 0,
      partial: true,
    });
  });
});

describe.skipIf(why)(`disk sampler on real mounts (issue 60)${why ? ` (skipped: ${why})` : ''}`, () => {
  it('dates a read-only home from the first sample that found it so, and forgets it once writable again', async () => {
    const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
    const sampler = createDiskSampler();
    const h = home();
    tmpfs(h, { sizeKiB: 1024 * 1024 });
    const ro = async () => (await sampler.sample(h, clock.now()))!.places!.find((p) => p.name === '.')!;
    expect(await ro()).toMatchObject({ readOnly: false });
    remount(h, 'ro');
    await clock.sleep(60_000);
    const since = clock.now();
    expect(await ro()).toMatchObject({ readOnly: true, readOnlySince: since });
    await clock.sleep(60_000);
    expect((await ro()).readOnlySince).toBe(since);
    remount(h, 'rw');
    await clock.sleep(60_000);
    expect(await ro()).not.toHaveProperty('readOnlySince');
  });

  it('counts the files of the growth sources once the inodes run out, the free space steady', async () => {
    const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
    const sampler = createDiskSampler();
    const h = home();
    // cron/ on a filesystem of its own, a small inode table.
    tmpfs(path.join(h, 'cron'), { sizeKiB: 1024, inodes: 40 });
    mkdirSync(path.join(h, 'cron', 'output', 'job1'), { recursive: true });
    expect((await sampler.sample(h, clock.now()))!.dirs).toBeUndefined();
    exhaustInodes(path.join(h, 'cron', 'output', 'job1'));
    await clock.sleep(60_000);
    const t = (await sampler.sample(h, clock.now()))!;
    expect(t.places!.find((p) => p.name === 'cron/')).toMatchObject({
      inodes: { free: 0 },
      inodesOutSince: clock.now(),
    });
    expect(t.dirs!.find((d) => d.name === 'cron/output/')!.files).toBeGreaterThan(30);
  });
});
