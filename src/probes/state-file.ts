// gateway_state.json: what Hermes last wrote about itself. Written atomically, but other writers or a copy in
// progress can still show us a torn file, so invalid JSON gets one retry. Never proof of liveness (see process.ts).
import type { GatewayStateFile, PlatformState } from '../evidence.js';
import { MiB, readCapped, type CapOptions } from '../util/read-capped.js';
import type { Clock } from '../util/clock.js';

/** Hermes' state file is a few KB; anything near this is not one (and must not cost memory on every check). */
const MAX_STATE_FILE_BYTES = MiB;

export interface ReadStateOptions {
  /** Delay before the one retry of an unparsable file, ms. */
  retryDelayMs?: number;
  /** Waits out the retry's delay. */
  clock: Pick<Clock, 'sleep'>;
  /** How the file is opened (readCapped's): a one-shot look's, in its turn. */
  open?: CapOptions['open'];
}

export async function readGatewayState(
  file: string,
  opts: ReadStateOptions,
): Promise<{ state: GatewayStateFile | null; error?: string }> {
  let lastError = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) await opts.clock.sleep(opts.retryDelayMs ?? 150);
    let text: string;
    try {
      text = await readCapped(file, MAX_STATE_FILE_BYTES, { open: opts.open });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { state: null };
      if (code === 'ENOTREG' || code === 'EFBIG') return { state: null, error: (err as Error).message };
      return { state: null, error: `cannot read ${file} (${code ?? String(err)})` };
    }
    const parsed = parseGatewayState(text);
    if (parsed.state) return parsed;
    lastError = `${file}: ${parsed.error}`;
  }
  return { state: null, error: lastError };
}

/** Keeps the known fields with the right types; anything else is ignored. */
export function parseGatewayState(text: string): { state: GatewayStateFile | null; error?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { state: null, error: text.trim() ? `invalid JSON (${(err as Error).message})` : 'empty file' };
  }
  if (!isObject(data)) return { state: null, error: 'expected a JSON object' };
  const s: GatewayStateFile = { platforms: {} };
  if (isInt(data.pid)) s.pid = data.pid;
  if (isInt(data.start_time)) s.start_time = data.start_time;
  if (typeof data.gateway_state === 'string') s.gateway_state = data.gateway_state;
  if (typeof data.exit_reason === 'string' || data.exit_reason === null) s.exit_reason = data.exit_reason;
  if (typeof data.restart_requested === 'boolean') s.restart_requested = data.restart_requested;
  if (isInt(data.active_agents)) s.active_agents = data.active_agents;
  if (typeof data.updated_at === 'string') s.updated_at = data.updated_at;
  parseCurrentFields(data, s);
  if (isObject(data.platforms)) {
    for (const [name, p] of Object.entries(data.platforms)) {
      if (!isObject(p) || typeof p.state !== 'string') continue;
      const ps: PlatformState = { state: p.state };
      if (typeof p.error_code === 'string' || p.error_code === null) ps.error_code = p.error_code;
      else if (typeof p.error_code === 'number') ps.error_code = String(p.error_code);
      if (typeof p.error_message === 'string' || p.error_message === null) ps.error_message = p.error_message;
      if (typeof p.updated_at === 'string') ps.updated_at = p.updated_at;
      if (isInt(p.writer_pid)) ps.writer_pid = p.writer_pid;
      if (isInt(p.writer_start_time)) ps.writer_start_time = p.writer_start_time;
      if (typeof p.needs_attention === 'boolean') ps.needs_attention = p.needs_attention;
      if (typeof p.retrying_since === 'string' || p.retrying_since === null) ps.retrying_since = p.retrying_since;
      s.platforms[name] = ps;
    }
  }
  return { state: s };
}

/** v0.19+ top-level fields (hermes-gateway-current.md §3). A field of the wrong type is dropped, never fatal. */
function parseCurrentFields(data: Record<string, unknown>, s: GatewayStateFile): void {
  if (typeof data.kind === 'string') s.kind = data.kind;
  if (Array.isArray(data.argv) && data.argv.every((a) => typeof a === 'string')) s.argv = data.argv as string[];
  if (typeof data.hermes_home === 'string') s.hermes_home = data.hermes_home;
  if (data.desired_state === 'running' || data.desired_state === 'stopped') s.desired_state = data.desired_state;
  if (isObject(data.session_store) && typeof data.session_store.status === 'string')
    s.session_store = data.session_store.status;
  for (const k of ['code_sha', 'code_version', 'multiplex_standalone_reason'] as const) {
    const v = data[k];
    if (typeof v === 'string' || v === null) s[k] = v;
  }
  if (Array.isArray(data.served_profiles))
    s.served_profiles = data.served_profiles.filter((p): p is string => typeof p === 'string');
  if (Array.isArray(data.active_work) || data.active_work === null)
    s.active_work = data.active_work as unknown[] | null;
}

/**
 * Was this platform entry written by the live process? Entries carry their writer's pid and start time (v0.19+) so a
 * reader can tell a live entry from one preserved from a dead process. undefined = cannot tell (older file, no live pid).
 */
export function platformEntryLive(
  entry: PlatformState,
  live: { pid?: number; start_time?: number } | null,
): boolean | undefined {
  if (entry.writer_pid === undefined || !live?.pid) return undefined;
  if (entry.writer_pid !== live.pid) return false;
  if (entry.writer_start_time !== undefined && live.start_time !== undefined)
    return entry.writer_start_time === live.start_time;
  return true;
}

/** Platform keys of a multiplexing root for one profile: `coder:telegram` → `telegram`. The launch profile owns the bare keys. */
export function profilePlatforms(
  state: GatewayStateFile,
  profile: string,
  launchProfile = 'default',
): Record<string, PlatformState> {
  const out: Record<string, PlatformState> = {};
  for (const [key, st] of Object.entries(state.platforms)) {
    const colon = key.indexOf(':');
    if (colon < 0) {
      if (profile === launchProfile) out[key] = st;
    } else if (key.slice(0, colon) === profile) out[key.slice(colon + 1)] = st;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
