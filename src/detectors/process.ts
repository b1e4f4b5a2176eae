// Process-level causes: the gateway is not running (three mutually exclusive explanations of why), or too many are.
import type { DetectSettings, Detector, Evidence, LogRecord } from '../evidence.js';
import type { Finding, FindingParam } from '../types.js';
import { configFatalGlobal, STARTUP_END } from './lifecycle.js';
import { connectionLines } from './outages.js';
import { textParam } from '../i18n.js';
import { serviceParams, serviceSaid } from './service-words.js';
import { leverOf } from './lever.js';
import {
  age,
  currentRun,
  finding,
  isConnectLine,
  isRunner,
  lostToAnother,
  lastIndex,
  livenessUnknown,
  liveStartedAt,
  matching,
  startingUnwritten,
  patternGroup,
  perRecord,
  platformOf,
  processAlive,
  stateIsCurrent,
  unwrittenStartOf,
  parseTime,
  type EvidenceLine,
} from './common.js';
import { isRunStart } from '../probes/log-parse.js';
import { lastPids, readDeath, type Death, type DeathKind } from './deaths.js';
import { slotCause, slotStarting } from './container.js';
import { diedSeen, lastSign, seenDead, SHUTDOWN_CONTEXT, supervisorStarting } from './sights.js';
import { respawned } from './respawned.js';
import { loopDeaths } from './supervisor.js';

/** States in which gateway_state.json claims a live gateway. */
const CLAIMS_ALIVE = new Set(['running', 'starting', 'degraded', 'draining']);

/** The current run ended: the gateway logged its own exit. */
const EXIT_LINE =
  /^(Gateway stopped\b|Exiting with code \d+|PID file race lost to another gateway instance|Gateway runtime lock is already held)/;
export type DownCause = 'process_down' | 'state_stale_running' | 'gateway_stopped';

interface Down {
  cause: DownCause;
  /** Shutdown lines of the current run, oldest first. */
  shutdown: LogRecord[];
  exitIdx: number;
  /** Why it died, when Hermes' files or lines say (deaths.ts). */
  death?: Death;
}

/** How long after `hermes update` last wrote its log a gateway it stopped may still be coming back. */
const UPDATE_RESTART_GRACE_MS = 2 * 60_000;

/** Deaths that left through a known exit path: the gateway stopped, whatever the state file still claims. */
type ExitKind = Exclude<DeathKind, 'unclean'>;
const EXITED: ReadonlySet<DeathKind> = new Set<ExitKind>([
  'loop_watchdog',
  'shutdown_watchdog',
  'update_stop',
  'operator_stop',
  'logout',
]);
const exited = (k: DeathKind | undefined): k is ExitKind => k !== undefined && EXITED.has(k);

const endMemo = new WeakMap<Evidence, Down | null>();
const downMemo = new WeakMap<Evidence, Down | null>();

/** How the current run ended, once per evidence; null when the gateway is up or its downtime is covered elsewhere. */
function ending(ev: Evidence, s: DetectSettings): Down | null {
  let d = endMemo.get(ev);
  if (d === undefined) endMemo.set(ev, (d = readEnding(ev, s)));
  return d;
}

/** downCause, once per evidence: three detectors ask it. */
function downCause(ev: Evidence, s: DetectSettings): Down | null {
  let d = downMemo.get(ev);
  if (d === undefined) downMemo.set(ev, (d = readDownCause(ev, s)));
  return d;
}

