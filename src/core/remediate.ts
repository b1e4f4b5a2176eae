// Acting on findings: automatic restarts by the policy, operator restarts through the same gate, one at a time,
// every step audited and announced.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Evidence, ServiceEvidence } from '../evidence.js';
import type { Alert, Finding, Respond } from '../types.js';
import type { AuditLog } from '../state/audit.js';
import type { TargetWatch } from '../watch/target.js';
import {
  busyAgents,
  cameBackNow,
  decideAutoRestart,
  drainHold,
  restartGate,
  restartsAtOnce,
  type RestartHold,
  type RestartPlan,
  type RestartRecord,
} from '../actions/restart-policy.js';
import {
  DEMO_HEAL,
  OPERATOR_REQUEST,
  runRestart,
  type RestartUnderWay,
  type SkippedRestart,
} from '../actions/restart.js';
import type { FixRecord } from '../actions/remedies.js';
import { restartViaSupervisor, startViaSupervisor } from '../actions/supervisor.js';
import { takeLease, type LeaseHolder, type LeaseResult } from '../actions/lever-lease.js';
import { adapterOf } from '../probes/supervisors/index.js';
import { probeProcess } from '../probes/process.js';
import { readGatewayState } from '../probes/state-file.js';
import { escalateAlert, heldAlert, heldLine, restartAlert } from '../delivery/alerts.js';
import { restartBeginAlert, waitingLine } from '../delivery/under-way.js';
import { probeService } from '../probes/service.js';
import { restartVia, rootKeys, type RestartVia } from '../actions/restart-target.js';
import { t } from '../i18n.js';
import type { Locale } from '../types.js';
import type { Clock } from '../util/clock.js';
import type { Reachability } from '../probes/reachability.js';
import { formatDuration } from '../util/duration.js';
import { nextRetryAt } from '../detectors/outages.js';
import { servingSince } from '../detectors/process.js';
import { targetRestart } from '../detectors/restart-advice.js';

/** A hold that ended in a restart; a drain says whether its agents finished or its time ran out. */
export type EndedHold = RestartHold & { since: number; finished?: boolean };

/** `hermes update` stopped the gateway and did not start it again (§8.6): it needs a start, nothing restarted. */
const leftStoppedByUpdate = (ev: Evidence, findings: Finding[]) =>
  !ev.process.alive &&
  findings.some((f) => f.check === 'gateway_stopped' && f.cause === 'update' && f.restart === 'helps');

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

/** "Restarting the root gateway that serves profile coder: every profile's bots (default, coder, ops) reconnect."; for
 * the root itself: "This gateway serves profiles default, coder, ops: every profile's bots reconnect." */
export function viaRootNote(via: RestartVia, locale: Locale): string[] {
  if (via.serves) return [t(locale, 'restart.root_serves', { profiles: via.serves.join(', ') })];
  if (!via.served) return [];
  return [t(locale, 'restart.via_root', { profile: via.served.profile, profiles: via.served.profiles.join(', ') })];
}

const withLines = (a: Alert, lines: string[]): Alert =>
  lines.length ? { ...a, reply: { ...a.reply, lines: [...(a.reply.lines ?? []), ...lines] } } : a;

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

/** The evidence's service state when it is the target's own (a served profile's evidence carries its root's). */
function ownService(ev: Evidence): ServiceEvidence | undefined {
  return ev.hermes?.serving?.role === 'served' ? undefined : ev.service;
}

