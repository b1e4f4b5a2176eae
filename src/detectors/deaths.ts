// Why a gateway that is down went down, from what current Hermes leaves behind (hermes-gateway-current.md §8): the
// lifecycle sentinel, the watchdogs' CRITICAL lines, the planned-stop lines and the updater's log. Pure: evidence in,
// a story out. Where the home has none of these files (Hermes before v0.21) the log lines still tell most of it.
import type { Evidence, LogRecord, MemorySample } from '../evidence.js';
import { filesPid } from '../evidence.js';
import { isRunner, lastIndex, parseTime, type EvidenceLine } from './common.js';

export type DeathKind = 'loop_watchdog' | 'shutdown_watchdog' | 'unclean' | 'operator_stop' | 'update_stop' | 'logout';

export interface Death {
  kind: DeathKind;
  /** When it happened, when known (epoch ms). */
  at?: number;
  exitCode?: number;
  /** The last heartbeat showed critical memory: probably the OOM killer. */
  oom?: boolean;
  /** Facts for the finding's evidence (file contents, not log lines: those the detectors quote themselves). */
  facts: EvidenceLine[];
}

const LOOP_WATCHDOG = /^Gateway event loop missed \d+ consecutive liveness probes/;
const SHUTDOWN_WATCHDOG = /^Shutdown watchdog fired after \d+s/;
const PLANNED_STOP = /^Received SIG\w+ as a planned gateway stop/;
/** How far apart an update's window and the stop it made may be (clocks, the log's mtime granularity). */
const UPDATE_SLACK_MS = 2 * 60_000;

/** §8.3 `classify_pressure`: critical below 64 MiB or 5 % available, elevated below 128 MiB or 15 %. */
export function memoryPressure(m: MemorySample | undefined): 'critical' | 'elevated' | 'ok' | 'unknown' {
  if (!m || m.availableKib === undefined || !m.totalKib) return 'unknown';
  const share = m.availableKib / m.totalKib;
  if (m.availableKib < 64 * 1024 || share < 0.05) return 'critical';
  if (m.availableKib < 128 * 1024 || share < 0.15) return 'elevated';
  return 'ok';
}

/** A memory sample as an evidence fact (worded when rendered). */
export function memoryFact(m: MemorySample): EvidenceLine {
  const mb = (kib: number | undefined) => (kib === undefined ? '?' : `${Math.round(kib / 1024)} MB`);
  return {
    key: 'evidence.memory',
    params: { available: mb(m.availableKib), total: mb(m.totalKib), rss: mb(m.rssKib), swap: mb(m.swapUsedKib) },
  };
}

/** The pids the gateway that is down last had: its state file's, its pid file's, its lifecycle sentinel's. */
export function lastPids(ev: Evidence): (number | undefined)[] {
  return [ev.state?.pid, ev.process.pidFile?.pid, ev.hermes?.lifecycle?.sentinel?.pid];
}

/**
 * The update's run covers `at`: the stop came from `hermes update`, not from the operator. A life that began after a
 * finished update last wrote its log was not stopped by it, however soon after it the operator stopped it (`lifeStart`).
 */
function byUpdate(
  ev: Evidence,
  at: number | undefined,
  pids: (number | undefined)[],
  lifeStart: number | undefined,
): boolean {
  const run = ev.hermes?.lifecycle?.lastUpdate;
  if (!run) return false;
  if (run.stoppedPids.some((p) => pids.includes(p))) return true;
  if (at === undefined || run.startedAt === undefined) return false;
  if (run.completed && lifeStart !== undefined && lifeStart > run.endedAt) return false;
  return at >= run.startedAt - UPDATE_SLACK_MS && at <= run.endedAt + UPDATE_SLACK_MS;
}

