// What the host says of each place Hermes writes under its home (issue 60): the filesystem that holds it, whether that
// is mounted read-only (the mount's flags in mountinfo), and how many inodes it has left (statfs). Real mounts: a tmpfs
// with a small inode table filled to its last inode, a tmpfs remounted read-only; the home itself, or only one place
// under it, on each.
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDiskSpace, readWritePlaces, type WriterView } from '../../src/probes/disk.js';
import { cleanup, tempDir, trackPid } from '../helpers/probe-procs.js';
import { poolRequestsDuring } from '../helpers/pool-requests.js';
import { readMounts } from '../../src/probes/mountinfo.js';
import { bindReadOnly, exhaustInodes, mountUnavailable, remount, tmpfs, unmountAll } from '../helpers/mounts.js';

const why = mountUnavailable();

afterEach(async () => {
  unmountAll();
  await cleanup();
});

/** A home with the places Hermes writes, as a gateway leaves them. */
function home(dir: string): string {
  for (const d of ['logs', 'sessions', 'state', 'cron']) mkdirSync(path.join(dir, d), { recursive: true });
  writeFileSync(path.join(dir, 'state.db'), '');
  return dir;
}

const byName = async (h: string, view?: WriterView) =>
  Object.fromEntries((await readWritePlaces(h, (await readDiskSpace(h))!, view)).map((p) => [p.name, p]));

/**
 * A stand-in gateway in a mount namespace of its own (a container's): a copy of ours as it is now, `script` run in it
 * first (mount(8) commands); its pid once it is ready.
 */
async function writerApart(script = 'true'): Promise<number> {
  const child = spawn(
    'unshare',
    ['-m', '--propagation', 'private', 'sh', '-c', `${script} && echo ready && exec sleep 600`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  trackPid(child.pid!);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`unshare ended (${code}) before its namespace was ready`)));
  });
  return child.pid!;
}

describe.skipIf(why)(`the places Hermes writes, on real mounts${why ? ` (skipped: ${why})` : ''}`, () => {
  it('the home itself read-only: every place on it is, and names the mount', async () => {
    const h = path.join(await tempDir('gw-places-'), 'home');
    tmpfs(h, { sizeKiB: 1024 });
    home(h);
    remount(h, 'ro');
    const p = await byName(h);
    expect(Object.keys(p).sort()).toEqual(['.', 'cron/', 'logs/', 'sessions/', 'state.db', 'state/']);
    for (const x of Object.values(p)) expect(x).toMatchObject({ mount: h, fsType: 'tmpfs', readOnly: true });
  });

  it('only sessions/ read-only: the home stays writable, sessions/ names its own mount', async () => {
    const h = home(await tempDir('gw-places-'));
    tmpfs(path.join(h, 'sessions'), { sizeKiB: 256 });
    remount(path.join(h, 'sessions'), 'ro');
    const p = await byName(h);
    expect(p['sessions/']).toMatchObject({ mount: path.join(h, 'sessions'), fsType: 'tmpfs', readOnly: true });
    expect(p['.']!.readOnly).toBe(false);
    expect(p['logs/']!.readOnly).toBe(false);
  });

  it('no inode left on the home, with space to spare: its inode table at zero', async () => {
    const h = path.join(await tempDir('gw-places-'), 'home');
    tmpfs(h, { sizeKiB: 4096, inodes: 64 });
    home(h);
    exhaustInodes(h);
    const p = await byName(h);
    expect(p['.']!.inodes).toEqual({ total: 64, free: 0 });
    expect(p['.']!.freeBytes).toBeGreaterThan(3 * 1024 * 1024);
    expect(p['sessions/']!.inodes).toEqual({ total: 64, free: 0 });
  });

  it('no inode left on a separately mounted logs/ (through a link too): only logs/ says so', async () => {
    const base = await tempDir('gw-places-');
    const h = home(path.join(base, 'home'));
    const elsewhere = path.join(base, 'logs-disk');
    tmpfs(elsewhere, { sizeKiB: 1024, inodes: 32 });
    exhaustInodes(elsewhere);
    // logs/ a link to a directory on the other filesystem, as an operator moves logs to a disk of their own.
    const logs = path.join(h, 'logs');
    mkdirSync(path.join(base, 'moved'));
    symlinkSync(elsewhere, path.join(base, 'moved', 'logs'));
    await import('node:fs/promises').then((fs) => fs.rm(logs, { recursive: true }));
    symlinkSync(path.join(base, 'moved', 'logs'), logs);
    const p = await byName(h);
    expect(p['logs/']).toMatchObject({ mount: elsewhere, inodes: { total: 32, free: 0 }, readOnly: false });
    expect(p['.']!.inodes!.free).toBeGreaterThan(0);
    expect(p['sessions/']!.mount).toBe(p['.']!.mount);
  });

  it('look-alikes: a full inode table and a read-only mount where Hermes does not write are none of its places', async () => {
    const h = home(await tempDir('gw-places-'));
    tmpfs(path.join(h, 'backups'), { sizeKiB: 256, inodes: 16 });
    exhaustInodes(path.join(h, 'backups'));
    tmpfs(path.join(h, 'media'), { sizeKiB: 256 });
    remount(path.join(h, 'media'), 'ro');
    const p = await byName(h);
    expect(Object.values(p).filter((x) => x.readOnly)).toEqual([]);
    expect(Object.values(p).filter((x) => x.inodes?.free === 0)).toEqual([]);
    expect(Object.values(p).map((x) => x.mount)).not.toContain(path.join(h, 'backups'));
  });

  it('a place not made yet is judged where it would be made: on its parent', async () => {
    const h = path.join(await tempDir('gw-places-'), 'home');
    tmpfs(h, { sizeKiB: 256 });
    mkdirSync(path.join(h, 'logs'));
    remount(h, 'ro');
    const p = await byName(h);
    expect(p['sessions/']).toMatchObject({ mount: h, readOnly: true });
  });
});