export function createRemediator(d: RemediatorDeps): Remediator {
  const c: Ctx = {
    d,
    config: d.config,
    state: d.state,
    now: d.clock.now,
    running: new Set(),
    underWay: new Map(),
    begins: new Map(),
    units: new Map(),
    holds: new Map(),
    timers: new Map(),
    spentTold: new Set(),
    commands: new Set(),
  };
  return {
    inProgress: (name) => c.running.has(unitOf(c, name)),
    underWay: (name) => {
      const u = c.underWay.get(unitOf(c, name));
      return u && { ...u, platforms: [...u.platforms] };
    },
    async commandsDone() {
      // One begun while it waited (an operator's /restart as the daemon stops) is waited for too.
      while (c.commands.size) await Promise.allSettled([...c.commands]);
    },
    begun: (name) => c.begins.get(unitOf(c, name)) ?? 0,
    history: (name, all) => historyOf(c, name, all),
    observe: (name, evidence) => void viaOf(c, name, evidence),
    settle(name, findings) {
      if (!findings.some((f) => f.restart === 'helps')) {
        delete c.state.escalated[name];
        release(c, name); // nothing left for the held restart to fix
      }
      if (findings.length === 0) delete c.state.lastSkip[name];
    },
    holdFor(name, evidence, findings) {
      const dec = decide(c, name, evidence, findings);
      if (dec.action === 'escalate') return { spent: dec };
      if (dec.action !== 'skip') return {};
      return dec.code === 'escalated' ? { paused: true } : dec.hold ? { hold: dec.hold } : {};
    },
    told(name, plan) {
      if (plan.hold) void hold(c, name, plan.hold, false);
      if (plan.spent) c.spentTold.add(name);
    },
    auto: (name, evidence, findings) => auto(c, name, evidence, findings),
    manual: (name, actor, evidence, respond, except, o) => manual(c, name, actor, evidence, respond, except, o),
  };
}

