// What probes read from the world and detectors judge. Plain data: detectors never do I/O.
import type { Finding, Locale, PlatformAnswer, ProcessIdentity } from './types.js';

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

/** A line worth keeping over hours (src/probes/log-hours.ts): it contains `text`, and `keep` (if any) takes its record. */
export interface LogNeedle {
  text: string;
  keep?: (r: LogRecord) => boolean;
  /** The newest this many are kept (default 128): a line every 5 min for two days needs more. */
  max?: number;
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
  /**
   * Per platform, the time of the last runner `inbound message: platform=<p>` among the current run's records the
   * caps dropped (a long busy run keeps only its head, its tail and the important lines): an inbound message that
   * left the view still counts for `platform_silent`.
   */
  inboundDropped?: Record<string, number>;
  /**
   * Chats the run's head left waiting (an inbound message with no reply in the head) whose reply the caps dropped:
   * `<platform>\n<chat>` → the reply's time. The head stays for the run; without this, such a chat would read as
   * waiting from then on.
   */
  answeredDropped?: Record<string, number>;
}

export interface PidRecord {
  pid: number;
  kind?: string;
  argv?: string[];
  start_time?: number;
  /** The home as the gateway saw it: `/opt/data[/profiles/<p>]` for a gateway in Hermes' Docker image. */
  hermes_home?: string;
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
   * Hermes home: another profile's gateway), `unknown` (the look itself failed: see `error`). */
  reason?: string;
  /** With `unknown`: why the look could not tell (its probe timed out or could not run). No sight of a death. */
  error?: string;
  /** With `other home`: the Hermes home that process serves. */
  otherHome?: string;
  /**
   * The gateway runs in another PID namespace (a container): the pid its gateway.pid records, as the container sees
   * it. `pid` is then the host's pid of the same process, found through NSpid and its start time; absent when no
   * process of the host is it (a dead gateway's container pid names no host process, and none is judged by it).
   */
  nsPid?: number;
  /** The container that process runs in, by its cgroup (Docker or Podman), when the cgroup names one. */
  container?: { runtime: 'docker' | 'podman'; id: string };
  /**
   * Not alive now: when gatewatch last saw this pid's gateway alive (its liveness poll, or a gather), epoch ms. The
   * death lies after it; absent when this gatewatch never saw it alive (a one-shot check, a pid it never watched).
   */
  lastSeenAlive?: number;
  /**
   * Not alive now, and seen alive before (`lastSeenAlive`): when gatewatch first saw this pid gone (the liveness look or
   * poll that found it missing, or a gather), epoch ms. The death lies between the two sights, at most a poll apart.
   */
  goneSeenAt?: number;
}

/**
 * The gateway's pid as its own files name it (gateway_state.json's pid and writer_pid, the lifecycle sentinel, the
 * heartbeat): its pid in its container where it runs in one, else the host's.
 */
export const filesPid = (p: Pick<ProcessEvidence, 'pid' | 'nsPid'>): number | undefined => p.nsPid ?? p.pid;

export interface GatewayProcess {
  pid: number;
  cmdline: string;
  startedAt?: number;
}

export type ManagerKind =
  | 'systemd'
  | 'launchd'
  | 'command'
  | 'docker'
  | 'podman'
  | 'pm2'
  | 'supervisord'
  | 'runit'
  | 's6'
  | 'none';

/**
 * What a supervisor said of the gateway beyond up or down, in its own words (src/probes/supervisors/): who stopped it,
 * that it gave up, how often it died lately, what its respawn does, and what will not bring it back.
 */
export interface SupervisorWords {
  /** It is down because the supervisor was told to stop it (`pm2 stop`, `supervisorctl stop`, `sv down`): the operator's. */
  stopped?: { at?: number; line: string };
  /** The supervisor stopped restarting it (pm2 `errored`, supervisord `FATAL`): nothing starts it now. */
  gaveUp?: { at?: number; line: string; lives?: number };
  /** Its deaths the supervisor counted or logged lately: a crash loop when several, the supervisor restarting it. */
  deaths?: { count: number; windowS: number; last?: string; firstAt?: number; lastAt?: number };
  /** How long the life the supervisor runs now has run, seconds (runit's, s6's, supervisord's uptime; pm2's online). */
  upFor?: number;
  /** The last error line of the gateway's own output, where the supervisor keeps it (the cause it died of). */
  cause?: { line: string; source: string };
  /** Where the supervisor keeps the gateway's output (an error log, the supervisor's command that shows it). */
  output?: string;
  /**
   * Whether it starts the gateway again after a death (`setting`: the setting that says it will not, in the
   * supervisor's words: `autorestart=false`, `Restart=no`), and its give-up limit as it names it.
   */
  respawn?: { restarts: boolean; setting?: string; limit?: string };
  /** systemd --user: the user whose manager runs it, and that manager is not running (its user logged out). */
  user?: { name: string; lingers: boolean; managerDown?: boolean };
  /** What will not bring the gateway back when it fails, said once before it does (src/detectors/supervisor-risk.ts). */
  risks?: SupervisorRisk[];
}

