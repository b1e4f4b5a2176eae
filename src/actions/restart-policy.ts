// Whether to restart a gateway now: a pure decision, so every rule is tested on data.
// Hermes maintainers saw an external watchdog cause a restart loop (#7213): restart only where it helps, never on top of
// the supervisor or the gateway's own start/drain, never inside the cooldown, and at most max_restarts per window.
import type { Finding, Locale } from '../types.js';
import type { GatewayStateFile, ProcessEvidence, ServiceEvidence } from '../evidence.js';
import { filesPid } from '../evidence.js';
import { incidentKey } from '../incidents/machine.js';
import { gaveUp, targetRestart } from '../detectors/restart-advice.js';
import { restartsAtOnceFor } from '../detectors/index.js';
import { formatDuration } from '../util/duration.js';
import { localStamp } from '../util/time.js';
import { findingVariant, t } from '../i18n.js';
import { CONTAINER_KINDS } from '../evidence/service.js';

export interface RestartRecord {
  target: string;
  at: number;
  endedAt?: number;
  ok?: boolean;
  actor: string;
  reason: string;
  /** From `at` to `backAt` (else `endedAt`) in whole seconds of the clock (util/duration.ts clockSpan). */
  durationMs?: number;
  /** Verified: when the gateway it started served again, as the log dates it (≤ endedAt, when it was verified). */
  backAt?: number;
  detail?: string;
  /** What the verification saw, so the detail can be told in the reader's language (see describeRestart). */
  outcome?: /**
   * `retried`: of `platforms`, those the new gateway could not connect at its start and queued for Hermes' retry
   * (`retrying` in its own state file), connected by that retry within the verification.
   */
    | { kind: 'verified'; pid?: number; platforms: string[]; retried?: string[] }
    | { kind: 'unverified'; withinS: number; missing: string[] }
    | { kind: 'supervisor'; detail: string }
    /** The gateway came back and Hermes retries platforms whose servers this host cannot reach: not a failure. */
    | { kind: 'upstream'; pid?: number; platforms: string[] };
  /** The hold it ended (its cooldown, …): its message said so, and so does the write-up of the incident it was for. */
  held?: RestartHold & { since: number; finished?: boolean };
  /** Checks the restart was for (absent in records of older versions: their reason lists them). */
  checks?: string[];
  /** Incident keys of the causes it was for: the budget tells a SIGKILL from a SIGTERM by these. */
  causes?: string[];
  /**
   * The variant of each of `checks` its finding was worded as (`qq_reconnect_exhausted.quick`), where it has one: the
   * reason names the cause its alert named (issue 61), not only the check's.
   */
  variants?: string[];
  /** The process home restarted: shared by every target that process serves (a multiplexed root and its profiles). */
  unit?: string;
  /**
   * A start, not a restart: of a gateway `hermes update` left stopped (hermes-gateway-current.md §8.6), or of one that
   * was down when an operator's `/fix` ran its start remedy.
   */
  start?: 'update' | 'fix';
  /**
   * When a judgement first saw its cause failing again after it ended: it did not stick, and uses the budget for the
   * rest of the window, for the policy and /status alike, whatever is failing when either looks.
   */
  cameBack?: number;
  /** Made by the demo playground: its own restarts, not those of a daemon watching the same home after it. */
  playground?: true;
}

/**
 * Verified: the gateway came back with its platforms. One back without a platform whose servers this host cannot reach
 * (`upstream`) is not a failure, but not verified either: /status marks it, /uptime counts it, the same way.
 */
export const restartVerified = (r: Pick<RestartRecord, 'ok' | 'outcome'>): boolean =>
  r.ok === true && r.outcome?.kind !== 'upstream';

export interface PolicySettings {
  autoRestart: boolean;
  maxRestarts: number;
  windowMs: number;
  cooldownMs: number;
}

export interface PolicyInput {
  target: string;
  findings: Finding[];
  service: ServiceEvidence;
  gatewayState?: string;
  history: RestartRecord[];
  inProgress: boolean;
  escalated: boolean;
  now: number;
  /** Platforms this host cannot reach now (src/probes/reachability.ts), probed while they are down. */
  unreachable?: string[];
}

export type Decision =
  | { action: 'none' }
  | { action: 'restart'; reason: string; checks: string[]; causes: string[]; variants: string[] }
  | { action: 'skip'; code: SkipCode; reason: string; hold?: RestartHold; checks?: string[] }
  | ({ action: 'escalate'; reason: string } & BudgetSummary);

/**
 * A restart that is only put off, not refused: by the cooldown (until a known time, after the restart that ended at
 * `last`), a start or drain of the gateway (`state`), the service manager's own restart, or an outage upstream
 * (`platforms` this host cannot reach while Hermes retries them).
 */