function readEnding(ev: Evidence, s: DetectSettings): Down | null {
  // A look that could not tell (a probe timed out) is no sight of a death.
  if (processAlive(ev) || livenessUnknown(ev)) return null;
  if (configFatalGlobal(ev)) return null;
  // In a container: its slot's state says why (container_slot), or s6 is starting it now. Its supervisor gave up on
  // it: that says why (supervisor_gave_up).
  if (slotCause(ev) || slotStarting(ev) || ev.service.gaveUp || supervisorStarting(ev)) return null;
  const run = currentRun(ev).records;
  const last = run[run.length - 1];
  // The supervisor is already relaunching it (systemd auto-restart after a stop just now; pm2, supervisord or runit
  // starting it again after a death it counted, which a loop of them says: respawn_storm): not a cause yet.
  if (ev.service.restarting && (loopDeaths(ev) || (last && ev.now - last.ts < s.disconnectGraceMs))) return null;
  const exitIdx = lastIndex(run, (r) => isRunner(r) && EXIT_LINE.test(r.message));
  const shutdown = run.filter(
    (r) => isRunner(r) && SHUTDOWN_CONTEXT.test(r.message) && !/planned --replace takeover/.test(r.message),
  );
  return { cause: 'process_down', shutdown, exitIdx, death: readDeath(ev, run, shutdown) };
}

/**
 * When the operator stopped the gateway that is down now (epoch ms), whether or not the reminder is due yet: what
 * /status and `gatewatch check` say instead of an alert. Undefined when it runs or went down any other way.
 */
export function operatorStoppedAt(ev: Evidence, s: DetectSettings): number | undefined {
  const death = ending(ev, s)?.death;
  return death?.kind === 'operator_stop' ? death.at : undefined;
}

/**
 * When the gateway that is down now was stopped on purpose: by its operator, or by `hermes update` (which starts it
 * again; one it left stopped is a failure a finding says). The availability history does not count that time.
 */
export function plannedStopAt(ev: Evidence, s: DetectSettings): number | undefined {
  const death = ending(ev, s)?.death;
  return death?.kind === 'operator_stop' || death?.kind === 'update_stop' ? death.at : undefined;
}

/** The reminder of an operator's stop: a restart is the operator's to ask for, and asking is the answer to it. */
export const isOperatorStop = (f: Pick<Finding, 'check' | 'cause'>): boolean =>
  f.check === 'gateway_stopped' && f.cause === 'operator';

/**
 * `hermes update` says it stopped this gateway for good (its last pid in `could not arm an automatic gateway restart
 * for PID <pid> — stopping it instead`, or `→ Stopped N manual gateway process(es)` of a gateway nothing supervises
 * here, #92890, #117275): nobody is coming for it, though the update may still be running.
 */
export function updateStoppedForGood(ev: Evidence): boolean {
  const update = ev.hermes?.lifecycle?.lastUpdate;
  if (!update) return false;
  const pids = lastPids(ev);
  const unsupervised = ev.service.manager === 'none' || ev.service.detached === true;
  return update.stoppedPids.some((p) => pids.includes(p)) || (update.stoppedManual > 0 && unsupervised);
}

/** Why the gateway is down, or null when it is up, fatally misconfigured (config_fatal covers it) or being restarted. */
function readDownCause(ev: Evidence, s: DetectSettings): Down | null {
  const end = ending(ev, s);
  if (!end) return null;
  const { shutdown, exitIdx, death } = end;
  if (death?.kind === 'operator_stop') {
    // The operator's own stop is maintenance: no alert, no restart; one reminder when it has lasted long. A stop the
    // home itself records as meant to last (`desired_state: stopped`, which `hermes gateway stop` persists and a
    // container's boot obeys) needs no reminder either: that is the operator's word, wherever the gateway runs.
    if (ev.state?.desired_state === 'stopped') return null;
    const reminder = s.operatorStopReminderMs ?? 12 * 3_600_000;
    if (death.at === undefined || ev.now - death.at < reminder) return null;
  }
  // The updater starts what it stopped a moment after it finishes: give it that moment before saying it did not. A
  // gateway it says it stopped for good (`could not arm an automatic gateway restart for PID <its last pid> — stopping
  // it instead`, or `→ Stopped N manual gateway process(es)` of a gateway nothing supervises here, #92890, #117275)
  // has nobody coming for it: said at once. Its last pid is read where readDeath reads it (the sentinel's too), so the
  // stop is the update's and for good alike; one run by hand is unsupervised whether or not gatewatch may start it.
  const update = ev.hermes?.lifecycle?.lastUpdate;
  const stoppedForGood = updateStoppedForGood(ev);
  if (death?.kind === 'update_stop' && update && !stoppedForGood && ev.now - update.endedAt < UPDATE_RESTART_GRACE_MS)
    return null;
  if (exited(death?.kind)) return { cause: 'gateway_stopped', shutdown, exitIdx, death };
  const claimed = ev.state?.gateway_state;
  if (claimed && CLAIMS_ALIVE.has(claimed)) return { cause: 'state_stale_running', shutdown, exitIdx, death };
  if (exitIdx >= 0) return { cause: 'gateway_stopped', shutdown, exitIdx, death };
  return { cause: 'process_down', shutdown, exitIdx, death };
}