/** What the remediator's steps share: its parts, the state it keeps, and the restarts and holds under way. */
interface Ctx {
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
interface RestartOptions {
  respond?: Respond;
  except?: string[];
  checks?: string[];
  causes?: string[];
  variants?: string[];
  svc?: ServiceEvidence;
  held?: EndedHold;
  start?: 'update' | 'fix';
}

const reachOf = (c: Ctx, name: string) => c.d.reach?.(name);

function viaOf(c: Ctx, name: string, evidence: Evidence | undefined): RestartVia {
  const target = c.config.targets.find((x) => x.name === name)!;
  const via = restartVia(target, evidence);
  c.units.set(name, via.unit);
  return via;
}

const unitOf = (c: Ctx, name: string) => c.units.get(name) ?? name;

/** Targets restarted together with this one (itself included). */
function sharing(c: Ctx, name: string): string[] {
  return [...new Set([name, ...[...c.units].filter(([, u]) => u === unitOf(c, name)).map(([n]) => n)])];
}

// The restarts of every target the same process serves count for this one: two served profiles failing at once
// must not restart the root twice (one lock, one cooldown, one budget). Older records know only their target.
// The playground's restarts are its own (AppOptions.playground): a daemon that watches the demo's home after `init`
// starts with its own budget, not one the demo spent (issue 55: "restarts 4/3 in 1h").
function historyOf(c: Ctx, name: string, all = false): RestartRecord[] {
  const unit = unitOf(c, name);
  const mine = (r: RestartRecord) => all || !!r.playground === !!c.d.playground;
  return c.state.restarts
    .filter((r) => mine(r) && (r.target === name || (r.unit !== undefined && r.unit === unit)))
    .map((r) => (r.target === name ? r : { ...r, target: name }));
}

async function skip(
  c: Ctx,
  target: string,
  actor: string,
  code: string,
  reason: string,
  check?: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await c.d.audit.write({ type: 'restart.skip', target, check, actor, detail: { code, reason, ...extra } });
}

/** Announce a held restart once; a cooldown's end is a time, so look again then rather than at the next check. */
async function hold(c: Ctx, name: string, h: RestartHold, announce = true): Promise<void> {
  const { now } = c;
  const was = c.holds.get(name);
  if (was?.code === h.code && was.until === h.until) return;
  c.holds.set(name, { ...h, since: was?.since ?? now() });
  if (h.until !== undefined) {
    c.timers.get(name)?.();
    // On the app's clock, as the hold's end is: a test's clock can bring it at once.
    const cancel = c.d.clock.timer(
      () => {
        c.timers.delete(name);
        c.d.afterRestart(name);
      },
      Math.max(0, h.until - now()) + 50,
    );
    c.timers.set(name, cancel);
  }
  if (announce) await c.d.raise(heldAlert(name, h, c.config.locale, now()));
}

/** The hold that ends with this restart (if any), said on the restart's result. */
function release(c: Ctx, name: string): (RestartHold & { since: number }) | undefined {
  const h = c.holds.get(name);
  c.holds.delete(name);
  c.timers.get(name)?.();
  c.timers.delete(name);
  return h;
}

/**
 * One restart (or start) through the supervisor, verified, recorded and said; the target is looked at again after.
 * Refused (and not looked at again, which would only ask again) while another gatewatch on this host pulls the same
 * lever (a container both watch).
 */
async function restart(
  c: Ctx,
  name: string,
  actor: string,
  reason: string,
  via: RestartVia,
  o: RestartOptions = {},
): Promise<RestartRecord | SkippedRestart> {
  const { d } = c;
  // A served profile: the root's process, service and state file (its own do not exist).
  const proc = via.target;
  // Counted from now, before its command begins, until that command has ended (or the restart ended without one): a
  // daemon that stops as the restart looks must not miss it.
  const commandEnded = awaited(c);
  const under = underWayOf(c, name, actor, reason, via, o);
  c.underWay.set(via.unit, under);
  let unsaid = () => {};
  let release: (() => Promise<void>) | undefined;
  try {
    // `o.svc`: the service state the gate just decided on; asking again would cost a process and time.
    const svc =
      o.svc ?? (via.served ? await probeService(proc, { now: d.clock.now() }) : await d.watches.get(name)!.service());
    const lease = await leverLease(c, svc);
    if (!lease.ok) return await heldElsewhere(c, name, actor, lease.holder);
    release = lease.release;
    const before = await probeProcess(proc);
    const call: RestartCall = { name, actor, reason, via, o, svc, commandEnded, under };
    unsaid = await beginRestart(c, call, before.pid);
    const rec = await runVerified(c, call, before.alive ? before.pid : undefined);
    unsaid();
    return await recordRestart(c, call, rec);
  } finally {
    unsaid();
    commandEnded();
    await release?.().catch(() => undefined);
    c.underWay.delete(via.unit);
    c.running.delete(via.unit);
    // See the result right away: a verified restart resolves its incidents with a recovery notice; every target
    // the same process serves was restarted too.
    if (release) for (const n of sharing(c, name)) d.afterRestart(n);
  }
}

/** Over what a lease on a lever holds at most: the supervisor's commands' own time, beyond the verification's. */
const LEASE_SLACK_MS = 120_000;

/** The lease on the lever other gatewatch daemons on this host may pull too (a container); nothing to take else. */
function leverLease(c: Ctx, svc: ServiceEvidence): Promise<LeaseResult> {
  const key = adapterOf(svc.manager).leverKey?.(svc);
  if (!key) return Promise.resolve({ ok: true, release: async () => {} });
  return takeLease(key, { now: c.now(), holdMs: c.config.remediate.verify_timeout + LEASE_SLACK_MS });
}

/** Another gatewatch pulls this lever now: a restart on top of its restart is a second outage, so none; said. */
async function heldElsewhere(c: Ctx, name: string, actor: string, holder: LeaseHolder): Promise<SkippedRestart> {
  const reason = `another gatewatch on this host (pid ${holder.pid}) is restarting it`;
  await skip(c, name, actor, 'busy', reason, undefined, {
    holder_pid: holder.pid,
    since: new Date(holder.at).toISOString(),
  });
  return { skipped: reason, code: 'busy' };
}

/** One restart as its three steps see it: the target, who asked and why, the way to it, its options, its service. */
interface RestartCall {
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

/** What a restart was for, as its audit records keep it: /history names its cause as its alert did. */
const causesOf = (o: Pick<RestartOptions, 'checks' | 'causes' | 'variants'>) => ({
  ...(o.checks ? { checks: o.checks } : {}),
  ...(o.causes ? { causes: o.causes } : {}),
  ...(o.variants ? { variants: o.variants } : {}),
});

/**
 * A restart gatewatch began by itself is said once it has run this long: one that is verified sooner is said by its
 * result alone (a crash restarted in a second is two messages, not three), one that takes longer is not left unsaid
 * until its end (a verification of 90 s with nothing on the phone).
 */
export const SAY_BEGIN_AFTER_MS = 5_000;

/** The platforms a restart waits for: for a served profile, its `<profile>:<platform>` entries in the root's state file. */
function expectedOf(c: Ctx, name: string, via: RestartVia): string[] {
  const target = c.config.targets.find((t) => t.name === name)!;
  return rootKeys(via, target.platforms ?? c.d.seenPlatforms(name));
}

function underWayOf(
  c: Ctx,
  name: string,
  actor: string,
  reason: string,
  via: RestartVia,
  o: RestartOptions,
): RestartUnderWay {
  return {
    target: name,
    at: c.now(),
    actor,
    reason,
    ...causesOf(o),
    ...(o.start ? { start: o.start } : {}),
    platforms: expectedOf(c, name, via),
    until: c.now() + c.config.remediate.verify_timeout,
  };
}

/**
 * A restart begins: audited, and said with what it waits for: to the operator who asked for it at once, else (gatewatch's
 * own) to every channel once it has run SAY_BEGIN_AFTER_MS. Returns what keeps that message from going out once the
 * restart has ended.
 */
async function beginRestart(c: Ctx, call: RestartCall, oldPid: number | undefined): Promise<() => void> {
  const { name, actor, reason, via, o, svc, under } = call;
  const { config, now } = c;
  await c.d.audit.write({
    type: 'restart.begin',
    target: name,
    actor,
    detail: {
      reason,
      ...causesOf(o),
      manager: svc.manager,
      old_pid: oldPid ?? null,
      ...(o.start ? { verb: 'start', after: o.start } : {}),
      ...(via.served
        ? { via_root: via.served.root, profile: via.served.profile, served_profiles: via.served.profiles }
        : {}),
    },
  });
  if (o.respond) {
    const alert = restartAlert(
      { target: name, at: now(), actor, reason, ...(o.start ? { start: o.start } : {}) },
      'begin',
      config.locale,
      now(),
    );
    await o.respond(withLines(alert, [waitingLine(under, config.locale), ...viaRootNote(via, config.locale)]).reply);
    return () => {};
  }
  let cancel = c.d.clock.timer(() => {
    cancel = () => {};
    if (c.underWay.get(via.unit) !== under) return;
    const alert = withLines(restartBeginAlert(under, config.locale, now()), viaRootNote(via, config.locale));
    void c.d.raise(alert).catch((err) => c.d.log.error({ err, target: name }, 'restart message failed'));
  }, SAY_BEGIN_AFTER_MS);
  return () => cancel();
}

/** Counted among the commands under way (commandsDone) until the returned function is called; twice is once. */
function awaited(c: Ctx): () => void {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  c.commands.add(ended);
  return () => {
    c.commands.delete(ended);
    end();
  };
}

/** The restart itself (src/actions/restart.ts): the supervisor's command, then the verification that it serves. */
function runVerified(c: Ctx, call: RestartCall, oldPid: number | undefined) {
  const { name, actor, reason, via, o, svc, under } = call;
  const { d, config } = c;
  const { clock } = d;
  const proc = via.target;
  const reach = reachOf(c, name);
  return runRestart({
    target: name,
    actor,
    reason,
    oldPid,
    expectedPlatforms: under.platforms,
    verifyTimeoutMs: config.remediate.verify_timeout,
    onWaiting: (until) => void (under.until = until),
    supervisorRestart: () => {
      const command = o.start ? startViaSupervisor(proc, svc, { clock }) : restartViaSupervisor(proc, svc, { clock });
      command.then(call.commandEnded, call.commandEnded);
      return command;
    },
    probe: async () => {
      const [p, st] = await Promise.all([probeProcess(proc), readGatewayState(proc.state_file, { clock })]);
      return { alive: p.alive, pid: p.pid, ...(p.nsPid !== undefined ? { statePid: p.nsPid } : {}), state: st.state };
    },
    pollMs: d.pollMs,
    clock,
    // Fresh: the outage may have begun since the platform was last probed (before the restart).
    unreachable: reach
      ? async (ps) => (await reach.check(ps, { fresh: true })).filter((r) => !r.reachable).map((r) => r.platform)
      : undefined,
    nextRetry: (ps) => nextRetryOf(c, name, ps),
    servedAt: () => servedAtOf(c, name),
  });
}

/** When the gateway now running served again, as the next judgement will date the end of the outage it ends. */
async function servedAtOf(c: Ctx, name: string): Promise<number | undefined> {
  const ev = await c.d.watches
    .get(name)
    ?.gather()
    .catch(() => undefined);
  return ev ? servingSince(ev, { disconnectGraceMs: c.config.detect.disconnect_grace }) : undefined;
}

/** A restart's end: kept (state, metrics), audited and said, with the hold it ended. */
async function recordRestart(
  c: Ctx,
  call: Omit<RestartCall, 'svc'>,
  rec: Awaited<ReturnType<typeof runRestart>>,
): Promise<RestartRecord> {
  const { name, actor, reason, via, o } = call;
  const { d, config, state, now } = c;
  const record: RestartRecord = {
    ...rec,
    unit: via.unit,
    ...(o.checks ? { checks: o.checks } : {}),
    ...(o.causes ? { causes: o.causes } : {}),
    ...(o.variants?.some((v, i) => v !== o.checks?.[i]) ? { variants: o.variants } : {}),
    ...(o.start ? { start: o.start } : {}),
    ...(o.held ? { held: o.held } : {}),
    ...(d.playground ? { playground: true as const } : {}),
  };
  state.restarts = [...state.restarts, record].slice(-200);
  d.onRestart?.(record);
  await d.save();
  await d.audit.write({
    type: rec.ok ? 'restart.ok' : 'restart.fail',
    target: name,
    actor,
    detail: {
      reason,
      ...causesOf(o),
      duration_ms: rec.durationMs,
      detail: rec.detail,
      ...(o.start ? { verb: 'start', after: o.start } : {}),
    },
  });
  const alert = withLines(restartAlert(record, record.ok ? 'ok' : 'fail', config.locale, now()), [
    ...viaRootNote(via, config.locale),
    ...(o.held ? [heldLine(o.held, config.locale, record.at)] : []),
  ]);
  await d.raise(o.except?.length ? { ...alert, except: o.except } : alert);
  return record;
}

/**
 * When Hermes next retries every one of these platforms, as the new gateway's log schedules it (the latest); only
 * for platforms the probe just reached (one with no endpoint to probe was never seen to answer).
 */
async function nextRetryOf(c: Ctx, name: string, platforms: string[]): Promise<number | undefined> {
  if (!platforms.every((p) => reachOf(c, name)?.cached(p)?.reachable === true)) return undefined;
  const ev = await c.d.watches
    .get(name)
    ?.gather()
    .catch(() => undefined);
  if (!ev) return undefined;
  // A served profile's `<profile>:<platform>`: the root's runner names the platform.
  const times = platforms.map((p) => nextRetryAt(ev.log.run, p.slice(p.lastIndexOf(':') + 1), ev.expectedPlatforms));
  return times.every((x) => x !== undefined) ? Math.max(...(times as number[])) : undefined;
}

/** The platforms with a finding that are down now: only these are probed, never a healthy one. */
function downFor(evidence: Evidence, findings: Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.platform).map((f) => f.platform!))].filter(
    (p) => evidence.state?.platforms[p]?.state !== 'connected',
  );
}

