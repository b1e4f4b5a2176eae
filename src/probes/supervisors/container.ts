// Hermes' Docker image (hermes-deployments.md §1), under Docker or Podman: s6 inside the container supervises one slot
// a profile, and the lever is `hermes gateway …` run inside it (../container.ts); a container with no s6 has the
// gateway as its own program, and the container's restart is the lever. Never the host's `hermes` against the mounted
// home: that starts a second gateway beside it.
import type { ManagerKind, ServiceEvidence } from '../../evidence.js';
import { which, type Host } from '../host.js';
import { hermesInside, looksContainerHome, probeContainer, slotName, type Runtime } from '../container.js';
import type { Claim, LeverWords, Plan, SupervisorAdapter, Verb, WordsContext } from './types.js';

const code = (cmd: string) => `\`${cmd}\``;

/** Docker, or Podman where only it is installed. */
async function runtimeHere(host: Host): Promise<Runtime> {
  return !(await which('docker', host)) && (await which('podman', host)) ? 'podman' : 'docker';
}

function containerPlan(verb: Verb, runtime: Runtime, svc: ServiceEvidence): Plan {
  const c = svc.container;
  if (!c) return { error: `no ${runtime} container found for this gateway${svc.error ? ` (${svc.error})` : ''}` };
  if (!c.running)
    return verb === 'stop'
      ? { error: `the container ${c.name} is not running` }
      : { run: [{ argv: [runtime, 'start', c.id] }] };
  // No s6 inside: the gateway is the container's program, and the container is what restarts it.
  // A permissions loop: the container's boot hands the volume back to its user.
  if (svc.supervised === false || (svc.slot?.denied && verb !== 'stop'))
    return { run: [{ argv: [runtime, verb, c.id] }] };
  const profile = svc.slot?.profile ?? '';
  // A slot that is down needs a start: `gateway restart` on a down slot does nothing and exits 0.
  const down = svc.slot?.status ? !svc.slot.status.up : svc.slot?.missing === true;
  const inside = verb === 'restart' && down ? 'start' : verb;
  return { run: [{ argv: [runtime, 'exec', c.id, ...hermesInside(profile, inside)] }] };
}

function words({ target, service: s }: WordsContext): LeverWords {
  const manager = s.manager;
  const c = s.container?.name ?? s.name ?? '<container>';
  const p = s.slot?.profile ?? '';
  const inside = (verb: 'start' | 'restart') =>
    code(s.supervised === false ? `${manager} ${verb} ${c}` : [manager, 'exec', c, ...hermesInside(p, verb)].join(' '));
  if (s.supervised === false)
    return {
      restart_how: { key: 'finding.service.restart.container_program', params: { target, cmd: inside('restart') } },
      restart: inside('restart'),
      start: inside('start'),
      journal: {
        key: 'finding.service.journal.container',
        params: { cmd: `${manager} logs ${c}`, file: 'logs/gateway.log' },
      },
      supervisor: { key: 'finding.service.status.container_program', params: { cmd: `${manager} inspect ${c}` } },
    };
  return {
    restart_how: {
      key: 'finding.service.restart.container',
      params: { target, cmd: inside('restart'), start: inside('start') },
    },
    restart: inside('restart'),
    start: inside('start'),
    journal: {
      key: 'finding.service.journal.container',
      params: { cmd: `${manager} logs ${c}`, file: `logs/gateways/${p || 'default'}/current` },
    },
    supervisor: {
      key: 'finding.service.status.container',
      params: { cmd: `${manager} exec ${c} /command/s6-svstat /run/service/${s.slot?.name ?? slotName(p)}` },
    },
  };
}

function containerAdapter(kind: Runtime): SupervisorAdapter {
  return {
    kind: kind as ManagerKind,
    async configured(target) {
      return { manager: kind, ...(target.service.container ? { name: target.service.container } : {}) };
    },
    probe(target, _claim: Claim, host) {
      return probeContainer(kind, target, host);
    },
    plan(verb, _target, svc) {
      return containerPlan(verb, kind, svc);
    },
    words,
  };
}

export const docker: SupervisorAdapter = {
  ...containerAdapter('docker'),
  // Hermes' Docker image: its files say so (a home at /opt/data, the boot reconciler's log); Podman where only it is.
  async traces(target, host) {
    if (host.platform !== 'linux' || !(await looksContainerHome(target))) return undefined;
    return { manager: await runtimeHere(host) };
  },
};

export const podman: SupervisorAdapter = containerAdapter('podman');
