// What a restart of a target acts on. A profile the root multiplexes has no process, pid file, state file or service
// of its own (hermes-gateway-current.md §2.3, §2.5): restarting it IS restarting the root gateway, and every profile
// that gateway serves reconnects with it. So the restart goes through the root's service, is verified against the
// root's pid and the profile's `<profile>:<platform>` entries, and shares one lock and cooldown with every target the
// same process serves.
import path from 'node:path';
import type { TargetConfig } from '../config/schema.js';
import { hermesProfileSuffix } from '../config/load.js';
import type { Evidence } from '../evidence.js';

export interface RestartVia {
  /** The target whose pid file, state file and service the restart acts on (the root's, for a served profile). */
  target: TargetConfig;
  /** The process home: every target with the same one is restarted by one restart (lock, cooldown, budget). */
  unit: string;
  /** A served profile: its name, the root home and every profile the root serves (launch profile first). */
  served?: { profile: string; root: string; launch: string; profiles: string[] };
  /** A multiplexing root: every profile it serves (launch profile first) reconnects with it. */
  serves?: string[];
}

/** The root's own target, as the profile's config would name it (the service config is the user's: kept). */
function rootTarget(target: TargetConfig, root: string): TargetConfig {
  return {
    ...target,
    hermes_home: root,
    pid_file: path.join(root, 'gateway.pid'),
    state_file: path.join(root, 'gateway_state.json'),
    log_file: path.join(root, 'logs', 'gateway.log'),
    agent_log_file: path.join(root, 'logs', 'agent.log'),
    profile: hermesProfileSuffix(root),
  };
}

/** Pure: resolve from the latest evidence of the target (its `serving`, §2.7). */
export function restartVia(target: TargetConfig, ev: Pick<Evidence, 'hermes' | 'state'> | undefined): RestartVia {
  const sv = ev?.hermes?.serving;
  if (sv?.role === 'served' && sv.rootHome) {
    const rootState = sv.root?.state;
    const profiles = rootState?.served_profiles?.length ? rootState.served_profiles : ['default', sv.profile];
    return {
      target: rootTarget(target, sv.rootHome),
      unit: path.resolve(sv.rootHome),
      served: {
        profile: sv.profile,
        root: sv.rootHome,
        launch: profiles[0] ?? 'default',
        profiles: [...new Set(profiles)],
      },
    };
  }
  const serves = ev?.state?.served_profiles;
  return {
    target,
    unit: path.resolve(target.hermes_home),
    ...(serves && serves.length > 1 ? { serves: [...new Set(serves)] } : {}),
  };
}

/** A served profile's platforms as the root's state file keys them: bare for the launch profile, `<p>:<x>` otherwise. */
export function rootKeys(via: RestartVia, platforms: string[]): string[] {
  const s = via.served;
  if (!s) return platforms;
  return platforms.map((p) => (p.includes(':') || s.profile === s.launch ? p : `${s.profile}:${p}`));
}