/** Of those, the ones this host cannot reach, as last probed (cached: no probe here, holdFor is synchronous). */
function unreachableNow(c: Ctx, name: string, evidence: Evidence, findings: Finding[]): string[] {
  return downFor(evidence, findings).filter((p) => reachOf(c, name)?.cached(p)?.reachable === false);
}

/**
 * Probe the down platforms (cached briefly). The gather this evidence came from has already dropped the failed probe
 * of a platform this life connected since (the probes stage's `reachable`, seen()).
 */
async function probeDown(c: Ctx, name: string, evidence: Evidence, findings: Finding[]): Promise<void> {
  const reach = reachOf(c, name);
  if (!reach) return;
  const down = downFor(evidence, findings);
  if (down.length) await reach.check(down);
}

/** What the restart policy decides for these findings now, with the remediate keys and the holds under way. */
function decide(c: Ctx, name: string, evidence: Evidence, findings: Finding[]) {
  const { config, state, now } = c;
  const via = viaOf(c, name, evidence);
  // remediate.auto names the kinds gatewatch runs itself: a start when the gateway is down, a restart otherwise.
  const kind = evidence.process.alive ? 'restart' : 'start';
  const listed = config.remediate.auto.includes(kind);
  const dec = decideAutoRestart(
    {
      target: name,
      findings,
      service: evidence.service,
      // `hermes update` still holds the home (a gateway it stopped for good is alerted at once): no start until the
      // update is done, or the gateway would run code half swapped.
      gatewayState: evidence.process.alive
        ? evidence.state?.gateway_state
        : evidence.hermes?.update?.marker?.live
          ? 'updating'
          : undefined,
      history: historyOf(c, name),
      inProgress: c.running.has(via.unit),
      escalated: !!state.escalated[name],
      now: now(),
      unreachable: unreachableNow(c, name, evidence, findings),
    },
    {
      autoRestart: config.remediate.auto_restart && listed,
      maxRestarts: config.remediate.max_restarts,
      windowMs: config.remediate.window,
      cooldownMs: config.remediate.cooldown,
    },
  );
  // The audit says which key kept it from acting.
  if (dec.action === 'skip' && dec.code === 'disabled' && config.remediate.auto_restart)
    return { ...dec, reason: `remediate.auto does not list ${kind}` };
  return dec.action === 'restart' ? (drained(c, name, evidence, findings) ?? dec) : dec;
}

