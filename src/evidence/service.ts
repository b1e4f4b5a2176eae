// What supervises a gateway, as the supervisors' adapters (src/probes/supervisors/) read it: the service manager's
// state, a supervisor's own words (its stops, give-ups, deaths and risks), and a container's facts and its s6 slot.

/**
 * Every supervisor gatewatch knows, once: the config's `service.manager` takes these (and `auto`), each has its adapter
 * (src/probes/supervisors/index.ts) and its name in the words (`status.manager.<kind>`).
 */
export const MANAGER_KINDS = [
  'systemd',
  'launchd',
  'command',
  'docker',
  'podman',
  'kubernetes',
  'pm2',
  'supervisord',
  'runit',
  's6',
  'none',
] as const;

export type ManagerKind = (typeof MANAGER_KINDS)[number];

const kinds: string[] = [...MANAGER_KINDS];

/** Every kind the config takes: the list above, then each supervisor registered after it (registerSupervisors). */
export const managerKinds = (): readonly string[] => kinds;

/** A supervisor's kind beside the list's, as the supervisors' registry takes it in. */
export function addManagerKind(kind: string): void {
  if (!kinds.includes(kind)) kinds.push(kind);
}

const RUNTIMES = ['docker', 'podman'] as const satisfies readonly ManagerKind[];
const CONTAINERS = [...RUNTIMES, 'kubernetes'] as const satisfies readonly ManagerKind[];
/** A container runtime gatewatch asks itself (`docker`, `podman`): the image's s6 slots are reached through it. */
export type RuntimeKind = (typeof RUNTIMES)[number];
/** A kind whose gateway runs in a container: Docker's and Podman's image, a pod the kubelet runs (crictl). */
export type ContainerKind = (typeof CONTAINERS)[number];
export const RUNTIME_KINDS: ReadonlySet<string> = new Set<RuntimeKind>(RUNTIMES);
export const CONTAINER_KINDS: ReadonlySet<string> = new Set<ContainerKind>(CONTAINERS);

/**
 * What a supervisor said of the gateway beyond up or down, in its own words (src/probes/supervisors/): who stopped it,
 * that it gave up, how often it died lately, what its respawn does, and what will not bring it back.
 */
export interface SupervisorWords {
  /** It is down because the supervisor was told to stop it (`pm2 stop`, `supervisorctl stop`, `sv down`): the operator's. */
  stopped?: { at?: number; line: string };
  /** The supervisor stopped restarting it (pm2 `errored`, supervisord `FATAL`): nothing starts it now. */
  gaveUp?: { at?: number; line: string; lives?: number };
  /**
   * Its container's own health check ended it (Podman's `--health-on-failure=stop|kill`): the action, and when the
   * container ended. Neither the operator's stop nor a death of the gateway's own.
   */
  healthEnded?: { action: string; at?: number };
  /** Its deaths the supervisor counted or logged lately: a crash loop when several, the supervisor restarting it. */
  deaths?: {
    count: number;
    windowS: number;
    last?: string;
    firstAt?: number;
    lastAt?: number;
    /**
     * Every death the supervisor keeps, oldest first, on the wall clock, where it keeps them whoever asked (s6's tally):
     * which of them were the operator's is the log's to say (detectors/supervisor.ts loopDeaths).
     */
    each?: { at: number; how?: string }[];
  };
  /**
   * Its deaths could not be read this look (supervisord's main log or status, s6's svstat or tally, runit's status did
   * not answer: a busy host): no count is no loop's end (respawn_storm is unjudged).
   */
  deathsUnknown?: true;
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

export type SupervisorRisk =
  | 'no_linger'
  | 'no_autorestart'
  | 'pm2_unsaved'
  | 'pm2_no_startup'
  | 'terminal_reboot'
  | 'down_at_boot'
  | 'no_autostart'
  | 'podman_no_boot';

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
  /** Podman: the systemd unit that runs it (a Quadlet unit's, `podman generate systemd --new`'s), by its label. */
  systemdUnit?: string;
  /** Compose made it (its labels): the tool that did (`docker compose`, `podman-compose`) and its project's folder. */
  compose?: { tool: string; dir?: string };
  /**
   * Its own health check, where it has one (`HEALTHCHECK`, compose's `healthcheck:`, `--health-cmd`), as the runtime
   * judged it last: `starting`, `healthy` or `unhealthy`, the failures in a row, the last run's exit and output, and
   * the check's command.
   */
  health?: {
    status: string;
    streak: number;
    exitCode?: number;
    output?: string;
    test?: string;
    /** Podman's `--health-on-failure` (restart, kill, stop) where it is not `none`: what it does at a failure. */
    onFailure?: string;
    /** Epoch ms the last run of the check ended. */
    lastAt?: number;
  };
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
  /**
   * A service taken out of its scanner's folder (state `removed`): its own folder, where the host keeps it still
   * (runit's `/etc/sv/<name>`, which the link led to): what putting it back links again.
   */
  folder?: string;
  /** That folder holds a `down` file: linked back in, its supervisor leaves the gateway down until told up. */
  folderDown?: true;
  /** Where the supervisor is reached: pm2's home (PM2_HOME), supervisord's server URL. */
  via?: string;
  /** Its target says `restart: false`: gatewatch only watches it, whatever runs it. */
  watchOnly?: true;
  /**
   * podman: a rootless container of another user than gatewatch's (its conmon's uid): only that user's `podman` knows
   * it, so it is not asked (root's would answer "no such container") and gatewatch only watches it.
   */
  rootless?: { uid: number; user?: string };
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

/**
 * `through`: whose state the service line shows and what gatewatch acts through: the root gateway that serves this
 * profile, the image's s6 slot (`docker exec … hermes gateway …`), the container itself (no s6 inside, a permissions
 * loop the container's boot repairs, or a stopped container), a service manager, the commands in gatewatch's config,
 * the command it was started with by hand, or nothing.
 */
export type LeverThrough = 'root' | 'slot' | 'container' | 'service' | 'commands' | 'session' | 'nothing';

export interface Lever {
  /** restart: it restarts it (starts it when down); start: it can only start it; watch: it can neither. */
  can: 'restart' | 'start' | 'watch';
  through: LeverThrough;
  /**
   * watch: the container runtime did not answer (no access to its socket), the container is another user's rootless
   * one, nothing runs the gateway, or its target says `restart: false`.
   */
  why?: 'runtime' | 'rootless' | 'no_manager' | 'config' | 'removed';
}
