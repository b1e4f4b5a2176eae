// What a command may see and do: two narrow ports, built by the composition root (src/operations.ts). A viewer's
// command gets `look` only, so nothing it runs can open an incident, send an alert or restart a gateway; an admin's
// command gets `act` as well. Commands never see the config, the app or a channel.
import type { TargetConfig, Config } from '../src/config/schema.js';
import type { EvalResult } from '../src/evidence.js';
import type { Incident } from '../src/incidents/machine.js';
import type { MuteState } from '../src/incidents/mute.js';
import type { TargetHistory } from '../src/history/model.js';
import type { RestartRecord } from '../src/actions/restart-policy.js';
import type { RestartUnderWay, SkippedRestart } from '../src/actions/restart.js';
import type {
  Alert,
  AuditInput,
  AuditRecord,
  ChannelHealth,
  DeliveryOutcome,
  Locale,
  Remedy,
  Reply,
  Respond,
} from '../src/types.js';
import type { FixResult } from '../src/core/fix.js';
import type { Dialect } from '../src/util/command-line.js';
import type { Reach } from '../src/probes/reachability.js';
import type { ChannelDown } from '../src/core/channel-trouble.js';
import type { Unreachable } from '../src/core/credential-checks.js';

/** The settings commands word their replies with. */
export interface CommandSettings {
  disconnectGraceMs: number;
  flapWithinMs: number;
  restartBudget: { maxRestarts: number; windowMs: number };
  /** Hermes homes found by discovery when the config names no targets, for /doctor. */
  discovered?: Config['discovered'];
  /** http.listen when it has no http.token: the endpoint is open to every user of this host (/doctor says so). */
  httpOpen?: string;
  /** The config file, when one was read (/strangers says where its line goes). */
  configFile?: string;
  /** Each chat channel's operator key (`qq` → `qq_openid`): the field of `operators:` that names its users. */
  operatorKeys?: Record<string, string>;
}

/** Reading the world and gatewatch's own state. Never judges, alerts or acts. */
export interface LookPort {
  settings: CommandSettings;
  targets(): readonly TargetConfig[];
  now(): number;
  /** Calls `fn` once `ms` have passed on gatewatch's clock, unless the returned function is called first. */
  timer(fn: () => unknown, ms: number): () => void;
  /**
   * The evidence and findings of a target now: joins an evaluation under way, else gathers afresh without judging
   * (no incident is opened, nothing is raised, nothing restarted). `doctor` adds the deployment lint. `fresh`: joins
   * nothing under way (it may have read the files before a change a decision must see: the agents busy now).
   */
  look(target: string, o?: { doctor?: boolean; fresh?: boolean }): Promise<EvalResult>;
  /** The last completed evaluation, judged or not. */
  lastLook(target: string): EvalResult | undefined;
  /** When (clock) the evaluation of `target` now running began. */
  lookingSince(target: string): number | undefined;
  /** Open incidents, of one target or all (Alertmanager's pseudo-targets included). */
  openIncidents(target?: string): Incident[];
  /** A target's availability history: what /uptime's figures and pictures and /status's strip are drawn from. */
  history(target: string): TargetHistory;
  /**
   * The restarts that count for a target's budget (a served profile shares its root's); `all`: the demo playground's
   * too, which count for no budget but happened.
   */
  restartHistory(target: string, all?: boolean): RestartRecord[];
  restartInProgress(target: string): boolean;
  /** The restart of the target under way, if any (a served profile's is its root's): what /status and /restart say of it. */
  restartUnderWay?(target: string): RestartUnderWay | undefined;
  /** Automatic restarts paused: the budget is used up. */
  autoRestartPaused(target: string): boolean;
  mute(): MuteState | undefined;
  /** The mutes of one target each that are on now, by target (`/mute TARGET 30m`). */
  targetMutes(): Record<string, MuteState>;
  /** What gatewatch's own reachability probes (detect.reachability) last found, while it stands: probed only for down platforms. */
  reachability?(target: string): Reach[];
  /** Each channel's health, worded in the reader's locale. */
  channels(locale?: Locale): ChannelHealth[];
  /**
   * The channels that cannot deliver (refused at start, at a credential check or at a send), and those whose service
   * the credential check could not reach (a network problem, not their credentials).
   */
  channelTrouble?(): { down: ChannelDown[]; unreachable: Unreachable[] };
  /** The delivery lines of /doctor for a gateway serving `platforms`. */
  routesReport(platforms: string[], locale: Locale): { fields: { label: string; value: string }[]; warnings: string[] };
  readAudit(limit: number): Promise<AuditRecord[]>;
}

/** What an admin's command may do. Every call is audited by the core or by the command. */
export interface ActPort {
  /** Evaluate a target and judge it: incidents open or resolve, alerts go out, an automatic restart may follow. */
  judge(target: string): Promise<EvalResult>;
  /** `heal`: the restart of a `/demo heal`, said as what brought the gateway back (not a bare restart). */
  restart(
    target: string,
    actor: string,
    respond?: Respond,
    o?: { heal?: boolean },
  ): Promise<RestartRecord | SkippedRestart>;
  /** Run one remedy of a finding (/fix): audited fix.begin/ok/failed, within its budget. */
  fix(target: string, remedy: Remedy, actor: string, respond?: Respond): Promise<FixResult>;
  ack(by: string, target?: string): Promise<Incident[]>;
  /** Mute everything, or with `target` that target's alerts only. */
  mute(untilMs: number, by: string, target?: string): Promise<void>;
  /** One summary of what is still open goes out (and is returned); undefined when nothing was muted. With `target`, its own mute. */
  unmute(by: string, dialect?: Dialect, target?: string): Promise<Reply | undefined>;
  /** Channel names a test alert can go to. */
  testChannels(): string[];
  /** Send an alert through one channel now, outside the outbox: what the channel did with it. */
  sendNow(channel: string, alert: Alert): Promise<DeliveryOutcome>;
  audit(record: AuditInput): Promise<void>;
}
