// The kernel's mount table as /proc/<pid>/mountinfo writes it (proc(5)): one parser for the container's home mapped to
// the host (pid-namespace.ts) and for the flags of the filesystem under each place Hermes writes (disk.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountAt, parseMountinfo, readMounts } from '../../src/probes/mountinfo.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { mountUnavailable, tmpfs, unmountAll } from '../helpers/mounts.js';

// proc(5)'s own example line, a NAS mounted read-only by the kernel after an error (its super options), a bind mount
// made read-only (its own options), a path with a space in it.
const TABLE = [
  '36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue',
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '90 22 0:52 / /srv/hermes rw,relatime shared:40 - nfs4 nas:/export/hermes ro,vers=4.2,hard,proto=tcp',
  '91 90 8:1 /var/sessions /srv/hermes/sessions ro,relatime shared:1 - ext4 /dev/sda1 rw',
  '92 22 0:60 / /tmp/my\\040home rw - tmpfs tmpfs rw,size=1024k,nr_inodes=16',
].join('\n');

describe('mountinfo', () => {
  it('reads each mount: device, root, point, type, source, and read-only by its own flags or its filesystem’s', () => {
    const m = parseMountinfo(TABLE);
    expect(m[0]).toEqual({
      dev: '98:0',
      root: '/mnt1',
      point: '/mnt2',
      fsType: 'ext3',
      source: '/dev/root',
      readOnly: false,
      fsReadOnly: false,
    });
    expect(m.map((x) => [x.point, x.readOnly])).toEqual([
      ['/mnt2', false],
      ['/', false],
      ['/srv/hermes', true],
      ['/srv/hermes/sessions', true],
      ['/tmp/my home', false],
    ]);
  });

  it('read-only for everyone (its filesystem’s options) apart from read-only for one mount (a bind, a `:ro` volume)', () => {
    expect(parseMountinfo(TABLE).map((x) => [x.point, x.fsReadOnly])).toEqual([
      ['/mnt2', false],
      ['/', false],
      ['/srv/hermes', true],
      ['/srv/hermes/sessions', false],
      ['/tmp/my home', false],
    ]);
  });

  it('the mount in force at a path: the longest point that holds it, the later of two at one point', () => {
    const m = parseMountinfo(`${TABLE}\n93 90 0:61 / /srv/hermes rw - tmpfs tmpfs rw`);
    expect(mountAt('/srv/hermes/sessions/s1.json', m)?.point).toBe('/srv/hermes/sessions');
    expect(mountAt('/srv/hermes/state.db', m)?.fsType).toBe('tmpfs');
    expect(mountAt('/srv/hermes-other', m)?.point).toBe('/');
    expect(mountAt('/tmp/my home/x', m)?.point).toBe('/tmp/my home');
    expect(mountAt('/x', [])).toBeUndefined();
  });
});

const why = mountUnavailable();

describe.skipIf(why)(`the mount table of a host with many mounts${why ? ` (skipped: ${why})` : ''}`, () => {
  afterEach(async () => {
    unmountAll();
    await cleanup();
  });

  it('is read whole, past the first page the kernel hands over (a short read is no end)', async () => {
    const dir = await tempDir('gw-mounts-many-');
    // 24 mounts at long names, some 12 KB of table beyond the host's own: more than a page.
    const at = (i: number) => path.join(dir, `m${i}-${'x'.repeat(200)}`);
    for (let i = 0; i < 24; i++) tmpfs(at(i), { sizeKiB: 64 });
    const last = at(23);
    const table = readFileSync('/proc/self/mountinfo', 'utf8').trim().split('\n');
    expect(table.join('\n').length).toBeGreaterThan(8 * 1024);
    const read = await readMounts('self');
    // Each of this test's own mounts, the last of them past the first page; the host's count is not compared: other
    // tests mount and unmount beside this one.
    const points = new Set(read.map((m) => m.point));
    expect(Array.from({ length: 24 }, (_, i) => points.has(at(i)))).toEqual(Array(24).fill(true));
    expect(points.has(last)).toBe(true);
  });
});
