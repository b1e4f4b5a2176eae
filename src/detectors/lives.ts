// A live gateway's own account of its lives (hermes-gateway-current.md §8.1–§8.3): this life follows an unclean death
// (its supervisor restarted it, so nothing else would say it died), the state database failed its integrity check
// after that death, and the loop heartbeat's memory figures. Pure.
import type { Detector, Evidence, LogRecord } from '../evidence.js';
import { filesPid } from '../evidence.js';
import { age, currentRun, finding, lastIndex, matching, patternGroup, type EvidenceLine } from './common.js';
import { memoryFact, memoryPressure } from './deaths.js';
import { supervisorParam } from './supervisor.js';

/** How long after the start of a life that followed an unclean death the operator is told about it. */
const DIED_BEFORE_WINDOW_MS = 30 * 60_000;
/** `_HEARTBEAT_FRESH_TTL_S`: an older sample is no longer a live reading (a dead gateway's final gasp). */
const HEARTBEAT_FRESH_MS = 150_000;

/** The sentinel of the live gateway, or undefined (down, an older Hermes, another process's sentinel). */
function liveSentinel(ev: Evidence) {
  const s = ev.hermes?.lifecycle?.sentinel;
  return ev.process.alive && s?.phase === 'running' && s.pid === filesPid(ev.process) ? s : undefined;
}

