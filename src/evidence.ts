// What probes read from the world and detectors judge. Plain data: detectors never do I/O.
import type { Finding, Locale } from './types.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** One gateway.log record: `2026-06-22 08:00:03,116 INFO gateway.run: ✓ feishu connected`. */
export interface LogRecord {
  /** Epoch ms. Hermes writes local time without a zone; parsed in the local zone of this machine. */
  ts: number;
  level: LogLevel;
  logger: string;
  message: string;
  /** The raw first line, for evidence. */
  line: string;
  /** Continuation lines that followed (tracebacks). */
  extra?: string[];
}

export interface LogView {
  file: string;
  /** Records of the current run: from the last `Starting Hermes Gateway...` on, or everything readable if none. */
  run: LogRecord[];
  /** True when `run` begins with a `Starting Hermes Gateway...` record. */
  runStartSeen: boolean;
  /** The tail of the run before the current one (for "shutdown with no new start" and context). */
  previous: LogRecord[];
  /** Set when the log could not be read: `log file not found: …`, permissions, `… is not a regular file (a FIFO)`. */
  error?: string;
}

export interface PidRecord {
  pid: number;
  kind?: string;
  argv?: string[];
  start_time?: number;
}

export interface ProcessEvidence {
  pidFile: PidRecord | null;
  pidFileError?: string;
  /** The pid from gateway.pid is a live `gateway run` process whose start time matches. */
  alive: boolean;
  pid?: number;
  /** Epoch ms the process started, if known. */
  startedAt?: number;
  cmdline?: string;
  /** Why not alive: `no pid file`, `not running`, `pid reused`, `not a gateway`, `other home` (it serves another
   * Hermes home: another profile's gateway). */
  reason?: string;
  /** With `other home`: the Hermes home that process serves. */
  otherHome?: string;
}

export interface GatewayProcess {
  pid: number;
  cmdline: string;
  startedAt?: number;
}

export type ManagerKind = 'systemd' | 'launchd' | 'command' | 'none';

export interface ServiceEvidence {
  manager: ManagerKind;
  /** systemd unit or launchd label. */
  name?: string;
  /** Running according to the supervisor. undefined = unknown. */
  active?: boolean;
  /** Raw state, e.g. `active/running`, `activating/auto-restart`, `failed/failed`. */
  state?: string;
  /** The supervisor is already (re)starting it: never restart on top of that. */
  restarting?: boolean;
  mainPid?: number;
  nRestarts?: number;
  /** Exit status of the last main process (systemd ExecMainStatus, launchd `last exit code`); 75 = planned restart. */
  exitStatus?: number;
  error?: string;
}

export interface PlatformState {
  state: string;
  error_code?: string | null;
  error_message?: string | null;
  updated_at?: string;
}

/** `gateway_state.json` (compact JSON written atomically by Hermes). */
export interface GatewayStateFile {
  pid?: number;
  start_time?: number;
  gateway_state?: string;
  exit_reason?: string | null;
  restart_requested?: boolean;
  active_agents?: number;
  platforms: Record<string, PlatformState>;
  updated_at?: string;
}

/** A long tool call quoted from agent.log, e.g. `Tool terminal returned error (322.13s)`. */
export interface SlowToolCall {
  ts: number;
  tool: string;
  seconds: number;
  line: string;
}

/** Extra evidence only `doctor` gathers: deployment lint. */
export interface DoctorEvidence {
  launchdPlist?: { path: string; text: string };
  systemdUnit?: { path: string; text: string };
  /** Proxy variables seen on the Feishu path (gateway environment, Hermes .env, unit Environment=). */
  proxies: { source: string; name: string; value: string }[];
  /** hermes_home, when it is not a directory. */
  hermesHomeMissing?: string;
  /** Secrets must never be printed: values here are already redacted. */
}

export interface Evidence {
  target: string;
  now: number;
  /** Platforms the gateway should have connected: config `platforms`, else those in gateway_state.json. */
  expectedPlatforms: string[];
  process: ProcessEvidence;
  /** Every `gateway run` process of the same Hermes home (more than one = duplicates). */
  processes: GatewayProcess[];
  service: ServiceEvidence;
  state: GatewayStateFile | null;
  stateError?: string;
  log: LogView;
  slowTools: SlowToolCall[];
  /** agent.log exists but cannot be read (not a regular file, permissions). A missing agent.log is not an error. */
  slowToolsError?: string;
  doctor?: DoctorEvidence;
}

export interface DetectSettings {
  disconnectGraceMs: number;
  storm: { disconnects: number; withinMs: number };
  zombieAfterMs: number;
  locale: Locale;
}

/** A detector: a pure function from evidence to findings. */
export interface Detector {
  check: string;
  detect(ev: Evidence, s: DetectSettings): Finding[];
}
