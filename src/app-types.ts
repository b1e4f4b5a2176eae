// The composition root's shape, apart from its making (src/app.ts): what the command ports (src/operations.ts) and the
// CLI are built on. Types only, so that operations.ts, which app.ts loads with the first command, imports no code of
// app.ts and app.ts none of operations.ts's: imports run one way.
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type {
  Alert,
  Channel,
  ChannelContext,
  Finding,
  InboundMessage,
  Operator,
  Remedy,
  Reply,
  Respond,
} from './types.js';
import type { EvalResult } from './evidence.js';
import type { AuditLog } from './state/audit.js';
import type { Clock } from './util/clock.js';
import type { StateDirHealth } from './state/health.js';
import type { Outbox } from './delivery/outbox.js';
import type { Incident } from './incidents/machine.js';
import type { RestartRecord } from './actions/restart-policy.js';
import type { RestartUnderWay } from './actions/restart.js';
import type { Reach } from './probes/reachability.js';
import type { FixResult } from './core/fix.js';
import type { TargetWatch } from './watch/target.js';
import type { Sender } from '../commands/index.js';
import type { ActPort } from '../commands/ports.js';
import type { CommandRequest } from '../commands/types.js';
import type { PersistedState } from './core/state.js';
import type { HistoryStore } from './history/store.js';
import type { JudgeOptions } from './core/alerting.js';
import type { LoopRuntime } from './core/loop.js';
import type { ChannelTrouble } from './core/channel-trouble.js';
import type { CredentialChecks } from './core/credential-checks.js';
import type { Dialect } from './util/command-line.js';
import type { DeliveryOutcome } from './types.js';
import type { LockAside } from './state/alerts.js';
import type { CheckResult } from './core/evaluation.js';

export interface AppOptions {
  log: Logger;
  /** The clock every part reads and waits on (default: the system's). */
  clock?: Clock;
  /** Called when a channel cannot recover by itself; the CLI exits non-zero. */
  onFatal?: (reason: string) => void;
  /** One-shot CLI use: evaluations never open incidents or restart on their own, and no state file is set aside. */
  readOnly?: boolean;
  /**
   * `gatewatch check`'s app: one look at every target and nothing after (src/watch/one-look.ts), each reading
   * only what its target needs and what several targets read once.
   */
  oneLook?: boolean;
  /** A one-shot CLI run's word to its user (a history file it did not read), printed as one `gatewatch: …` line. */
  notice?: (text: string) => void;
  /** Extra verification/poll timings for tests. */
  restartPollMs?: number;
  /** How long the rest of a log burst is gathered before it is judged (default 500 ms); the first line is judged at once. */
  logBatchMs?: number;
  /** Observers for the metrics endpoint (src/ops/metrics.ts). */
  onCheck?: (target: string, result: CheckResult, durationMs: number) => void;
  onRestart?: (rec: RestartRecord) => void;
  onDelivery?: (channel: string, result: DeliveryOutcome['status']) => void;
  /** An incident's time to detect when its alert goes out, its time to recover when it resolves. */
  onIncidentTimes?: (target: string, times: { detectMs?: number; recoverMs?: number }) => void;
  /**
   * The daemon's lock is not in the state_dir (it refused it at start): in its fallback directory `dir`, or in memory
   * only. Said in the state_dir alert.
   */
  lockAside?: LockAside;
  /** How often every channel's credentials are asked again (default an hour). */
  credentialCheckEveryMs?: number;
  /**
   * The demo playground (`npm start`, `gatewatch demo`): its restarts are its own, and a daemon that watches the same
   * home afterwards (after `init`) does not count them against its budget, nor the playground a daemon's.
   */
  playground?: boolean;
}

/**
 * What the command ports (src/operations.ts) are made of: the core's parts, each by the few functions the commands
 * use. The composition root builds it from the parts themselves, before and apart from the App it hands the CLI.
 */