export type SupervisorRisk = 'no_linger' | 'no_autorestart' | 'pm2_unsaved' | 'pm2_no_startup' | 'terminal_reboot';

/** A container as its runtime's `inspect` describes it (hermes-deployments.md §1). */
export interface ContainerFacts {
  id: string;
  name: string;
  /** The runtime's word: running, exited, restarting, paused, created. */
  status: string;
  running: boolean;
  /** Host pid of its PID 1. */
  pid?: number;
  exitCode?: number;
  /** The kernel's OOM killer ended its main program (the container exited 137). */
  oomKilled?: boolean;
  /** Epoch ms of this life's start. */
  startedAt?: number;
  /** Epoch ms of the last life's end (its `die`), once it has ended. */
  finishedAt?: number;
  restartCount?: number;
  /**
   * Its restart policy as the runtime names it (`no`, `on-failure`, `unless-stopped`, `always`) and, for on-failure,
   * the restarts after which it gives up (0: none).
   */
  restartPolicy?: { name: string; max: number };
  /**
   * Its program is the gateway itself, not s6's /init (`gateway run --no-supervise`, HERMES_GATEWAY_NO_SUPERVISE=1,
   * a runtime that owns PID 1), as its configuration says: known while it is down too.
   */
  program?: boolean;
  /** Its memory limit, bytes; absent when it has none. */
  memoryLimit?: number;
  /** Processes the OOM killer ended in its memory cgroup (the gateway among them while the container stayed up). */
  oomKills?: number;
  /** The host directory it mounts at /opt/data. */
  homeSource?: string;
}

/** How a gateway nothing supervises was started, read while it lived (src/probes/unmanaged.ts). */
export interface UnmanagedOrigin {
  /** Under tmux or screen; from a terminal (it ends with that terminal); with nohup; or detached from any terminal. */
  via: 'tmux' | 'screen' | 'terminal' | 'nohup' | 'background';
  /** Its command line, to start it again the same way. */
  argv: string[];
  cwd?: string;
  /** HERMES_HOME in its environment, if it had one. */
  hermesHome?: string;
  pid: number;
  startTicks: number;
  /** The process is the one running now (false: the one last seen, gone since). */
  alive?: boolean;
}

/** `s6-svstat`'s answer for a gateway's slot, read and named. */
export interface SlotStatus {
  up: boolean;
  pid?: number;
  exitCode?: number;
  signal?: string;
  seconds: number;
  normallyUp: boolean;
  wantUp: boolean;
  /** As s6-svstat printed it. */
  line: string;
  /**
   * up; stopping; restarting (s6 starts it again about a second after an exit); crash loop (s6's death tally counts
   * several deaths in the last two minutes); parked
   * (its finish script turned exit 0 or 78 into "never again"); stopped (`gateway stop`, `s6-svc -d`); registered
   * down (the boot reconciler's `down` file: the state before the container's restart was not running).
   */
  state?: 'up' | 'stopping' | 'restarting' | 'crash loop' | 'parked' | 'stopped' | 'registered down';
}

