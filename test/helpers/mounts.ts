// Real filesystems for the tests of what the host says of a Hermes home's disk: a tmpfs of its own (a small inode table
// with `nr_inodes`), remounted read-only or read-write as the kernel or an operator would. Mounting needs root and
// CAP_SYS_ADMIN: `mountUnavailable()` says why not here (a test skips with that reason), and `unmountAll()` undoes every
// mount a file made, deepest first, before its temporary folders go.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Why a tmpfs cannot be mounted here, or undefined when it can: tried once, on a folder of its own. */
export function mountUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux: no tmpfs or mountinfo';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-mount-try-'));
  try {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    if (r.status !== 0) return 'mount refused here (no CAP_SYS_ADMIN: an unprivileged container)';
    spawnSync('umount', [dir], { stdio: 'ignore' });
    return undefined;
  } finally {
    rmdirSync(dir);
  }
}

const mounted: string[] = [];

/** A tmpfs at `dir` (made if missing): `sizeKiB` of space and, if given, only `inodes` inodes. */
export function tmpfs(dir: string, o: { sizeKiB: number; inodes?: number }): void {
  mkdirSync(dir, { recursive: true });
  const opts = [`size=${o.sizeKiB}k`, 'mode=0755', ...(o.inodes ? [`nr_inodes=${o.inodes}`] : [])];
  execFileSync('mount', ['-t', 'tmpfs', '-o', opts.join(','), 'tmpfs', dir]);
  mounted.push(dir);
}

/** The mount at `dir` made read-only or read-write again, as `mount -o remount,ro` does. */
export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir]);
}

/**
 * `dir` bound onto itself and that mount made read-only, its filesystem left writable: as a container's `:ro` volume
 * shows a folder to the process in it alone.
 */
export function bindReadOnly(dir: string): void {
  execFileSync('mount', ['--bind', dir, dir]);
  mounted.push(dir);
  execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
}

/**
 * Empty files under `dir` until its filesystem has no inode left (ENOSPC with space to spare); how many it took. They go
 * two folders down (`ballast/files/`): no reader of logs/ lists that deep, so they crowd out no log.
 */
export function exhaustInodes(dir: string): number {
  const into = path.join(dir, 'ballast', 'files');
  mkdirSync(into, { recursive: true });
  for (let i = 0; ; i++) {
    try {
      writeFileSync(path.join(into, String(i)), '');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC') return i;
      throw e;
    }
  }
}

/** Every mount made here undone, the last made first (a mount inside another goes before it). */
export function unmountAll(): void {
  for (const dir of mounted.splice(0).reverse()) spawnSync('umount', ['-l', dir], { stdio: 'ignore' });
}
