// Whether this process's loopback is its own: a network namespace apart from the host's (gatewatch's own container on
// a bridge network, whatever its PID namespace), where 127.0.0.1 reaches that container's processes only, not every
// user of the host. Linux 6.18 gives the host's network namespace a fixed inode (PROC_NET_INIT_INO, 0xEFFFFFF9): from
// it on, this process's own link tells. Before, it is told against PID 1's link where that is readable (the host's
// init where the container shares the host's processes), else by the files runtimes leave in a container's root
// (Docker's /.dockerenv, Podman's /run/.containerenv): a container on its own network, as Compose makes it by default.
import { existsSync, readlinkSync } from 'node:fs';
import os from 'node:os';

const HOST_NET = 'net:[4026531833]';

const link = (p: string) => {
  try {
    return readlinkSync(p);
  } catch {
    return undefined;
  }
};

/** Linux 6.18 or later: the host's network namespace has its fixed inode. */
function fixedHostInode(release: string): boolean {
  const [major = 0, minor = 0] = release.split('.').map((n) => Number.parseInt(n, 10));
  return major > 6 || (major === 6 && minor >= 18);
}

let known: boolean | undefined;

export function ownLoopback(): boolean {
  if (known !== undefined) return known;
  if (process.platform !== 'linux') return (known = false);
  const mine = link('/proc/self/ns/net');
  if (mine && fixedHostInode(os.release())) return (known = mine !== HOST_NET);
  const init = link('/proc/1/ns/net');
  if (mine && init) return (known = mine !== init);
  return (known = existsSync('/.dockerenv') || existsSync('/run/.containerenv'));
}
