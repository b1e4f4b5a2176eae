// What the restart policy decides after each evaluation, carried out (a restart, a hold, a skip audited once, the
// budget spent said once), and an operator's restart through the same gate.
import type { Evidence, ServiceEvidence } from '../evidence.js';
import type { Finding, Respond } from '../types.js';
import {
  busyAgents,
  cameBackNow,
  decideAutoRestart,
  drainHold,
  restartGate,
  restartsAtOnce,
  type RestartRecord,
} from '../actions/restart-policy.js';
import { DEMO_HEAL, OPERATOR_REQUEST, type SkippedRestart } from '../actions/restart.js';
import { escalateAlert } from '../delivery/alerts.js';
import { probeService } from '../probes/service.js';
import type { Ctx, EndedHold, ManualOptions } from './remediate-types.js';
import { historyOf, hold, reachOf, release, skip, viaOf } from './remediate-steps.js';
import { restart } from './remediate-restart.js';
import { formatDuration } from '../util/duration.js';
import { targetRestart } from '../detectors/restart-advice.js';

/** `hermes update` stopped the gateway and did not start it again (§8.6): it needs a start, nothing restarted. */
const leftStoppedByUpdate = (ev: Evidence, findings: Finding[]) =>
  !ev.process.alive &&
  findings.some((f) => f.check === 'gateway_stopped' && f.cause === 'update' && f.restart === 'helps');

/** The evidence's service state when it is the target's own (a served profile's evidence carries its root's). */
function ownService(ev: Evidence): ServiceEvidence | undefined {
  return ev.hermes?.serving?.role === 'served' ? undefined : ev.service;
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
export function decide(c: Ctx, name: string, evidence: Evidence, findings: Finding[]) {
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
export async function auto(c: Ctx, name: string, evidence: Evidence, findings: Finding[]): Promise<void> {
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
export async function manual(
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