/** What the pid file and the service manager say, in our words around their values (worded when rendered). */
function processFacts(ev: Evidence): EvidenceLine[] {
  const out: EvidenceLine[] = [];
  const p = ev.process;
  const pid = p.pid ?? p.pidFile?.pid;
  out.push({
    key: 'evidence.gateway_pid',
    params: {
      pid: pid !== undefined ? `pid ${pid}` : { key: 'evidence.none' },
      reason: p.reason
        ? {
            key: 'evidence.paren',
            params: { what: textParam(`process.reason.${p.reason.replace(/ /g, '_')}`, p.reason) },
          }
        : '',
      error: p.pidFileError ? ` — ${p.pidFileError}` : '',
    },
  });
  if (ev.service.manager !== 'none') {
    // The state is systemctl's or launchctl's own word, as it printed it; "unknown" and the configured commands'
    // answer (`inactive (exit 1)`) are ours, in the reader's words.
    const raw = ev.service.state ?? (ev.service.active === false ? 'inactive' : undefined);
    const said = serviceSaid({ ...ev.service, state: raw });
    const state =
      raw === undefined ? { key: 'evidence.unknown' as const } : ev.service.manager === 'command' ? said.state! : raw;
    out.push(
      ev.service.name
        ? { key: 'evidence.service', params: { name: ev.service.name, state } }
        : { key: 'evidence.service.commands', params: { state } },
    );
  }
  return out;
}

function stateFact(ev: Evidence): string | undefined {
  const st = ev.state;
  if (!st) return ev.stateError ? `gateway_state.json: ${ev.stateError}` : undefined;
  return `gateway_state.json: gateway_state=${st.gateway_state ?? '?'}${st.pid !== undefined ? `, pid=${st.pid}` : ''}${st.exit_reason ? `, exit_reason=${st.exit_reason}` : ''}${st.updated_at ? `, updated_at=${st.updated_at}` : ''}`;
}

const processDown: Detector = {
  check: 'process_down',
  meaning: { roles: ['down', 'death'], atOnce: true },
  detect(ev, s) {
    const d = downCause(ev, s);
    // No cause of its being down: maybe a death its supervisor is repairing (respawned.ts).
    if (!d) return respawned(ev, s);
    if (d.cause !== 'process_down') return [];
    const run = currentRun(ev).records;
    const tail = run.slice(-3).map((r) => r.line);
    const st = stateFact(ev);
    return [
      finding(ev, s, {
        check: 'process_down',
        severity: 'critical',
        restart: 'helps',
        params: {
          state: ev.state?.gateway_state
            ? textParam(`status.lifecycle.${ev.state.gateway_state}`, ev.state.gateway_state)
            : '-',
        },
        evidence: [...processFacts(ev), ...(st ? [st] : []), ...(d.death?.facts ?? []), ...tail],
        // Only gatewatch's own sights date it: with no state file the log may be another life's.
        ...(seenDead(ev) !== undefined ? deathTime(ev, undefined) : {}),
      }),
    ];
  },
};

