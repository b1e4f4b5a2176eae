// Evaluating a target: gather its evidence, run the detectors and, when asked to judge, take the findings through
// the incidents and the remediator. One evaluation per target at a time; callers during one share its result. A look
// gathers and detects only: it opens nothing, raises nothing, restarts nothing.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { DetectSettings, EvalResult, Evidence } from '../evidence.js';
import type { Finding } from '../types.js';
import type { TargetWatch } from '../watch/target.js';
import type { Remediator } from './remediate.js';
import { checksThat, gatewayDown } from '../detectors/index.js';
import { judgeLook, type Verdict } from '../detectors/verdict.js';
import { decideRestarts } from '../detectors/restart-advice.js';
import { withScope } from '../detectors/scope.js';
import type { ScopeProbeSet } from './scope-probes.js';
import { foldReport, noteDeaths, noteReport, seenDeathOf, toldInLoop } from '../incidents/deaths-seen.js';
import { isOperatorStop } from '../detectors/process.js';
import { startedAgainAlert } from '../delivery/started-again.js';
import type { RestartRecord } from '../actions/restart-policy.js';
import { withoutServedDuplicates } from '../watch/served-dedupe.js';
import { recordPlatforms } from '../incidents/timeline.js';
import { incidentKey, openIncidents } from '../incidents/machine.js';
import { connectTimes, readPlatforms, trackOutageStarts } from '../incidents/outage-starts.js';
import { monotonicMs, type Clock } from '../util/clock.js';
import type { PersistedState, StateStore } from './state.js';
import type { Alerting } from './alerting.js';
import { platformObservations, platformsUp } from '../history/observation.js';
import { hermesVersionName } from '../evidence.js';
import type { HistoryStore } from '../history/store.js';
import { GATEWATCH_VERSION } from '../util/version.js';
import { step, stepNow } from '../util/steps.js';

export type CheckResult = 'ok' | Finding['severity'] | 'error';

export { platformsUp };

export interface EvaluationDeps {
  config: Pick<Config, 'detect' | 'locale' | 'targets'>;
  watches: Map<string, TargetWatch>;
  store: StateStore;
  alerting: Pick<Alerting, 'judge' | 'isMuted' | 'mutedUntil' | 'raise'>;
  /** Where each judgement's platform states are kept for the availability figures. */
  history?: Pick<HistoryStore, 'observe'>;
  /** What a judged evaluation does on its own: the restart path, and the fixes remediate.auto allows. */
  remediator: Remediator;
  clock: Clock;
  log: Logger;
  /** One-shot CLI use: evaluations never judge unless asked to. */
  readOnly?: boolean;
  stopped(): boolean;
  onCheck?: (target: string, result: CheckResult, durationMs: number) => void;
  /**
   * The target's platforms gatewatch's own probe reaches from this host (src/probes/reachability.ts); `probe`: first
   * probe those the state file shows down (cached briefly), so a judgement never calls a reachable one unreachable.
   */
  reachable?: (target: string, evidence: Evidence, probe: boolean) => Promise<{ platform: string; since?: number }[]>;
  /** "Us or them": gatewatch's own probes of the platforms the findings are about (src/core/scope-probes.ts). */
  scope?: ScopeProbeSet['gather'];
  /**
   * Where each target's last result is kept (lastResult): handed in when a part built before the evaluation reads it
   * too (the remediator, for the platforms a restart must bring back).
   */
  results?: Map<string, EvalResult>;
}

export interface Evaluation {
  /** `quick`: for a log burst; `steady`: the schedule's (see TargetWatch.gather). */
  evaluate(
    target: string,
    o?: { doctor?: boolean; act?: boolean; quick?: boolean; steady?: boolean },
  ): Promise<EvalResult>;
  look(target: string, o?: { doctor?: boolean; fresh?: boolean }): Promise<EvalResult>;
  /** Evaluate a target in the background; `fresh` when the world just changed (process died or came up, a restart ended). */
  kick(target: string, why: string, fresh?: boolean): void;
  lastResult(target: string): EvalResult | undefined;
  /** When (clock) the evaluation of `target` now running began; undefined when none runs. */
  evaluatingSince(target: string): number | undefined;
  /** Every evaluation under way, settled. */
  settled(): Promise<unknown>;
  /**
   * Since when (clock) the judgements of `target` have recorded nothing for the same platforms of the same gateway
   * process (starting, inside the grace); undefined when the last one recorded every platform.
   */
  unsettledSince(target: string): number | undefined;
  /** `fn` is told each time a judgement begins such a spell (the loop follows it: src/core/loop.ts). */
  whenUnsettled(fn: (target: string) => void): void;
}