type Decision = ReturnType<typeof decide>;

/**
 * A restart for a cause that leaves the gateway serving waits for its busy agents, up to remediate.drain from when
 * the wait began (kept across checks, so the announced time holds).
 */
function drained(c: Ctx, name: string, evidence: Evidence, findings: Finding[]) {
  const { config, now } = c;
  if (restartsAtOnce(evidence, findings)) return undefined;
  const was = c.holds.get(name);
  const until = was?.code === 'drain' && was.until !== undefined ? was.until : now() + config.remediate.drain;
  const h = drainHold(busyAgents(evidence), config.remediate.drain, until, now());
  if (!h) return undefined;
  const reason = `${h.agents} agent turn(s) running; waiting for them up to ${formatDuration(config.remediate.drain)}`;
  return { action: 'skip' as const, code: 'drain' as const, reason, hold: h };
}

/** Called after each evaluation that may act: the policy's decision, carried out. */
async function auto(c: Ctx, name: string, evidence: Evidence, findings: Finding[]): Promise<void> {
  const { state } = c;
  const via = viaOf(c, name, evidence);
  await markCameBack(c, name, findings);
  await probeDown(c, name, evidence, findings);
  const dec = decide(c, name, evidence, findings);
  // The incident's alert said a spent budget this decision no longer reaches (a probe since): a later one is news.
  if (dec.action !== 'escalate') c.spentTold.delete(name);
  if (dec.action === 'none') return;
  if (dec.action === 'skip') return autoSkip(c, name, findings, dec);
  if (dec.action === 'escalate') return autoEscalate(c, name, findings, dec);
  if (c.running.has(via.unit)) return;
  c.running.add(via.unit);
  c.begins.set(via.unit, (c.begins.get(via.unit) ?? 0) + 1);
  delete state.lastSkip[name]; // a skip after this restart (its cooldown) is news again
  const held: EndedHold | undefined = release(c, name);
  if (held?.code === 'drain') held.finished = busyAgents(evidence) === 0;
  const start = leftStoppedByUpdate(evidence, findings) ? ({ start: 'update' } as const) : {};
  void restart(c, name, 'gatewatch', dec.reason, via, {
    checks: dec.checks,
    causes: dec.causes,
    variants: dec.variants,
    svc: ownService(evidence),
    held,
    ...start,
  }).catch((err) => c.d.log.error({ err, target: name }, 'restart failed'));
}

