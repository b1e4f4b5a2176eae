// Profiles and multiplexing (hermes-gateway-current.md §2): which Hermes homes exist under a root, and which process
// serves a given profile. Since v0.21 one root gateway can serve every profile ("multiplexing"); a served profile
// owns no gateway.pid, lock, socket or live state file, so every per-home check would call it dead.
import { readdir, stat } from '../util/file-calls.js';
import path from 'node:path';
import type { GatewayStateFile, IdentifyInfo, ProcessEvidence, ServingEvidence } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { probeProcess } from './process.js';
import { readGatewayState } from './state-file.js';
import { hostOf, type Host, type HostOptions } from './host.js';
import type { Clock } from '../util/clock.js';
import { fresh, type Shared } from '../util/shared.js';

/** Hermes' profile-name rule. */
const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** `<root>/profiles/<name>` → { root, profile }; anything else is a root of its own (`default`). */
export function profileOf(home: string): { root: string; profile: string } {
  const parent = path.dirname(home);
  const name = path.basename(home);
  if (path.basename(parent) === 'profiles' && PROFILE_NAME.test(name))
    return { root: path.dirname(parent), profile: name };
  return { root: home, profile: 'default' };
}

// ---------- discovery ----------

/** What one directory under the root shows, as read by listHomes. */
export interface HomeListing {
  home: string;
  profile: string;
  /** Names of the entries found in it (only the ones that matter are kept). */
  files: string[];
  /** Something only a gateway leaves was found: its files (gatewayMarks) or a service unit of its own. */
  gateway?: boolean;
}

export interface DiscoveredHome {
  name: string;
  home: string;
  profile: string;
  /**
   * standalone: has a gateway of its own · served: the root lists it in served_profiles · cli_only: a profile that
   * never ran a gateway (§8.12), listed but not watched.
   */
  mode: 'root' | 'standalone' | 'served' | 'cli_only';
}

/** Files that show a Hermes home has been set up (a bare `profiles/<x>` folder alone is not enough). */
const HOME_MARKS = ['config.yaml', '.env', 'gateway_state.json', 'gateway.pid', 'logs'];

/**
 * What only `gateway run` (or the multiplexer) writes in a home (§8.12): a home with none of them, and no service unit,
 * never ran a gateway. Not logs/gateway.log: the CLI's logging may create it without a gateway line in it.
 */
export function gatewayMarks(home: string): string[] {
  return [
    ...['gateway.pid', 'gateway.lock', 'gateway_state.json', 'gateway.sock', 'gateway-starts.log'].map((f) =>
      path.join(home, f),
    ),
    path.join(home, 'state', 'gateway.lifecycle.json'),
  ];
}

/** The service units Hermes installs for a profile's own gateway (§5): systemd user or system, launchd. */
export function profileUnits(profile: string, host: Pick<Host, 'homedir' | 'systemUnitDir'>): string[] {
  const unit = `hermes-gateway-${profile}.service`;
  return [
    path.join(host.homedir, '.config', 'systemd', 'user', unit),
    path.join(host.systemUnitDir, unit),
    path.join(host.homedir, 'Library', 'LaunchAgents', `ai.hermes.gateway-${profile}.plist`),
  ];
}

/**
 * Pure: the homes found, and which to watch. The root is watched when it ran a gateway, or when nothing under it did
 * (a fresh install: its gateway is still to come). A profile is watched when the root serves it (served_profiles) or
 * when it ran a gateway of its own; one only ever used from the CLI has nothing to watch and is `cli_only`.
 */
export function planHomes(
  root: HomeListing | null,
  profiles: HomeListing[],
  rootState: GatewayStateFile | null,
): DiscoveredHome[] {
  const out: DiscoveredHome[] = [];
  const served = new Set(rootState?.served_profiles ?? []);
  const setUp = (l: HomeListing) => l.files.some((f) => HOME_MARKS.includes(f));
  const own = profiles.filter((p) => setUp(p) && p.profile !== 'default');
  const anyGateway = !!root?.gateway || own.some((p) => p.gateway || served.has(p.profile));
  if (root && setUp(root) && (root.gateway || !anyGateway))
    out.push({ name: 'default', home: root.home, profile: 'default', mode: 'root' });
  for (const p of [...own].sort((a, b) => a.profile.localeCompare(b.profile))) {
    const mode = served.has(p.profile) ? 'served' : p.gateway ? 'standalone' : 'cli_only';
    out.push({ name: p.profile, home: p.home, profile: p.profile, mode });
  }
  return out;
}

/** The homes planHomes would watch. */
export const watched = (homes: DiscoveredHome[]) => homes.filter((h) => h.mode !== 'cli_only');

async function listing(
  home: string,
  profile: string,
  host: Pick<Host, 'homedir' | 'systemUnitDir'>,
): Promise<HomeListing | null> {
  try {
    const files = await readdir(home);
    const marks = [...gatewayMarks(home), ...(profile === 'default' ? [] : profileUnits(profile, host))];
    const found = await Promise.all(
      marks.map((m) =>
        stat(m).then(
          () => true,
          () => false,
        ),
      ),
    );
    return { home, profile, files: files.filter((f) => HOME_MARKS.includes(f)), gateway: found.some(Boolean) };
  } catch {
    return null;
  }
}

/** The root and its profiles (multiplexed or standalone), e.g. under ~/.hermes. */
export async function discoverHomes(
  root: string,
  opts: HostOptions & { clock: Pick<Clock, 'sleep'> },
): Promise<DiscoveredHome[]> {
  const host = hostOf(opts);
  const r = await listing(root, 'default', host);
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
    const l = await listing(home, n, host);
    if (l) profiles.push(l);
  }
  const { state } = await readGatewayState(path.join(root, 'gateway_state.json'), opts);
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
  const listed =
    (i.rootState?.served_profiles ?? []).includes(i.profile) ||
    (i.rootIdentify?.served_profiles ?? []).includes(i.profile);
  // A root still starting publishes the profiles it serves once their adapters run (§2.2: an empty list at
  // `starting`): until then a profile is judged with its root's start, not as a home no gateway serves.
  const starting = !!i.rootProcess?.alive && i.rootState?.gateway_state === 'starting';
  if (listed || starting) {
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
  opts: HostOptions & { rootIdentify?: IdentifyInfo; clock: Pick<Clock, 'sleep'>; shared?: Shared },
): Promise<ServingEvidence> {
  const { root, profile } = profileOf(target.hermes_home);
  if (profile === 'default') return { role: 'root', profile };
  if (own.process.alive) return { role: 'standalone', profile, rootHome: root };
  // The same for every profile of the root: read once in a round of looks at all of them.
  const [{ state: rootState }, rootProcess] = await (opts.shared ?? fresh)(`serving root ${root}`, () =>
    Promise.all([
      readGatewayState(path.join(root, 'gateway_state.json'), opts),
      probeProcess({ ...target, hermes_home: root, pid_file: path.join(root, 'gateway.pid') }, opts),
    ]),
  );
  return judgeServing(
    { profile, ownAlive: false, ownState: own.state !== null, rootState, rootProcess, rootIdentify: opts.rootIdentify },
    root,
  );
}