export function createEvaluation(d: EvaluationDeps): Evaluation {
  const { config } = d;
  const c: Ctx = {
    d,
    state: d.store.state,
    now: d.clock.now,
    settings: detectSettings(config),
    results: d.results ?? new Map<string, EvalResult>(),
    evaluating: new Map(),
    evaluatingAt: new Map(),
    looking: new Map(),
    lookingAt: new Map(),
    followUps: new Set(),
    unsettled: new Map(),
    operatorStops: new Map(),
    kick: (name, why, fresh) => kick(c, name, why, fresh),
    evaluate: (name, o = {}) => {
      // One evaluation per target at a time; callers during one share its result.
      const running = o.doctor ? undefined : c.evaluating.get(name);
      return running ?? shared(c, c.evaluating, c.evaluatingAt, name, o.doctor, () => evaluateOnce(c, name, o));
    },
  };
  return {
    evaluate: c.evaluate,
    look(name, o = {}) {
      // A look for a decision reads the world after the question was asked, not with an evaluation begun before it.
      if (o.fresh) return evaluateOnce(c, name, { doctor: o.doctor, act: false });
      // An evaluation that judges (the schedule's, a log burst's) is as fresh as a look, and its judging is its own.
      const running = o.doctor ? undefined : (c.evaluating.get(name) ?? c.looking.get(name));
      return (
        running ??
        shared(c, c.looking, c.lookingAt, name, o.doctor, () => evaluateOnce(c, name, { doctor: o.doctor, act: false }))
      );
    },
    lastResult: (name) => c.results.get(name),
    evaluatingSince: (name) => c.evaluatingAt.get(name) ?? c.lookingAt.get(name),
    kick: c.kick,
    settled: () => Promise.allSettled([...c.evaluating.values(), ...c.looking.values()]),
    unsettledSince: (name) => c.unsettled.get(name)?.since,
    whenUnsettled: (fn) => void (c.onUnsettled = fn),
  };
}

type EvalOptions = { doctor?: boolean; act?: boolean; quick?: boolean; steady?: boolean };

/** What the evaluation's steps share: its parts, the state, the runs under way and what the last ones found. */
interface Ctx {
  d: EvaluationDeps;
  state: PersistedState;
  now: () => number;
  settings: DetectSettings;
  results: Map<string, EvalResult>;
  /** The judging runs under way, and when each began; the looks, likewise. */
  evaluating: Map<string, Promise<EvalResult>>;
  evaluatingAt: Map<string, number>;
  looking: Map<string, Promise<EvalResult>>;
  lookingAt: Map<string, number>;
  /** When each target's operator stopped its gateway, and when a look or a judgement first saw it, until it runs. */
  operatorStops: Map<string, { at: number; seenAt: number }>;
  /** Targets with one more evaluation promised after the one under way (see kick). */
  followUps: Set<string>;
  /**
   * Targets with platforms the last judgements recorded nothing for (starting, inside the grace): since when, for
   * which platforms and which gateway process (another of either is another spell).
   */
  unsettled: Map<string, { since: number; spell: string }>;
  onUnsettled?: (target: string) => void;
  kick(target: string, why: string, fresh?: boolean): void;
  evaluate(target: string, o?: EvalOptions): Promise<EvalResult>;
}

/** The detectors' settings, from the config's detect keys. */
function detectSettings(config: EvaluationDeps['config']): DetectSettings {
  return {
    disconnectGraceMs: config.detect.disconnect_grace,
    storm: { disconnects: config.detect.storm.disconnects, withinMs: config.detect.storm.within },
    zombieAfterMs: config.detect.zombie_after,
    operatorStopReminderMs: config.detect.operator_stop_reminder,
    ...(config.detect.expect_inbound ? { expectInboundMs: config.detect.expect_inbound } : {}),
    locale: config.locale,
  };
}

/**
 * One death, one incident: the live gateway's report of the death before it (gateway_died_before) is left out when
 * gatewatch saw that death (state.deaths, deaths-seen.ts), for a look and a judgement alike, so `check` and the
 * daemon agree. A judgement folds the report into that death's incident while the record is still there.
 */