export interface CommandCore {
  config: Config;
  state: PersistedState;
  audit: Pick<AuditLog, 'read' | 'write'>;
  readonly channels: readonly Channel[];
  now(): number;
  /** The clock every part reads and waits on (the one createApp was given). */
  clock: Clock;
  /**
   * Gather and detect without judging: joins an evaluation under way (`fresh`: never, its own look), else looks afresh.
   * Opens no incident, raises nothing, restarts nothing, whoever asks.
   */
  look(target: string, opts?: { doctor?: boolean; fresh?: boolean }): Promise<EvalResult>;
  /** `quick`: for a log burst (see TargetWatch.gather). */
  evaluate(target: string, opts?: { doctor?: boolean; act?: boolean; quick?: boolean }): Promise<EvalResult>;
  lastResult(target: string): EvalResult | undefined;
  /** When (app clock) the evaluation of `target` now running began; undefined when none runs. */
  evaluatingSince(target: string): number | undefined;
  /** An operator's restart, as the command port offers it (the one of a `/demo heal` said as that). */
  restart: ActPort['restart'];
  restartInProgress(target: string): boolean;
  /** The restart of the target under way: since when, by whom, for what, waiting for what. */
  restartUnderWay(target: string): RestartUnderWay | undefined;
  /** Run one remedy an operator chose (/fix): audited, budgeted, a process re-proven before it is signalled. */
  fix(target: string, remedy: Remedy, actor: string, respond?: Respond): Promise<FixResult>;
  /** Restarts that count for a target's budget: a served profile shares its root's (and its siblings'). */
  restartHistory(target: string, all?: boolean): RestartRecord[];
  /** What the reachability probes (detect.reachability) last found, while it stands: only down platforms are probed. */
  reachability(target: string): Reach[];
  ack(by: string, target?: string): Promise<Incident[]>;
  /** Mute everything, or with `target` that target's alerts only. */
  mute(untilMs: number, by: string, target?: string): Promise<void>;
  /** End a mute (with `target`, that target's own): one summary of what is still open goes out (and is returned); undefined when nothing was muted. */
  unmute(by: string, dialect?: Dialect, target?: string): Promise<Reply | undefined>;
  /** Everything muted; with `target`, that target's alerts muted (by either mute). */
  muted(target?: string): boolean;
  operatorFor(msg: InboundMessage): Operator | undefined;
  /** The channels that cannot deliver (they could not start, or were refused for good), said on those that work. */
  channelTrouble: Pick<ChannelTrouble, 'list'>;
  /** Which channels' services did not answer the last credential check. */
  credentials: Pick<CredentialChecks, 'unreachable'>;
  /** Each target's availability history (src/history). */
  history: Pick<HistoryStore, 'view'>;
}

/**
 * What createApp hands its callers (the CLI, the ops endpoints and the control socket, the tests): the command core,
 * and the stages' parts they reach. Each stage keeps the rest of what it starts.
 */
export interface App {
  /** The core the commands' ports are made of: looks, evaluations, restarts, mutes, the state. */
  core: CommandCore;
  log: Logger;
  audit: AuditLog;
  outbox: Outbox;
  watches: Map<string, TargetWatch>;
  channels: Channel[];
  handle(msg: InboundMessage, respond: Respond): Promise<void>;
  /** A command with its arguments already structured (the CLI). */
  handleRequest(from: Sender, req: CommandRequest, respond: Respond): Promise<void>;
  addChannel(ch: Channel): Promise<void>;
  /** A channel its caller has started itself, to send through (the one-shot `gatewatch test`): /test sees it, the outbox does not. */
  attachChannel(ch: Channel): void;
  context(ch: Channel): ChannelContext;
  /** Start the daemon: channels, schedule, live watch. */
  start(): Promise<void>;
  stop(): Promise<void>;
  raise(alert: Alert): Promise<void>;
  /** Whether the state_dir can be written, for /status and /doctor. */
  stateHealth: StateDirHealth;
  /** Write the persisted state now. */
  persist(): Promise<void>;
  /** Findings of a target judged elsewhere (Alertmanager's pseudo-targets) through the same incidents and alerts. */
  judge(target: string, findings: Finding[], o?: JudgeOptions): Promise<void>;
  /** What the health check reads: when the scheduler last ran. */
  runtime: AppRuntime;
  /** The channels that cannot deliver (they could not start, or were refused for good), said on those that work. */
  channelTrouble: ChannelTrouble;
  /** Every channel's credentials asked of its service: at start (start() begins the first round) and every hour. */
  credentials: CredentialChecks;
  /** The first round of credential checks, once start() has begun it: for the banner. */
  firstCredentialRound?: ReturnType<CredentialChecks['start']>;
}

/** What the health check reads: when the scheduler last ran. */
export type AppRuntime = LoopRuntime;
