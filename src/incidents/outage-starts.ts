// When each platform's outage began, kept across evaluations and gatewatch restarts (state.json `outages`).
// Hermes rewrites gateway_state.json's updated_at on every failed reconnect, so the state file alone makes a platform
// down for ten minutes read as down for seconds. The start is the first disconnect line of the outage in the log (or
// its first failed connect), else the first evaluation that saw the platform down; once known it only moves earlier,
// until the platform is seen connected again.
import type { Evidence, PlatformState } from '../evidence.js';
import { isConnectLine, isDrop, lastIndex, parseTime, platformOf, stateIsCurrent } from '../detectors/common.js';
import { connectionLines, openOutage, readRunOutages } from '../detectors/outages.js';

/** Platform → when its current outage began (epoch ms). */
export type OutageStarts = Record<string, number>;

/** State file words for a platform that is down. */
export const DOWN_STATES = new Set(['disconnected', 'retrying', 'fatal']);

/** What one evaluation says about a platform's connection. */
export interface PlatformReading {
  /** true: down; false: connected; undefined: cannot tell (gateway not running, stale state file, starting, parked). */
  down: boolean | undefined;
  /** Earliest time this evaluation can date the outage to (the log's first drop, the state file's time). */
  since?: number;
  /** The latest time the log shows the platform connected (an earlier outage's end). */
  upAt?: number;
}

/**
 * Each platform's connect lines in the current run, oldest first (the live gateway's only): the first after an
 * outage began is when it ended, for the incident's recovery and the history alike.
 */
export function connectTimes(ev: Evidence): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  if (!ev.process.alive) return out;
  for (const r of connectionLines(ev)) {
    if (r.ts > ev.now || !isConnectLine(r)) continue;
    const p = platformOf(r);
    if (p !== undefined) (out[p] ??= []).push(r.ts);
  }
  return out;
}

/**
 * The state words a newer connect line in the log overrides: still connecting, or down. A look reads the file and the
 * log moments apart and either may be written first. Parked words (`disabled`, `paused`: the operator's) and any word
 * Hermes may add later are taken as they are.
 */
const OVERRIDDEN_BY_CONNECT = new Set(['connecting', ...DOWN_STATES]);

/**
 * The log's last word on the platform is a connect, newer than its state file entry: neither a drop nor a failed
 * attempt came after it (`failedSince`), and the entry says one of OVERRIDDEN_BY_CONNECT.
 */
function loggedConnectedSince(ps: PlatformState, upAt: number | undefined, failedSince: boolean): boolean {
  const updated = parseTime(ps.updated_at);
  return (
    OVERRIDDEN_BY_CONNECT.has(ps.state) && !failedSince && upAt !== undefined && updated !== undefined && upAt > updated
  );
}

const readings = new WeakMap<Evidence, Readonly<Record<string, PlatformReading>>>();

/**
 * Each platform's reading from one evaluation's evidence, worked out once: a judgement reads it for the outage starts,
 * the timelines and the history, and every /metrics scrape for platform_up.
 */
export function readPlatforms(ev: Evidence): Readonly<Record<string, PlatformReading>> {
  let out = readings.get(ev);
  if (!out) readings.set(ev, (out = readPlatformsOnce(ev)));
  return out;
}

function readPlatformsOnce(ev: Evidence): Record<string, PlatformReading> {
  const out: Record<string, PlatformReading> = {};
  const trusted = ev.process.alive && stateIsCurrent(ev);
  // Connect lines and drops are all among the run's connection lines: no pass over the whole run.
  const run = connectionLines(ev);
  const outages = readRunOutages(ev);
  for (const p of new Set([...ev.expectedPlatforms, ...Object.keys(ev.state?.platforms ?? {})])) {
    const ps = ev.state?.platforms[p];
    const lastUp = lastIndex(run, (r) => platformOf(r) === p && isConnectLine(r));
    const upAt = lastUp >= 0 ? run[lastUp]!.ts : undefined;
    if (!trusted || !ps) {
      out[p] = { down: undefined, ...(upAt !== undefined ? { upAt } : {}) };
      continue;
    }
    const firstDrop = run.slice(lastUp + 1).find((r) => platformOf(r) === p && isDrop(r))?.ts;
    // An outage the log still holds open: a drop, or a failed attempt after a connect-like line (QQ's socket opens
    // before its Identify fails).
    const open = openOutage(outages, p)?.start.ts;
    if (ps.state === 'connected' || loggedConnectedSince(ps, upAt, firstDrop !== undefined || open !== undefined)) {
      // Connected, or connected in the log after the state file last said otherwise.
      out[p] = { down: false, ...(upAt !== undefined ? { upAt } : {}) };
      continue;
    }
    const updated = parseTime(ps.updated_at);
    if (!DOWN_STATES.has(ps.state)) {
      out[p] = { down: undefined, ...(upAt !== undefined ? { upAt } : {}) };
      continue;
    }
    // An entry older than the last connect is of the outage before it: this one began after that connect.
    const entry = upAt !== undefined && updated !== undefined && upAt > updated ? undefined : updated;
    const times = [entry, firstDrop, open].filter((x): x is number => x !== undefined);
    out[p] = {
      down: true,
      ...(times.length ? { since: Math.min(...times) } : {}),
      ...(upAt !== undefined ? { upAt } : {}),
    };
  }
  return out;
}

/**
 * The outage starts after an evaluation at `now`: a platform seen down keeps the earliest start known for this outage
 * (the first failed probe, `now`, when nothing dates it earlier); one seen connected, or that the log shows connected
 * after the start kept, starts afresh; one nobody can tell keeps what it had.
 */
export function trackOutageStarts(
  prev: OutageStarts,
  readings: Record<string, PlatformReading>,
  now: number,
): OutageStarts {
  const next: OutageStarts = {};
  for (const [p, at] of Object.entries(prev)) {
    const r = readings[p];
    // Ended since: connected now, or the log shows a connect after it began (a new outage may have begun since).
    if (r && (r.down === false || (r.upAt !== undefined && r.upAt >= at))) continue;
    next[p] = at;
  }
  for (const [p, r] of Object.entries(readings)) {
    if (r.down !== true) continue;
    next[p] = Math.min(next[p] ?? Infinity, r.since ?? now, now);
  }
  return next;
}