function withoutSeenDeath(c: Ctx, name: string, verdict: Verdict, all: Finding[], judging: boolean): Finding[] {
  const { state } = c;
  const report = all.find((f) => f.check === 'gateway_died_before');
  const prior = report && verdict.priorDeath();
  // The death that began a crash loop, or one of its lives, was told with the loop.
  if (prior && toldInLoop(state.incidents, name, prior)) return all.filter((f) => f !== report);
  const seen = prior && seenDeathOf(state.deaths[name] ?? [], prior);
  if (!seen) return all;
  // The report's own incident told it, and the gateway serves again (noteReport): it closes without a word.
  if (seen.key === incidentKey(report!))
    return judging ? all.map((f) => (f === report ? { ...f, lapsed: true } : f)) : all.filter((f) => f !== report);
  const inc = state.incidents[seen.key];
  if (judging && inc?.id === seen.incident && inc.status === 'open')
    state.incidents[seen.key] = foldReport(inc, report!, prior!.oom);
  return all.filter((f) => f !== report);
}

/** The detectors' verdict on a target's evidence, without what another target or an earlier incident reports. */
function detect(c: Ctx, name: string, watch: TargetWatch, evidence: Evidence, judging: boolean): Verdict {
  const verdict = stepNow('detectors', () => judgeLook(evidence, c.settings));
  const own = withoutServedDuplicates(verdict.findings, evidence, watch.target.hermes_home, c.d.config.targets);
  return { ...verdict, findings: withoutSeenDeath(c, name, verdict, own, judging) };
}

/** The checks of a gateway gone without a word: what Hermes' next life reports as an unclean exit. */
const DEATHS = checksThat('death');

/**
 * After a judgement: the live gateway's report of a death gatewatch did not see (a supervisor repaired it between two
 * looks), told by its incident's alert, with the gateway serving again, is over: noted as that incident's own death.
 */
function noteToldReport(c: Ctx, name: string, verdict: Verdict, findings: Finding[], up: number | undefined): void {
  const report = findings.find((f) => f.check === 'gateway_died_before' && !f.lapsed);
  const prior = report && up !== undefined ? verdict.priorDeath() : undefined;
  if (!prior) return;
  const inc = c.state.incidents[incidentKey(report!)];
  if (inc?.status !== 'open' || !inc.alerted) return;
  c.state.deaths[name] = noteReport(c.state.deaths[name] ?? [], inc, prior);
}

/** After a judgement: a gateway found down with its death's incident open is a death gatewatch saw. */
function noteDeath(c: Ctx, name: string, evidence: Evidence, verdict: Verdict): void {
  const { state } = c;
  // The gateway it watched gone, though its supervisor's next life may already be found (seenPid): a death still.
  if (verdict.alive() && evidence.process.seenPid === undefined) return;
  // A death: not the operator's stop, nor a config that cannot start (no life of those reports an unclean exit).
  const open = openIncidents(state.incidents, name).filter(
    (i) => gatewayDown([i.finding]) && DEATHS.has(i.finding.check) && !isOperatorStop(i.finding),
  );
  if (!open.length) return;
  const p = evidence.process;
  // The gateway gatewatch saw die, where the record names its supervisor's next life by now.
  const pid = p.seenPid ?? p.pid ?? p.pidFile?.pid ?? evidence.state?.pid ?? evidence.hermes?.lifecycle?.sentinel?.pid;
  state.deaths[name] = noteDeaths(state.deaths[name] ?? [], open, pid, c.now());
}

/** Evaluate a target in the background; `fresh` when the world just changed (process died or came up, a restart ended). */
function kick(c: Ctx, name: string, why: string, fresh = false): void {
  const { log } = c.d;
  if (c.d.stopped()) return;
  const running = c.evaluating.get(name);
  if (fresh && running) {
    // The world just changed: the evaluation under way may have looked before, and joining it would
    // leave the news to the next poll. One more evaluation after it, however many events come meanwhile.
    if (c.followUps.has(name)) return;
    c.followUps.add(name);
    void running
      .catch(() => undefined)
      .then(() => {
        c.followUps.delete(name);
        kick(c, name, why);
      });
    return;
  }
  log.debug({ target: name, why }, 'evaluate');
  // A settling look (src/core/loop.ts) is for the state file and the log: like a log burst's, it reuses a recent
  // process scan and service answer instead of spawning the service manager every 2 s while Hermes starts.
  const quick = why === 'log' || why === 'settle';
  // The schedule's on a gateway that stayed the same process may go on from the last process scan (target-reuse.ts).
  const steady = why === 'schedule';
  void c.evaluate(name, { quick, steady }).catch((err) => log.error({ err, target: name }, 'evaluation failed'));
}