export interface RestartHold {
  code: 'cooldown' | 'transition' | 'supervisor' | 'upstream' | 'drain';
  until?: number;
  last?: number;
  cooldownMs?: number;
  state?: string;
  platforms?: string[];
  /** `upstream`: of those, the ones Hermes has stopped retrying (only a restart brings them back, once they answer). */
  gaveUp?: string[];
  /** `drain`: the agent turns the gateway is running; `drainMs`: remediate.drain. */
  agents?: number;
  drainMs?: number;
}

/**
 * What the incident's alert says of the automatic restart its findings call for, decided before it is sent (one
 * decision, said once): put off (`hold`), or refused because the restart budget is spent, just now (`spent`, with the
 * restarts that spent it) or earlier (`paused`).
 */
export interface RestartPlan {
  hold?: RestartHold;
  spent?: BudgetSummary;
  paused?: boolean;
}

export type SkipCode =
  | 'disabled'
  | 'unrecoverable'
  | 'busy'
  | 'supervisor'
  | 'transition'
  | 'cooldown'
  | 'no_supervisor'
  | 'watch_only'
  | 'no_container'
  | 'config_exit'
  | 'escalated'
  | 'upstream'
  | 'drain';

/**
 * The agent turns the live gateway is running (gateway_state.json `active_agents`, written at every turn boundary),
 * 0 when it is down or the file is another life's.
 */
export function busyAgents(ev: {
  process: Pick<ProcessEvidence, 'alive' | 'pid'>;
  state?: Pick<GatewayStateFile, 'pid' | 'active_agents'> | null;
}): number {
  const n = ev.state?.active_agents;
  if (!ev.process.alive || n === undefined || n <= 0) return 0;
  return ev.state?.pid === undefined || ev.state.pid === filesPid(ev.process) ? n : 0;
}

/** A restart for these findings cuts nothing off that is not lost already: no drain, no second question. */
export function restartsAtOnce(
  ev: { process: Pick<ProcessEvidence, 'alive'> },
  findings: readonly Pick<Finding, 'check' | 'restart'>[],
): boolean {
  // Causes of a gateway that serves no one (dead, or its loop wedged: hermes-gateway-current.md §4, §8), as each
  // declares it (FindingMeaning.atOnce).
  return !ev.process.alive || findings.some((f) => f.restart === 'helps' && restartsAtOnceFor(f.check));
}

/**
 * The automatic restart waits for busy agents: until `until` (set when the wait began, remediate.drain later), or
 * until they finish. Null when it goes ahead now.
 */
export function drainHold(busy: number, drainMs: number, until: number, now: number): RestartHold | null {
  if (busy <= 0 || drainMs <= 0 || now >= until) return null;
  return { code: 'drain', agents: busy, until, drainMs };
}

export function decideAutoRestart(i: PolicyInput, s: PolicySettings): Decision {
  // The target's advice is one decision (src/detectors/restart-advice.ts), the one its alerts, check, /status and /fix
  // show: a gateway-wide cause a restart cannot fix holds every restart; a platform-only one (QQ banned) only restarts
  // for that platform, so a Feishu executor shutdown is still fixed while QQ stays banned; a symptom a cause explains is
  // no reason for a restart.
  const { never, holdAll, fixable } = targetRestart(i.findings);
  // An unrecoverable cause alone is still worth one "not restarting" record, so the audit says why nothing happened.
  // Not what is said once and asks no restart of anyone (a risk of the setup, a death its supervisor repairs): history
  // read "not restarted: a restart does not fix nothing would bring it back if it stopped".
  if (fixable.length === 0 && never.every((f) => f.once)) return { action: 'none' };
  if (holdAll.length || fixable.length === 0)
    return {
      action: 'skip',
      code: 'unrecoverable',
      reason: `a restart does not fix ${never.map((f) => f.check).join(', ')}`,
      checks: never.map((f) => f.check),
    };
  const reason = fixable.map((f) => f.check).join(', ');
  if (!s.autoRestart) return { action: 'skip', code: 'disabled', reason: 'remediate.auto_restart is off' };
  // A gateway nothing supervises is the operator's: gatewatch starts it again (as it was started, detached) only when
  // an operator asks (/restart, /fix); by itself it only says so.
  if (i.service.manager === 'none') return noSupervisor;
  if (i.escalated)
    return {
      action: 'skip',
      code: 'escalated',
      reason: 'gave up after the restart budget; waiting for recovery or an operator /restart',
    };
  // The gates of the moment first (a restart under way, the service manager's, a start or drain); then an outage
  // upstream, before the cooldown: a cooldown that ends while the servers still do not answer would name a time at
  // which nothing happens.
  const gate = restartGate(i, 0);
  if (gate) return gate;
  const upstream = upstreamHold(fixable, i.unreachable);
  if (upstream) return upstream;
  const cooldown = restartGate(i, s.cooldownMs);
  if (cooldown) return cooldown;
  const budget = budgetSummary(i.history, i.target, s, i.now, fixable);
  if (budget.used >= s.maxRestarts) {
    const list = budget.counted.map(
      (r) =>
        `${clock(r.at)} ${checksOf(r).join(', ')} (${r.ok ? 'verified, came back' : `failed${r.detail ? `: ${r.detail}` : ''}`})`,
    );
    return {
      action: 'escalate',
      reason: `${budget.used} automatic restarts in the last ${formatDuration(s.windowMs)} did not stick: ${list.join('; ') || 'none allowed'}`,
      ...budget,
    };
  }
  return {
    action: 'restart',
    reason,
    checks: fixable.map((f) => f.check),
    causes: [...new Set(fixable.map(causeOf))],
    variants: fixable.map(findingVariant),
  };
}

