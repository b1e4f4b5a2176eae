// A gateway in Hermes' Docker image is down in ways a host gateway is not (hermes-deployments.md §1.2, §1.3, §1.6):
// the container itself stopped (its program is a heartbeat, so only the container's own end or OOM stops it); s6
// parked the slot after a clean exit or exit 78 and will not start it again; the boot reconciler registered it down
// after a container restart because its last state was not `running`; or the profile has no slot at all. Each is
// said as such, with the lever that brings it back: a start, never the host's `hermes` against the mounted home. What
// the container's s6 is about to restart by itself, and a slot its operator stopped, are not failures.
import type { DetectSettings, Detector, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import { age, finding, type EvidenceLine } from './common.js';
import { serviceParams } from './service-words.js';
import { settingOf, settingWords } from './deployment-setting.js';
import { runtimeName, supervisorParam } from './supervisor.js';
import { RUNTIME_KINDS } from '../evidence/service.js';

export type SlotCause =
  | 'container_down'
  | 'health_ended'
  | 'permissions'
  | 'crash_loop'
  | 'parked'
  | 'config_exit'
  | 'left_down'
  | 'no_slot';

/** Hermes' image whose runtime did not answer: its s6 runs the gateway (the image's default), unasked. */
export const unasked = (s: Evidence['service']): boolean =>
  RUNTIME_KINDS.has(s.manager) && !s.container && s.supervised !== false && s.state !== 'removed';

/** Why the gateway in a container is down, when the container's state or its slot's says so. */
export function slotCause(ev: Pick<Evidence, 'service' | 'process' | 'state'>): SlotCause | undefined {
  const s = ev.service;
  if (!RUNTIME_KINDS.has(s.manager) || !s.container) return undefined;
  // A gateway that dies again every few seconds may be alive at the moment of the look.
  if (s.slot?.status?.state === 'crash loop' && ev.state?.desired_state !== 'stopped')
    return s.slot.denied ? 'permissions' : 'crash_loop';
  if (ev.process.alive) return undefined;
  // Not a death: its runtime is starting it again (a restart policy, a restart under way), or the operator stopped it
  // through the runtime (`docker stop`, `docker restart`, Compose's stop), which the operator's stop says, or its
  // restart policy gave up (on-failure:N), which the supervisor's give-up says.
  if (!s.container.running)
    return s.restarting || s.stopped || s.gaveUp ? undefined : s.healthEnded ? 'health_ended' : 'container_down';
  if (s.slot?.missing) return 'no_slot';
  // `gateway stop` looks like a parked exit 0 to s6, and the reconciler keeps a stopped gateway down: the operator's
  // choice, said (or kept quiet) as any operator's stop is.
  if (ev.state?.desired_state === 'stopped') return undefined;
  const st = s.slot?.status;
  if (st?.state === 'crash loop') return 'crash_loop';
  if (st?.state === 'parked') return st.exitCode === 78 ? 'config_exit' : 'parked';
  if (st?.state === 'registered down') return 'left_down';
  return undefined;
}

/**
 * The gateway's slot is up (or s6 is starting it again) and its process has not written its pid file yet: a start, not
 * a death. Bounded: a slot up this long with no gateway is a gateway that does not start.
 */
const STARTING_MS = 60_000;
/**
 * A container whose runtime does not answer (a read-only sidecar): its s6, not asked, starts a slot's gateway again
 * about a second after it exits, and the next life serves the home (a process the scan finds) long before it claims the
 * pid file. A gateway seen gone this recently is held for that life, not said dead.
 */
const S6_NEXT_LIFE_MS = 10_000;
export function slotStarting(ev: Pick<Evidence, 'service' | 'process' | 'now'>): boolean {
  const s = ev.service;
  const st = s.slot?.status;
  if (ev.process.alive) return false;
  if (unasked(s)) {
    const gone = ev.process.goneSeenAt;
    return gone !== undefined && ev.now - gone < S6_NEXT_LIFE_MS;
  }
  // The container itself is on its way (booting, being stopped or restarted by its runtime): the probe bounds it.
  if (!st) return RUNTIME_KINDS.has(s.manager) && !!s.container && s.restarting === true;
  return (st.state === 'up' || st.state === 'restarting') && st.seconds * 1000 < STARTING_MS;
}

const containerSlot: Detector = {
  check: 'container_slot',
  meaning: { roles: ['down'], atOnce: true, loopCauses: ['crash_loop'] },
  detect(ev, s) {
    const cause = slotCause(ev);
    if (!cause) return [];
    const c = ev.service.container!;
    const slot = ev.service.slot;
    const st = slot?.status;
    const boot = slot?.boot;
    const evidence: EvidenceLine[] = [
      {
        key: 'evidence.container',
        params: {
          name: c.name,
          state: `${c.status}${c.oomKilled ? ', OOMKilled' : ''}${c.exitCode !== undefined && !c.running ? `, exit ${c.exitCode}` : ''}`,
        },
      },
      ...(slot && (st || slot.missing)
        ? [
            {
              key: 'evidence.slot' as const,
              params: { name: slot.name, state: st ? st.line : { key: 'evidence.slot.missing' as const } },
            },
          ]
        : []),
      ...(boot ? [`container-boot.log: ${boot.line}`] : []),
      ...(slot?.denied ? [`${ev.service.manager} logs ${c.name}: ${slot.denied}`] : []),
      ...(cause === 'crash_loop' && ev.service.cause
        ? [{ key: 'evidence.supervisor_cause' as const, params: { ...ev.service.cause } }]
        : []),
      ...(slot?.deaths
        ? [
            {
              key: 'evidence.slot_deaths' as const,
              params: {
                name: slot.name,
                count: slot.deaths.count,
                window: age(slot.deaths.windowS * 1000),
                last: slot.deaths.last,
              },
            },
          ]
        : []),
    ];
    // s6 counts the seconds a slot has been down; the reconciler's line dates a slot it registered down.
    const since = cause === 'left_down' ? boot?.at : st ? ev.now - st.seconds * 1000 : undefined;
    // The container cannot start as it is set up: its settings are the fix, and a start fails the same way.
    const setting = cause === 'container_down' || cause === 'crash_loop' ? settingOf(ev) : undefined;
    const refused =
      setting &&
      settingWords(
        ev,
        setting,
        cause === 'crash_loop' && slot?.deaths
          ? { kind: 'loop', count: slot.deaths.count, windowS: slot.deaths.windowS }
          : { kind: 'down', ...(c.exitCode !== undefined ? { code: c.exitCode } : {}) },
        supervisorParam(ev),
      );
    if (cause === 'health_ended') return [healthEnded(ev, s, evidence)];
    if (refused)
      return [
        finding(ev, s, {
          check: 'container_slot',
          text: refused.text,
          cause,
          severity: 'critical',
          restart: 'never',
          params: refused.params,
          evidence:
            cause === 'crash_loop'
              ? evidence
              : [...evidence, { key: 'evidence.supervisor_cause' as const, params: { ...ev.service.cause! } }],
          ...(since !== undefined && since <= ev.now ? { since } : {}),
        }),
      ];
    return [
      finding(ev, s, {
        check: 'container_slot',
        // A container whose program is the gateway has no s6 and no boot of slots: the gateway is down with it.
        text:
          cause === 'parked'
            ? 'container_slot'
            : cause === 'container_down' && ev.service.supervised === false
              ? 'container_slot.container_down.program'
              : `container_slot.${cause}`,
        cause,
        severity: 'critical',
        // Exit 78 is a configuration to fix: a start only parks it again; a loop is fed by another start.
        restart: cause === 'config_exit' || cause === 'crash_loop' ? 'never' : 'helps',
        params: {
          container: c.name,
          slot: slot?.name ?? '',
          profile: slot?.profile || 'default',
          code: String(st?.exitCode ?? c.exitCode ?? '-'),
          prior: boot?.priorState ?? '-',
          deaths: slot?.deaths?.count ?? 0,
          last: slot?.deaths?.last ?? '-',
          line: slot?.denied ?? '-',
          runtime: ev.service.manager,
          runtime_name: runtimeName(ev),
          status: c.status,
          oom: c.oomKilled ? { key: 'finding.container_slot.oom' } : '',
          oom_action: c.oomKilled ? { key: 'finding.container_slot.oom_action' } : '',
          // The line it dies on, as the container's output repeats it at each start; else where to read why.
          cause: ev.service.cause
            ? { key: 'finding.container_slot.cause', params: { ...ev.service.cause } }
            : { key: 'finding.container_slot.cause_unknown', params: { journal: serviceParams(ev).journal } },
        },
        evidence,
        ...(since !== undefined && since <= ev.now ? { since } : {}),
      }),
    ];
  },
};

/**
 * Its own health check ended the container (Podman's `--health-on-failure=stop|kill`): the check's words, and its start
 * as the operator's to pull (`/fix`): a check that fails again ends it again, so gatewatch starts nothing by itself.
 */
function healthEnded(ev: Evidence, s: DetectSettings, evidence: EvidenceLine[]): Finding {
  const c = ev.service.container!;
  const h = c.health!;
  const action = ev.service.healthEnded!.action;
  return finding(ev, s, {
    check: 'container_slot',
    text: 'container_slot.health_ended',
    cause: 'health_ended',
    severity: 'critical',
    restart: 'never',
    params: {
      container: c.name,
      who: supervisorParam(ev),
      action,
      ended: {
        key:
          action === 'kill' ? 'finding.container_slot.health_ended.kill' : 'finding.container_slot.health_ended.stop',
      },
      test: h.test ?? '-',
      streak: h.streak,
      output: h.output ?? '-',
    },
    evidence,
    remedies: [{ kind: 'start' }],
    ...(ev.service.healthEnded!.at !== undefined && ev.service.healthEnded!.at <= ev.now
      ? { since: ev.service.healthEnded!.at }
      : {}),
  });
}

export const containerDetectors: Detector[] = [containerSlot];
