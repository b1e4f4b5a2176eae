// Hermes' Docker image (hermes-deployments.md §1), under Docker or Podman: s6 inside the container supervises one slot
// a profile, and the lever is `hermes gateway …` run inside it (../container.ts); a container with no s6 has the
// gateway as its own program, and the container's restart is the lever. Never the host's `hermes` against the mounted
// home: that starts a second gateway beside it.
import { ownText } from '../../i18n.js';
import * as ownWords from './container-texts.js';
import type { ManagerKind, ServiceEvidence } from '../../evidence.js';
import type { FindingParam } from '../../types.js';
import type { TargetConfig } from '../../config/schema.js';
import { which, type Host } from '../host.js';
import { looksContainerHome, probeContainer, runtimeOfHome, type Runtime } from '../container.js';
import { hermesInside, slotName } from '../container-slot.js';
import { podOfHome } from './kubernetes.js';
import { quadletFor } from './systemd.js';
import type { Claim, LeverWords, Plan, SupervisorAdapter, Verb, WordsContext } from './types.js';
import { containerLever } from './container-lever.js';
import { dialectOf } from './runtimes.js';

const code = (cmd: string) => `\`${cmd}\``;

/** Docker, or Podman where only it is installed; with both, the one that holds a container of this home. */
async function runtimeHere(target: TargetConfig, host: Host): Promise<Runtime> {
  const installed: Runtime[] = [];
  for (const r of ['docker', 'podman'] as const) if (await which(r, host)) installed.push(r);
  const [first, ...rest] = installed;
  return first ? runtimeOfHome([first, ...rest], target, host) : 'docker';
}

function containerPlan(verb: Verb, runtime: Runtime, svc: ServiceEvidence): Plan {
  const c = svc.container;
  if (!c && svc.state === 'removed')
    return { error: `${runtime} has no container ${svc.name ?? ''} any more: only creating it again brings it back` };
  if (!c) return { error: `no ${runtime} container found for this gateway${svc.error ? ` (${svc.error})` : ''}` };
  if (!c.running)
    return verb === 'stop'
      ? { error: `the container ${c.name} is not running` }
      : { run: [{ argv: [runtime, 'start', c.id] }] };
  // No s6 inside: the gateway is the container's program, and the container is what restarts it.
  // A permissions loop: the container's boot hands the volume back to its user.
  // A running container has nothing to start: its start is its restart.
  if (svc.supervised === false || (svc.slot?.denied && verb !== 'stop'))
    return { run: [{ argv: [runtime, verb === 'stop' ? 'stop' : 'restart', c.id] }] };
  const profile = svc.slot?.profile ?? '';
  // A slot that is down needs a start: `gateway restart` on a down slot does nothing and exits 0.
  const down = svc.slot?.status ? !svc.slot.status.up : svc.slot?.missing === true;
  const inside = verb === 'restart' && down ? 'start' : verb;
  return { run: [{ argv: [runtime, 'exec', c.id, ...hermesInside(profile, inside)] }] };
}

/**
 * The lever in the operator's words, as the plan pulls it (containerPlan): the container's start when it is not
 * running, its restart when the gateway is its program or its boot must hand the volume back, else `hermes gateway …`
 * inside it (a start for a slot that is down: `gateway restart` does nothing there). Named by the container's name.
 */