/** Every cause is a platform whose servers do not answer from here: a restart cannot bring them back now. */
function upstreamHold(fixable: Finding[], unreachable: string[] | undefined): Decision | undefined {
  const upstream = [...new Set(fixable.map((f) => f.platform ?? ''))];
  if (!unreachable?.length || !upstream.every((p) => p && unreachable.includes(p))) return undefined;
  const gave = [...new Set(fixable.filter(gaveUp).map((f) => f.platform!))];
  return {
    action: 'skip',
    code: 'upstream',
    reason: `upstream unreachable from this host: ${upstream.join(', ')}`,
    hold: { code: 'upstream', platforms: upstream, ...(gave.length ? { gaveUp: gave } : {}) },
  };
}

export interface BudgetSummary {
  /** Restarts that use the budget: automatic ones in the window that failed, or whose cause came back. */
  used: number;
  max: number;
  windowMs: number;
  counted: RestartRecord[];
  /** Every automatic restart in the window, counted or not (a verified restart whose cause stayed away is a success). */
  recent: RestartRecord[];
  /** When the oldest counted restart leaves the window. */
  nextFreeAt?: number;
}

type CauseOf = Pick<Finding, 'target' | 'check' | 'platform' | 'profile' | 'cause'>;

const causeOf = (f: CauseOf) => incidentKey(f);
const checksOf = (r: RestartRecord) => r.checks ?? r.reason.split(', ');

/** Whether two restarts, or a restart and a finding, were for the same cause. Old records only know their checks. */
function sameCause(r: RestartRecord, other: { causes?: string[]; checks: string[] }): boolean {
  if (r.causes && other.causes) return r.causes.some((c) => other.causes!.includes(c));
  return checksOf(r).some((c) => other.checks.includes(c));
}

/**
 * What the automatic restart budget of a target holds now. `current` are the causes failing now (a restart for one of
 * them did not stick). Pure, for the policy and for /status.
 */
export function budgetSummary(
  history: RestartRecord[],
  target: string,
  s: Pick<PolicySettings, 'maxRestarts' | 'windowMs'>,
  now: number,
  current: CauseOf[] = [],
): BudgetSummary {
  const recent = history.filter((r) => r.target === target && r.actor === 'gatewatch' && now - r.at < s.windowMs);
  const failing = { causes: current.map(causeOf), checks: current.map((f) => f.check) };
  // A restart during an outage upstream brought the gateway back; what stayed down was not its to fix.
  const judged = recent.filter((r) => r.outcome?.kind !== 'upstream');
  const counted = judged.filter(
    (r, i) =>
      r.ok === false ||
      r.cameBack !== undefined ||
      judged.slice(i + 1).some((later) => sameCause(r, { causes: later.causes, checks: checksOf(later) })) ||
      (current.length > 0 && sameCause(r, failing)),
  );
  return {
    used: counted.length,
    max: s.maxRestarts,
    windowMs: s.windowMs,
    counted,
    recent,
    nextFreeAt: counted.length ? counted[0]!.at + s.windowMs : undefined,
  };
}

/**
 * The automatic restarts of the window, ended, whose cause is failing again in `current` (the findings a restart
 * fixes, as the policy reads them) and not marked yet: a judgement marks them (`cameBack`). A restart during an outage
 * upstream is not judged by what stayed down (see budgetSummary).
 */
