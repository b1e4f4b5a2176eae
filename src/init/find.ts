// What `gatewatch init` finds before it asks anything: the Hermes homes under a root (the same discovery the loader
// uses with no `targets`), which of them a gateway actually serves, the platforms each runs and the service manager
// that supervises it.
import path from 'node:path';
import { discoverHomes, profileOf, type DiscoveredHome } from '../probes/discover.js';
import { readGatewayState } from '../probes/state-file.js';
import { probeService, resolveManager, type ResolvedManager } from '../probes/service.js';
import type { TargetConfig } from '../config/schema.js';
import { configSchema, resolveConfig } from '../channels/config.js';
import { demoQqCycleMs, demoTargetConfig, isDemoHome, type DemoTargetRaw } from '../demo/index.js';
import type { Clock } from '../util/clock.js';

export interface FoundHome extends DiscoveredHome {
  /** Platforms the gateway's state file lists for this home (a served profile's are in the root's, `<profile>:x`). */
  platforms: string[];
  service: ResolvedManager;
  /** The profiles a root serves. */
  serves: string[];
  /** The demo's ctl commands, when the home is the demo gateway's (it has no service of its own to restart it). */
  commands?: DemoTargetRaw['service'];
  /** The QQ cycle the demo gateway serving it plays, when it set one (the playground's, shorter than QQ's own). */
  qqCycleMs?: number;
}

export interface Found {
  root: string;
  homes: FoundHome[];
  /** Profiles set up but run by no gateway: not watched (they would read as "gateway down" forever). */
  leftOut: string[];
}

export async function findHermes(dir: string, clock: Pick<Clock, 'sleep'>): Promise<Found> {
  const { root, profile } = profileOf(dir);
  // A profile's own folder given: that profile alone, as the root's discovery would name it.
  const all =
    profile === 'default'
      ? await discoverHomes(dir, { clock })
      : (await discoverHomes(root, { clock })).filter((h) => h.home === dir);
  // Discovery tells a profile that ran a gateway (or is served) from one only ever used from the CLI.
  const ran = (h: DiscoveredHome) => h.mode !== 'cli_only';
  // The demo gateway's root is the target the demo itself watches (demoTargetConfig): one name for it before and after
  // init, so `gatewatch status demo` means the same gateway whichever daemon answers, and its history goes on.
  const kept = all
    .filter(ran)
    .map((h) => (h.mode === 'root' && isDemoHome(h.home) ? { ...h, name: demoTargetConfig(h.home).name } : h));
  const top = profile === 'default' ? dir : root;
  if (!kept.length) return { root: top, homes: [], leftOut: all.map((h) => h.name) };
  const rootState = (await readGatewayState(path.join(root, 'gateway_state.json'), { clock })).state;
  const commands = new Map(
    kept.filter((h) => isDemoHome(h.home)).map((h) => [h.home, demoTargetConfig(h.home).service]),
  );
  const raw = kept.map((h) => ({
    name: h.name,
    hermes_home: h.home,
    ...(commands.has(h.home) ? { service: commands.get(h.home) } : {}),
  }));
  const targets = resolveConfig(configSchema.parse({ targets: raw }), undefined).targets;
  const homes: FoundHome[] = [];
  for (const [i, h] of kept.entries()) {
    // A served profile's gateway is its root's: the root's home keeps the demo's cycle.
    const gateway = h.mode === 'served' ? root : h.home;
    const cycle = isDemoHome(gateway) ? await demoQqCycleMs(gateway) : undefined;
    const own =
      h.mode === 'served' ? null : (await readGatewayState(path.join(h.home, 'gateway_state.json'), { clock })).state;
    const platforms =
      h.mode === 'served'
        ? Object.keys(rootState?.platforms ?? {})
            .filter((p) => p.startsWith(`${h.profile}:`))
            .map((p) => p.slice(h.profile.length + 1))
        : Object.keys(own?.platforms ?? {}).filter((p) => !p.includes(':'));
    homes.push({
      ...h,
      platforms,
      service: await whereItRuns(targets[i]!),
      serves: h.mode === 'root' ? (own?.served_profiles ?? []) : [],
      ...(commands.has(h.home) ? { commands: commands.get(h.home) } : {}),
      ...(cycle !== undefined ? { qqCycleMs: cycle } : {}),
    });
  }
  return { root: top, homes, leftOut: all.filter((h) => !ran(h)).map((h) => h.name) };
}

/** The service manager, and for a home in a container the container and slot its runtime names (init asks it once). */
async function whereItRuns(target: TargetConfig): Promise<ResolvedManager> {
  const m = await resolveManager(target);
  if (m.manager !== 'docker' && m.manager !== 'podman') return m;
  const ev = await probeService(target);
  return {
    ...m,
    container: ev.container
      ? { name: ev.container.name, ...(ev.slot ? { slot: ev.slot.name } : {}) }
      : { error: ev.error ?? 'not found' },
  };
}
