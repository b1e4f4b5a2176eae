// What one judged look tells the availability history of each platform, and since when: the history records a change
// at the time the evidence dates it (the first disconnect, the death, the connect line of the new run), not at the
// time a check happened to look, so the figures do not depend on how often gatewatch looks. Pure.
import type { Evidence, PlatformState } from '../evidence.js';
import { filesPid } from '../evidence.js';
import type { Finding } from '../types.js';
import { parseTime } from '../detectors/finding.js';
import { isOperatorStop } from '../detectors/process.js';
import { readRunOutages } from '../detectors/outages.js';
import { FORECAST_CHECKS } from '../detectors/index.js';
import { connectTimes, readPlatforms } from '../incidents/outage-starts.js';
import { platformEntryLive } from '../probes/state-file.js';
import { retiredEntry } from '../detectors/platform-entries.js';
import type { Observation } from './record.js';

/**
 * A finding that says this platform does not work: its own, or a critical one of the whole gateway. A forecast about
 * a platform (QQ's ladder, its 4009 rate) says what comes, not that it is down now.
 */
const failing = (p: string) => (f: Finding) =>
  (f.platform === p && !FORECAST_CHECKS.has(f.check)) || (!f.platform && f.severity === 'critical');

/**
 * The platforms a look is about: those expected and those the state file lists, but one Hermes parked on purpose and
 * one the operator removed (an earlier life's entry the file keeps: history, issue 50 item 5).
 */
function platformsOf(evidence: Evidence): string[] {
  return [...new Set([...evidence.expectedPlatforms, ...Object.keys(evidence.state?.platforms ?? {})])].filter(
    // Parked by Hermes on purpose (`disabled`): neither up nor down, so no timeline and no platform_up series.
    (p) =>
      !(evidence.state?.platforms[p]?.state === 'disabled' && !evidence.expectedPlatforms.includes(p)) &&
      !retiredEntry(evidence, p),
  );
}

/**
 * Each platform of a target: up when the process lives, the state file says connected (or the log shows it connected
 * since the file's entry was written) and no finding says otherwise.
 */
export function platformsUp(evidence: Evidence, findings: Finding[]): Record<string, boolean> {
  const readings = readPlatforms(evidence);
  const up: Record<string, boolean> = {};
  for (const p of platformsOf(evidence)) {
    const said = evidence.state?.platforms[p]?.state === 'connected' || readings[p]?.down === false;
    up[p] = evidence.process.alive && said && !findings.some(failing(p));
  }
  return up;
}

/**
 * Whether this life wrote the state file's entry of a platform: Hermes keeps each entry until the new life marks it
 * again, so right after a restart the file names the new pid and still says "connected" from the life before. By the
 * entry's writer (v0.19+), else by its time against the run's start; when neither tells, it is taken as this life's.
 */
function ownEntry(evidence: Evidence, st: PlatformState): boolean {
  const live = platformEntryLive(st, {
    pid: filesPid(evidence.process),
    start_time: evidence.process.pidFile?.start_time,
  });
  if (live !== undefined) return live;
  const runStart = evidence.log.runStartSeen ? evidence.log.run[0]?.ts : undefined;
  const at = parseTime(st.updated_at);
  return runStart === undefined || at === undefined || at >= runStart;
}

export interface ObserveContext {
  /** When the gateway was stopped on purpose (its operator, `hermes update`: plannedStopAt), while it is down. */
  stoppedAt?: number;
  /** Alerts are muted for maintenance: failing time is not downtime. */
  muted: boolean;
  /** Not muted now, but a mute covering the target ended at this time since the last judgement: down from then. */
  unmutedAt?: number;
  /** A drop shorter than this is not an outage (detect.disconnect_grace). */
  graceMs: number;
}

/**
 * Each platform as the history records it:
 * - up, from its connect line in the log (else its state file's time, else now): a recovery ends when the platform is
 *   connected again, not when the check that sees it comes;
 * - stopped, from the stop, while the gateway is down on purpose;
 * - down (deaf while the state file says connected) from the failure's own start, once a finding says it failed:
 *   muted instead while alerts are muted;
 * - null otherwise: a drop inside disconnect_grace, a gateway still starting. Not an outage (yet), and not known up
 *   either: the platform keeps what it had (nothing, for a platform never seen). An outage that outlasts the grace is
 *   then dated from its first disconnect, so a blip counts for nothing and an outage for its real length, every time;
 *   one that ended before any look saw it is read from the log (`outages`).
 */
export function platformObservations(
  evidence: Evidence,
  findings: Finding[],
  o: ObserveContext,
): Record<string, Observation> {
  const readings = readPlatforms(evidence);
  // Outages the log shows begun and ended, each longer than the grace: a look that came after one ended (a glance
  // judged the reconnect, the schedule came later) still counts it, for its real length.
  const ended = new Map<string, [number, number][]>();
  for (const x of evidence.process.alive ? readRunOutages(evidence) : [])
    if (x.end && x.end.ts - x.start.ts > o.graceMs)
      ended.set(x.platform, [...(ended.get(x.platform) ?? []), [x.start.ts, x.end.ts]]);
  // Each platform's connect lines in this run: the first after an outage recorded is when it ended.
  const connects = connectTimes(evidence);
  const out: Record<string, Observation> = {};
  for (const p of platformsOf(evidence)) {
    const st = evidence.state?.platforms[p];
    // Connected by an entry this life wrote, or by this run's log after the entry (which has not caught up yet).
    const connected =
      evidence.process.alive &&
      !!st &&
      (st.state === 'connected' ? ownEntry(evidence, st) || !!connects[p]?.length : readings[p]?.down === false);
    const against = findings.filter(failing(p));
    if (connected && !against.length) {
      // The later of the two: either shows it connected from then on, and the earlier may be of before the outage.
      const times = [readings[p]?.upAt, parseTime(st?.updated_at)].filter((t): t is number => t !== undefined);
      const mine = connects[p];
      out[p] = {
        state: 'up',
        ...(times.length ? { at: Math.max(...times) } : {}),
        ...(mine ? { connects: mine } : {}),
      };
    } else if (o.stoppedAt !== undefined && !evidence.process.alive && against.every(isOperatorStop)) {
      // Down on purpose; the operator's long stop is reminded of, still on purpose. An update that left the gateway
      // stopped for good is a failure a finding names: down.
      out[p] = { state: 'stopped', at: o.stoppedAt };
    } else if (against.length) {
      const starts = against.flatMap((f) => (f.since !== undefined ? [f.since] : []));
      const since = readings[p]?.since;
      const start = starts.length ? Math.min(...starts) : since;
      // Failing since during a mute that is over: down from the mute's end, the time before was muted.
      const at = !o.muted && o.unmutedAt !== undefined && start !== undefined ? Math.max(start, o.unmutedAt) : start;
      out[p] = { state: o.muted ? 'muted' : connected ? 'deaf' : 'down', ...(at !== undefined ? { at } : {}) };
    } else out[p] = null;
    const outages = ended.get(p);
    if (outages)
      out[p] = {
        ...(typeof out[p] === 'object' && out[p] ? out[p] : { state: null }),
        outages,
        ...(o.muted ? { outagesAs: 'muted' as const } : {}),
      };
  }
  return out;
}