/**
 * A log burst on a live gateway judged healthy, with no incident open: its new lines judged against the last gather's
 * process, state and service (a glance), which cost most of an evaluation twice a second on a busy log (issue 21).
 * Nothing found leaves nothing to judge; anything found, even lapsed, is gathered afresh and judged as always.
 */
async function glanceOnce(c: Ctx, name: string, watch: TargetWatch): Promise<EvalResult | undefined> {
  const { state } = c;
  const last = c.results.get(name);
  if (!last || last.findings.length || last.operatorStoppedAt !== undefined || !last.evidence.process.alive)
    return undefined;
  if (openIncidents(state.incidents, name).length || c.d.remediator.inProgress(name)) return undefined;
  // A platform the last judgement could not call up or down yet (starting, inside the grace): its connect line is
  // news for the history, which a glance does not record.
  if (c.unsettled.has(name)) return undefined;
  const t0 = monotonicMs();
  const evidence = await watch.glance();
  if (!evidence || detect(c, name, watch, evidence, false).findings.length) return undefined;
  c.d.onCheck?.(name, 'ok', monotonicMs() - t0);
  const result: EvalResult = { target: name, evidence, findings: [], outageStarts: { ...state.outages[name] } };
  c.results.set(name, result);
  return result;
}

/**
 * Whose failure each failing platform's is: probed (or, for a look, read from the last probes) only for platforms a
 * finding names, and said on every platform finding; its verdict is part of the one restart decision.
 */
async function scoped(
  c: Ctx,
  name: string,
  evidence: Evidence,
  detected: Finding[],
  o: EvalOptions,
): Promise<Finding[]> {
  const failing = [...new Set(detected.filter((f) => f.platform !== undefined && !f.lapsed).map((f) => f.platform!))];
  if (failing.length) {
    const probe = o.act !== false || !!c.d.readOnly;
    const found = (await c.d.scope?.(name, failing, probe).catch(() => undefined)) ?? {};
    // A look probes nothing and the probes' own results last 30 s, while judgements come a minute or more apart: what
    // the last evaluation found of a platform stands until the next judgement, so a look between them says the same
    // verdict as the alert it follows.
    const before = probe ? undefined : c.results.get(name)?.evidence.scope;
    const scope = { ...Object.fromEntries(failing.flatMap((p) => (before?.[p] ? [[p, before[p]]] : []))), ...found };
    if (Object.keys(scope).length) evidence.scope = scope;
  }
  return withScope(evidence, detected);
}