/**
 * A death dated by gatewatch's sight of it gone: it came after its last sight of the process alive, and by that sight.
 * That last sight alive, or undefined when the death is dated otherwise or the sights are under a second apart (a poll
 * apart is no moment: v0.17, 2 s after a kill, the log 30 s older; less than a second is the second it is told in).
 */
function diedAfter(ev: Evidence, lastLine: number | undefined): number | undefined {
  const alive = ev.process.lastSeenAlive;
  const seen = seenDead(ev);
  if (!diedSeen(ev, lastLine) || alive === undefined || seen === undefined || seen - alive < 1_000) return undefined;
  return alive;
}

/**
 * When a gateway that died without any exit path (SIGKILL, the OOM killer) died, as well as the evidence dates it:
 * gatewatch's own sights (seenDead) when it watched it die, never a line of the log older than them; otherwise the
 * last sign of life it has, its last heartbeat (hermes-gateway-current.md §8.3, only when it is this life's: the pid
 * the state file names) or its last log line or its last sight alive, whichever is later. Its downtime counts from
 * there, not from a log line a quiet gateway wrote minutes before.
 */
function diedAt(ev: Evidence, lastLine: number | undefined): number | undefined {
  if (diedSeen(ev, lastLine)) return seenDead(ev);
  const times = [ev.process.lastSeenAlive, lastSign(ev, lastLine)].filter((t): t is number => t !== undefined);
  return times.length ? Math.max(...times) : undefined;
}

/** How a death's time was told (Finding.since and the flags beside it): `at` as diedAt gives it. */
function deathTime(ev: Evidence, lastLine: number | undefined) {
  const seen = diedSeen(ev, lastLine);
  const after = diedAfter(ev, lastLine);
  return {
    since: diedAt(ev, lastLine),
    // gatewatch's sight of it gone, or only its last sign of life.
    ...(seen ? { sinceSeen: true } : { sinceIsLastSign: true }),
    ...(after !== undefined ? { sinceAfter: after } : {}),
  };
}

/**
 * A life that died as it started (hermes-gateway-current.md §10.2, Eynzof/Hermes-CN-Core#154: a fork died 0.6 s after
 * its start on `NameError: name 'InProcessCronScheduler' is not defined`, its lifecycle unclean and gateway_state.json
 * still `running`): no `Gateway running with N platform(s)`, its last line within seconds of its start line. Its code
 * or its install fails, not the moment: once the start before it died the same way, a restart only repeats it.
 */
const START_DEATH_MS = 5_000;
/** The next boot's report of the life before it comes just before its start line (§10.6): that life's, not this one's. */
const NEXT_BOOT = /^Previous gateway (life|exited)/;
/** A Python exception's own line, the last of a traceback: `NameError: name 'X' is not defined`. */
const EXCEPTION = /^(\w+(?:Error|Exception)): .+$/;

function diedStarting(run: readonly LogRecord[], seenAlive?: number): { life: number } | undefined {
  const lines = run.filter((r) => !NEXT_BOOT.test(r.message));
  const first = lines[0];
  const last = lines.at(-1);
  if (!first || !last || !isRunStart(first)) return undefined;
  if (lines.some((r) => isRunner(r) && STARTUP_END.test(r.message))) return undefined;
  // Stopped by a signal, or a second instance that lost to the live one: not a death of its own.
  if (lines.some((r) => /^Received SIG/.test(r.message) || lostToAnother(r))) return undefined;
  // A quiet start logs little: gatewatch's own sight of this life alive outlasts its last line (a gateway killed 3 s
  // into its start, its last line at 0.3 s, did not die 0.3 s after its start).
  const life = Math.max(last.ts, seenAlive !== undefined && seenAlive >= first.ts ? seenAlive : 0) - first.ts;
  return life <= START_DEATH_MS ? { life } : undefined;
}

