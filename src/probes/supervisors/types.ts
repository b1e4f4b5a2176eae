// One port for whatever supervises a Hermes gateway: systemd, launchd, the image's s6 slots, a container runtime's
// restart policy, pm2, supervisord, runit, configured commands, or nothing. Each adapter answers the same questions in
// its own file (src/probes/supervisors/<kind>.ts) and one list names them all (./index.ts): is this live gateway its
// own, which of its programs runs a home whose gateway is down, what it says of it in its own words, and the commands
// of its lever. The detectors read what it found from ServiceEvidence; the actions run the steps it plans; the alerts
// word its lever from its words (src/detectors/service-words.ts).
import type { PluginWords } from '../../i18n.js';
import type { Lever, ManagerKind, PidRecord, ServiceEvidence, UnmanagedOrigin } from '../../evidence.js';
import type { TargetConfig } from '../../config/schema.js';
import type { FindingParam } from '../../types.js';
import type { Host } from '../host.js';

/** A live process as the adapters read it: its own argv and environment, its ancestors, its cgroup. Linux only. */
export interface ProcTraits {
  pid: number;
  startTicks: number;
  argv: string[];
  /** The variables of its environment the adapters read (see TRAIT_ENV in ../proc-traits.ts). */
  env: Record<string, string>;
  /** Its parent first, up to the first process of pid 1 or the chain's bound. */
  ancestors: Ancestor[];
  /** Its cgroup (v2 path, else the systemd hierarchy's). */
  cgroup?: string;
  /** gatewatch's own cgroup: a process in the same unit as gatewatch is not one that unit runs for Hermes. */
  ownCgroup?: string;
  /** How it was started, when nothing supervises it (tmux, screen, a terminal, nohup, the background). */
  origin?: UnmanagedOrigin;
}

export interface Ancestor {
  pid: number;
  comm: string;
  /** Its command line, NULs as spaces, bounded. */
  cmdline: string;
  /** Its working directory, when readable (runsv and s6-supervise run in the service's folder). */
  cwd?: string;
}

/**
 * Which of a supervisor's programs runs this gateway: its name in the supervisor's own terms (a systemd unit, a launchd
 * label, a pm2 app, a supervisord program, a runit service folder, a container) and how to reach that supervisor.
 */
export interface Claim {
  manager: ManagerKind;
  /** The unit, label, app, program or service folder. */
  name?: string;
  /** systemd only. */
  scope?: 'user' | 'system';
  /** Where the supervisor is reached: pm2's home, supervisord's server URL. */
  via?: string;
  /** The unit file or plist found. */
  path?: string;
  /**
   * What it was read from: the live process, the host's files (a program that runs this home), config, what this
   * gatewatch saw before, or the parent Hermes named at its last stop (its `Shutdown context:`).
   */
  from: 'process' | 'traces' | 'config' | 'memory' | 'shutdown';
}

/**
 * The gateway ran under the claimed service: Hermes named it in its last words, or this gatewatch saw the live gateway
 * under it (now or at an earlier look). Such a service gone from its supervisor's files was taken out, the operator's
 * way to retire it; one the config or the host's files merely name may be a wrong name.
 */
export const ranUnder = (c: Pick<Claim, 'from'>): boolean =>
  c.from === 'shutdown' || c.from === 'memory' || c.from === 'process';

/** The process that ran the gateway, as Hermes named it at its last stop by a signal (../shutdown-context.ts). */
export interface Sender {
  pid: number;
  /** Its comm (`runsv`, `supervisord`, `PM2 v5.4.3: God`, `systemd`). */
  name: string;
  cmdline: string;
}

/** One command of a lever, as argv; what the action does around it. */
export interface Step {
  argv: string[];
  /** A failure here does not stop the sequence (`stop` before `start`). */
  optional?: boolean;
  /** Go on to the next step only when this exit code says so; success ends the sequence. */
  fallbackOnExit?: number;
  stopOnSuccess?: boolean;
  /** The command is the gateway itself (`service.detach`, a gateway started by hand): launched detached. */
  detach?: boolean;
  /** Variables the command needs beside the host's (PM2_HOME). */
  env?: Record<string, string>;
}