async function evaluateOnce(c: Ctx, name: string, o: EvalOptions): Promise<EvalResult> {
  const { d, state } = c;
  const readOnly = d.readOnly;
  const watch = d.watches.get(name);
  if (!watch) throw new Error(`unknown target ${name}`);
  if (o.quick && !o.doctor && o.act !== false && !readOnly) {
    const glanced = await glanceOnce(c, name, watch);
    if (glanced) return glanced;
  }
  const t0 = monotonicMs();
  const begun = d.remediator.begun(name);
  // Evidence gathered while a restart ran may show the old gateway mid-stop ("draining", then its pid gone): once the
  // restart had ended, that was judged as a death, and the new gateway was restarted again.
  const duringRestart = d.remediator.inProgress(name);
  const evidence = await gather(c, name, watch, o, t0);
  // A multiplexing root's entries of a profile watched on its own are that profile's to report; a death gatewatch
  // saw is the incident it opened; the advice is decided again on what is left (a cause reported by the profile's
  // own target holds nothing here).
  const judging = o.act !== false && !(o.act === undefined && readOnly) && !d.remediator.inProgress(name);
  const verdict = detect(c, name, watch, evidence, judging);
  const all = decideRestarts(await scoped(c, name, evidence, verdict.findings, o));
  // A lapsed finding (stale evidence, no end seen) only tells the incident machine to close quietly: nothing else
  // counts it as a failure.
  const findings = all.filter((f) => !f.lapsed);
  const worst = (['critical', 'warning', 'info'] as const).find((s) => findings.some((f) => f.severity === s));
  d.onCheck?.(name, worst ?? 'ok', monotonicMs() - t0);
  const stoppedAt = verdict.operatorStoppedAt();
  // Seen stopped by its operator, by a look or a judgement: kept until a judgement sees it run again. Not a restart's
  // own stop (gatewatch's restart through the demo's or a service's commands stops it as its operator would).
  if (stoppedAt !== undefined && !d.remediator.inProgress(name) && c.operatorStops.get(name)?.at !== stoppedAt)
    c.operatorStops.set(name, { at: stoppedAt, seenAt: c.now() });
  // Mid-restart the platforms are down on purpose: their outages neither begin nor end then.
  if (!d.remediator.inProgress(name))
    state.outages[name] = trackOutageStarts(state.outages[name] ?? {}, readPlatforms(evidence), c.now());
  const result: EvalResult = {
    target: name,
    evidence,
    findings,
    ...(stoppedAt !== undefined ? { operatorStoppedAt: stoppedAt } : {}),
    outageStarts: { ...state.outages[name] },
  };
  c.results.set(name, result);
  // Mid-restart the evidence may not show who serves the target: it says nothing about the way a restart goes.
  if (!d.remediator.inProgress(name)) d.remediator.observe(name, evidence);
  if (o.act === false || (o.act === undefined && readOnly)) return result;
  // Mid-restart the gateway is down on purpose: judge it once the restart is verified (or has failed).
  if (d.remediator.inProgress(name)) return result;
  // A restart began, or was running, while this evidence was gathered: it may show the gateway that restart replaced.
  // Look again (the restart's own look, after it lets go, comes after this one).
  if (d.remediator.begun(name) !== begun || duringRestart) {
    c.kick(name, 'restart', true);
    return result;
  }
  // A stop long enough to be reminded of has its incident, whose recovery says the gateway is back.
  const reminded = openIncidents(state.incidents, name).some((i) => isOperatorStop(i.finding));
  await judgeAndAct(c, name, evidence, verdict, { all, findings });
  const stoppedBefore = c.operatorStops.get(name);
  if (stoppedBefore !== undefined && stoppedAt === undefined && evidence.process.alive) {
    c.operatorStops.delete(name);
    if (!reminded) await startedAgain(c, name, evidence, stoppedBefore);
  }
  return result;
}

/**
 * The gateway its operator stopped runs again: said once, naming who started it, unless gatewatch did (/restart and
 * /fix say their own result).
 */
async function startedAgain(
  c: Ctx,
  name: string,
  evidence: Evidence,
  stop: { at: number; seenAt: number },
): Promise<void> {
  // gatewatch's restart or start since the stop was seen (its stamp may be a whole second, as pm2's): it says its own
  // result.
  const ours = (r: RestartRecord) =>
    r.at >= stop.seenAt || (r.endedAt === undefined && c.d.remediator.inProgress(name));
  if (c.d.remediator.history(name).some(ours)) return;
  await c.d.alerting.raise(startedAgainAlert(name, evidence, stop.at, c.d.config.locale, c.now()));
}

/** A target's evidence, and the platforms this host reaches: a judgement that cannot look says so and throws. */
async function gather(c: Ctx, name: string, watch: TargetWatch, o: EvalOptions, t0: number): Promise<Evidence> {
  const { d } = c;
  const evidence = await watch.gather({ doctor: o.doctor, quick: o.quick, steady: o.steady }).catch((err: unknown) => {
    d.onCheck?.(name, 'error', monotonicMs() - t0);
    // A judgement that could not look: from now on nothing is known of the platforms until a look can (the state
    // recorded before would otherwise run on, up or down, through time nobody watched).
    if (o.act !== false && !d.readOnly) d.history?.observe(name, {});
    throw err;
  });
  // A judgement, or a one-shot check that has no earlier probe to go by, probes the platforms that are down first; a
  // look (/status) goes by what the daemon's judgements probed.
  const probe = o.act !== false || !!d.readOnly;
  const reachable = await step('reach', async () => d.reachable?.(name, evidence, probe)).catch(() => undefined);
  if (reachable?.length) {
    evidence.reachable = reachable.map((r) => r.platform);
    const since = reachable.filter((r) => r.since !== undefined).map((r) => [r.platform, r.since!] as const);
    if (since.length) evidence.reachableSince = Object.fromEntries(since);
  }
  return evidence;
}