/** The run before the current one in what the log still holds. */
function previousRun(previous: readonly LogRecord[]): LogRecord[] {
  const i = lastIndex(previous as LogRecord[], isRunStart);
  return i < 0 ? [] : previous.slice(i);
}

/** The last exception line a record of the run or its traceback carries, if the log has one. */
function lastException(run: readonly LogRecord[]): string | undefined {
  for (let i = run.length - 1; i >= 0; i--) {
    const r = run[i]!;
    const hit = [r.message, ...(r.extra ?? [])]
      .map((l) => l.trim())
      .filter((l) => EXCEPTION.test(l))
      .at(-1);
    if (hit) return hit;
  }
  return undefined;
}

const stateStale: Detector = {
  check: 'state_stale_running',
  meaning: { roles: ['down', 'death'], atOnce: true },
  detect(ev, s) {
    const d = downCause(ev, s);
    if (d?.cause !== 'state_stale_running') return [];
    const run = currentRun(ev).records;
    const signal = d.shutdown.find((r) => /^Received SIG/.test(r.message));
    const last = run[run.length - 1];
    const evidence = [stateFact(ev)!, ...processFacts(ev)];
    if (signal) evidence.push(...d.shutdown.map((r) => r.line));
    else evidence.push(...run.slice(-3).map((r) => r.line));
    const sig = signal ? (/^Received (SIG\w+)/.exec(signal.message)?.[1] ?? 'a signal') : '';
    const oom = !signal && d.death?.kind === 'unclean' && d.death.oom;
    if (!signal) evidence.splice(1, 0, ...(d.death?.facts ?? []));
    const starting = !signal && !oom && ev.log.runStartSeen ? diedStarting(run, ev.process.lastSeenAlive) : undefined;
    if (starting) {
      const error = lastException(run);
      // The same way: the start before it died at start on the same exception. Without one in the log, two such deaths
      // may be two kills during slow starts; each is restarted (within the restart budget) rather than held for good.
      const before = previousRun(ev.log.previous);
      const again = error !== undefined && diedStarting(before) !== undefined && lastException(before) === error;
      return [
        finding(ev, s, {
          check: 'state_stale_running',
          text: 'state_stale_running.start',
          cause: 'start',
          severity: 'critical',
          // Once: the first such death may be the moment's. Twice in a row it is the code, and a restart repeats it.
          restart: again ? 'never' : 'helps',
          params: {
            state: ev.state?.gateway_state ?? 'running',
            pid: String(ev.state?.pid ?? ev.process.pid ?? '?'),
            // Under a second or two: tenths, as the fork's 0.6 s.
            life: starting.life < 10_000 ? `${(starting.life / 1000).toFixed(1)}s` : age(starting.life),
            again: again ? { key: 'finding.state_stale_running.start.again' } : '',
            error: error ? { key: 'finding.state_stale_running.start.error', params: { error } } : '',
          },
          evidence,
          ...deathTime(ev, last?.ts),
        }),
      ];
    }
    return [
      finding(ev, s, {
        check: 'state_stale_running',
        text: signal ? 'state_stale_running.signal' : oom ? 'state_stale_running.oom' : 'state_stale_running.killed',
        // A SIGKILL and a SIGTERM are different causes: separate incidents, separate restart budgets.
        cause: sig || (oom ? 'oom' : 'killed'),
        severity: 'critical',
        restart: 'helps',
        params: {
          state: ev.state?.gateway_state ?? 'running',
          pid: String(ev.state?.pid ?? ev.process.pid ?? '?'),
          signal: sig,
          last: last ? age(ev.now - last.ts) : '?',
          // No line of its in the log: no age said of one ("Its last log line is ? old").
          last_line: last
            ? { key: 'finding.state_stale_running.killed.last_line', params: { last: age(ev.now - last.ts) } }
            : '',
        },
        evidence,
        // The signal's own line dates it; else gatewatch's sight of it gone, or only its last sign of life.
        ...(signal ? { since: signal.ts } : deathTime(ev, last?.ts)),
      }),
    ];
  },
};

