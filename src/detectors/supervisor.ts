// What the supervisor says that Hermes' own files cannot: it gave up restarting the gateway (pm2 `errored`,
// supervisord `FATAL`), quoted with the error the gateway died of where the supervisor kept its output. Pure. A stop the
// supervisor was told to make is the operator's (deaths.ts reads it), and a loop it keeps restarting is a respawn
// storm (hermes-current.ts), whoever counted the starts.
import type { Detector, Evidence } from '../evidence.js';
import { crashesAmong } from '../probes/death-tally.js';
import type { FindingParam } from '../types.js';
import { age, finding, type EvidenceLine } from './common.js';
import { livesMet, processAlive } from './run.js';
import { serviceParams } from './service-words.js';
import { settingOf, settingWords } from './deployment-setting.js';
import { runtimeOf } from '../probes/supervisors/index.js';

/** A container runtime as a person names it (Podman, Docker), for a sentence; its kind stays the command's. */
export const runtimeName = (ev: Pick<Evidence, 'service'>): string =>
  runtimeOf(ev.service.manager) ?? ev.service.manager;

/** Deaths its supervisor (pm2, supervisord, runit) counted within its window: three make a loop. */
export const SUPERVISOR_LOOP_DEATHS = 3;

type Deaths = NonNullable<Evidence['service']['deaths']>;

/**
 * The deaths of a loop: those the supervisor counted within its window, less those an operator asked for where every
 * death is counted (s6's tally, death-tally.ts; the lives runit ran). Read so, three `s6-svc -r` or `sv restart` within
 * two minutes were a crash loop, and a start that died after a stop was a loop dated at the stop.
 */
export function loopDeaths(ev: Pick<Evidence, 'service' | 'hermes' | 'log' | 'now'>): Deaths | undefined {
  const d = ev.service.deaths;
  if (!d?.each?.length) return d;
  const records = [...(ev.hermes?.hours ?? []), ...(ev.log?.previous ?? []), ...(ev.log?.run ?? [])];
  const crashes = crashesAmong(d.each, records, { windowS: d.windowS, now: ev.now });
  return crashes && { ...crashes, windowS: d.windowS };
}

/**
 * The supervisor by its name, as its lever names it: the runtime itself where no s6 inside the container runs the
 * gateway, or the container itself is down (its restart policy is what starts it again).
 */
export const supervisorParam = (ev: Pick<Evidence, 'service'>): FindingParam =>
  ((ev.service.supervised === false || ev.service.container?.running === false) && runtimeOf(ev.service.manager)) || {
    key: `status.manager.${ev.service.manager}`,
  };

/** The supervisor's own words for the gateway, and the error the gateway died of, as evidence lines. */
export function supervisorFacts(ev: Pick<Evidence, 'service' | 'hermes' | 'log' | 'now'>): EvidenceLine[] {
  const s = ev.service;
  const died = loopDeaths(ev)?.last;
  const who = supervisorParam(ev);
  return [
    ...(s.gaveUp
      ? [{ key: 'evidence.supervisor_said' as const, params: { supervisor: who, line: s.gaveUp.line } }]
      : []),
    ...(s.state && !s.gaveUp
      ? [{ key: 'evidence.supervisor_said' as const, params: { supervisor: who, line: s.state } }]
      : []),
    ...(died ? [{ key: 'evidence.supervisor_said' as const, params: { supervisor: who, line: died } }] : []),
    ...(s.cause
      ? [{ key: 'evidence.supervisor_cause' as const, params: { source: s.cause.source, line: s.cause.line } }]
      : []),
  ];
}

/** The cause quoted, or the words that say where to read it. */
export function causeParam(ev: Pick<Evidence, 'service'>): FindingParam {
  const c = ev.service.cause;
  return c
    ? { key: 'finding.supervisor_gave_up.cause', params: { line: c.line, source: c.source } }
    : { key: 'finding.supervisor_gave_up.no_cause', params: { source: ev.service.output ?? '-' } };
}

/** A supervisor's clock to its second (pm2's log) against a start time /proc gives to the hundredth. */
const GIVE_UP_CLOCK_MS = 1000;

