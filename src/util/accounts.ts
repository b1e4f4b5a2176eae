// This host's user and group names by id (`/etc/passwd`, `/etc/group`): a container's user has none here.
import { MiB, readCapped } from './read-capped.js';

/** Names by id from a passwd- or group-shaped file; the first line of an id wins, as getpwuid's does. */
export async function namesOf(file: '/etc/passwd' | '/etc/group'): Promise<Map<number, string>> {
  const text = await readCapped(file, MiB).catch(() => '');
  const out = new Map<number, string>();
  for (const l of text.split('\n')) {
    const f = l.split(':');
    if (f.length >= 3 && /^\d+$/.test(f[2]!) && !out.has(Number(f[2]))) out.set(Number(f[2]), f[0]!);
  }
  return out;
}

/** The home directory of a user id in the password file (getpwuid's pw_dir): what `~` is to a process with no HOME. */
export async function homeDirOf(uid: number): Promise<string | undefined> {
  const text = await readCapped('/etc/passwd', MiB).catch(() => '');
  for (const l of text.split('\n')) {
    const f = l.split(':');
    if (f.length >= 6 && f[2] === String(uid) && f[5]) return f[5];
  }
  return undefined;
}