/** Why the gateway is down, when its files or lines say; undefined when they do not. `shutdown`: the run's shutdown lines. */
export function readDeath(ev: Evidence, run: readonly LogRecord[], shutdown: readonly LogRecord[]): Death | undefined {
  const lc = ev.hermes?.lifecycle;
  const sentinel = lc?.sentinel;
  const facts: EvidenceLine[] = [];
  if (sentinel) {
    const at = sentinel.exitedAt ?? sentinel.startedAt;
    facts.push(
      `state/gateway.lifecycle.json: phase=${sentinel.phase}${sentinel.pid !== undefined ? ` pid=${sentinel.pid}` : ''}${sentinel.exitReason ? ` exit_reason=${sentinel.exitReason}` : ''}${sentinel.exitCode !== undefined ? ` exit_code=${sentinel.exitCode}` : ''}${at ? ` at ${new Date(at).toISOString()}` : ''}`,
    );
  }
  // Its supervisor was told to stop it (`pm2 stop`, `supervisorctl stop`, `sv down`): the operator's stop, whatever
  // signal it sent (supervisord's SIGTERM leaves Hermes' files saying `running`, as any unplanned signal does).
  const bySupervisor = ev.service.stopped;
  if (bySupervisor && !ev.process.alive) {
    const supervisor = { key: `status.manager.${ev.service.manager}` as const };
    facts.push({ key: 'evidence.supervisor_said', params: { supervisor, line: bySupervisor.line } });
    return { kind: 'operator_stop', at: bySupervisor.at, facts };
  }
  // A user unit whose user's manager is gone, lingering off: systemd stopped it when its user logged out. Its stop
  // reads as planned in Hermes' files (the unit's ExecStop writes the marker), yet nobody meant it.
  const user = ev.service.manager === 'systemd' ? ev.service.user : undefined;
  if (user?.managerDown && !user.lingers && !ev.process.alive) {
    const line = run.at(-1);
    facts.push({ key: 'evidence.user_manager_down', params: { user: user.name } });
    return { kind: 'logout', ...(line ? { at: line.ts } : {}), facts };
  }
  const loopLine =
    run[lastIndex(run, (r) => r.logger.startsWith('gateway.shutdown_watchdog') && LOOP_WATCHDOG.test(r.message))];
  if (sentinel?.exitReason === 'loop_liveness_watchdog' || loopLine) {
    return { kind: 'loop_watchdog', at: sentinel?.exitedAt ?? loopLine?.ts, exitCode: sentinel?.exitCode ?? 75, facts };
  }
  const planned = shutdown.find((r) => isRunner(r) && PLANNED_STOP.test(r.message));
  const stopPids = lastPids(ev);
  // `hermes gateway stop` writes .gateway-planned-stop.json before it signals (§8.5), and the gateway's own handler
  // consumes it: after a completed stop it is gone and the planned-stop line is the evidence. One left behind naming
  // this gateway's last pid means that handler never ran (a wedged loop the stopper then killed, SIGKILL after
  // TimeoutStopSec): still the operator's stop, dated by the marker. (A fresh marker naming a live pid, a stop in
  // progress, needs nothing here: a live gateway has no down cause.)
  const pm = lc?.plannedStop;
  const marked =
    !planned && pm?.writtenAt !== undefined && pm.targetPid !== undefined && stopPids.includes(pm.targetPid)
      ? pm
      : undefined;
  if (marked)
    facts.push(
      `.gateway-planned-stop.json: target_pid=${marked.targetPid}${marked.stopperPid !== undefined ? ` stopper_pid=${marked.stopperPid}` : ''} written_at ${new Date(marked.writtenAt!).toISOString()}`,
    );
  const stopAt = planned?.ts ?? marked?.writtenAt;
  // When the life that ended began: its sentinel's claim, else its run's start line.
  const lifeStart = sentinel?.startedAt ?? (ev.log.runStartSeen ? run[0]?.ts : undefined);
  const byOperator = stopAt !== undefined && !byUpdate(ev, stopAt, stopPids, lifeStart);
  const shutdownLine =
    run[lastIndex(run, (r) => r.logger.startsWith('gateway.shutdown_watchdog') && SHUTDOWN_WATCHDOG.test(r.message))];
  if (sentinel?.exitReason === 'shutdown_watchdog' || shutdownLine) {
    // The process was already going down and a drain step hung: whose stop it was decides whether down is intended.
    if (byOperator) return { kind: 'operator_stop', at: stopAt, facts };
    return {
      kind: 'shutdown_watchdog',
      at: sentinel?.exitedAt ?? shutdownLine?.ts,
      exitCode: sentinel?.exitCode,
      facts,
    };
  }
  if (marked && byOperator) return { kind: 'operator_stop', at: stopAt, facts };
  if (sentinel?.phase === 'running' && !(ev.process.alive && sentinel.pid === filesPid(ev.process))) {
    // Claimed at boot, never rewritten: no exit path ran (SIGKILL, the OOM killer, power or VM loss).
    const hb = lc?.heartbeat;
    const mem = hb && hb.pid === sentinel.pid ? hb.mem : undefined;
    if (mem)
      facts.push(
        hb?.updatedAt
          ? {
              key: 'evidence.last_heartbeat_at',
              params: { at: new Date(hb.updatedAt).toISOString(), memory: memoryFact(mem) },
            }
          : { key: 'evidence.last_heartbeat', params: { memory: memoryFact(mem) } },
      );
    return {
      kind: 'unclean',
      at: hb && hb.pid === sentinel.pid ? hb.updatedAt : undefined,
      oom: memoryPressure(mem) === 'critical',
      facts,
    };
  }
  const exitLine = shutdown.at(-1);
  const at = planned?.ts ?? exitLine?.ts ?? sentinel?.exitedAt;
  if ((planned || sentinel?.phase === 'exited' || exitLine) && byUpdate(ev, at, stopPids, lifeStart)) {
    const u = lc!.lastUpdate!;
    facts.push(...u.lines.map((l) => `logs/update.log: ${l}`));
    return { kind: 'update_stop', at, facts };
  }
  if (planned) return { kind: 'operator_stop', at: planned.ts, facts };
  // `hermes gateway stop` persists `desired_state: stopped` (hermes-deployments.md §1.2): a clean exit the home records
  // as wanted is the operator's stop, though its lines are gone (a log rotated, a slot whose output went elsewhere).
  if (ev.state?.desired_state === 'stopped' && (sentinel?.phase === 'exited' || ev.state.gateway_state === 'stopped'))
    return { kind: 'operator_stop', at: sentinel?.exitedAt ?? exitLine?.ts ?? parseTime(ev.state.updated_at), facts };
  return undefined;
}
