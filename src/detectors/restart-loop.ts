// Restart loops Hermes makes itself (hermes-gateway-current.md §9.16) that restarting cannot end: a stale PID file or
// lock every start loses to, and a systemd unit whose stop timeout is shorter than the drain.
import type { Detector, LogRecord } from '../evidence.js';
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

const restartLoop: Detector = {
  check: 'restart_loop',
  detect(ev, s) {
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
          restart: 'wait',
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