/**
 * A gateway lives that the give-up did not end: one begun after it (an operator's start by hand), or of no known start.
 * A life begun before it is the supervisor's last, met alive by the scan in its last moment before the supervisor's
 * status, read after, said it had given up.
 */
function livesPastGiveUp(ev: Evidence, at: number | undefined): boolean {
  if (at === undefined) return processAlive(ev);
  return livesMet(ev).some((p) => p.startedAt === undefined || p.startedAt > at + GIVE_UP_CLOCK_MS);
}

const gaveUp: Detector = {
  check: 'supervisor_gave_up',
  meaning: { roles: ['down', 'loop'] },
  detect(ev, s) {
    const g = ev.service.gaveUp;
    if (!g || livesPastGiveUp(ev, g.at)) return [];
    const since = g.at !== undefined && g.at <= ev.now ? { since: g.at } : {};
    // The container cannot start as it is set up: no start helps, before or after its settings are changed.
    const setting = settingOf(ev);
    if (setting) {
      const words = settingWords(ev, setting, { kind: 'gave_up', ...g }, supervisorParam(ev));
      return [
        finding(ev, s, {
          check: 'supervisor_gave_up',
          text: words.text,
          severity: 'critical',
          restart: 'never',
          params: words.params,
          evidence: supervisorFacts(ev),
          ...since,
        }),
      ];
    }
    return [
      finding(ev, s, {
        check: 'supervisor_gave_up',
        severity: 'critical',
        // It dies at start: a start before the cause is fixed dies the same way. The operator starts it (/fix, /restart).
        restart: 'never',
        params: {
          supervisor: supervisorParam(ev),
          // The restarts it made, as it counts them (pm2's `unstable restarts (16)`, Docker's RestartCount): one
          // fewer than the lives it ran.
          lives:
            g.lives !== undefined && g.lives > 1
              ? { key: 'finding.supervisor_gave_up.lives', params: { count: g.lives - 1 } }
              : '',
          cause: causeParam(ev),
          ago: g.at !== undefined ? age(Math.max(0, ev.now - g.at)) : '?',
        },
        evidence: supervisorFacts(ev),
        remedies: [{ kind: 'start' }],
        ...since,
      }),
    ];
  },
};

export const supervisorDetectors: Detector[] = [gaveUp];

/**
 * Risks of the setup, said once while all is well: what will not bring the gateway back when it fails (no lingering for
 * a user unit, no restart on failure, pm2 with nothing saved or not started at boot, a gateway run by hand in a
 * terminal multiplexer). Not failures: no restart is called for, and the alert is not reminded of.
 */
const risks: Detector = {
  check: 'supervisor_risk',
  // A risk of the setup is as true of a gateway that is down, and going away at each death it would close.
  meaning: { roles: ['whileDown'] },
  // A manager that did not answer (a busy Podman's inspect past its time) says nothing of its setting, nor does a
  // paused container's runtime of whether the gateway is its program.
  unjudged: (ev) => ev.service.error !== undefined || ev.service.state === 'paused',
  detect(ev, s) {
    // Said while the gateway is down too: a risk gone at each death would close its incident, and open it again (its
    // one alert with it) at each recovery.
    const list = ev.service.risks ?? [];
    if (!list.length) return [];
    const via = ev.service.origin ? { key: `origin.via.${ev.service.origin.via}` as const } : '';
    return list.map((risk) =>
      finding(ev, s, {
        check: 'supervisor_risk',
        text: `supervisor_risk.${risk}`,
        cause: risk,
        severity: 'warning',
        restart: 'never',
        once: true,
        params: {
          supervisor: supervisorParam(ev),
          user: ev.service.user?.name ?? '$USER',
          unit: ev.service.name ?? '-',
          setting: ev.service.respawn?.setting ?? '-',
          how: serviceParams(ev).autorestart ?? '-',
          via,
        },
        evidence: [
          ...(ev.service.state
            ? [
                {
                  key: 'evidence.supervisor_said' as const,
                  params: { supervisor: supervisorParam(ev), line: ev.service.state },
                },
              ]
            : []),
        ],
      }),
    );
  },
};

export const supervisorRiskDetectors: Detector[] = [risks];