export type Verb = 'restart' | 'start' | 'stop';
export type Plan = { run: Step[] } | { error: string };

/**
 * How a finding words this supervisor's lever: `{restart_how}` (who restarts it and how by hand), `{restart}`,
 * `{start}`, `{journal}` (where its output is), `{supervisor}` (what to check of it), and where it can be told to
 * restart the gateway by itself, how (`autorestart`). `hermes`: `hermes` or `hermes -p
 * <profile>`, the gateway's own CLI.
 */
export type LeverWords = Record<'restart_how' | 'restart' | 'start' | 'journal' | 'supervisor', FindingParam> & {
  /** `{how}` of a `no_autorestart` risk: the setting that has it restart the gateway after a death. */
  autorestart?: FindingParam;
  /** `{recreate}`: how a container's changed settings take effect (a restart keeps the old ones). */
  recreate?: FindingParam;
};

export interface WordsContext {
  target: string;
  hermes: string;
  service: ServiceEvidence;
}

export interface SupervisorAdapter {
  kind: ManagerKind;
  /** A live gateway of this supervisor's, from its traits; undefined when it is not. */
  claims?(p: ProcTraits): Omit<Claim, 'from'> | undefined;
  /** A program of this supervisor's that runs this home, read off the host while its gateway is down. */
  traces?(target: TargetConfig, host: Host): Promise<Omit<Claim, 'from'> | undefined>;
  /**
   * The program of this supervisor's that ran the gateway now down, when the parent Hermes named at its last stop is
   * this supervisor: found where the home's own traces are not (a run that execs a wrapper, a file elsewhere).
   */
  sender?(parent: Sender, target: TargetConfig, host: Host): Promise<Omit<Claim, 'from'> | undefined>;
  /** The configured program (`service.manager: <kind>`). */
  configured?(target: TargetConfig, host: Host): Promise<Omit<Claim, 'from'>>;
  /** What it says of the gateway now, in its own words. */
  probe(target: TargetConfig, claim: Claim, host: Host, o: ProbeExtras): Promise<ServiceEvidence>;
  /** The commands that restart, start or stop the gateway through it. */
  plan(verb: Verb, target: TargetConfig, svc: ServiceEvidence, claim: Claim, host: Host): Promise<Plan> | Plan;
  /** Its lever in a finding's words. */
  words(c: WordsContext): LeverWords;
  /**
   * Its own texts in both locales (`<kind>-texts.ts`): its name (`status.manager.<kind>`), where its output is and
   * what to check of it, how `init` names what it runs. Registered for the renderers with the adapter (index.ts).
   */
  texts?: PluginWords;
  /**
   * What another gatewatch on this host pulls too when it watches this gateway, whatever home it watches (a
   * container): the key one pull at a time is leased on (src/actions/lever-lease.ts). Undefined: nothing shared.
   */
  leverKey?(svc: ServiceEvidence): string | undefined;
  /**
   * What gatewatch can do to the gateway through it (detectors/lever.ts leverOf), where that is not a restart through
   * the service manager: a container's start or exec, a command of the config's, a gateway nobody supervises.
   */
  lever?(svc: ServiceEvidence): Lever;
  /** A container runtime's own name (Docker, Podman), the same in every locale, for a sentence about its container. */
  runtime?: string;
  /**
   * `init`: the gateways of this supervisor's on this host, wherever their homes are (src/init/box.ts asks each);
   * `places`: where its live daemons keep their programs (place()).
   */
  box?(host: Host, places: readonly string[]): Promise<BoxFinds>;
  /**
   * `init`: a live process of this supervisor's own (pm2's God daemon, a supervisord, a runsvdir): where it keeps its
   * programs (a PM2_HOME, a configuration file, a scan folder); undefined for any other process.
   */
  place?(p: LiveProcess): Promise<string | undefined> | string | undefined;
  /**
   * `init`: the `service:` keys a live gateway of this supervisor's is written with (its claim's program, its home or
   * server), or why gatewatch, as `uid`, cannot act through it; undefined: none to write.
   */
  keys?(
    claim: Omit<Claim, 'from'>,
    o: { cgroup?: string; uid: number },
  ): ServiceKeys | { why: FindingParam } | undefined;
  /** `init`: where the gateway runs, in this supervisor's words (`pm2 app hermes (PM2_HOME ~/.pm2)`). */
  where?(s: {
    name?: string;
    via?: string;
    scope?: 'user' | 'system';
    /** A container's, as its runtime named it (its name, its s6 slot, or the gateway its own program), or why not. */
    container?: InitContainer;
  }): FindingParam | undefined;
  /**
   * `init`, for a gateway in a container (Docker's, Podman's, a pod's): the container as the look found it, its runtime
   * asked once, and the `service:` keys that name it.
   */
  container?: {
    of(svc: ServiceEvidence): InitContainer;
    keys(c: InitContainer): ServiceKeys;
  };
}