/** Hermes' report of a life that ended without any exit path (§8.2), written by the next boot. */
const PREVIOUS_LIFE = /^Previous gateway life \(pid=(\d+), started_at=([^)]*)\) exited UNCLEANLY \(/;
/** How long before this run's start line its boot may have reported the life before (70–350 ms on v0.20.2, §10.6). */
const REPORT_BEFORE_START_MS = 10_000;

/** What the live gateway's boot says of the life before it, when it ended without any exit path. */
export interface PriorDeath {
  /** The dead life's pid, when Hermes names it (exit diagnostics, its report line). */
  pid?: number;
  /** When this life began (the sentinel's claim): the death lies before it. */
  lifeStartedAt: number;
  lifeStartedAtText?: string;
  oom: boolean;
  /** The OOM killer of its container's memory cgroup (Hermes' image): the container and its limit. */
  container?: { name: string; limit: string };
  evidence: EvidenceLine[];
}

/**
 * The live gateway's own account of the death before it (hermes-gateway-current.md §8.1, §8.2): `prior_unclean_exit`
 * in its sentinel (v0.20.2+; v0.20.0's has no such key), its exit-diag record, and its boot's `Previous gateway life …
 * exited UNCLEANLY` line, which comes BEFORE `Starting Hermes Gateway...` (§10.6) and so may close the previous run.
 * Undefined when it has none.
 */
export function priorDeath(ev: Evidence): PriorDeath | undefined {
  const sentinel = liveSentinel(ev);
  if (!sentinel || sentinel.startedAt === undefined) return undefined;
  const run = currentRun(ev).records;
  const own = (r: LogRecord | undefined) =>
    !!r && r.logger === 'gateway.lifecycle_ledger' && PREVIOUS_LIFE.test(r.message);
  const before = ev.log.previous.at(-1);
  const runStart = run[0]?.ts ?? sentinel.startedAt;
  const line =
    run[lastIndex(run, own)] ??
    (own(before) && before!.ts >= runStart - REPORT_BEFORE_START_MS && before!.ts >= sentinel.startedAt - 2_000
      ? before
      : undefined);
  if (!sentinel.priorUncleanExit && !line) return undefined;
  const rec = ev.hermes?.lifecycle?.lastUncleanExit;
  const mine = rec && (rec.pid === undefined || rec.pid === sentinel.pid) ? rec : undefined;
  const linePid = line ? Number(PREVIOUS_LIFE.exec(line.message)![1]) : undefined;
  // In a container the gateway reads the host's free memory, so Hermes may not suspect an OOM of the container's limit:
  // the container's cgroup counts it.
  const boxed = ev.service.container?.oomKills ? ev.service.container : undefined;
  const oom =
    sentinel.priorSuspectedOom || !!mine?.suspectedOom || /suspected_oom=True\b/.test(line?.message ?? '') || !!boxed;
  const evidence: EvidenceLine[] = [
    `state/gateway.lifecycle.json: phase=running pid=${sentinel.pid}${sentinel.priorUncleanExit ? ' prior_unclean_exit=true' : ''}${oom && sentinel.priorSuspectedOom ? ' prior_suspected_oom=true' : ''}`,
  ];
  if (mine) {
    evidence.push(
      `logs/gateway-exit-diag.log: prior_pid=${mine.priorPid ?? '?'} prior_started_at=${mine.priorStartedAt ?? '?'} last_heartbeat_at=${mine.lastHeartbeatAt ?? '?'}`,
    );
    if (mine.lastMem)
      evidence.push({ key: 'evidence.heartbeat_before_death', params: { memory: memoryFact(mine.lastMem) } });
  }
  if (line) evidence.push(line.line);
  if (boxed)
    evidence.push({
      key: 'evidence.container_oom',
      params: {
        name: boxed.name,
        count: boxed.oomKills!,
        limit: limitOf(boxed.memoryLimit),
      },
    });
  const pid = mine?.priorPid ?? linePid;
  return {
    ...(pid !== undefined ? { pid } : {}),
    lifeStartedAt: sentinel.startedAt,
    ...(sentinel.startedAtText ? { lifeStartedAtText: sentinel.startedAtText } : {}),
    oom,
    ...(boxed ? { container: { name: boxed.name, limit: limitOf(boxed.memoryLimit) } } : {}),
    evidence,
  };
}

const limitOf = (bytes: number | undefined) => (bytes ? `${Math.round(bytes / 1048576)} MiB` : '-');

const diedBefore: Detector = {
  check: 'gateway_died_before',
  detect(ev, s) {
    const prior = priorDeath(ev);
    const ageMs = prior ? ev.now - prior.lifeStartedAt : Infinity;
    if (!prior || ageMs > 2 * DIED_BEFORE_WINDOW_MS) return [];
    const f = finding(ev, s, {
      check: 'gateway_died_before',
      text: prior.container
        ? 'gateway_died_before.container_oom'
        : prior.oom
          ? 'gateway_died_before.oom'
          : 'gateway_died_before',
      // One incident per life, so the next death is heard too.
      cause: prior.lifeStartedAtText ?? String(prior.lifeStartedAt),
      severity: 'warning',
      restart: 'never',
      params: {
        ago: age(ev.now - prior.lifeStartedAt),
        prior: String(prior.pid ?? '?'),
        // Who brought it back, by name: the supervisor this look found running it.
        by:
          ev.service.manager === 'none' || ev.service.manager === 'command'
            ? { key: 'finding.gateway_died_before.by_unknown' }
            : { key: 'finding.gateway_died_before.by', params: { supervisor: supervisorParam(ev) } },
        ...(prior.container ? { container: prior.container.name, limit: prior.container.limit } : {}),
      },
      evidence: prior.evidence,
      since: prior.lifeStartedAt,
    });
    // Told once: past its window the incident closes without a word (a death long over has no "Recovered"). The lapse
    // lasts another window, in which any judgement closes it; after that there is nothing left to close.
    return [ageMs > DIED_BEFORE_WINDOW_MS ? { ...f, lapsed: true } : f];
  },
};

const INTEGRITY = /^state\.db FAILED integrity check after an unclean gateway exit: /;
const INTEGRITY_LINES = patternGroup(INTEGRITY);

const stateDbCorrupt: Detector = {
  check: 'state_db_corrupt',
  detect(ev, s) {
    const run = matching(ev, INTEGRITY_LINES);
    const i = lastIndex(run, (r) => r.logger === 'gateway.lifecycle_ledger' && INTEGRITY.test(r.message));
    const rec = ev.hermes?.lifecycle?.lastUncleanExit;
    const sentinel = liveSentinel(ev);
    const fromDiag =
      sentinel &&
      rec &&
      rec.pid === sentinel.pid &&
      rec.stateDbIntegrity &&
      !['ok', 'absent'].includes(rec.stateDbIntegrity)
        ? rec.stateDbIntegrity
        : undefined;
    if (i < 0 && !fromDiag) return [];
    const r = i >= 0 ? run[i]! : undefined;
    return [
      finding(ev, s, {
        check: 'state_db_corrupt',
        severity: 'warning',
        restart: 'never',
        params: { complaint: (r ? r.message.replace(INTEGRITY, '') : fromDiag!).split(' — ')[0]!.split('\n')[0]! },
        evidence: [
          ...(r ? [r.line, ...(r.extra ?? []).slice(0, 2)] : []),
          ...(fromDiag ? [`logs/gateway-exit-diag.log: state_db_integrity=${fromDiag.split('\n')[0]}`] : []),
        ],
        ...(r ? { since: r.ts } : {}),
      }),
    ];
  },
};

const memory: Detector = {
  check: 'memory_pressure',
  detect(ev, s) {
    const hb = ev.hermes?.lifecycle?.heartbeat;
    // The heartbeat may be a previous life's (#94758): only the live gateway's own, and only a fresh one, counts.
    if (!ev.process.alive || !hb || hb.pid !== filesPid(ev.process) || hb.updatedAt === undefined) return [];
    if (ev.now - hb.updatedAt > HEARTBEAT_FRESH_MS) return [];
    const tier = memoryPressure(hb.mem);
    if (tier !== 'critical' && tier !== 'elevated') return [];
    return [
      finding(ev, s, {
        check: 'memory_pressure',
        text: tier === 'critical' ? 'memory_pressure' : 'memory_pressure.elevated',
        cause: tier,
        severity: 'warning',
        restart: 'never',
        params: {
          available: String(Math.round(hb.mem!.availableKib! / 1024)),
          total: String(Math.round(hb.mem!.totalKib! / 1024)),
        },
        evidence: [
          {
            key: 'evidence.heartbeat_file',
            params: { pid: hb.pid ?? '?', at: new Date(hb.updatedAt).toISOString(), memory: memoryFact(hb.mem!) },
          },
        ],
      }),
    ];
  },
};

export const livesDetectors: Detector[] = [diedBefore, stateDbCorrupt, memory];
