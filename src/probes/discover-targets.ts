// With no `targets` in the config (and with no config at all), watch what is there: the root (~/.hermes) and each
// of its profiles, multiplexed or standalone. Runs once at startup, before the event loop has work: sync I/O is fine.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config, TargetConfig } from '../config/schema.js';
import { gatewayMarks, planHomes, profileUnits, watched, type HomeListing } from './discover.js';
import type { Host } from './host.js';
import { parseGatewayState } from './state-file.js';
import { homeDir } from '../util/run-env.js';

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MARKS = ['config.yaml', '.env', 'gateway_state.json', 'gateway.pid', 'logs'];

function listingSync(home: string, profile: string, host: Pick<Host, 'homedir' | 'systemUnitDir'>): HomeListing | null {
  try {
    const files = readdirSync(home).filter((f) => MARKS.includes(f));
    const gateway = [...gatewayMarks(home), ...(profile === 'default' ? [] : profileUnits(profile, host))].some((m) =>
      existsSync(m),
    );
    return { home, profile, files, gateway };
  } catch {
    return null;
  }
}

/**
 * Replace the default target by the homes found under `root` that have a gateway to watch (planHomes); unchanged when
 * nothing is found. `host`: where service units are looked for.
 */
export function withDiscoveredTargets(
  config: Config,
  root = path.join(homeDir(), '.hermes'),
  host: Pick<Host, 'homedir' | 'systemUnitDir'> = { homedir: homeDir(), systemUnitDir: '/etc/systemd/system' },
): Config {
  const base = config.targets[0];
  if (!base) return config;
  if (!existsSync(root)) return { ...config, discovered: { root, homes: [] } };
  const profiles: HomeListing[] = [];
  const dir = path.join(root, 'profiles');
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    /* no profiles */
  }
  for (const n of names) {
    const home = path.join(dir, n);
    if (!PROFILE_NAME.test(n) || !statSync(home, { throwIfNoEntry: false })?.isDirectory()) continue;
    const l = listingSync(home, n, host);
    if (l) profiles.push(l);
  }
  let rootState = null;
  try {
    rootState = parseGatewayState(readFileSync(path.join(root, 'gateway_state.json'), 'utf8')).state;
  } catch {
    /* none */
  }
  const found = planHomes(listingSync(root, 'default', host), profiles, rootState);
  const discovered = { root, homes: found.map(({ name, home, mode }) => ({ name, home, mode })) };
  const homes = watched(found);
  if (!homes.length) return { ...config, discovered };
  const targets: TargetConfig[] = homes.map((h) => ({
    ...base,
    name: h.name,
    hermes_home: h.home,
    log_file: path.join(h.home, 'logs', 'gateway.log'),
    agent_log_file: path.join(h.home, 'logs', 'agent.log'),
    state_file: path.join(h.home, 'gateway_state.json'),
    pid_file: path.join(h.home, 'gateway.pid'),
    profile: h.profile === 'default' ? '' : h.profile,
  }));
  return { ...config, targets, discovered };
}