/** A live process as init's scan of /proc sees it, its working folder and environment read when asked. */
export interface LiveProcess {
  argv: readonly string[];
  cwd(): Promise<string | undefined>;
  env(): Promise<Record<string, string> | undefined>;
}

/** A gateway's container as init found it: its name, its s6 slot or the gateway its own program; or why not. */
export interface InitContainer {
  name?: string;
  slot?: string;
  error?: string;
  program?: boolean;
}

/** The `service:` keys of a gateway's target: its manager and what names its program there. */
export interface ServiceKeys {
  manager: ManagerKind;
  program?: string;
  pm2_home?: string;
  supervisor_url?: string;
  unit?: string;
  scope?: 'user' | 'system';
  container?: string;
}

export interface BoxGateway {
  /** The Hermes home it serves, canonical. */
  home: string;
  /** Its name in its supervisor (a pm2 app, a program, a service folder's, a unit's, a container's): its target's. */
  label: string;
  service: ServiceKeys;
  /** Its gateway runs in a container (a Quadlet unit's): its home's owner is the image's user, not a user of this host. */
  contained?: boolean;
}

/** A place init could not read, and why: the tool's own words, or a text of init's. */
export interface Unread {
  what: string;
  why: FindingParam;
}

export interface BoxFinds {
  gateways: BoxGateway[];
  unread: Unread[];
}

export interface ProbeExtras {
  /** The live gateway's traits (its pid file led to it), when it runs. */
  traits?: ProcTraits;
  /** The pid record the look read (null: none), for a gateway nothing supervises. */
  pidRecord?: PidRecord | null;
  /** Epoch ms now, by the caller's clock. Without it nothing is judged over a window (no recent deaths, no respawn). */
  now?: number;
}

/** What may stand between a supervisor and the gateway it runs: shells and the tools that drop privileges or exec. */
const WRAPPERS =
  /^(sh|bash|dash|zsh|ash|env|sudo|su|runuser|setpriv|chpst|s6-setuidgid|setuidgid|nice|ionice|timeout|uv|hermes|tini)$/;

/**
 * The supervisor process that runs this gateway: the nearest ancestor `is` takes, with only wrappers (at most three)
 * between them. A supervisor further up, past a program of another kind (a test runner, a terminal's shell session),
 * runs that program, not the gateway: a CI job in a systemd unit does not make its gateways the unit's.
 */
export function supervisingAncestor(p: ProcTraits, is: (a: Ancestor) => boolean): Ancestor | undefined {
  for (const [i, a] of p.ancestors.entries()) {
    if (is(a)) return a;
    if (i >= 3 || !WRAPPERS.test(a.comm)) return undefined;
  }
  return undefined;
}
