// Platform entries of the state file as current Hermes writes them: `telegram` for the launch profile, `coder:telegram`
// for a profile the root multiplexes. Helpers shared by the per-platform detectors of current Hermes.
import type { Evidence, PlatformState } from '../evidence.js';
import { filesPid } from '../evidence.js';
import type { Finding } from '../types.js';
import { platformEntryLive } from '../probes/state-file.js';
import { currentRun, isRunner, platformOf, STARTUP_END, stateIsCurrent } from './common.js';
import { fallbackWarning } from './config-fallback.js';

export interface Entry {
  /** The state key, used as the finding's platform (unique per target). */
  key: string;
  /** Bare platform name: `telegram`. */
  platform: string;
  /** Profile, when the entry belongs to a served profile. */
  profile?: string;
  st: PlatformState;
}

/** Entries written by the live process (or that cannot tell), with their profile. */
export function liveEntries(ev: Evidence): Entry[] {
  if (!ev.state || !stateIsCurrent(ev)) return [];
  const live = ev.process.alive ? { pid: filesPid(ev.process), start_time: ev.process.pidFile?.start_time } : null;
  const servedAs = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
  const out: Entry[] = [];
  for (const [key, st] of Object.entries(ev.state.platforms ?? {})) {
    if (platformEntryLive(st, live) === false) continue;
    const colon = key.indexOf(':');
    const platform = colon < 0 ? key : key.slice(colon + 1);
    const profile = colon < 0 ? servedAs : key.slice(0, colon);
    out.push({ key, platform, ...(profile ? { profile } : {}), st });
  }
  return out;
}

/** The profile a finding about a bare platform key belongs to (a served profile's target). */
export function withProfile(f: Finding, profile: string | undefined): Finding {
  return profile ? { ...f, profile } : f;
}

export function entryFact(e: Entry): string {
  const st = e.st;
  const parts = [`${e.key}=${st.state}`];
  if (st.error_code) parts.push(`error_code=${st.error_code}`);
  if (st.error_message) parts.push(`error_message=${st.error_message}`);
  if (st.retrying_since) parts.push(`retrying_since=${st.retrying_since}`);
  if (st.needs_attention) parts.push('needs_attention=true');
  if (st.updated_at) parts.push(`updated_at=${st.updated_at}`);
  return `gateway_state.json: ${parts.join(' ')}`;
}

/** The runner's `Connecting to telegram...` before each platform it starts. */
const CONNECTING = /^Connecting to (\w+)/;

/** The current run started `platform`: a line of it (a connect, a failure, its adapter's own) or the runner's connecting. */
export function startedThisRun(ev: Evidence, platform: string): boolean {
  return currentRun(ev).records.some(
    (r) => platformOf(r) === platform || (isRunner(r) && CONNECTING.exec(r.message)?.[1]?.toLowerCase() === platform),
  );
}

/** The current run's start is over (a run whose start left the log's view, or a served profile's, started long ago). */
export function startupOver(ev: Evidence): boolean {
  return ev.log.runStartSeen
    ? currentRun(ev).records.some((r) => isRunner(r) && STARTUP_END.test(r.message))
    : ['running', 'degraded'].includes(ev.state?.gateway_state ?? '');
}

/** The live process's identity, as platformEntryLive reads it. */
export const liveWriter = (ev: Evidence) => ({ pid: filesPid(ev.process), start_time: ev.process.pidFile?.start_time });

/**
 * A state entry that is history, not an outage (issue 50 item 5): Hermes merges each write into the file (§3), so a
 * platform the operator removed keeps the earlier life's entry, `disconnected` from its stop, for good. It is one when
 * an earlier life wrote it (its `writer_pid`/`writer_start_time` are not the live process's), the current run's start
 * is over and did not start it, the target does not list it (`anyList`: whatever it lists, for the one reading that
 * makes the list), and that start read its config: a config.yaml Hermes could not parse drops platforms the operator
 * still wants (§10.2), so what that start left out is lost, not retired.
 */
export function retiredEntry(ev: Evidence, key: string, o: { anyList?: boolean } = {}): boolean {
  const st = ev.state?.platforms?.[key];
  if (!st || !ev.process.alive || !stateIsCurrent(ev)) return false;
  if (platformEntryLive(st, liveWriter(ev)) !== false) return false;
  const platform = key.slice(key.indexOf(':') + 1);
  if (!o.anyList && (ev.expectedPlatforms.includes(key) || ev.expectedPlatforms.includes(platform))) return false;
  return startupOver(ev) && !startedThisRun(ev, platform) && !fallbackWarning(ev);
}