export interface ServiceEvidence extends SupervisorWords {
  manager: ManagerKind;
  /** systemd unit, launchd label, pm2 app, supervisord program or runit service folder. */
  name?: string;
  /** Where the supervisor is reached: pm2's home (PM2_HOME), supervisord's server URL. */
  via?: string;
  /** systemd: a user unit (`--user`, the default) or a system one. */
  scope?: 'user' | 'system';
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
  /**
   * `service.detach`: the start command is the gateway itself (`hermes gateway run`, started by hand): nothing
   * supervises it, gatewatch only starts it as its user would.
   */
  detached?: boolean;
  /** none: how the gateway was started, as gatewatch saw it while it lived. */
  origin?: UnmanagedOrigin;
  /** docker or podman: false when the container has no s6 (the gateway is its program: `--no-supervise`). */
  supervised?: boolean;
  /** docker or podman: the container, as its runtime inspects it. */
  container?: ContainerFacts;
  /** docker or podman: the gateway's s6 slot inside it; `missing` when the container has no slot of that name. */
  slot?: {
    name: string;
    profile: string;
    status?: SlotStatus;
    missing?: boolean;
    /** s6's tally of the gateway's recent deaths (`s6-svdt`), read while the slot is up for moments or restarting. */
    deaths?: { count: number; windowS: number; last: string };
    /** In a crash loop: the last refused write under /opt/data in the container's output (a permissions loop). */
    denied?: string;
    /** A slot registered down: the boot reconciler's line on it (container-boot.log). */
    boot?: { at?: number; priorState: string; action: string; line: string };
  };
  error?: string;
}

export interface PlatformState {
  state: string;
  error_code?: string | null;
  error_message?: string | null;
  updated_at?: string;
  // v0.19+ (hermes-gateway-current.md §3): set on every write / once escalated.
  /** Pid and start time of the process that wrote this entry: an entry of a dead writer is preserved, not live. */
  writer_pid?: number;
  writer_start_time?: number;
  /** Reconnect loop past the attention threshold (default 2 h); cleared on reconnect. */
  needs_attention?: boolean;
  /** ISO start of the current retry episode. */
  retrying_since?: string | null;
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
  // v0.19+ (hermes-gateway-current.md §3); all optional: v0.17/0.18 files have none of them.
  kind?: string;
  argv?: string[];
  hermes_home?: string;
  /**
   * What the operator last asked (`hermes gateway start` → running, `stop` → stopped): Hermes' Docker image persists it
   * and its boot reconciler follows it (hermes-deployments.md §1.2, §1.3).
   */
  desired_state?: 'running' | 'stopped';
  /** `session_store.status`: ok | unavailable | retrying | unknown. */
  session_store?: string;
  code_sha?: string | null;
  code_version?: string | null;
  /** Multiplexing root: `[<launch profile>, ...others]`; `[]` = single-profile gateway. */
  served_profiles?: string[];
  /** In-flight units while draining; null/absent when none. */
  active_work?: unknown[] | null;
  multiplex_standalone_reason?: string | null;
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
  /** The Hermes home as the config names it (a path of this host): quoted lines say it `~` (issue 77). */
  home?: string;
  /** Platforms the gateway should have connected: config `platforms`, else those in gateway_state.json. */
  expectedPlatforms: string[];
  process: ProcessEvidence;
  /** Every `gateway run` process of the same Hermes home (more than one = duplicates). */
  processes: GatewayProcess[];
  /** The process table could not be listed (ps timed out, /proc unreadable): `processes` is empty for want of a look. */
  processesError?: string;
  service: ServiceEvidence;
  state: GatewayStateFile | null;
  stateError?: string;
  log: LogView;
  slowTools: SlowToolCall[];
  /** agent.log exists but cannot be read (not a regular file, permissions). A missing agent.log is not an error. */
  slowToolsError?: string;
  doctor?: DoctorEvidence;
  /** What only a current Hermes (v0.19+) offers; absent when not gathered. */
  hermes?: HermesEvidence;
  /** How fast gateway.log grew while the live tailer followed it; absent before the tailer has watched a while. */
  logGrowth?: LogGrowth;
  /** How fast each file under `<home>/logs` grew, by its size (gateway.log's own is logGrowth). */
  logFiles?: LogFileGrowth[];
  /** The live gateway's VmRSS over the time gatewatch has watched it (§9.20); absent before the first sample. */
  memory?: MemoryTrend;
  /** The free space of the disk under the Hermes home over the time gatewatch has watched it (§10.2, §10.4). */
  disk?: DiskTrend;
  /**
   * Platforms gatewatch's own probe reached from this host as last probed (src/probes/reachability.ts, only down
   * platforms are probed): a Hermes error saying they cannot be reached is older than that.
   */
  reachable?: string[];
  /**
   * Of those, when gatewatch first reached each in the current run of probes that reached it (epoch ms): Hermes'
   * attempts that began after it met servers that answered.
   */
  reachableSince?: Record<string, number>;
  /**
   * "Us or them" (§10.5): what gatewatch's own probes found of each platform a finding is about, as last probed (only
   * while it fails, cached briefly; src/core/scope-probes.ts). The verdict is src/detectors/scope.ts's.
   */
  scope?: Record<string, ScopeProbes>;
}

