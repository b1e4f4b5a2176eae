// What `gatewatch init` finds before it asks anything: the Hermes homes under a root (the same discovery the loader
// uses with no `targets`), which of them a gateway actually serves, the platforms each runs and the service manager
// that supervises it; and, unless one home was named, every other gateway on this host a supervisor or a container
// runs (./box.ts), each with its program written down, and the places it could not read.
import path from 'node:path';
import { discoverHomes, profileOf, watched, type DiscoveredHome } from '../probes/discover.js';
import { readGatewayState } from '../probes/state-file.js';
import { hostOf, type Host, type HostOptions } from '../probes/host.js';
import { probeService, resolveManager, type ResolvedManager } from '../probes/service.js';
import { adapterOf } from '../probes/supervisors/index.js';
import type { ServiceEvidence } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { configSchema, resolveConfig } from '../channels/config.js';
import { demoQqCycleMs, demoTargetConfig, isDemoHome, type DemoTargetRaw } from '../demo/index.js';
import type { FindingParam } from '../types.js';
import type { Clock } from '../util/clock.js';
import { realpath, stat } from '../util/file-calls.js';
import { MiB, readCapped } from '../util/read-capped.js';
import { findOnBox } from './box.js';
import type { BoxGateway, ServiceKeys, Unread } from './box-types.js';
import { CONTAINER_KINDS, RUNTIME_KINDS } from '../evidence/service.js';

/** Where a home's gateway runs: its supervisor, and for a container the container, its slot or that it has no s6. */
export interface WhereItRuns extends ResolvedManager {
  container?: { name?: string; slot?: string; error?: string; program?: boolean };
}

export interface FoundHome extends DiscoveredHome {
  /** Platforms the gateway's state file lists for this home (a served profile's are in the root's, `<profile>:x`). */
  platforms: string[];
  service: WhereItRuns;
  /** The profiles a root serves. */
  serves: string[];
  /** The demo's ctl commands, when the home is the demo gateway's (it has no service of its own to restart it). */
  commands?: DemoTargetRaw['service'];
  /** The QQ cycle the demo gateway serving it plays, when it set one (the playground's, shorter than QQ's own). */
  qqCycleMs?: number;
  /** The `service:` keys written for it: its program as init found it (a container, a supervisor's program). */
  keys?: ServiceKeys;
  /** The command that restarts it, in its supervisor's words. */
  lever?: FindingParam;
  /** Found beside the root, elsewhere on this host. */
  elsewhere?: boolean;
  /**
   * Another user's (its home's owner, by name where the password file has it): said, and written commented out, never
   * a target gatewatch would restart without a line the operator wrote. Not for a container's home (the image's user
   * owns it, whoever runs the container).
   */
  otherUser?: string;
  /** Its operator said at init: watch it (another user's, written as a target), and whether gatewatch may restart it. */
  chosen?: { restart: boolean };
}

export interface Found {
  root: string;
  homes: FoundHome[];
  /** Profiles set up but run by no gateway: not watched (they would read as "gateway down" forever). */
  leftOut: string[];
  /** The gateways elsewhere on this host (none looked for when one home was named). */
  elsewhere: FoundHome[];
  /** The places the search could not read. */
  unread: Unread[];
  /** Programs found elsewhere whose home is not there (a stale unit, a deleted app): left out, as a config needs it. */
  missing: { program: string; home: string }[];
}

interface FindOptions {
  /** Look across the host too (no home was named). */
  everywhere?: boolean;
  host?: HostOptions;
}

const canonical = (p: string) => realpath(p).catch(() => path.resolve(p));

/** Targets as the loader makes them of these raw entries (defaults filled in: pid file, logs, profile). */
const targetsOf = (raw: object[]): TargetConfig[] =>
  resolveConfig(configSchema.parse({ targets: raw }), undefined).targets;

