// A target's restart advice is one decision (issue 42 item 6). Each detector says whether a restart fixes its own
// finding; beside a cause a restart cannot fix, a generic symptom that cause explains (platforms not connected while a
// migration holds the start-up, a silent control socket while Hermes' breaker sleeps) must not advise one. The most
// specific cause decides, and the symptom's words say which cause and why. Every place that gives advice reads what
// this decides: the findings' `restart` (alerts, `check` and its JSON, /status, /fix) and the automatic restart path.
import type { Finding, RestartAdvice, RestartHeldBy } from '../types.js';
import { doctorDetectors } from './doctor.js';
import { NOT_OURS } from './scope.js';
import { platformParam, wordText } from '../i18n.js';
import { gaveUpChecks } from './hermes-platforms.js';
import { explainsWhileUnderWay } from './meanings.js';

/** Deployment lint is about files, not the running gateway: it holds no restart (a doctor run has it, a judgement not). */
const LINT: ReadonlySet<string> = new Set(doctorDetectors.map((d) => d.check));

/** A finding's own advice, before any cause decided it. */
export const ownAdvice = (f: Pick<Finding, 'restart' | 'heldBy'>): RestartAdvice => f.heldBy?.own ?? f.restart;

/**
 * A cause a restart cannot fix, holding the restarts it covers: its platform's, or, with no platform or when a restart
 * makes it worse, the whole gateway's. A lapsed finding is no cause; neither is lint nor an info note.
 */
export function holdsRestart(f: Finding): boolean {
  return ownAdvice(f) === 'never' && !f.lapsed && f.severity !== 'info' && !LINT.has(f.check);
}

/**
 * A gateway-wide cause that holds its every restart: a failure of the whole gateway (critical: a fatal config, a
 * deleted WAL, a restart loop) or one a restart makes worse. A warning that a restart does not fix is about itself
 * (an earlier death, memory pressure, a state.db that failed its check, a file gatewatch cannot read): it explains no
 * platform's outage, and holding that platform's restart for it would leave the platform down.
 */
const holdsGateway = (n: Finding): boolean =>
  n.platform === undefined && (n.worse === true || n.severity === 'critical');

/** The cause that decides `f`'s advice, most specific first: its own platform's, one a restart makes worse, the gateway's. */
function causeOf(f: Finding, all: readonly Finding[]): { cause: Finding; why: RestartHeldBy['why'] } | undefined {
  const own = ownAdvice(f);
  if (own === 'never' || f.lapsed) return undefined;
  const never = all.filter((n) => n !== f && holdsRestart(n));
  const cause =
    never.find((n) => n.platform !== undefined && n.platform === f.platform) ??
    never.find((n) => n.worse) ??
    never.find(holdsGateway);
  if (cause) return { cause, why: cause.worse ? 'worse' : 'never' };
  if (own !== 'helps') return undefined;
  const under = all.find(
    // A cause still under way rather than broken (FindingMeaning.explainsWhileUnderWay): a restart would begin it again.
    (n) => n !== f && !n.lapsed && ownAdvice(n) === 'wait' && explainsWhileUnderWay(n.check, f.check),
  );
  return under ? { cause: under, why: 'wait' } : undefined;
}

/**
 * Hermes stopped retrying the platform: only a restart brings it back once the platform is up again, and a fleet of
 * gateways that all gave up reports the platform down everywhere, so each would hold its own restart for good.
 */
const GAVE_UP_CAUSES = new Set(['feishu_gave_up']);

/**
 * Hermes gave up on this finding's platform (its check, a platform's own that says so, or the cause it names): nothing
 * but a restart brings it back.
 */
export const gaveUp = (f: Pick<Finding, 'check' | 'cause'>): boolean =>
  gaveUpChecks().has(f.check) || (f.cause !== undefined && GAVE_UP_CAUSES.has(f.cause));