/** One connect from this host (DNS, TCP, TLS): whether it got through, to where, and where it failed. */
export interface ConnectProbe {
  reachable: boolean;
  /** `host:port`. */
  endpoint: string;
  failedAt?: 'dns' | 'tcp' | 'tls';
  error?: string;
}

/** Each probe's result for one platform; a probe that is off or has nothing to ask is absent. */
export interface ScopeProbes {
  /** The platform's API from this host (detect.reachability). */
  reach?: ConnectProbe;
  /** gatewatch's own bot on the platform (its chat channel's authenticated call). */
  ownBot?: PlatformAnswer & { channel: string };
  /** A host that has nothing to do with the platform (detect.egress): this host's network. */
  egress?: ConnectProbe;
  /** The fleet's view from Prometheus (fleet.prometheus), this instance left out. */
  fleet?: FleetView;
}

/**
 * The other gatewatch instances reporting the platform (`gatewatch_platform_up`): how many report it, how many of
 * them see it down, and how many must report for their majority to count (fleet.min_others). `error`: Prometheus could
 * not be asked or its answer read.
 */
export type FleetView = { reporting: number; down: number; quorum: number } | { error: string };

/** VmRSS samples of one gateway process (its pid), oldest first, and the ceiling it grows towards. */
export interface MemoryTrend {
  pid: number;
  samples: { at: number; rssKib: number }[];
  /**
   * The RSS it can reach: its cgroup's limit, or its RSS plus what the host still has. `totalKib`: the memory Hermes
   * judges its tiers against (the cgroup's limit, the host's MemTotal), when known.
   */
  ceiling?: { kib: number; source: 'cgroup' | 'host'; totalKib?: number };
}

/** Free space of the disk that holds a Hermes home, oldest first (src/watch/disk-trend.ts). */
export interface DiskTrend {
  /** The directory asked about: the Hermes home. */
  path: string;
  totalBytes: number;
  /** Kept for root: neither free to Hermes nor counted in its `used_percent`. */
  reservedBytes: number;
  samples: { at: number; freeBytes: number }[];
  /**
   * The home's growth sources (`state-snapshots/`, `cron/output/`, `logs/`), measured now and then while the free space
   * falls: their size at the last measurement, and how much each grew since the one before (over `overMs`).
   */
  dirs?: { name: string; bytes: number; files?: number; partial?: boolean; grewBytes?: number; overMs?: number }[];
  /**
   * Each place Hermes writes under the home (issue 60), on the filesystem that holds it, as the last sample found it:
   * a filesystem can refuse every write with bytes to spare (mounted read-only, or no inode left).
   */
  places?: WritePlace[];
}

/** A place Hermes writes (src/probes/disk.ts WRITE_PLACES) and the filesystem under it. */
export interface WritePlace {
  /** As named under the home: `.` for the home itself, `state.db`, `sessions/`, `logs/`, `state/`, `cron/`. */
  name: string;
  /** Where that filesystem is mounted, its type and source (mountinfo); absent where no mount table can be read. */
  mount?: string;
  fsType?: string;
  source?: string;
  /** Mounted read-only (its mount's or its filesystem's flags); absent when not known. */
  readOnly?: boolean;
  /** Its inode table (statfs f_files, f_ffree); absent for a filesystem without a fixed one (btrfs reports none). */
  inodes?: { total: number; free: number };
  /** Bytes free to Hermes there (f_bavail). */
  freeBytes?: number;
  /** Since when the samples have found it read-only, and its inode table out (epoch ms). */
  readOnlySince?: number;
  inodesOutSince?: number;
}