const gatewayStopped: Detector = {
  check: 'gateway_stopped',
  meaning: {
    roles: ['down'],
    atOnce: true,
    // The logout lingering would have prevented happened: its alert says to turn lingering on, the risk would repeat it.
    explains: [{ check: 'supervisor_risk', cause: 'no_linger', when: { cause: 'logout' } }],
  },
  detect(ev, s) {
    const d = downCause(ev, s);
    if (d?.cause !== 'gateway_stopped') return [];
    const run = currentRun(ev).records;
    const exit = run[d.exitIdx];
    const code = /^Exiting with code (\d+)/.exec(
      d.shutdown
        .map((r) => r.message)
        .reverse()
        .find((m) => /^Exiting with code/.test(m)) ?? '',
    )?.[1];
    const planned = d.shutdown.some((r) => /as a planned gateway stop/.test(r.message));
    const st = stateFact(ev);
    const dk = d.death?.kind;
    const kind = exited(dk) ? dk : undefined;
    const at = (kind ? d.death!.at : undefined) ?? exit?.ts;
    const variant = kind === 'operator_stop' ? 'operator' : kind === 'update_stop' ? 'update' : kind;
    return [
      finding(ev, s, {
        check: 'gateway_stopped',
        text: variant ? `gateway_stopped.${variant}` : planned ? 'gateway_stopped.planned' : 'gateway_stopped',
        // The operator's stop, reminded: a warning that never restarts (only /restart brings it back). A logout's: no
        // user manager to start its unit through until lingering is on.
        severity: kind === 'operator_stop' ? 'warning' : 'critical',
        restart: kind === 'operator_stop' || kind === 'logout' ? 'never' : 'helps',
        ...(variant ? { cause: variant } : {}),
        params: {
          ago: at !== undefined ? age(ev.now - at) : '?',
          code: String(d.death?.exitCode ?? code ?? '-'),
          at: at !== undefined ? new Date(at).toISOString().replace(/\.\d+Z$/, 'Z') : '?',
          user: ev.service.user?.name ?? '$USER',
          ...(kind === 'operator_stop' ? { again: wayBack(ev) } : {}),
        },
        ...(at !== undefined ? { since: at } : {}),
        evidence: [
          ...(d.death?.facts ?? []),
          ...d.shutdown.map((r) => r.line),
          ...processFacts(ev),
          ...(st ? [st] : []),
        ],
      }),
    ];
  },
};

/**
 * What brings an operator's stop back, as its reminder says it: gatewatch's restart beside the supervisor's own start,
 * or where gatewatch only watches (lever.ts: a service taken out, a target the config keeps from it) that start alone,
 * as the stop's own line says it (delivery/findings-reply.ts operatorStopLine).
 */
function wayBack(ev: Evidence): FindingParam {
  const { start } = serviceParams(ev);
  const byHand = leverOf(ev).can === 'watch';
  return { key: `finding.gateway_stopped.operator.again${byHand ? '.by_hand' : ''}`, params: { start } };
}

/**
 * When the gateway running now serves again (epoch ms): the end of a death it came back from. A process that exists
 * serves nobody until its platforms connect (the real v0.20.2 connected QQ 4.5 s after its process began), so it is
 * the latest of each platform's first connect in this run, read from the log, else from the state file the live
 * process wrote. A platform not connected when the start-up has ended (or is past the disconnect grace) is another
 * finding's (startup_incomplete, platform_down): the start-up's end then. Undefined while it is still starting; the
 * process's start when the log does not show this run's beginning.
 */
