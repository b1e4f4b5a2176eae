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

/**
 * Users' home directories in the password file (getpwnam's and getpwuid's pw_dir), read once: what `~` is to a process
 * with no HOME. A user by name, by uid, or `#<uid>` (chpst's numeric form); the first line of a name or id wins.
 */
export async function passwdHomes(): Promise<(user: string | number) => string | undefined> {
  const text = await readCapped('/etc/passwd', MiB).catch(() => '');
  const rows = text
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 6 && f[5]);
  return (user) => {
    const uid = typeof user === 'number' ? String(user) : /^#?(\d+)$/.exec(user)?.[1];
    return rows.find((f) => (uid !== undefined ? f[2] === uid : f[0] === user))?.[5];
  };
}

/** The home directory of one user (passwdHomes). */
export const homeDirOf = async (user: string | number): Promise<string | undefined> => (await passwdHomes())(user);