/** Growth of a file under `<home>/logs` over the last window, from its size sampled once a minute (log_flood). */
export interface LogFileGrowth {
  file: string;
  /** Its size at the last sample. */
  size?: number;
  bytes: number;
  spanMs: number;
  /** The last sample's growth, per minute. */
  lastMinuteBytes: number;
  /**
   * A big file written lately, as one look sees it: its size, its last write and the time on its first line (its
   * whole life's rate, for a look with no earlier sample).
   */
  life?: {
    bytes: number;
    mtimeMs: number;
    firstAt: number;
    /** `birth`: its lines carry no time (an MCP server's stderr), so its start is the file's own birth (issue 60). */
    from?: 'birth';
  };
  /**
   * A big file written lately, its pace as its own stamps tell it to one look (issue 54): `bytes` written over `overMs`
   * before its last line, read from the stamps of two lines that far apart.
   */
  pace?: {
    bytes: number;
    overMs: number;
    mtimeMs: number;
    /**
     * The pace reached back into its rotated copies (`agent.log.1`, …): it rotates within minutes at this pace, so it
     * stays at about `bytes` in `files` files (each about `each` bytes) and does not fill the disk itself (issue 60).
     */
    rotated?: { files: number; bytes: number; each: number };
    /** `rotations`: read from its rotated copies' times, not from stamps (a log without them, or rotated small). */
    by?: 'rotations';
  };
  /** Bytes a line at its end: its pace said in lines. */
  lineBytes?: number;
  /** The processes writing it, when it floods and /proc tells them (issue 60). */
  writers?: { pid: number; cmdline: string }[];
}

/** Growth of a log over the last window, from the bytes the tailer read (log_flood). */
export interface LogGrowth {
  file: string;
  /** Bytes written within the window. */
  bytes: number;
  lines: number;
  /** How long the window really is: shorter while gatewatch has not followed the log for a full window. */
  spanMs: number;
  /** Bytes written within the last minute (is it still going on?). */
  lastMinuteBytes: number;
  /** The line that repeats most, normalised (numbers and ids masked) and redacted, among `sampled` lines read. */
  top?: { line: string; sample: string; count: number; sampled: number };
}

// ---------- current Hermes (v0.19 – v0.22): hermes-gateway-current.md ----------

/** The Hermes version judged from what the home shows, never from gatewatch's config. */
export interface HermesVersion {
  /** `code_version` as Hermes wrote it (`0.21.3`), if any source gave one. */
  version?: string;
  sha?: string;
  /** The release date the checkout or `hermes --version` gave beside it (it can lag the version, §10). */
  date?: string;
  /** Where the version came from: the control socket, the state file, the checkout, `hermes --version`. */
  source: 'identify' | 'state_file' | 'checkout' | 'cli' | 'files' | 'none';
  /** `legacy` = v0.17/0.18 shapes only; `current` = v0.19+ fields or files; `unknown` = nothing to judge from. */
  generation: 'legacy' | 'current' | 'unknown';
  /** `updated_at` is re-stamped every 60 s by housekeeping (v0.22): a stale stamp with a live pid is a wedged loop. */
  restampsUpdatedAt: boolean;
}

/**
 * The version as /status names it, in no locale's words: the one Hermes wrote, else `v0.17/0.18` for a home of those
 * shapes (they wrote none); undefined when nothing tells (a current Hermes that did not say which).
 */
export function hermesVersionName(v: HermesVersion | undefined): string | undefined {
  if (v?.version) return v.version;
  return v?.generation === 'legacy' ? 'v0.17/0.18' : undefined;
}

/** `identify` answer of the control socket (§4); every field optional, unknown ones ignored. */
export interface IdentifyInfo {
  pid?: number;
  start_time?: number;
  hermes_home?: string;
  profile?: string | null;
  supervisor?: string;
  code_sha?: string | null;
  code_version?: string | null;
  served_profiles?: string[];
  state?: string;
}

export interface ControlSocketEvidence {
  /**
   * answered: a well-formed reply (the event loop runs) · silent: connected but no reply in time (wedged loop) ·
   * refused: the file exists but nobody listens (stale: the process is gone) · absent: no socket (older Hermes) ·
   * error: anything else (permissions, a malformed reply).
   */
  outcome: 'answered' | 'silent' | 'refused' | 'absent' | 'error';
  path?: string;
  identify?: IdentifyInfo;
  /** `status` answer: gateway_state.json as the live process sees it. */
  status?: GatewayStateFile;
  error?: string;
  /** How long we waited for the reply, ms. */
  waitedMs?: number;
}