/**
 * A platform failing on this host's network or for everyone (its `scope`, src/detectors/scope.ts): no restart of the
 * gateway brings it back, whatever the finding's own advice. Its words are the scope's (`finding.platform_scope.*`).
 * Once Hermes gave up on it, a restart is what brings it back, but not before this host reaches it: on this host's
 * network (a verdict of gatewatch's own probes, which say when it answers again) the restart waits for that (`reach`);
 * for everyone (the fleet's word, which gateways that gave up never take back) nothing holds it.
 */
function heldByScope(f: Finding): RestartHeldBy | undefined {
  if (f.scope === undefined || !NOT_OURS.has(f.scope) || f.platform === undefined || f.lapsed) return undefined;
  const reach = gaveUp(f);
  if (reach && f.scope !== 'host_network') return undefined;
  const own = ownAdvice(f);
  if (own === 'never') return undefined;
  const text = {
    key: reach
      ? ('finding.platform_scope.gave_up' as const)
      : f.scope === 'platform'
        ? ('finding.platform_scope.platform' as const)
        : ('finding.platform_scope.host_network' as const),
    params: { name: platformParam(f.platform) },
  };
  const title = wordText('en', text).title;
  return { check: 'platform_scope', platform: f.platform, text, title, why: reach ? 'reach' : 'scope', own };
}

/**
 * The target's findings with their advice decided: a symptom a cause explains takes that cause's advice (`never`, or
 * `wait` for a cause still under way) and names it in `heldBy`, which its words then say (wordFinding); so does a
 * platform's failure that is not this gateway's (its scope). Every other finding keeps its own. Idempotent: findings
 * decided before are decided again from their own advice.
 */
export function decideRestarts(findings: readonly Finding[]): Finding[] {
  return findings.map((f) => {
    const { heldBy: _was, ...rest } = f;
    const base: Finding = { ...rest, restart: ownAdvice(f) };
    // A cause a restart cannot fix says so first; a failure that is not ours, before one still under way.
    const c = causeOf(f, findings);
    const scoped = c?.why === 'wait' || !c ? heldByScope(f) : undefined;
    // A finding another cause or its scope decides is not expected to end at Hermes' next retry: its alert is not put
    // off for that retry (Finding.quietUntil).
    const { quietUntil: _quiet, ...held } = base;
    // Not yet, for a platform Hermes gave up on: the restart comes once this host reaches it.
    if (scoped) return { ...held, restart: scoped.why === 'reach' ? 'wait' : 'never', heldBy: scoped };
    const heldBy: RestartHeldBy | undefined = c && {
      check: c.cause.check,
      ...(c.cause.platform !== undefined ? { platform: c.cause.platform } : {}),
      ...(c.cause.text ? { text: c.cause.text } : {}),
      title: c.cause.title,
      why: c.why,
      own: base.restart,
    };
    return heldBy ? { ...held, restart: heldBy.why === 'wait' ? 'wait' : 'never', heldBy } : base;
  });
}

/** What the target's findings ask of a restart, as the automatic path reads it (see decideAutoRestart). */
export interface TargetRestart {
  /** The advice for the target as a whole: `helps` when a restart fixes some cause, else `wait`, else `never`. */
  restart: RestartAdvice;
  /** The causes a restart cannot fix (the findings that hold restarts, not the symptoms they explain). */
  never: Finding[];
  /** Those that hold every restart of the gateway (no platform, or a restart makes them worse). */
  holdAll: Finding[];
  /** The findings a restart fixes, after every cause had its say. */
  fixable: Finding[];
}

export function targetRestart(findings: readonly Finding[]): TargetRestart {
  const decided = decideRestarts(findings);
  const never = decided.filter(holdsRestart);
  const holdAll = never.filter((n) => holdsGateway(n) || n.worse);
  const fixable = holdAll.length ? [] : decided.filter((f) => f.restart === 'helps');
  const restart: RestartAdvice = fixable.length
    ? 'helps'
    : !holdAll.length && decided.some((f) => f.restart === 'wait')
      ? 'wait'
      : 'never';
  return { restart, never, holdAll, fixable };
}