describe.skipIf(why)(`read-only as the gateway finds it${why ? ` (skipped: ${why})` : ''}`, () => {
  it('the home read-only for gatewatch alone (a sidecar’s `:ro` volume): the live gateway writes there', async () => {
    const h = path.join(await tempDir('gw-places-'), 'home');
    tmpfs(h, { sizeKiB: 256 });
    home(h);
    const writer = await writerApart();
    bindReadOnly(h);
    expect((await byName(h))['.']!.readOnly).toBe(true);
    const p = await byName(h, { pid: writer });
    expect(Object.values(p).filter((x) => x.readOnly)).toEqual([]);
    // The gateway down, in its container: a mount read-only for gatewatch alone says nothing of the gateway's.
    expect(Object.values(await byName(h, { elsewhere: true })).filter((x) => x.readOnly)).toEqual([]);
  });

  it('a filesystem remounted read-only is read-only for the gateway too, and with it down in its container', async () => {
    const h = path.join(await tempDir('gw-places-'), 'home');
    tmpfs(h, { sizeKiB: 256 });
    home(h);
    const writer = await writerApart();
    remount(h, 'ro');
    expect((await byName(h, { pid: writer }))['state.db']!.readOnly).toBe(true);
    expect((await byName(h, { elsewhere: true }))['state.db']!.readOnly).toBe(true);
  });

  it('the gateway’s own mount of the home read-only, ours writable: read-only, as it finds it', async () => {
    const h = path.join(await tempDir('gw-places-'), 'home');
    tmpfs(h, { sizeKiB: 256 });
    home(h);
    const writer = await writerApart(`mount --bind '${h}' '${h}' && mount -o remount,bind,ro '${h}'`);
    expect((await byName(h))['.']!.readOnly).toBe(false);
    expect((await byName(h, { pid: writer }))['sessions/']).toMatchObject({ mount: h, readOnly: true });
  });
});

describe('the places Hermes writes, anywhere', () => {
  it('a home that is not there has none', async () => {
    const gone = path.join(await tempDir('gw-places-'), 'nope');
    expect(await readWritePlaces(gone, undefined)).toEqual([]);
  });

  it('a place not made yet is resolved by the home’s own resolution: one realpath a place (a served profile has most not made, issue 62)', async () => {
    const h = await tempDir('gw-places-');
    mkdirSync(path.join(h, 'logs'));
    const space = (await readDiskSpace(h))!;
    const tables = { self: await readMounts('self') };
    const { value, requests } = await poolRequestsDuring(() => readWritePlaces(h, space, {}, async () => tables.self));
    // state.db, sessions/, state/ and cron/ not made: each where the home is.
    expect(value.map((p) => p.name)).toEqual(['.', 'state.db', 'sessions/', 'logs/', 'state/', 'cron/']);
    expect(new Set(value.filter((p) => p.name !== 'logs/').map((p) => p.mount)).size).toBe(1);
    expect(requests).toBeLessThanOrEqual(6);
  });

  it('the places are resolved from one listing of the home: its realpath and its listing, two requests for six places', async () => {
    const h = home(await tempDir('gw-places-'));
    const space = (await readDiskSpace(h))!;
    const tables = { self: await readMounts('self') };
    const { value, requests } = await poolRequestsDuring(() => readWritePlaces(h, space, {}, async () => tables.self));
    expect(value.map((p) => p.name)).toEqual(['.', 'state.db', 'sessions/', 'logs/', 'state/', 'cron/']);
    expect(requests).toBeLessThanOrEqual(2);
  });

  it('from the listing as the kernel resolves them: a link followed to its mount, a file where a folder goes is the home’s', async () => {
    const base = await tempDir('gw-places-');
    const h = path.join(base, 'home');
    mkdirSync(h);
    writeFileSync(path.join(h, 'state'), 'not a folder');
    const elsewhere = path.join(base, 'elsewhere');
    mkdirSync(elsewhere);
    tmpfs(elsewhere, { sizeKiB: 256 });
    remount(elsewhere, 'ro');
    symlinkSync(elsewhere, path.join(h, 'sessions'));
    const p = await byName(h);
    expect(p['sessions/']).toMatchObject({ mount: elsewhere, readOnly: true });
    expect(p['state/']).toMatchObject({ mount: p['.']!.mount, readOnly: false });
    expect(p['cron/']).toMatchObject({ mount: p['.']!.mount, readOnly: false });
  });
});