export interface UpdateEvidence {
  /** `.hermes-update-in-progress`: `hermes update` holds the home. */
  marker?: {
    pid: number;
    /** Epoch ms the update started. */
    startedAt: number;
    ownerAlive: boolean;
    /** Owner alive and younger than the maximum age: a planned stop. */
    live: boolean;
  };
  markerError?: string;
  /** `.update-incomplete` / `.lazy-refresh-incomplete`: an update stopped half-way. */
  incomplete?: string[];
  /** `fleet_restart_pending`: a restart onto `expectedSha` is owed. */
  fleetRestartPending?: { expectedSha?: string };
}

/** Another process polling the same Telegram bot token. Strings are masked: the token never appears. */
export interface TelegramPoller {
  pid: number;
  cmdline: string;
  /** Why it counts: `the gateway of Hermes home …`, `TELEGRAM_BOT_TOKEN in its environment`, … */
  what: string;
  via: 'hermes_home' | 'environ' | 'cmdline';
  home?: string;
  profile?: string;
  /** Who it is, for a remedy that stops it (src/probes/proc-identity.ts). */
  identity?: ProcessIdentity;
}

export interface TelegramPollerEvidence {
  /** The scan ran (Linux, a token to compare). */
  checked: boolean;
  /** Why not checked, or why partial. */
  reason?: string;
  scanned?: number;
  others: TelegramPoller[];
}

/** A `node …/whatsapp-bridge/bridge.js` process (§8.8). Strings are redacted. */
export interface BridgeProcess {
  pid: number;
  ppid?: number;
  /** Epoch ms it started, when known. */
  startedAt?: number;
  cmdline: string;
  /** `--port <P>` of its command line. */
  port?: number;
  /** `--session <dir>` of its command line. */
  session?: string;
  /** Its session is this process home's `platforms/whatsapp/session`: it serves this home's WhatsApp account. */
  ownSession: boolean;
  /** A descendant of the live gateway (the bridge it spawned), not one left over from an earlier life. */
  childOfGateway: boolean;
  /** Who it is, for a remedy that stops it (src/probes/proc-identity.ts). */
  identity?: ProcessIdentity;
}

export interface BridgeProcessEvidence {
  /** The scan ran (Linux, /proc readable). */
  checked: boolean;
  reason?: string;
  bridges: BridgeProcess[];
}

/** Which process serves this target (§2.7). */
export interface ServingEvidence {
  /** root: the root home (may multiplex) · standalone: a profile with its own live gateway · served: the root serves it · unserved: neither. */
  role: 'root' | 'standalone' | 'served' | 'unserved';
  /** Profile name (`default` for the root). */
  profile: string;
  rootHome?: string;
  /** For a served profile: the root's process and state file, which are the profile's. */
  root?: { process: ProcessEvidence; state: GatewayStateFile | null };
  /** The profile's own gateway_state.json is left over from before the migration: not evidence. */
  ownStateStale?: boolean;
}

// ---------- deaths and silent deafness (v0.21+): hermes-gateway-current.md §8 ----------

/** `state/gateway.lifecycle.json`. `phase` running = claimed at boot (a gone pid = an unclean death); exited = left by a known path. */
export interface LifecycleSentinel {
  phase: string;
  pid?: number;
  /** Epoch ms of the claim (`started_at`, else `start_time`). */
  startedAt?: number;
  startedAtText?: string;
  /** psutil process birth, epoch seconds: tells a reused pid from the owner. */
  createTime?: number;
  exitCode?: number;
  /** `graceful_shutdown`, `loop_liveness_watchdog`, `shutdown_watchdog`, `startup_liveness_watchdog`. */
  exitReason?: string;
  exitedAt?: number;
  /** This life follows an unclean death (the restart already happened). */
  priorUncleanExit: boolean;
  /** … and its last heartbeat showed critical memory. */
  priorSuspectedOom: boolean;
}

/** Memory figures in KiB as Hermes samples them (Linux only). */
export interface MemorySample {
  rssKib?: number;
  totalKib?: number;
  availableKib?: number;
  swapUsedKib?: number;
}

/** `state/gateway.heartbeat`: may be a previous life's (#94758): judge it only when `pid` is the live gateway's. */
export interface Heartbeat {
  pid?: number;
  updatedAt?: number;
  startTime?: number;
  mem?: MemorySample;
}