export async function findHermes(dir: string, clock: Pick<Clock, 'sleep'>, o: FindOptions = {}): Promise<Found> {
  const near = await findUnder(dir, clock, o.host ?? {});
  if (!o.everywhere)
    return { ...near, leftOut: near.leftOut.map((l) => l.name), elsewhere: [], unread: [], missing: [] };
  const box = await findOnBox(hostOf(o.host));
  const known = new Map<string, FoundHome>();
  for (const h of near.homes) known.set(await canonical(h.home), h);
  const taken = new Set(near.homes.map((h) => h.name));
  const elsewhere: FoundHome[] = [];
  const missing: Found['missing'] = [];
  for (const g of box.gateways) {
    if (!(await stat(g.home).catch(() => undefined))?.isDirectory()) {
      const { manager, program, unit, container } = g.service;
      missing.push({ program: `${manager} ${program ?? unit ?? container ?? g.label}`, home: g.home });
      continue;
    }
    const mine = known.get(g.home);
    if (mine) {
      // One target a home, the root's: where its own look found nothing to restart it, or found this supervisor by
      // its traces alone (a unit of another name), this supervisor is it, named in the config.
      const same = mine.service.manager === g.service.manager && !mine.keys;
      if ((mine.service.manager === 'none' || same) && mine.mode !== 'served' && !mine.commands)
        Object.assign(mine, await withKeys(mine, g.service, clock, o.host ?? {}));
      continue;
    }
    for (const h of await homesOf(g, clock)) {
      const home = await canonical(h.home);
      if (known.has(home)) continue;
      const name = nameFor(h.profile === 'default' ? g.label : `${g.label}-${h.profile}`, taken, g.service.manager);
      const found = await withKeys({ ...h, name, home }, g.service, clock, o.host ?? {});
      known.set(home, found);
      const other = g.contained ? undefined : await otherUser(home, g.service.manager, hostOf(o.host));
      elsewhere.push({ ...found, elsewhere: true, ...(other ? { otherUser: other } : {}) });
    }
  }
  const homes = new Set(known.keys());
  const leftOut = [];
  for (const l of near.leftOut) if (!homes.has(await canonical(l.home))) leftOut.push(l.name);
  return { root: near.root, homes: near.homes, leftOut, elsewhere, unread: box.unread, missing };
}

/** The home's owner, when it is not the user init runs as (by name, else `uid N`); nothing for a container's home. */
async function otherUser(home: string, manager: string, host: Host): Promise<string | undefined> {
  if (CONTAINER_KINDS.has(manager) || host.platform === 'win32') return undefined;
  const uid = (await stat(home).catch(() => undefined))?.uid;
  if (uid === undefined || uid === host.uid) return undefined;
  return (await userName(uid)) ?? `uid ${uid}`;
}

/** A uid's login name, from the password file. */
async function userName(uid: number): Promise<string | undefined> {
  const text = await readCapped('/etc/passwd', MiB).catch(() => '');
  return text
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f.length >= 6 && f[2] === String(uid))?.[0];
}

/** The homes one gateway found elsewhere serves: its own, a root's profiles it serves, and a container's every slot. */
async function homesOf(g: BoxGateway, clock: Pick<Clock, 'sleep'>): Promise<DiscoveredHome[]> {
  const { profile } = profileOf(g.home);
  const own: DiscoveredHome = {
    name: profile,
    home: g.home,
    profile,
    mode: profile === 'default' ? 'root' : 'standalone',
  };
  if (profile !== 'default') return [own];
  const all = watched(await discoverHomes(g.home, { clock }));
  const container = RUNTIME_KINDS.has(g.service.manager);
  const kept = all.filter((h) => h.mode === 'served' || (container && h.mode === 'standalone'));
  return [own, ...kept];
}

/** A target name of the label's: the config's characters, and one no other target has. */
function nameFor(label: string, taken: Set<string>, kind: string): string {
  const base =
    label
      .replace(/\.service$/, '')
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 56) || kind;
  // `hermes`, then `hermes-pm2`, `hermes-supervisord`, then `hermes-pm2-2`…
  const mark = base.endsWith(kind) ? base : `${base}-${kind}`;
  let name = taken.has(base) ? mark : base;
  for (let i = 2; taken.has(name); i++) name = `${mark}-${i}`;
  taken.add(name);
  return name;
}

/** A home whose program was found on the host: its target with those keys, and what it says. */
async function withKeys(
  h: DiscoveredHome,
  keys: ServiceKeys,
  clock: Pick<Clock, 'sleep'>,
  host: HostOptions,
): Promise<FoundHome> {
  const [target] = targetsOf([{ name: h.name, hermes_home: h.home, service: keys }]);
  return { ...(await foundHome(h, target!, clock, host)), keys };
}

interface Near {
  root: string;
  homes: FoundHome[];
  leftOut: { name: string; home: string }[];
}

