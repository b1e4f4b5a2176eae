// A directory of gatewatch's own (the state_dir, its history, the demo's Hermes home and logs) is its owner's alone,
// like the files in it (0600): another user of the host neither lists nor reads it. Its parents are made as
// `mkdir -p` makes them (~/.local/state is the user's, not ours to close).
import { chmod, mkdir } from 'node:fs/promises';
import { stat } from './file-calls.js';
import path from 'node:path';

const done = new Set<string>();

/**
 * `dir` made 0700 where it is new; one of this user's that others may enter but not write (an older gatewatch's 0755,
 * mkdir's under the usual umask) is closed to them. Another user's directory, and one others may write (a sticky
 * 1777 tmpfs: shared on purpose, and distrusted as such by the control socket), are left as they are.
 */
export async function privateDir(dir: string): Promise<void> {
  if (done.has(dir)) return mkdir(dir, { recursive: true, mode: 0o700 }).then(() => undefined);
  await mkdir(path.dirname(dir), { recursive: true });
  await mkdir(dir, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const st = await stat(dir);
  const open = st.mode & 0o077;
  if (st.isDirectory() && st.uid === process.getuid?.() && open && !(st.mode & 0o022))
    await chmod(dir, st.mode & 0o700);
  done.add(dir);
}
