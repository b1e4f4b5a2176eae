// Platform entries of the state file as current Hermes writes them: `telegram` for the launch profile, `coder:telegram`
// for a profile the root multiplexes. Helpers shared by the per-platform detectors of current Hermes.
import type { Evidence, PlatformState } from '../evidence.js';
import type { Finding } from '../types.js';
import { platformEntryLive } from '../probes/state-file.js';
import { stateIsCurrent } from './common.js';

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
  const live = ev.process.alive ? { pid: ev.process.pid, start_time: ev.process.pidFile?.start_time } : null;
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
