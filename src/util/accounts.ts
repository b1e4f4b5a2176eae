// This host's users and groups (`/etc/passwd`, `/etc/group`): their names by id, the users' homes. A container's user
// has none here.
import { MiB, readCapped } from './read-capped.js';

/** A passwd- or group-shaped file's lines, their fields; none where it cannot be read. */
async function rowsOf(file: '/etc/passwd' | '/etc/group'): Promise<string[][]> {
  const text = await readCapped(file, MiB).catch(() => '');
  return text.split('\n').map((l) => l.split(':'));
}

/** Names by id from a passwd- or group-shaped file; the first line of an id wins, as getpwuid's does. */
export async function namesOf(file: '/etc/passwd' | '/etc/group'): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const f of await rowsOf(file))
    if (f.length >= 3 && /^\d+$/.test(f[2]!) && !out.has(Number(f[2]))) out.set(Number(f[2]), f[0]!);
  return out;
}

/**
 * Users' home directories in the password file (getpwnam's and getpwuid's pw_dir), read once: what `~` is to a process
 * with no HOME. A user by name, by uid, or `#<uid>` (chpst's numeric form); the first line of a name or id wins.
 */
export async function passwdHomes(): Promise<(user: string | number) => string | undefined> {
  const rows = (await rowsOf('/etc/passwd')).filter((f) => f.length >= 6 && f[5]);
  return (user) => {
    const uid = typeof user === 'number' ? String(user) : /^#?(\d+)$/.exec(user)?.[1];
    return rows.find((f) => (uid !== undefined ? f[2] === uid : f[0] === user))?.[5];
  };
}

/** The home directory of one user (passwdHomes). */
export const homeDirOf = async (user: string | number): Promise<string | undefined> => (await passwdHomes())(user);
