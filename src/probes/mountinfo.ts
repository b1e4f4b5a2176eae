// The kernel's mount table as a process sees it (/proc/<pid>/mountinfo, proc(5)): which directory of which device each
// mount shows where, its filesystem, and whether it is read-only. One parser for every reader: a container's home mapped
// to the host's path (pid-namespace.ts), the filesystem under each place Hermes writes (disk.ts). Node's statfs gives
// no mount flags (no f_flag): read-only is read here, from the mount's own options (a bind mount made read-only) and its
// filesystem's (a remount, an ext4 the kernel turned read-only after an error, a NAS mounted `ro`).
import { MiB, readCapped } from '../util/read-capped.js';

export interface Mount {
  /** `major:minor` of its device. */
  dev: string;
  /** The directory of the device this mount shows. */
  root: string;
  /** Where it shows it. */
  point: string;
  fsType: string;
  /** What it mounts: a device, `server:/export`, `tmpfs`. */
  source: string;
  /** Read-only by its own flags or its filesystem's. */
  readOnly: boolean;
  /**
   * Read-only by its filesystem's (superblock) options: for every mount of it, in every namespace (a remount, the
   * kernel's after an error). A mount made read-only on its own (a bind, a container's `:ro` volume) is not.
   */
  fsReadOnly: boolean;
}

/** mountinfo's escapes: space, tab, newline and backslash as `\ooo`. */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

const ro = (options: string | undefined) => !!options && options.split(',').includes('ro');

/**
 * `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`: id, parent, device, root, point,
 * the mount's options, optional fields up to `-`, then the filesystem's type, source and options.
 */
export function parseMountinfo(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 5) continue;
    const dash = f.indexOf('-', 6);
    const fs = dash < 0 ? [] : f.slice(dash + 1);
    out.push({
      dev: f[2]!,
      root: unescape(f[3]!),
      point: unescape(f[4]!),
      fsType: fs[0] ?? '',
      source: unescape(fs[1] ?? ''),
      readOnly: ro(f[5]) || ro(fs[2]),
      fsReadOnly: ro(fs[2]),
    });
  }
  return out;
}

const SLASH = 0x2f;

/** `p` is `dir` or lies under it (no string made: a look asks it of every mount for every place Hermes writes). */
export const under = (p: string, dir: string): boolean =>
  p === dir || dir === '/' || (p.startsWith(dir) && p.charCodeAt(dir.length) === SLASH);

/** The mount in force at `p` (absolute, links resolved): the last of those at the longest point that holds it. */
export function mountAt(p: string, mounts: readonly Mount[]): Mount | undefined {
  let m: Mount | undefined;
  // Later mounts cover earlier ones at the same point.
  for (const t of mounts) if (under(p, t.point) && (!m || t.point.length >= m.point.length)) m = t;
  return m;
}

/**
 * The mount table of process `pid` (`self`: this one's), whole. The kernel hands it over a page of whole lines at a
 * time, so a read that comes back short is not its end (a host with a hundred mounts has 12 KB of it): read to the end.
 */
export async function readMounts(pid: number | 'self'): Promise<Mount[]> {
  return parseMountinfo(await readCapped(`/proc/${pid}/mountinfo`, MiB, { truncate: true }));
}
