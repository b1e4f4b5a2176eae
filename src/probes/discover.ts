// Profiles and multiplexing (hermes-gateway-current.md §2): which Hermes homes exist under a root, and which process
// serves a given profile. Since v0.21 one root gateway can serve every profile ("multiplexing"); a served profile
// owns no gateway.pid, lock, socket or live state file, so every per-home check would call it dead.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GatewayStateFile, IdentifyInfo, ProcessEvidence, ServingEvidence } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { probeProcess } from './process.js';
import { readGatewayState } from './state-file.js';
import type { HostOptions } from './host.js';

/** Hermes' profile-name rule. */
const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** `<root>/profiles/<name>` → { root, profile }; anything else is a root of its own (`default`). */
export function profileOf(home: string): { root: string; profile: string } {
  const parent = path.dirname(home);
  const name = path.basename(home);
  if (path.basename(parent) === 'profiles' && PROFILE_NAME.test(name)) return { root: path.dirname(parent), profile: name };
  return { root: home, profile: 'default' };
}

// ---------- discovery ----------

/** What one directory under the root shows, as read by listHomes. */
export interface HomeListing {
  home: string;
  profile: string;
  /** Names of the entries found in it (only the ones that matter are kept). */
  files: string[];
}

export interface DiscoveredHome {
  name: string;
  home: string;
  profile: string;
  /** standalone: has a gateway of its own (or nothing says otherwise) · served: the root lists it in served_profiles. */
  mode: 'root' | 'standalone' | 'served';
}

/** Files that show a Hermes home has been set up (a bare `profiles/<x>` folder alone is not enough). */
const HOME_MARKS = ['config.yaml', '.env', 'gateway_state.json', 'gateway.pid', 'logs'];

/**
 * Pure: the homes worth watching. The root is watched when it is set up; each profile likewise. A profile the root
 * serves (its served_profiles) is `served`; a root that serves profiles is still the root.
 */
export function planHomes(root: HomeListing | null, profiles: HomeListing[], rootState: GatewayStateFile | null): DiscoveredHome[] {
  const out: DiscoveredHome[] = [];
  const served = new Set(rootState?.served_profiles ?? []);
  const setUp = (l: HomeListing) => l.files.some((f) => HOME_MARKS.includes(f));
  if (root && setUp(root)) out.push({ name: 'default', home: root.home, profile: 'default', mode: 'root' });
  for (const p of [...profiles].sort((a, b) => a.profile.localeCompare(b.profile))) {
    if (!setUp(p) || p.profile === 'default') continue;
    out.push({ name: p.profile, home: p.home, profile: p.profile, mode: served.has(p.profile) ? 'served' : 'standalone' });
  }
  return out;
}

async function listing(home: string, profile: string): Promise<HomeListing | null> {
  try {
    const files = await readdir(home);
    return { home, profile, files: files.filter((f) => HOME_MARKS.includes(f)) };
  } catch {
    return null;
  }
}

/** The root and its profiles (multiplexed or standalone), e.g. under ~/.hermes. */
export async function discoverHomes(root: string): Promise<DiscoveredHome[]> {
  const r = await listing(root, 'default');
  const profiles: HomeListing[] = [];
  const dir = path.join(root, 'profiles');
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    /* no profiles */
  }
  for (const n of names) {
    if (!PROFILE_NAME.test(n)) continue;
    const home = path.join(dir, n);
    if (!(await stat(home).catch(() => null))?.isDirectory()) continue;
    const l = await listing(home, n);
    if (l) profiles.push(l);
  }
  const { state } = await readGatewayState(path.join(root, 'gateway_state.json'));
  return planHomes(r, profiles, state);
}

// ---------- which process serves a profile (§2.7) ----------

export interface ServingInputs {
  profile: string;
  /** The profile's own gateway.pid names a live gateway. */
  ownAlive: boolean;
  /** The profile has a gateway_state.json of its own. */
  ownState: boolean;
  rootState: GatewayStateFile | null;
  rootProcess: ProcessEvidence | null;
  /** identify on the root's control socket, if it answered. */
  rootIdentify?: IdentifyInfo;
}

/** Pure: §2.7 steps 1–4. */
export function judgeServing(i: ServingInputs, rootHome: string): ServingEvidence {
  if (i.profile === 'default') return { role: 'root', profile: 'default' };
  if (i.ownAlive) return { role: 'standalone', profile: i.profile, rootHome };
  const listed = (i.rootState?.served_profiles ?? []).includes(i.profile) || (i.rootIdentify?.served_profiles ?? []).includes(i.profile);
  if (listed) {
    return {
      role: 'served',
      profile: i.profile,
      rootHome,
      root: { process: i.rootProcess ?? { pidFile: null, alive: false, reason: 'no pid file' }, state: i.rootState },
      // A state file of its own is left from before the migration (its standalone gateway stopped cleanly).
      ...(i.ownState ? { ownStateStale: true } : {}),
    };
  }
  return { role: 'unserved', profile: i.profile, rootHome };
}

/** Resolve who serves the target's home. For the root (or any non-profile home) this is `root` at once, with no I/O. */
export async function probeServing(
  target: TargetConfig,
  own: { process: ProcessEvidence; state: GatewayStateFile | null },
  opts: HostOptions & { rootIdentify?: IdentifyInfo } = {},
): Promise<ServingEvidence> {
  const { root, profile } = profileOf(target.hermes_home);
  if (profile === 'default') return { role: 'root', profile };
  if (own.process.alive) return { role: 'standalone', profile, rootHome: root };
  const [{ state: rootState }, rootProcess] = await Promise.all([
    readGatewayState(path.join(root, 'gateway_state.json')),
    probeProcess({ ...target, hermes_home: root, pid_file: path.join(root, 'gateway.pid') }, opts),
  ]);
  return judgeServing({ profile, ownAlive: false, ownState: own.state !== null, rootState, rootProcess, rootIdentify: opts.rootIdentify }, root);
}