/**
 * A judgement that sees the cause of an earlier automatic restart failing again marks that restart (`cameBack`): it
 * uses the budget from then on, in the policy's count and /status's alike (issue 51: /status read 1/3 after two
 * restarts whose cause came back, 2/3 later).
 */
async function markCameBack(c: Ctx, name: string, findings: Finding[]): Promise<void> {
  const { fixable } = targetRestart(findings);
  const back = cameBackNow(historyOf(c, name), name, c.config.remediate.window, c.now(), fixable);
  if (!back.length) return;
  // historyOf hands a served profile a copy of its root's records: mark the kept ones.
  for (const r of c.state.restarts)
    if (back.some((b) => b.at === r.at && (b.unit ?? name) === (r.unit ?? r.target))) r.cameBack = c.now();
  await c.d.save();
}

/** A restart the policy skips: its hold announced, the skip audited once (a busy one never). */
async function autoSkip(
  c: Ctx,
  name: string,
  findings: Finding[],
  dec: Extract<Decision, { action: 'skip' }>,
): Promise<void> {
  const { state } = c;
  if (dec.hold) await hold(c, name, dec.hold);
  if (state.lastSkip[name] === dec.code || dec.code === 'busy') return;
  state.lastSkip[name] = dec.code;
  const until = dec.hold?.until;
  const agents = dec.hold?.agents !== undefined ? { agents: dec.hold.agents } : {};
  await skip(c, name, 'gatewatch', dec.code, dec.reason, findings[0]?.check, {
    ...(until !== undefined ? { until: new Date(until).toISOString() } : {}),
    ...agents,
    ...('checks' in dec && dec.checks ? { checks: dec.checks } : {}),
  });
  await c.d.save();
}