async function findUnder(dir: string, clock: Pick<Clock, 'sleep'>, host: HostOptions): Promise<Near> {
  const { root, profile } = profileOf(dir);
  // A profile's own folder given: that profile alone, as the root's discovery would name it.
  const all =
    profile === 'default'
      ? await discoverHomes(dir, { clock })
      : (await discoverHomes(root, { clock })).filter((h) => h.home === dir);
  // Discovery tells a profile that ran a gateway (or is served) from one only ever used from the CLI.
  const ran = (h: DiscoveredHome) => h.mode !== 'cli_only';
  const leftOut = all.filter((h) => !ran(h)).map(({ name, home }) => ({ name, home }));
  // The demo gateway's root is the target the demo itself watches (demoTargetConfig): one name for it before and after
  // init, so `gatewatch status demo` means the same gateway whichever daemon answers, and its history goes on.
  const kept = all
    .filter(ran)
    .map((h) => (h.mode === 'root' && isDemoHome(h.home) ? { ...h, name: demoTargetConfig(h.home).name } : h));
  const top = profile === 'default' ? dir : root;
  if (!kept.length) return { root: top, homes: [], leftOut: all.map(({ name, home }) => ({ name, home })) };
  const commands = new Map(
    kept.filter((h) => isDemoHome(h.home)).map((h) => [h.home, demoTargetConfig(h.home).service]),
  );
  const targets = targetsOf(
    kept.map((h) => ({
      name: h.name,
      hermes_home: h.home,
      ...(commands.has(h.home) ? { service: commands.get(h.home) } : {}),
    })),
  );
  const homes: FoundHome[] = [];
  for (const [i, h] of kept.entries()) {
    const found = await foundHome(h, targets[i]!, clock, host);
    homes.push({ ...found, ...(commands.has(h.home) ? { commands: commands.get(h.home) } : {}) });
  }
  return { root: top, homes, leftOut };
}

/** A home as init says it: its platforms, the profiles it serves, where its gateway runs and its lever. */
async function foundHome(
  h: DiscoveredHome,
  target: TargetConfig,
  clock: Pick<Clock, 'sleep'>,
  host: HostOptions,
): Promise<FoundHome> {
  // A served profile's gateway is its root's: the root's home keeps the demo's cycle and the profile's platforms.
  const gateway = h.mode === 'served' ? profileOf(h.home).root : h.home;
  const cycle = isDemoHome(gateway) ? await demoQqCycleMs(gateway) : undefined;
  const state = (await readGatewayState(path.join(gateway, 'gateway_state.json'), { clock })).state;
  const platforms =
    h.mode === 'served'
      ? Object.keys(state?.platforms ?? {})
          .filter((p) => p.startsWith(`${h.profile}:`))
          .map((p) => p.slice(h.profile.length + 1))
      : Object.keys(state?.platforms ?? {}).filter((p) => !p.includes(':'));
  const where = await whereItRuns(target, host);
  return {
    ...h,
    platforms,
    service: where.service,
    ...(where.lever && h.mode !== 'served' ? { lever: where.lever } : {}),
    serves: h.mode === 'root' ? (state?.served_profiles ?? []) : [],
    ...(cycle !== undefined ? { qqCycleMs: cycle } : {}),
  };
}

/**
 * The service manager and its lever, and for a home in a container the container and slot its runtime names, or that
 * the gateway is the container's own program (no s6 in it): init asks the runtime once.
 */
async function whereItRuns(
  target: TargetConfig,
  host: HostOptions,
): Promise<{ service: WhereItRuns; lever?: FindingParam }> {
  const m = await resolveManager(target, host);
  const inContainer = adapterOf(m.manager).container;
  if (!inContainer)
    return {
      service: m,
      lever: leverOf(target, { manager: m.manager, name: m.name, via: m.via, scope: m.scope }, host),
    };
  // A container's (Docker's, Podman's, a pod's): its runtime asked once, for the container and its lever.
  const ev = await probeService(target, host);
  const container = inContainer.of(ev);
  return {
    service: { ...m, container },
    ...(container.error === undefined ? { lever: leverOf(target, ev, host) } : {}),
  };
}

/** What restarts it, as its supervisor's adapter words it for an alert; nothing when no supervisor does. */
function leverOf(
  target: TargetConfig,
  s: Pick<ServiceEvidence, 'manager'> & Partial<ServiceEvidence>,
  host: HostOptions,
): FindingParam | undefined {
  if (s.manager === 'none' || s.manager === 'command') return undefined;
  const { root, profile } = profileOf(target.hermes_home);
  const own = root === path.join(hostOf(host).homedir, '.hermes');
  // A unit of the system's, or one beside ~/.hermes (a name Hermes' CLI would not guess from `-p`): systemd's own word.
  if (s.manager === 'systemd' && s.name && (s.scope === 'system' || !own))
    return `\`systemctl${s.scope === 'system' ? '' : ' --user'} restart ${s.name}\``;
  // Hermes' own CLI, for the supervisors it drives (systemd, launchd): this home's.
  const hermes = !own
    ? `HERMES_HOME=${target.hermes_home} hermes`
    : profile === 'default'
      ? 'hermes'
      : `hermes -p ${profile}`;
  const service: ServiceEvidence = { ...s, manager: s.manager };
  return adapterOf(s.manager).words({ target: target.name, hermes, service }).restart;
}