/** A judgement: the platforms recorded, the findings through the incidents, then what the remediator does on its own. */
async function judgeAndAct(
  c: Ctx,
  name: string,
  evidence: Evidence,
  verdict: Verdict,
  { all, findings }: { all: Finding[]; findings: Finding[] },
) {
  const { d, state, settings } = c;
  state.timelines[name] = recordPlatforms(state.timelines[name] ?? {}, platformsUp(evidence, findings), c.now());
  const hermes = hermesVersionName(evidence.hermes?.version);
  const stoppedAt = verdict.plannedStopAt();
  const seen = platformObservations(evidence, findings, {
    ...(stoppedAt !== undefined ? { stoppedAt } : {}),
    muted: d.alerting.isMuted(name),
    ...(d.alerting.mutedUntil(name) !== undefined ? { unmutedAt: d.alerting.mutedUntil(name) } : {}),
    graceMs: settings.disconnectGraceMs,
  });
  const unrecorded = Object.entries(seen)
    .filter(([, o]) => o === null || (typeof o === 'object' && o.state === null))
    .map(([p]) => p);
  const spell = `${evidence.process.pid ?? '-'} ${unrecorded.sort().join(' ')}`;
  if (!unrecorded.length) c.unsettled.delete(name);
  else if (c.unsettled.get(name)?.spell !== spell) {
    c.unsettled.set(name, { since: c.now(), spell });
    c.onUnsettled?.(name);
  }
  d.history?.observe(name, seen, { ...(hermes ? { hermes } : {}), gatewatch: GATEWATCH_VERSION });
  // What the judgement found and recorded, to read a figure afterwards (GATEWATCH_LOG_LEVEL=debug): names and times,
  // never a finding's evidence. Two uptime bugs were found only by writing this out by hand.
  if (d.log.isLevelEnabled('debug'))
    d.log.debug(
      {
        target: name,
        findings: findings.map((f) => [f.check, f.platform ?? null, f.since ?? null]),
        recorded: Object.fromEntries(
          Object.entries(seen).map(([p, o]) => [p, o === null || typeof o === 'string' ? o : [o.state, o.at ?? null]]),
        ),
      },
      'judged',
    );
  // A restart the findings call for but that is held (cooldown, start/drain) or refused (the budget is spent): the
  // incident's alert says so, decided before it goes out.
  const plan = d.remediator.holdFor(name, evidence, findings);
  // A death ends when the gateway serves again (its platforms connected), not when a process exists.
  const up = verdict.servingSince();
  const told = await d.alerting.judge(name, all, {
    ...plan,
    ...(up !== undefined ? { upAt: up } : {}),
    ...(!verdict.alive() ? { down: true } : up === undefined ? { starting: true } : {}),
    // Stopped on purpose: what it did while running is closed as stopped, not as a failure's.
    ...(!verdict.alive() && stoppedAt !== undefined ? { stopped: true } : {}),
    // `hermes update` holds the home and every finding waits for it: what is not found now is not over.
    ...(verdict.updateHeld() ? { held: true } : {}),
    // A manager that did not answer: what it would have said is unknown, not over.
    unjudged: verdict.unjudged(),
    connects: connectTimes(evidence),
    restarts: d.remediator.history(name),
  });
  if (told) d.remediator.told(name, plan);
  noteDeath(c, name, evidence, verdict);
  noteToldReport(c, name, verdict, all, up);
  d.remediator.settle(name, findings);
  await d.store.save();
  await d.remediator.auto(name, evidence, findings);
}

/**
 * Run `start` as the shared run of `name` in `runs` (callers during it join it), or, for a doctor run, on its own:
 * a doctor run is never the shared one and must not unlist the one that is.
 */
function shared(
  c: Ctx,
  runs: Map<string, Promise<EvalResult>>,
  at: Map<string, number>,
  name: string,
  doctor: boolean | undefined,
  start: () => Promise<EvalResult>,
): Promise<EvalResult> {
  if (doctor) return start();
  const p: Promise<EvalResult> = start().finally(() => {
    if (runs.get(name) !== p) return;
    runs.delete(name);
    at.delete(name);
  });
  runs.set(name, p);
  at.set(name, c.now());
  return p;
}
