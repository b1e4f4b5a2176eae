// A live gateway's own account of its lives (hermes-gateway-current.md §8.1–§8.3): this life follows an unclean death
// (its supervisor restarted it, so nothing else would say it died), the state database failed its integrity check
// after that death, and the loop heartbeat's memory figures. Pure.
import type { Detector, Evidence } from '../evidence.js';
import { age, currentRun, finding, lastIndex, matching, patternGroup, type EvidenceLine } from './common.js';
import { memoryFact, memoryPressure } from './deaths.js';

/** How long after the start of a life that followed an unclean death the operator is told about it. */
const DIED_BEFORE_WINDOW_MS = 30 * 60_000;
/** `_HEARTBEAT_FRESH_TTL_S`: an older sample is no longer a live reading (a dead gateway's final gasp). */
const HEARTBEAT_FRESH_MS = 150_000;

/** The sentinel of the live gateway, or undefined (down, an older Hermes, another process's sentinel). */
function liveSentinel(ev: Evidence) {
  const s = ev.hermes?.lifecycle?.sentinel;
  return ev.process.alive && s?.phase === 'running' && s.pid === ev.process.pid ? s : undefined;
}

const diedBefore: Detector = {
  check: 'gateway_died_before',
  detect(ev, s) {
    const sentinel = liveSentinel(ev);
    if (!sentinel?.priorUncleanExit || sentinel.startedAt === undefined) return [];
    if (ev.now - sentinel.startedAt > DIED_BEFORE_WINDOW_MS) return [];
    const rec = ev.hermes?.lifecycle?.lastUncleanExit;
    const mine = rec && (rec.pid === undefined || rec.pid === sentinel.pid) ? rec : undefined;
    const oom = sentinel.priorSuspectedOom || !!mine?.suspectedOom;
    const evidence: EvidenceLine[] = [
      `state/gateway.lifecycle.json: phase=running pid=${sentinel.pid} prior_unclean_exit=true${oom ? ' prior_suspected_oom=true' : ''}`,
    ];
    if (mine) {
      evidence.push(
        `logs/gateway-exit-diag.log: prior_pid=${mine.priorPid ?? '?'} prior_started_at=${mine.priorStartedAt ?? '?'} last_heartbeat_at=${mine.lastHeartbeatAt ?? '?'}`,
      );
      if (mine.lastMem)
        evidence.push({ key: 'evidence.heartbeat_before_death', params: { memory: memoryFact(mine.lastMem) } });
    }
    const run = currentRun(ev).records;
    const line = run[lastIndex(run, (r) => r.message.startsWith('Previous gateway life (pid='))];
    if (line) evidence.push(line.line);
    return [
      finding(ev, s, {
        check: 'gateway_died_before',
        text: oom ? 'gateway_died_before.oom' : 'gateway_died_before',
        // One incident per life, so the next death is heard too.
        cause: sentinel.startedAtText ?? String(sentinel.startedAt),
        severity: 'warning',
        restart: 'never',
        params: { ago: age(ev.now - sentinel.startedAt), prior: String(mine?.priorPid ?? '?') },
        evidence,
        since: sentinel.startedAt,
      }),
    ];
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
    if (!ev.process.alive || !hb || hb.pid !== ev.process.pid || hb.updatedAt === undefined) return [];
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
