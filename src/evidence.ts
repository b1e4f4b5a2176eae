// What probes read from the world and detectors judge. Plain data: detectors never do I/O.
import type { ContainerKind, ServiceEvidence } from './evidence/service.js';
export type * from './evidence/service.js';
import type { DiskTrend, LogFileGrowth, LogGrowth, MemoryTrend } from './evidence/trends.js';
export type * from './evidence/trends.js';
import type { LifecycleEvidence, RefusedStarts } from './evidence/lifecycle.js';
export type * from './evidence/lifecycle.js';
import type { FindingMeaning } from './evidence/meaning.js';
export type * from './evidence/meaning.js';
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
  /** The container that process runs in, by its cgroup (Docker, Podman, a Kubernetes pod), when the cgroup names one. */
  container?: {
    runtime: ContainerKind;
    id: string;
    pod?: string;
    /** podman: the systemd unit that runs it (Quadlet): that unit is its supervisor. */
    unit?: { name: string; scope: 'user' | 'system' };
  };
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
  /**
   * The gateway whose sights `lastSeenAlive` and `goneSeenAt` are: the record's pid, or the one gatewatch watched when
   * the record names another process by now (a supervisor's next life, not a gateway yet).
   */
  seenPid?: number;
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
  /** The Hermes home as the config names it (a path of this host): quoted lines say it as this host's path (issue 80). */
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
  /** What a finding of this check means beyond its words, declared with it (src/evidence/meaning.ts). */
  meaning?: FindingMeaning;
  /**
   * What it reads was not read in this look (its manager did not answer): its findings are unknown, not gone, and an
   * incident it opened stays as it was.
   */
  unjudged?: (ev: Evidence) => boolean;
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
