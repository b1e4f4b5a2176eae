// The files a Hermes home holds, as the demo gateway writes them and its supervisor reads them (reference §1.3, §3).
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GatewayStateFile, PidRecord } from '../evidence.js';
import { isDemoFault, isDemoHermes, type DemoFault, type DemoHermes } from './faults.js';
import { writeFileAtomic } from '../state/atomic.js';
import { isObject, pidFilePath, procStartTime, readJson } from './liveness.js';
import { systemClock } from '../util/clock.js';

export { gatewayLiveness, isPidRunning, procStartTime, readPidRecord, type Liveness } from './liveness.js';
export { demoScriptPath } from './script-path.js';

export function homePaths(home: string) {
  return {
    pid: pidFilePath(home),
    state: path.join(home, 'gateway_state.json'),
    logDir: path.join(home, 'logs'),
    log: path.join(home, 'logs', 'gateway.log'),
    stdout: path.join(home, 'logs', 'gateway.stdout.log'),
    plannedStop: path.join(home, '.gateway-planned-stop.json'),
    cleanShutdown: path.join(home, '.clean_shutdown'),
    fault: path.join(home, '.demo-fault'),
    options: path.join(home, '.demo-options.json'),
    // Current Hermes (hermes-gateway-current.md §2, §4, §5, §6).
    socket: path.join(home, 'gateway.sock'),
    socketPointer: path.join(home, 'gateway.sock.path'),
    updateMarker: path.join(home, '.hermes-update-in-progress'),
    updateLog: path.join(home, 'logs', 'update.log'),
    bridgeLog: path.join(home, 'platforms', 'whatsapp', 'bridge.log'),
    config: path.join(home, 'config.yaml'),
    profiles: path.join(home, 'profiles'),
    // The demo's own standing faults: they outlive a restart, as their real causes do.
    whatsappLoggedOut: path.join(home, '.demo-whatsapp-logged-out'),
    whatsappQr: path.join(home, '.demo-whatsapp-qr'),
    otherPoller: path.join(home, '.demo-telegram-other-poller'),
    // A gateway that dies as it starts, before it claims its pid file (a broken install): the error it prints.
    startError: path.join(home, '.demo-start-error'),
    startHold: path.join(home, '.demo-start-hold'),
  };
}

/** What a current-Hermes writer stamps on every write (`hermes_cli.version_info.get_code_identity()`), §3. */
export const CURRENT_IDENTITY = {
  code_sha: '00067189dfecf833d4d009c2dd977ae85cf800e0',
  code_version: '0.21.3',
} as const;

/** The same for v0.20.2: its release commit as the real capture names it (fixture README). */
export const V020_IDENTITY = { code_sha: 'df4b65147', code_version: '0.20.2' } as const;

/** How a v0.19+ writer stamps the state file: for which home, with which code identity, multiplexing or not. */
export interface CurrentWriter {
  home: string;
  identity?: { code_sha: string; code_version: string };
  /** A multiplexing root (the demo's v0.21.3): `served_profiles`, profile keys dropped at every start. */
  multiplex?: boolean;
}

/** Hermes' planned-stop marker TTL. */
const PLANNED_STOP_TTL_MS = 60_000;

export async function unlinkQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

