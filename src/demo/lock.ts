// gateway.lock as Hermes holds it (hermes-gateway.md §1): flock(LOCK_EX|LOCK_NB) for the gateway's whole life, the pid
// record its body, removed with gateway.pid at a planned stop. The kernel lets go of it when the process dies, however
// it dies, which is what gatewatch's daemon waits on (probes/lock-wait.ts). Node has no flock: util-linux's `flock -n`
// takes it on a descriptor of ours, which keeps it after that command exits, until this process ends.
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

let held: { file: string; fd: number } | undefined;

/**
 * Takes `<home>/gateway.lock` for this process's life: true when held, false when another process holds it (a second
 * gateway beside one: the demo goes on without it, as the duplicate stories need), undefined without `flock`.
 */
export function holdGatewayLock(home: string, record: string): boolean | undefined {
  if (process.platform === 'win32') return undefined;
  const file = path.join(home, 'gateway.lock');
  const fd = openSync(file, 'a+');
  const r = spawnSync('flock', ['-n', '-x', '3'], { stdio: ['ignore', 'ignore', 'ignore', fd] });
  if (r.error || r.status !== 0) {
    closeSync(fd);
    return r.error ? undefined : false;
  }
  ftruncateSync(fd, 0);
  writeSync(fd, record);
  held = { file, fd };
  return true;
}

/** A planned stop's: the lock file removed and let go. */
export function releaseGatewayLock(): void {
  if (!held) return;
  try {
    unlinkSync(held.file);
  } catch {}
  closeSync(held.fd);
  held = undefined;
}
