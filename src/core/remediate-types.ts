// What remediation keeps and is given, and what its steps share (./remediate.ts composes them).
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Evidence, ServiceEvidence } from '../evidence.js';
import type { Alert, Finding, Respond } from '../types.js';
import type { AuditLog } from '../state/audit.js';
import type { TargetWatch } from '../watch/target.js';
import type { RestartHold, RestartPlan, RestartRecord } from '../actions/restart-policy.js';
import type { RestartUnderWay, SkippedRestart } from '../actions/restart.js';
import type { FixRecord } from '../actions/remedies.js';
import type { RestartVia } from '../actions/restart-target.js';
import type { Clock } from '../util/clock.js';
import type { Reachability } from '../probes/reachability.js';

/** A hold that ended in a restart; a drain says whether its agents finished or its time ran out. */
export type EndedHold = RestartHold & { since: number; finished?: boolean };

/** The part of gatewatch's persisted state that remediation owns. */
export interface RemediationState {
  restarts: RestartRecord[];
  /** Targets whose restart budget is used up: no automatic restarts until recovery or an operator /restart. */
  escalated: Record<string, boolean>;
  /** The last skip reason audited per target, so a skip is recorded once, not every minute. */
  lastSkip: Record<string, string>;
  /** Remedies run through /fix (src/core/fix.ts): their own budget, remediate.max_restarts per window. */
  fixes?: FixRecord[];
}

export interface RemediatorDeps {
  config: Pick<Config, 'targets' | 'locale' | 'remediate' | 'detect'>;
  log: Logger;
  audit: AuditLog;
  clock: Clock;
  state: RemediationState;
  save: () => Promise<void>;
  raise: (alert: Alert) => Promise<void>;
  watches: Map<string, TargetWatch>;
  /** Platforms a restart must bring back, when the config does not list them. */
  seenPlatforms: (target: string) => string[];
  /** Judge the target again once a restart has ended. */
  afterRestart: (target: string) => void;
  pollMs?: number;
  /** Observer of each finished restart (metrics). */
  onRestart?: (rec: RestartRecord) => void;
  /** Whether this host reaches each platform's servers, per target (detect.reachability): holds and words restarts in an outage upstream. */
  reach?: (target: string) => Reachability | undefined;
  /** The demo playground: its restarts are marked, and only they count for it (AppOptions.playground). */
  playground?: boolean;
}

export interface Remediator {
  /** Called after each evaluation that may act. */
  auto(target: string, evidence: Evidence, findings: Finding[]): Promise<void>;
  /**
   * What becomes of the automatic restart these findings call for, when it does not go ahead now: put off, or refused
   * by the spent budget (for the incident's alert to say).
   */
  holdFor(target: string, evidence: Evidence, findings: Finding[]): RestartPlan;
  /** The incident's alert told this plan: auto() does not announce its hold or the spent budget again. */
  told(target: string, plan: RestartPlan): void;
  /**
   * An operator's restart: the same gate as automatic ones except the cooldown; ends an escalation. `except`: channels
   * whose operator asked and gets the result as the command's reply, so the notification is not echoed there.
   */
  manual(
    target: string,
    actor: string,
    evidence: Evidence,
    respond?: Respond,
    except?: string[],
    o?: ManualOptions,
  ): Promise<RestartRecord | SkippedRestart>;
  inProgress(target: string): boolean;
  /** The restart of the target under way (its root's, for a served profile): since when, by whom, for what, waiting for what. */
  underWay(target: string): RestartUnderWay | undefined;
  /**
   * The service manager's commands that restarts have under way, ended (each has a timeout of its own). A daemon that
   * stops waits for them, so that none is left half done behind it: the playground's daemon stopped its demo gateway,
   * then the `ctl.js restart` it had begun started a new one that nobody stopped.
   */
  commandsDone(): Promise<void>;
  /**
   * How many restarts of the target have begun. Evidence gathered before one began describes the gateway it replaced:
   * judged after that restart ended (a slow gather on a loaded host), it would call the new gateway dead.
   */
  begun(target: string): number;
  /** Learn from any evaluation, judged or not, which process a restart of the target goes through (a served profile's root). */
  observe(target: string, evidence: Evidence): void;
  /**
   * The restarts that count for this target: its own and those of every target the same process serves. `all`: the
   * playground's too, which count for no budget but happened (the last restart /status shows, the restarts /uptime
   * counts from the history).
   */
  history(target: string, all?: boolean): RestartRecord[];
  /** The target is healthy again (or has nothing a restart fixes): forget escalation and skip notes. */
  settle(target: string, findings: Finding[]): void;
}

/** What the remediator's steps share: its parts, the state it keeps, and the restarts and holds under way. */
export interface Ctx {
  d: RemediatorDeps;
  config: RemediatorDeps['config'];
  state: RemediationState;
  now: () => number;
  /** Restarts under way, keyed by the process home (RestartVia.unit): a served profile's restart is the root's, and one at a time. */
  running: Set<string>;
  /** What each restart under way is (same keys as `running`), from its first step to its end. */
  underWay: Map<string, RestartUnderWay>;
  /** How many restarts of each process home have begun. */
  begins: Map<string, number>;
  /** Each target's process home, as its latest evidence showed it. */
  units: Map<string, string>;
  /** Automatic restarts held now (announced once per hold), with when the hold began. */
  holds: Map<string, RestartHold & { since: number }>;
  /** The timer of each hold that ends at a time: the target is looked at again then. */
  timers: Map<string, () => void>;
  /** Targets whose incident's alert already said the budget is spent (and why): its escalation is not said again. */
  spentTold: Set<string>;
  /** The restarts whose service-manager command has not ended yet (commandsDone). */
  commands: Set<Promise<void>>;
}

/** An operator's restart: `start` a gateway that is down (a fix's start); `heal`: the restart of a `/demo heal`. */
export interface ManualOptions {
  start?: boolean;
  heal?: boolean;
}

/** The options of one restart: who gets its result as a reply, what it is for, and the hold it ends. */
export interface RestartOptions {
  respond?: Respond;
  except?: string[];
  checks?: string[];
  causes?: string[];
  variants?: string[];
  svc?: ServiceEvidence;
  held?: EndedHold;
  start?: 'update' | 'fix';
}

/** One restart as its three steps see it: the target, who asked and why, the way to it, its options, its service. */
export interface RestartCall {
  name: string;
  actor: string;
  reason: string;
  via: RestartVia;
  o: RestartOptions;
  svc: ServiceEvidence;
  /** Its command has ended (commandsDone stops waiting for it). */
  commandEnded: () => void;
  /** What /status and its messages say of it while it runs (runVerified moves its `until`). */
  under: RestartUnderWay;
}
