// gatewatch's own sights of a gateway's death, and a supervisor's start under way: what the process detectors
// (process.ts) and a death the supervisor repairs (respawned.ts) both read. Pure.
import type { Evidence } from '../evidence.js';

/** Hermes' lines of a run that ended through an exit path: a signal's, its shutdown's, its exit's. */
export const SHUTDOWN_CONTEXT =
  /^(Received SIG\w+|Shutdown context:|Gateway stopped\b|Exiting with code|No connected messaging platforms remain|PID file race lost|Gateway runtime lock is already held|Gateway failed to connect any configured messaging platform)/;

/**
 * When gatewatch saw the gateway it had watched alive gone: the first sight of it missing, a liveness look (a third of
 * the 2 s poll) after the death at most. The death lies between it and the last sight alive, and is dated by the
 * later, never before it happened. Only the last sight alive when it was not seen gone (a last sign of life).
 */
export function seenDead(ev: Evidence): number | undefined {
  const p = ev.process;
  if (p.lastSeenAlive === undefined) return undefined;
  return p.goneSeenAt !== undefined ? Math.max(p.goneSeenAt, p.lastSeenAlive) : p.lastSeenAlive;
}

/** The latest sign of life of the gateway's files no later than now: its last log line, its heartbeat (this life's). */
export function lastSign(ev: Evidence, lastLine: number | undefined): number | undefined {
  const hb = ev.hermes?.lifecycle?.heartbeat;
  const pid = ev.state?.pid ?? ev.hermes?.lifecycle?.sentinel?.pid;
  const beat = hb?.updatedAt !== undefined && hb.pid !== undefined && hb.pid === pid ? hb.updatedAt : undefined;
  const times = [beat, lastLine].filter((t): t is number => t !== undefined && t <= ev.now);
  return times.length ? Math.max(...times) : undefined;
}

/**
 * gatewatch saw the gateway it watched go, and nothing of a life after it came since (a line or a heartbeat later than
 * that sight): diedAt is its own sight of it gone, a liveness look after the death at most.
 */
export function diedSeen(ev: Evidence, lastLine: number | undefined): boolean {
  const seen = seenDead(ev);
  if (ev.process.goneSeenAt === undefined || seen === undefined) return false;
  const sign = lastSign(ev, lastLine);
  return sign === undefined || sign <= seen;
}

/**
 * Its supervisor (runit, s6, supervisord) runs a life begun moments ago whose gateway has not claimed its pid file yet:
 * the supervisor's own restart under way, not a death (the file still names the life before). Bounded, as a slot's
 * start is: a life up this long with no gateway is one that does not start.
 */
const SUPERVISOR_STARTING_S = 60;
export function supervisorStarting(ev: Evidence): boolean {
  const up = ev.service.upFor;
  return ev.service.active === true && up !== undefined && up < SUPERVISOR_STARTING_S;
}