/** The newest `gateway.previous_unclean_exit` record of `logs/gateway-exit-diag.log`. */
export interface UncleanExitRecord {
  ts: number;
  /** The new life that reported it. */
  pid?: number;
  priorPid?: number;
  priorStartedAt?: string;
  lastHeartbeatAt?: string;
  lastMem?: MemorySample;
  suspectedOom: boolean;
  /** `ok`, `absent`, or the complaint of the integrity check. */
  stateDbIntegrity?: string;
}

/** `.gateway-planned-stop.json`: a stop by `hermes gateway stop` is in progress (the target consumes it). */
export interface PlannedStopMarker {
  targetPid?: number;
  stopperPid?: number;
  writtenAt?: number;
}

/** The last run of `hermes update` in `logs/update.log`. */
export interface UpdateRun {
  startedAt?: number;
  completed: boolean;
  /** Gateways the updater stopped because it could not arm their restart. */
  stoppedPids: number[];
  stoppedManual: number;
  /** The log's mtime: when the run last wrote. */
  endedAt: number;
  /** The lines that say what it did to gateways, for evidence. */
  lines: string[];
  /** Its snapshot left state.db out, too big (§10.2, #75411): sizes as the updater printed them, and its line. */
  stateDbSkipped?: { size: string; limit: string; line: string };
}

export interface LifecycleEvidence {
  sentinel?: LifecycleSentinel;
  heartbeat?: Heartbeat;
  plannedStop?: PlannedStopMarker;
  lastUncleanExit?: UncleanExitRecord;
  lastUpdate?: UpdateRun;
  /** Files that exist but could not be read or parsed. */
  errors?: string[];
}

/**
 * Starts that each refused at once, `✗ A gateway is already running under <manager> for this profile.` (§9.16, #82538),
 * printed after gateway.log's last record (launchd writes stdout there untimestamped).
 */
export interface RefusedStarts {
  count: number;
  /** As the line names it: `systemd (user)`, `launchd`. */
  manager: string;
  /** The last such line, for evidence. */
  line: string;
  /** The log's mtime: the latest refusal. */
  lastAt: number;
}

export interface HermesEvidence {
  version: HermesVersion;
  control?: ControlSocketEvidence;
  update?: UpdateEvidence;
  serving?: ServingEvidence;
  /** `gateway-starts.log`: epoch ms of each `gateway run` start, oldest first (ring-buffered by Hermes, ≤ 40 lines). */
  starts?: number[];
  /** Read only while no gateway of the home is alive. */
  refusedStarts?: RefusedStarts;
  /**
   * Records that never reach gateway.log, from agent.log and every other log beside it (src/probes/side-logs.ts):
   * slack_bolt, the respawn breaker, the agent loop's HTTP 400s, the Lark SDK's receive loop, any library's line about
   * its platform's connection, a full disk said in launchd's stderr file; with their traceback lines. A record that is no
   * Python log record (a stamped or unstamped stderr line) has its file's name as its logger.
   */
  agentOnly?: LogRecord[];
  /** Other pollers of this home's Telegram bot token on this host; scanned only when a polling conflict is suspected. */
  telegramPollers?: TelegramPollerEvidence;
  /** Tail of platforms/whatsapp/bridge.log (untimestamped lines), when the home has one. */
  whatsappBridge?: {
    file: string;
    tail: string[];
    mtimeMs: number /** From the newest login QR header on (bounded). */;
    qr?: string[];
  };
  /** WhatsApp bridge processes on this host; scanned only when the newest bridge could not bind its port (§8.8). */
  whatsappBridges?: BridgeProcessEvidence;
  /** §8: the sentinel, heartbeat, exit diagnostics, planned stop and update log of the process home. */
  lifecycle?: LifecycleEvidence;
  /** §9.21: the cron ticker's heartbeat files of this home; absent when it has none. */
  cron?: CronEvidence;
  /** §9.23: Hermes' own `/health/detailed`, where its API server serves this home on this host. */
  health?: HermesHealth;
  /**
   * agent.log's lines the slow rules read (§9.4, §9.9: src/probes/log-hours.ts), oldest first, over the last hours and
   * across the gateway's restarts: its run boundaries, Lark's receive-loop exits, Weixin's refused sends and messages.
   */
  hours?: LogRecord[];
  /** §9.15: the recent lives in gateway.log, oldest first (the current one last); read only after a boot that marked in-flight sessions resumable. */
  lives?: LifeSummary[];
  /** §9.15: the session index's entries for the chats those lives left unanswered; absent when the home keeps none. */
  sessions?: ResumableSession[];
  /**
   * A listener of Hermes that cannot bind its port (#98126: the dashboard's, `[Errno 48] … address already in use`
   * ×1,509): its latest such lines from the logs beside gateway.log, and who holds the port on this host (issue 54).
   */
  portInUse?: PortInUse;
  /**
   * Keys the home's `.env` assigns an empty value, by name only (never a value): a blank setting can switch a platform
   * on with nothing to reach (§10.1, #40715). Absent when it has none or no .env.
   */
  blankEnv?: string[];
  /** The .env those were read from. */
  envFile?: string;
  /** The home's session files and folders its gateway's user cannot use (src/probes/session-files.ts). */
  sessionFiles?: SessionFiles;
}