function words({ target, service: s }: WordsContext): LeverWords {
  const manager = s.manager as Runtime;
  const c = s.container;
  const name = c?.name ?? s.name ?? '<container>';
  const p = s.slot?.profile ?? '';
  const exec = (verb: 'start' | 'restart') => [manager, 'exec', name, ...hermesInside(p, verb)].join(' ');
  const said = (verb: 'start' | 'restart') => {
    const plan = c ? containerPlan(verb, manager, s) : undefined;
    const argv = plan && 'run' in plan ? plan.run[0]?.argv.map((a) => (a === c!.id ? name : a)) : undefined;
    return code(argv ? argv.join(' ') : s.supervised === false ? `${manager} ${verb} ${name}` : exec(verb));
  };
  const restart = said('restart');
  // Removed: only created again does it run (a start of a container that is gone fails). Stopped, made by Compose: its
  // project's `up -d` starts it as well, where the operator keeps it.
  const start: LeverWords['start'] =
    s.state === 'removed'
      ? {
          key: ownText(ownWords.en, 'finding.service.start.removed'),
          params: { compose: code(`${dialectOf(manager).compose} up -d`), run: code(`${manager} run`) },
        }
      : c?.compose && !c.running
        ? {
            key: ownText(ownWords.en, 'finding.service.start.compose'),
            params: {
              cmd: said('start'),
              compose: code(`${c.compose.tool} up -d`),
              dir: c.compose.dir
                ? code(c.compose.dir)
                : { key: ownText(ownWords.en, 'finding.service.start.compose_folder') },
            },
          }
        : said('start');
  const journal = {
    key: ownText(ownWords.en, 'finding.service.journal.container'),
    params: {
      cmd: `${manager} logs ${name}`,
      file: s.supervised === false ? 'logs/gateway.log' : `logs/gateways/${p || 'default'}/current`,
    },
  };
  const inspect = `${manager} inspect ${name}`;
  const recreate = { key: ownText(ownWords.en, `finding.deployment_setting.apply.${manager}`) };
  if (s.supervised === false)
    return {
      restart_how: { key: 'finding.service.restart.container_program', params: { target, cmd: restart } },
      restart,
      start,
      journal,
      recreate,
      supervisor: { key: ownText(ownWords.en, 'finding.service.status.container_program'), params: { cmd: inspect } },
      autorestart:
        manager === 'podman'
          ? { key: ownText(ownWords.en, 'finding.service.autorestart.podman'), params: { name } }
          : code(`docker update --restart unless-stopped ${name}`),
    };
  // The container's own start or restart is the lever: its boot starts each gateway whose last state was running.
  const whole = c && (!c.running || (s.slot?.denied !== undefined && s.slot.status?.state === 'crash loop'));
  return {
    restart_how: whole
      ? { key: 'finding.service.restart.container_itself', params: { target, cmd: restart } }
      : {
          key: 'finding.service.restart.container',
          params: { target, cmd: code(exec('restart')), start: code(exec('start')) },
        },
    restart,
    start,
    journal,
    recreate,
    supervisor:
      c && !c.running
        ? { key: ownText(ownWords.en, 'finding.service.status.container_down'), params: { cmd: inspect } }
        : {
            key: ownText(ownWords.en, 'finding.service.status.container'),
            params: { cmd: `${manager} exec ${name} /command/s6-svstat /run/service/${s.slot?.name ?? slotName(p)}` },
          },
  };
}

/** Docker's and Podman's texts, one object: registered once however many adapters hand it in. */
const texts = { en: ownWords.en, 'zh-CN': ownWords.zhCN };

function containerAdapter(kind: Runtime, runtime: string): SupervisorAdapter {
  return {
    kind: kind as ManagerKind,
    texts,
    runtime,
    async configured(target) {
      return { manager: kind, ...(target.service.container ? { name: target.service.container } : {}) };
    },
    probe(target, _claim: Claim, host, o) {
      return probeContainer(kind, target, host, o.now);
    },
    plan(verb, _target, svc) {
      return containerPlan(verb, kind, svc);
    },
    words,
    // Every gatewatch that watches a home of this container pulls the same container's lever.
    leverKey: (svc) => (svc.container?.id ? `${kind}:${svc.container.id}` : undefined),
    lever: containerLever,
    // init: the running containers that mount a Hermes home (read by init alone: loaded when asked).
    box: async (host) => (await import('./container-box.js')).containerBox(kind, host),
    container: {
      of: (ev) => {
        const c = ev.container;
        if (!c) return { error: ev.error ?? 'not found' };
        return {
          name: c.name,
          ...(ev.supervised === false ? { program: true } : ev.slot ? { slot: ev.slot.name } : {}),
        };
      },
      keys: (c) => ({ manager: kind, ...(c.name ? { container: c.name } : {}) }),
    },
    where: ({ container: c }): FindingParam | undefined => {
      if (!c) return undefined;
      if (!c.name) return { key: 'init.home.container_unreachable', params: { runtime, error: c.error ?? '' } };
      // No s6 in it: the gateway is the container's own program, and the container's restart restarts it.
      if (c.program || !c.slot)
        return { key: ownText(ownWords.en, 'init.home.container_program'), params: { runtime, name: c.name } };
      return {
        key: ownText(ownWords.en, 'init.home.container'),
        params: { runtime, runtime_cmd: kind, name: c.name, slot: c.slot },
      };
    },
  };
}

export const docker: SupervisorAdapter = {
  ...containerAdapter('docker', 'Docker'),
  // Hermes' Docker image: its files say so (a home at /opt/data, the boot reconciler's log); Podman where only it is.
  async traces(target, host) {
    if (host.platform !== 'linux' || !(await looksContainerHome(target))) return undefined;
    // A Quadlet unit's container: systemd runs it, and its unit is what starts a container its stop removed.
    // A pod's, where crictl names a container of the node that mounts it (asked of an image's home only).
    return (
      (await quadletFor(target, host)) ??
      (await podOfHome(target, host)) ?? { manager: await runtimeHere(target, host) }
    );
  },
};

export const podman: SupervisorAdapter = containerAdapter('podman', 'Podman');