export function cameBackNow(
  history: readonly RestartRecord[],
  target: string,
  windowMs: number,
  now: number,
  current: readonly CauseOf[],
): RestartRecord[] {
  if (!current.length) return [];
  const failing = { causes: current.map(causeOf), checks: current.map((f) => f.check) };
  return history.filter(
    (r) =>
      r.target === target &&
      r.actor === 'gatewatch' &&
      r.cameBack === undefined &&
      r.endedAt !== undefined &&
      r.endedAt < now &&
      now - r.at < windowMs &&
      r.outcome?.kind !== 'upstream' &&
      sameCause(r, failing),
  );
}

/** `restarts 2/3 in 1h, next free 08:45:10`: the budget as one status line. */
export function budgetLine(b: BudgetSummary, locale: Locale): string {
  const w = formatDuration(b.windowMs);
  const next = b.nextFreeAt !== undefined ? clock(b.nextFreeAt) : undefined;
  return next
    ? t(locale, 'budget.line_next', { used: b.used, max: b.max, window: w, next })
    : t(locale, 'budget.line', { used: b.used, max: b.max, window: w });
}

/** Local wall-clock time with seconds. */
export const clock = (ms: number) => localStamp(ms).slice(11);

const noSupervisor: Extract<Decision, { action: 'skip' }> = {
  action: 'skip',
  code: 'no_supervisor',
  reason:
    'nothing supervises it (no systemd, launchd, pm2, supervisord, runit, s6, Docker, Podman or configured commands): gatewatch starts it again only when an operator asks (/restart)',
};

/** Why nothing of a `restart: false` target is acted on, as the audit records it (restarts and /fix's other remedies). */
export const WATCH_ONLY = 'its target says restart: false: gatewatch only watches it';

/**
 * What refuses any restart of this gateway, whatever the operator answers to a question first: its target says
 * `restart: false`, nothing supervises a gateway that is alive (its command is started again only once it is gone),
 * or its container cannot be reached. /restart says it at once rather than ask "Restart anyway?" and then refuse.
 */
export function refusedWhateverAsked(service: PolicyInput['service']): Extract<Decision, { action: 'skip' }> | null {
  if (service.watchOnly) return { action: 'skip', code: 'watch_only', reason: WATCH_ONLY };
  // Nothing supervises it: an operator's restart starts it as gatewatch saw it started, detached, once it is down.
  if (service.manager === 'none' && !(service.origin && service.origin.alive === false)) return noSupervisor;
  if (CONTAINER_KINDS.has(service.manager) && !service.container)
    return {
      action: 'skip',
      code: 'no_container',
      reason: `runs in a container gatewatch cannot reach (${service.error ?? 'not found'})`,
    };
  return null;
}

/** Rules that hold for every restart, automatic or asked for by an operator. */
export function restartGate(
  i: Pick<PolicyInput, 'target' | 'service' | 'gatewayState' | 'history' | 'inProgress' | 'now'>,
  cooldownMs: number,
): Extract<Decision, { action: 'skip' }> | null {
  if (i.inProgress) return { action: 'skip', code: 'busy', reason: 'a restart is already in progress' };
  const refused = refusedWhateverAsked(i.service);
  if (refused) return refused;
  // s6 parked it after exit 78 (EX_CONFIG): a start only parks it again, and feeds Hermes' start-storm breaker.
  if (i.service.slot?.status?.state === 'parked' && i.service.slot.status.exitCode === 78)
    return { action: 'skip', code: 'config_exit', reason: 'it exited 78 (a configuration error) and s6 parked it' };
  if (i.service.restarting)
    return {
      action: 'skip',
      code: 'supervisor',
      reason: `the service manager is already restarting it (${i.service.state ?? 'activating'})`,
      hold: { code: 'supervisor' },
    };
  // A slot in a crash loop says `starting` forever: each life dies before its start is over.
  const looping = i.service.slot?.status?.state === 'crash loop';
  if (!looping && (i.gatewayState === 'starting' || i.gatewayState === 'draining' || i.gatewayState === 'updating'))
    return {
      action: 'skip',
      code: 'transition',
      reason: `the gateway is ${i.gatewayState}`,
      hold: { code: 'transition', state: i.gatewayState },
    };
  const last = i.history.filter((r) => r.target === i.target).at(-1);
  if (last && cooldownMs > 0) {
    const ended = last.endedAt ?? last.at;
    const since = i.now - ended;
    if (since < cooldownMs)
      return {
        action: 'skip',
        code: 'cooldown',
        reason: `last restart ${Math.round(since / 1000)}s ago (cooldown ${Math.round(cooldownMs / 1000)}s)`,
        // The cooldown's origin is where it counts from: the end of the last restart, not its start.
        hold: { code: 'cooldown', until: ended + cooldownMs, last: ended, cooldownMs },
      };
  }
  return null;
}
