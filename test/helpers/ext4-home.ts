// A Hermes home on a filesystem of its own: an ext4 image, loop-mounted (root only), on which a file's birth can be set
// (debugfs). A log whose lines carry no time is dated by its birth (issue 60 item 5), and no test can otherwise make a
// file that was born hours ago.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface Ext4Home {
  home: string;
  /** Sets the birth of `rel` (a path under the home) to `ms`: the image is unmounted for it, so no file may be open. */
  born(rel: string, ms: number): void;
  unmount(): void;
}

/** An ext4 image of `sizeGiB` (sparse) under `dir`, mounted at `<dir>/hermes`; undefined where this host cannot. */
export function ext4Home(dir: string, sizeGiB = 8): Ext4Home | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const image = path.join(dir, 'disk.img');
  const home = path.join(dir, 'hermes');
  mkdirSync(home);
  const mount = () => execFileSync('mount', ['-o', 'loop', image, home], { stdio: 'ignore' });
  try {
    execFileSync('truncate', ['-s', `${sizeGiB}G`, image]);
    execFileSync('mkfs.ext4', ['-q', '-F', image], { stdio: 'ignore' });
    mount();
  } catch {
    return undefined;
  }
  return {
    home,
    born(rel, ms) {
      execFileSync('umount', [home]);
      // debugfs reads a time as YYYYMMDDHHMMSS, UTC.
      const at = new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
      execFileSync('debugfs', ['-w', '-R', `set_inode_field /${rel} crtime ${at}`, image], { stdio: 'ignore' });
      mount();
    },
    unmount() {
      execFileSync('umount', ['-l', home], { stdio: 'ignore' });
    },
  };
}