export function servingSince(ev: Evidence, s: Pick<DetectSettings, 'disconnectGraceMs'>): number | undefined {
  if (!processAlive(ev)) return undefined;
  const started = liveStartedAt(ev);
  if (!ev.log.runStartSeen) return started;
  const run = currentRun(ev);
  // Its own start not written yet: not serving while starting; past the grace, since its process began.
  if (startingUnwritten(ev, s)) return undefined;
  if (unwrittenStartOf(ev) !== undefined) return started;
  const from = run.startedAt ?? started ?? -Infinity;
  const lines = connectionLines(ev);
  const trusted = ev.process.alive && stateIsCurrent(ev);
  const platforms = ev.expectedPlatforms.length ? ev.expectedPlatforms : Object.keys(ev.state?.platforms ?? {});
  const firsts = platforms.flatMap((p) => {
    const line = lines.find((r) => r.ts >= from && r.ts <= ev.now && platformOf(r) === p && isConnectLine(r));
    if (line) return [line.ts];
    const st = trusted ? ev.state?.platforms[p] : undefined;
    const at = st?.state === 'connected' ? parseTime(st.updated_at) : undefined;
    return at !== undefined && at >= from && at <= ev.now ? [at] : [];
  });
  if (platforms.length && firsts.length === platforms.length) return Math.max(...firsts);
  const end = run.records.find((r) => r.ts <= ev.now && isRunner(r) && STARTUP_END.test(r.message))?.ts;
  if (end !== undefined) return Math.max(end, ...firsts);
  if (Number.isFinite(from) && ev.now - from > s.disconnectGraceMs) return Math.max(from, ...firsts);
  return undefined;
}

const DUP_LINE =
  /^(PID file race lost to another gateway instance|Gateway runtime lock is already held by another instance|Replacing existing gateway instance|Another gateway instance is already running)/;
/** How far back repeated takeover/race lines count as a fight. */
const DUP_WINDOW_MS = 60 * 60_000;

const isDupLine = perRecord((r) => isRunner(r) && DUP_LINE.test(r.message));
const DUP_LINES = patternGroup(DUP_LINE);

const duplicates: Detector = {
  check: 'duplicate_processes',
  meaning: { roles: ['whileDown'] },
  detect(ev, s): Finding[] {
    const pids = new Map(ev.processes.map((p) => [p.pid, p]));
    const records: LogRecord[] = [];
    // The run's candidates from its pattern group, when the current run is the log's run (not the previous one too).
    const run = currentRun(ev).records === ev.log.run ? matching(ev, DUP_LINES) : ev.log.run;
    for (const list of [ev.log.previous, run])
      for (const r of list) if (isDupLine(r) && ev.now - r.ts <= DUP_WINDOW_MS) records.push(r);
    if (pids.size < 2 && records.length < 2) return [];
    const evidence = [
      ...[...pids.values()].map((p) => `pid ${p.pid}: ${p.cmdline}`),
      ...records.slice(-6).map((r) => r.line),
    ];
    // Beside a gateway in a container: the one(s) outside it were started on the host against the mounted home.
    const boxed = ev.process.alive && ev.process.nsPid !== undefined ? ev.process.pid : undefined;
    const strays = [...pids.keys()].filter((p) => p !== boxed);
    if (boxed !== undefined && pids.has(boxed) && strays.length)
      return [
        finding(ev, s, {
          check: 'duplicate_processes',
          text: 'duplicate_processes.container',
          cause: 'container',
          severity: 'critical',
          restart: 'never',
          params: { count: String(pids.size), pids: strays.join(', '), container: ev.service.name ?? '?' },
          evidence,
        }),
      ];
    return [
      finding(ev, s, {
        check: 'duplicate_processes',
        text: pids.size >= 2 ? 'duplicate_processes' : 'duplicate_processes.log',
        severity: 'critical',
        restart: 'never',
        params: { count: String(pids.size >= 2 ? pids.size : records.length), pids: [...pids.keys()].join(', ') },
        evidence,
      }),
    ];
  },
};

export const processDetectors: Detector[] = [stateStale, gatewayStopped, processDown, duplicates];
