// Where a platform's session lives, as the gateway's user meets it (issue 77). A command run as root in the home
// (`sudo hermes whatsapp` to pair again, a `docker exec` as root, `sudo hermes chat`) leaves root's own files where the
// gateway keeps its sessions, and the gateway, another user, can no longer read or write them. Its own words then
// vary with the library (`[Errno 13] Permission denied`, Node's `EACCES`, WhatsApp's "not paired" when it cannot even
// see creds.json); the files' owners and modes say it whatever the words. Looked at: the session index and its files
// (`sessions/`) and each platform's own folder (`platforms/<p>/`, WhatsApp's `session/` in it): a bounded number of
// entries each, links not followed, nothing read but the index's origins when one of its sessions is concerned.
import path from 'node:path';
import type { Stats } from 'node:fs';
import type { SessionFiles, UnusableFile } from '../evidence.js';
import { MiB, readCapped, readProcLineSync } from '../util/read-capped.js';
import { threadedFs, type LookFs } from '../util/look-fs.js';
import { namesOf } from '../util/accounts.js';

/** Entries looked at in a folder, folders under `platforms/`, and files said at most. */
const PER_DIR = 64;
const MAX_PLATFORMS = 16;
const MAX_SAID = 12;

/** Who the gateway runs as: its filesystem uid and gid and its other groups (/proc/<pid>/status). */
export interface GatewayUser {
  uid: number;
  gid: number;
  groups: number[];
}

/** The live gateway's user, else the home's owner (the user the gateway runs as, whose files the home holds). */
export async function gatewayUser(pid: number | undefined, home: string, fs: LookFs): Promise<GatewayUser | undefined> {
  if (pid !== undefined) {
    let text = '';
    try {
      // A line's worth of /proc, in this turn: no round trip through the thread pool for each profile's look.
      text = readProcLineSync(`/proc/${pid}/status`);
    } catch {
      // gone
    }
    // Real, effective, saved and filesystem ids: the last is what the kernel checks a file against.
    const uid = /^Uid:\s+(?:\d+\s+){3}(\d+)/m.exec(text);
    const gid = /^Gid:\s+(?:\d+\s+){3}(\d+)/m.exec(text);
    const groups = /^Groups:[ \t]*([\d \t]*)$/m.exec(text)?.[1]?.trim();
    if (uid && gid)
      return { uid: Number(uid[1]), gid: Number(gid[1]), groups: groups ? groups.split(/\s+/).map(Number) : [] };
  }
  const st = await fs.stat(home).catch(() => undefined);
  return st ? { uid: st.uid, gid: st.gid, groups: [] } : undefined;
}

/**
 * What the user may do with a file or folder someone else owns: a session file is read and rewritten, a folder is
 * listed, entered and written to. One the user owns is theirs to mend; root may do anything.
 */
function usable(st: Stats, who: GatewayUser): boolean {
  if (who.uid === 0 || st.uid === who.uid) return true;
  const need = st.isDirectory() ? 0o7 : 0o6;
  const group = st.gid === who.gid || who.groups.includes(st.gid);
  const bits = group ? (st.mode >> 3) & 0o7 : st.mode & 0o7;
  return (bits & need) === need;
}

/** The session index's origins: session id → its platform (`sessions/sessions.json`, src/probes/recent-lives.ts). */
async function sessionPlatforms(home: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let index: unknown;
  try {
    index = JSON.parse(await readCapped(path.join(home, 'sessions', 'sessions.json'), 4 * MiB));
  } catch {
    return out;
  }
  if (!index || typeof index !== 'object') return out;
  for (const raw of Object.values(index as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') continue;
    const e = raw as { session_id?: unknown; platform?: unknown; origin?: { platform?: unknown } };
    const p = typeof e.origin?.platform === 'string' ? e.origin.platform : e.platform;
    if (typeof e.session_id === 'string' && typeof p === 'string') out.set(e.session_id, p);
  }
  return out;
}

interface Place {
  /** Under the home: `sessions`, `platforms/whatsapp`. */
  rel: string;
  platform?: string;
  /** Folders in it are looked into too (a platform's `session/`). */
  deep: boolean;
}

/** The folder `dir` and its entries the user cannot use, its folders walked `deep` one level more. */
async function unusableIn(
  dir: string,
  deep: boolean,
  who: GatewayUser,
  fs: LookFs,
): Promise<{ p: string; st: Stats }[]> {
  const top = await fs.lstat(dir).catch(() => undefined);
  if (!top?.isDirectory()) return [];
  return [...(usable(top, who) ? [] : [{ p: dir, st: top }]), ...(await entriesIn(dir, deep, who, fs))];
}

async function entriesIn(
  dir: string,
  deep: boolean,
  who: GatewayUser,
  fs: LookFs,
): Promise<{ p: string; st: Stats }[]> {
  const out: { p: string; st: Stats }[] = [];
  for (const e of (await fs.entries(dir, PER_DIR)) ?? []) {
    const p = path.join(dir, e.name);
    const st = await fs.lstat(p).catch(() => undefined);
    if (!st || st.isSymbolicLink()) continue;
    if (!usable(st, who)) out.push({ p, st });
    if (deep && st.isDirectory()) out.push(...(await entriesIn(p, false, who, fs)));
  }
  return out;
}

/**
 * The files and folders of the home's sessions its gateway's user cannot read and write (`pid`: the live gateway's,
 * on this host). Undefined when that user is root or cannot be told, or the home has none of these places.
 */
export async function probeSessionFiles(
  home: string,
  pid: number | undefined,
  fs: LookFs = threadedFs,
): Promise<SessionFiles | undefined> {
  const who = await gatewayUser(pid, home, fs);
  if (!who || who.uid === 0) return undefined;
  const places: Place[] = [{ rel: 'sessions', deep: false }];
  for (const e of ((await fs.entries(path.join(home, 'platforms'), MAX_PLATFORMS)) ?? []).filter((d) =>
    d.isDirectory(),
  ))
    places.push({ rel: path.join('platforms', e.name), platform: e.name, deep: true });
  const found: UnusableFile[] = [];
  let ids: Map<string, string> | undefined;
  for (const place of places) {
    for (const { p, st } of await unusableIn(path.join(home, place.rel), place.deep, who, fs)) {
      let platform = place.platform;
      if (!platform && place.rel === 'sessions' && p !== path.join(home, 'sessions')) {
        ids ??= await sessionPlatforms(home);
        const name = path.basename(p);
        platform = [...ids].find(([id]) => name.startsWith(id))?.[1];
      }
      found.push({
        path: p,
        place: place.rel,
        uid: st.uid,
        gid: st.gid,
        mode: st.mode & 0o7777,
        dir: st.isDirectory(),
        ...(platform ? { platform } : {}),
      });
    }
  }
  if (!found.length) return { uid: who.uid, gid: who.gid, unusable: [] };
  const [users, groups] = await Promise.all([namesOf('/etc/passwd'), namesOf('/etc/group')]);
  for (const f of found) {
    const owner = users.get(f.uid);
    if (owner) f.owner = owner;
  }
  const user = users.get(who.uid);
  const group = groups.get(who.gid);
  return {
    uid: who.uid,
    gid: who.gid,
    ...(user ? { user } : {}),
    ...(group ? { group } : {}),
    unusable: found.slice(0, MAX_SAID),
    ...(found.length > MAX_SAID ? { more: found.length - MAX_SAID } : {}),
  };
}