/** The restart budget is used up: no automatic restarts until recovery or an operator's /restart; said once. */
async function autoEscalate(
  c: Ctx,
  name: string,
  findings: Finding[],
  dec: Extract<Decision, { action: 'escalate' }>,
): Promise<void> {
  const { d, state } = c;
  state.escalated[name] = true;
  await d.audit.write({
    type: 'restart.skip',
    target: name,
    check: findings[0]?.check,
    actor: 'gatewatch',
    detail: {
      code: 'budget',
      reason: dec.reason,
      used: dec.used,
      max: dec.max,
      next_free: dec.nextFreeAt ? new Date(dec.nextFreeAt).toISOString() : null,
    },
  });
  // Said once: in the incident's alert when it went out with this decision, else on its own.
  if (!c.spentTold.delete(name)) await d.raise(escalateAlert(name, dec, c.config.locale, c.now()));
  await d.save();
}

/**
 * An operator's restart: the same gate as automatic ones except the cooldown; ends an escalation. `start`: the remedy
 * said "Start": a gateway that is down is started (service.start), as it said, not restarted.
 */
async function manual(
  c: Ctx,
  name: string,
  actor: string,
  evidence: Evidence,
  respond?: Respond,
  except?: string[],
  o: ManualOptions = {},
): Promise<RestartRecord | SkippedRestart> {
  const { state, now } = c;
  const via = viaOf(c, name, evidence);
  const probed = via.served
    ? await probeService(via.target, { now: c.d.clock.now() })
    : await c.d.watches.get(name)!.service();
  // A served profile's own `restart: false` holds though its root's gateway is the one restarted.
  const ownTarget = c.config.targets.find((t) => t.name === name);
  const svc = ownTarget?.restart === false ? { ...probed, watchOnly: true as const } : probed;
  // The claim below is synchronous with this check, so two operators cannot start two restarts.
  const gate = restartGate(
    {
      target: name,
      service: svc,
      gatewayState: evidence.process.alive ? evidence.state?.gateway_state : undefined,
      history: historyOf(c, name),
      inProgress: c.running.has(via.unit),
      now: now(),
    },
    0, // an operator may override the cooldown
  );
  if (gate) {
    await skip(c, name, actor, gate.code, gate.reason);
    return { skipped: gate.reason, code: gate.code };
  }
  c.running.add(via.unit);
  c.begins.set(via.unit, (c.begins.get(via.unit) ?? 0) + 1);
  delete state.escalated[name];
  delete state.lastSkip[name];
  const start = o.start && !evidence.process.alive ? ({ start: 'fix' } as const) : {};
  const why = o.heal ? DEMO_HEAL : OPERATOR_REQUEST;
  return restart(c, name, actor, why, via, { respond, except, svc, held: release(c, name), ...start });
}
