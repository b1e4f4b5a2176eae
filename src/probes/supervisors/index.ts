// Every supervisor gatewatch knows, once. A live gateway is claimed by the first whose claim fits (the innermost
// supervisor first: a pm2 or supervisord that itself runs under a systemd unit is what runs the gateway); a gateway
// that is down by the first whose traces on the host name this home. Adding a supervisor is its file and a line here.
import type { ManagerKind } from '../../evidence.js';
import { addManagerKind } from '../../evidence/service.js';
import type { SupervisorAdapter } from './types.js';
import { addWords } from '../../i18n.js';
import { command } from './command.js';
import { docker, podman } from './container.js';
import { kubernetes } from './kubernetes.js';
import { launchd } from './launchd.js';
import { none } from './none.js';
import { pm2 } from './pm2.js';
import { runit } from './runit.js';
import { s6 } from './s6.js';
import { supervisord } from './supervisord.js';
import { systemd } from './systemd.js';

const BUILT_IN: readonly SupervisorAdapter[] = [
  kubernetes,
  docker,
  podman,
  pm2,
  supervisord,
  runit,
  s6,
  systemd,
  launchd,
  command,
  none,
];

const list: SupervisorAdapter[] = [];
/** In the order their claims are asked. */
export const SUPERVISORS: readonly SupervisorAdapter[] = list;
const byKind = new Map<ManagerKind, SupervisorAdapter>();

/**
 * Takes in supervisors: each by its kind (refused twice; the config takes it), its texts for the renderers. The list
 * above is registered as this module loads; one registered after it is asked first (a supervisor more specific than
 * the host's: its claim names its own daemon). test/probes/supervisors/new-supervisor.test.ts registers one so.
 */
export function registerSupervisors(adapters: readonly SupervisorAdapter[]): void {
  const kinds = adapters.map((s) => s.kind);
  for (const [i, kind] of kinds.entries())
    if (byKind.has(kind) || kinds.indexOf(kind) !== i) throw new Error(`supervisor ${kind} is listed twice`);
  for (const s of adapters) {
    byKind.set(s.kind, s);
    addManagerKind(s.kind);
    if (s.texts) addWords(s.texts);
  }
  list.splice(0, 0, ...adapters);
}

registerSupervisors(BUILT_IN);

/** The lever hook of a kind's adapter (SupervisorAdapter.lever); undefined for a kind this version has no adapter for. */
export const leverHook = (kind: ManagerKind): SupervisorAdapter['lever'] => byKind.get(kind)?.lever;

/** A container runtime's own name (SupervisorAdapter.runtime); undefined for a kind that is no container runtime. */
export const runtimeOf = (kind: string): string | undefined => byKind.get(kind as ManagerKind)?.runtime;

export function adapterOf(kind: ManagerKind): SupervisorAdapter {
  const a = byKind.get(kind);
  if (!a) throw new Error(`no supervisor adapter for ${kind}`);
  return a;
}