/** Python's `json.dumps(v)` with default arguments: `", "` / `": "` separators and ASCII-only output. */
export function pyJsonDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  if (isObject(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyJsonDumps(k)}: ${pyJsonDumps(x)}`)
      .join(', ')}}`;
  return (JSON.stringify(v) ?? 'null').replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export async function selfStartTime(): Promise<number> {
  if (process.platform === 'linux') {
    const t = await procStartTime(process.pid);
    if (t !== null) return t;
  }
  return Math.round((systemClock.now() / 1000 - process.uptime()) * 100);
}

// ---------------------------------------------------------------------------------------------------------------
// gateway_state.json: compact one-line JSON, read-merge-write, keys keep their order (reference §3).

/** Python's `datetime.now(timezone.utc).isoformat()`: microseconds and `+00:00`. */
export function utcNowIso(now = systemClock.now()): string {
  const micros = String(Number(process.hrtime.bigint() % 1000n)).padStart(3, '0');
  return new Date(now).toISOString().replace('Z', `${micros}+00:00`);
}

export interface StatePatch {
  gateway_state?: string;
  exit_reason?: string | null;
  restart_requested?: boolean;
  active_agents?: number;
  platform?: string;
  platform_state?: string;
  error_code?: string | null;
  error_message?: string | null;
  /** Multiplexing root: `[<launch profile>] + sorted(others)`. */
  served_profiles?: string[];
}

export async function readStateFile(home: string): Promise<GatewayStateFile | null> {
  const raw = await readJson(homePaths(home).state);
  return isObject(raw) && isObject(raw.platforms) ? (raw as unknown as GatewayStateFile) : null;
}

/**
 * `write_runtime_status`. A current writer (`current`: the home it runs for) creates the v0.19+ record, re-stamps its
 * identity and code fields on every write, stamps `writer_pid`/`writer_start_time` on each platform entry it writes,
 * and drops every `<profile>:<platform>` key when a start begins (`clear_profile_platforms=True`).
 */
export async function writeRuntimeStatus(
  home: string,
  self: Required<Omit<PidRecord, 'hermes_home'>>,
  patch: StatePatch,
  current?: CurrentWriter,
  at = systemClock.now(),
): Promise<void> {
  const identity = current?.identity ?? CURRENT_IDENTITY;
  const file = homePaths(home).state;
  const existing = await readJson(file);
  const now = utcNowIso(at);
  const fresh = (): Record<string, unknown> =>
    current
      ? {
          ...self,
          hermes_home: current.home,
          gateway_state: 'starting',
          exit_reason: null,
          restart_requested: false,
          active_agents: 0,
          platforms: {},
          session_store: { status: 'ok' },
          updated_at: now,
          ...identity,
        }
      : {
          ...self,
          gateway_state: 'starting',
          exit_reason: null,
          restart_requested: false,
          active_agents: 0,
          platforms: {},
          updated_at: now,
        };
  const payload: Record<string, unknown> = isObject(existing) ? existing : fresh();
  Object.assign(payload, self);
  if (!isObject(payload.platforms)) payload.platforms = {};
  for (const key of [
    'gateway_state',
    'exit_reason',
    'restart_requested',
    'active_agents',
    'served_profiles',
  ] as const) {
    if (patch[key] !== undefined) payload[key] = patch[key];
  }
  const platforms = payload.platforms as Record<string, Record<string, unknown>>;
  if (current && current.multiplex !== false && patch.gateway_state === 'starting') {
    for (const k of Object.keys(platforms)) if (k.includes(':')) delete platforms[k];
    payload.served_profiles = [];
  }
  if (patch.platform) {
    const entry = isObject(platforms[patch.platform]) ? platforms[patch.platform]! : {};
    if (patch.platform_state !== undefined) entry.state = patch.platform_state;
    entry.error_code = patch.error_code ?? null;
    entry.error_message = patch.error_message ?? null;
    entry.updated_at = now;
    if (current) Object.assign(entry, { writer_pid: self.pid, writer_start_time: self.start_time });
    platforms[patch.platform] = entry;
  }
  payload.updated_at = now;
  if (current) Object.assign(payload, { hermes_home: current.home, ...identity });
  await writeFileAtomic(file, JSON.stringify(payload));
}

// ---------------------------------------------------------------------------------------------------------------
// Markers: planned stop (what `hermes gateway stop` leaves for the gateway), demo fault, demo options.

export interface PlannedStopMarker {
  target_pid: number;
  target_start_time?: number;
  stopper_pid: number;
  written_at: string;
}

export async function writePlannedStopMarker(home: string, target: PidRecord): Promise<void> {
  const marker: PlannedStopMarker = {
    target_pid: target.pid,
    target_start_time: target.start_time,
    stopper_pid: process.pid,
    written_at: utcNowIso(),
  };
  await writeFileAtomic(homePaths(home).plannedStop, JSON.stringify(marker));
}

/** Read and remove the planned-stop marker; true when it is fresh and names this process. */
export async function consumePlannedStopMarker(
  home: string,
  self: PidRecord,
): Promise<{ present: boolean; matches: boolean }> {
  const file = homePaths(home).plannedStop;
  const raw = await readJson(file);
  if (raw === undefined) return { present: false, matches: false };
  await unlinkQuietly(file);
  if (!isObject(raw)) return { present: true, matches: false };
  const age = systemClock.now() - Date.parse(String(raw.written_at));
  const fresh = Number.isFinite(age) && age <= PLANNED_STOP_TTL_MS;
  const same =
    raw.target_pid === self.pid && (raw.target_start_time === undefined || raw.target_start_time === self.start_time);
  return { present: true, matches: fresh && same };
}

export interface FaultRequest {
  fault: DemoFault;
  at: string;
  /** A runtime fault that waits for the next start (it needed the demo to play another Hermes first). */
  afterStart?: boolean;
}

export async function writeFaultRequest(home: string, fault: DemoFault, afterStart = false): Promise<void> {
  const req: FaultRequest = {
    fault,
    at: new Date(systemClock.now()).toISOString(),
    ...(afterStart ? { afterStart } : {}),
  };
  await writeFileAtomic(homePaths(home).fault, JSON.stringify(req));
}

export async function readFaultRequest(home: string): Promise<FaultRequest | null> {
  const raw = await readJson(homePaths(home).fault);
  if (!isObject(raw) || !isDemoFault(raw.fault)) return null;
  return { fault: raw.fault, at: String(raw.at ?? ''), ...(raw.afterStart === true ? { afterStart: true } : {}) };
}

export interface DemoOptions {
  /** Period of the healthy QQ 4009 → resume cycle, ms. */
  qq_cycle_ms?: number;
  qq_app_id?: string;
  hermes?: DemoHermes;
}

export async function readDemoOptions(home: string): Promise<DemoOptions> {
  const raw = await readJson(homePaths(home).options);
  if (!isObject(raw)) return {};
  const out: DemoOptions = {};
  if (typeof raw.qq_cycle_ms === 'number' && raw.qq_cycle_ms > 0) out.qq_cycle_ms = raw.qq_cycle_ms;
  if (typeof raw.qq_app_id === 'string' && /^\d+$/.test(raw.qq_app_id)) out.qq_app_id = raw.qq_app_id;
  if (isDemoHermes(raw.hermes)) out.hermes = raw.hermes;
  return out;
}

export async function writeDemoOptions(home: string, opts: DemoOptions): Promise<void> {
  await writeFile(homePaths(home).options, JSON.stringify(opts) + '\n', 'utf8');
}
