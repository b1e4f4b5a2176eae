// Restart loops Hermes makes itself (hermes-gateway-current.md §9.16) that restarting cannot end: a stale PID file or
// lock every start loses to, starts that refuse because they do not see themselves supervised, and a systemd unit whose
// stop timeout is shorter than the drain.
import type { DetectSettings, Detector, Evidence, LogRecord } from '../evidence.js';
import type { Finding } from '../types.js';
import { age, finding, isRunner, matching, patternGroup } from './common.js';

/** Each start lost to a gateway that is not there (#13655): exits 1 within a second. */
const LOST =
  /^(PID file race lost to another gateway instance\. Exiting\.|Gateway runtime lock is already held by another instance\. Exiting\.)/;
/** §5: a boot warning when the unit's TimeoutStopSec is shorter than the drain. */
const STALE_UNIT = /^Stale systemd unit detected: (\S+) has TimeoutStopSec=/;
const LINES = patternGroup(LOST, STALE_UNIT);
/** Three lost starts within 10 minutes with no gateway alive: not a race, a loop. */
const LOST_MIN = 3;
const WINDOW_MS = 10 * 60_000;

/**
 * §9.16, #82538: a supervisor relaunches the gateway (launchd every ~10 s) and each start prints `✗ A gateway is
 * already running under <manager> for this profile.` and exits 1 within a second. Three of them after the log's last
 * record, the latest within a few relaunches, with no gateway of the home alive: a loop, not one stray start.
 */
const REFUSED_MIN = 3;
const REFUSED_FRESH_MS = 2 * 60_000;

function supervisedConflict(ev: Evidence, s: DetectSettings): Finding[] {
  const r = ev.hermes?.refusedStarts;
  if (!r || ev.process.alive || r.count < REFUSED_MIN || ev.now - r.lastAt > REFUSED_FRESH_MS) return [];
  return [
    finding(ev, s, {
      check: 'restart_loop',
      text: 'restart_loop.supervised_conflict',
      cause: 'supervised_conflict',
      severity: 'critical',
      restart: 'never',
      params: { manager: r.manager, count: String(r.count), ago: age(Math.max(0, ev.now - r.lastAt)) },
      since: r.lastAt,
      evidence: [r.line],
    }),
  ];
}

const restartLoop: Detector = {
  check: 'restart_loop',
  meaning: {
    downCauses: ['pid_race', 'supervised_conflict'],
    // Its loop explains the race lines its starts leave (no fight between two live gateways), and stands when the
    // gateway is down: it is why.
    roles: ['whileDown', 'loop'],
    explains: [
      { check: 'duplicate_processes', when: { cause: 'pid_race' } },
      { check: 'duplicate_processes', when: { cause: 'supervised_conflict' } },
    ],
  },
  detect(ev, s) {
    const refused = supervisedConflict(ev, s);
    if (refused.length) return refused;
    const lines = matching(ev, LINES).filter(isRunner);
    // Each lost start is a run of its own (it logs its start line): the log shows this one and the previous one's
    // tail; gateway-starts.log (§5) counts them all.
    const isLost = (r: LogRecord) => isRunner(r) && LOST.test(r.message) && ev.now - r.ts <= WINDOW_MS;
    const lost = [...ev.log.previous.filter(isLost), ...lines.filter(isLost)];
    const starts = (ev.hermes?.starts ?? []).filter((t) => ev.now - t <= WINDOW_MS).length;
    const alive = ev.process.alive || ev.processes.length > 0;
    if (!alive && lost.length && lines.some((r) => LOST.test(r.message)) && Math.max(lost.length, starts) >= LOST_MIN) {
      return [
        finding(ev, s, {
          check: 'restart_loop',
          text: 'restart_loop.pid_race',
          cause: 'pid_race',
          severity: 'critical',
          restart: 'never',
          params: { count: String(Math.max(lost.length, starts)), window: age(WINDOW_MS) },
          since: lost[0]!.ts,
          evidence: [lost[0]!.line, lost.at(-1)!.line],
        }),
      ];
    }
    const stale = lines.filter((r) => STALE_UNIT.test(r.message)).at(-1);
    if (stale && alive) {
      return [
        finding(ev, s, {
          check: 'restart_loop',
          text: 'restart_loop.stale_unit',
          severity: 'warning',
          // The unit file is stale: `hermes gateway install --force` mends it, a restart runs the same unit again.
          restart: 'never',
          params: { unit: STALE_UNIT.exec(stale.message)![1]! },
          since: stale.ts,
          evidence: [stale.line],
        }),
      ];
    }
    return [];
  },
};

export const restartLoopDetectors: Detector[] = [restartLoop];
