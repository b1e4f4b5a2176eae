// Whether a process exists, by signal 0.
/** True when `pid` names a process, ours to signal or not (EPERM). 0 and negative pids address process groups: false. */
export function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