/** A file or folder where a platform's session lives that the gateway's user cannot read and write (issue 77). */
export interface UnusableFile {
  path: string;
  /** Its place under the home: `sessions`, `platforms/whatsapp`. */
  place: string;
  uid: number;
  gid: number;
  /** Its owner's name on this host, when it has one. */
  owner?: string;
  /** Its permission bits. */
  mode: number;
  dir: boolean;
  /** The platform whose session it holds, when known. */
  platform?: string;
}

/** Who the gateway runs as (its filesystem ids; the home's owner when none runs) and what of its sessions it cannot use. */
export interface SessionFiles {
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  unusable: UnusableFile[];
  /** How many more there were than those listed. */
  more?: number;
}

/** A port a Hermes listener failed to bind, the failures' lines (within the hour), and who holds it. */
export interface PortInUse {
  host: string;
  port: number;
  lines: LogRecord[];
  /** The process listening on it here (Linux), when it could be told. */
  owner?: { pid?: number; cmdline?: string };
}

/** A chat of the runner's traffic lines. */
export interface ChatRef {
  platform: string;
  chat: string;
}

/** One life of the gateway as gateway.log tells it. */
export interface LifeSummary {
  startedAt: number;
  /** Its last runner line. */
  lastAt: number;
  /** Its boot said the life before it died with turns in flight (`Marked N in-flight session(s) as resumable …`). */
  markedResumable: boolean;
  /** Messages that start or continue an agent turn. */
  turns: number;
  /** Chats whose messages had no reply when it ended (or by now, for the current life). */
  open: ChatRef[];
  /** Chats it answered. */
  answered: ChatRef[];
}

/** A session of the index (`sessions/sessions.json`): what `hermes sessions delete <id>` takes. */
export interface ResumableSession extends ChatRef {
  key: string;
  id: string;
  resumePending: boolean;
  suspended: boolean;
}

/** `GET /health/detailed` (§9.23): `status` ok only when every readiness check is; or why it could not be read. */
export interface HermesHealth {
  status?: string;
  /** Readiness checks by name (state_db, config, model, disk, gateway, background_queues): `ok` or what else. */
  checks?: Record<string, string>;
  gatewayState?: string;
  error?: string;
}

/** `cron/ticker_heartbeat` and `cron/ticker_last_success` (epoch ms). */
export interface CronEvidence {
  heartbeatAt?: number;
  lastSuccessAt?: number;
}

export interface DetectSettings {
  disconnectGraceMs: number;
  storm: { disconnects: number; withinMs: number };
  zombieAfterMs: number;
  /** A gateway the operator stopped is reported once, when still stopped this long after the stop. */
  operatorStopReminderMs?: number;
  /** `detect.expect_inbound`: per platform, the longest a live gateway may carry no inbound message on it. */
  expectInboundMs?: Record<string, number>;
  locale: Locale;
}

/** A detector: a pure function from evidence to findings. */
export interface Detector {
  check: string;
  detect(ev: Evidence, s: DetectSettings): Finding[];
}

/** One evaluation of a target: what was gathered and what the detectors found in it. */
export interface EvalResult {
  target: string;
  evidence: Evidence;
  findings: Finding[];
  /**
   * The gateway is down because its operator stopped it, at this time (epoch ms): maintenance, told by /status and
   * `gatewatch check` rather than alerted (until the reminder, a finding of its own).
   */
  operatorStoppedAt?: number;
  /** Per platform down now: when its outage began (the log's first drop, kept across gatewatch restarts). */
  outageStarts?: Record<string, number>;
}
