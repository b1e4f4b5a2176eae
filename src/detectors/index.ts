// The detector table and the one entry point: evidence in, one finding per cause out, most severe first.
import type { DetectSettings, Detector, Evidence, Explained } from '../evidence.js';
import type { Finding, Severity } from '../types.js';
import { wordText } from '../i18n.js';
import { doctorDetectors } from './doctor.js';
import { applyHermesRules, hermesCurrentDetectors } from './hermes-current.js';
import { authDetectors } from './platforms-auth.js';
import { installDetectors } from './install-broken.js';
import {
  heldByPlatforms,
  onPlatformChecks,
  platformDeaf,
  platformForecast,
  registeredPlatforms,
} from './hermes-platforms.js';
import { floodDetectors } from './log-flood.js';
import { lifecycleDetectors } from './lifecycle.js';
import { livesDetectors } from './lives.js';
import { platformDetectors } from './platforms.js';
import { operatorStoppedAt, processDetectors } from './process.js';
import { containerDetectors } from './container.js';
import { containerHealthDetectors } from './container-health.js';
import { containerPausedDetectors, heldByPause } from './container-paused.js';
import { supervisorDetectors, supervisorRiskDetectors } from './supervisor.js';
import { sessionDetectors, unreadableDetectors } from './unreadable.js';
import { turnsDetectors } from './turns-failing.js';
import { silentDetectors } from './inbound-silent.js';
import { pausedDetectors } from './platform-paused.js';
import { agentSilenceDetectors } from './agent-silence.js';
import { stateDbDetectors } from './state-db.js';
import { providerAuthDetectors } from './provider-auth.js';
import { startupHeldDetectors } from './startup-held.js';
import { restartLoopDetectors } from './restart-loop.js';
import { configIgnoredDetectors } from './config-ignored.js';
import { diskFullDetectors } from './disk-full.js';
import { diskReadOnlyDetectors } from './disk-readonly.js';
import { portInUseDetectors } from './port-in-use.js';
import { updateSnapshotDetectors } from './update-snapshot.js';
import { memoryDetectors } from './memory-growth.js';
import { forecastDetector } from './forecast.js';
import { cronDetectors } from './cron.js';
import { hermesHealthDetectors } from './hermes-health.js';
import { stuckSessionDetectors } from './stuck-session.js';
import { decideRestarts } from './restart-advice.js';
import { downBefore } from './down-before.js';
import { addMeanings, checksThat, explainedBy, isDownLoop } from './meanings.js';

/** The detectors before the platforms' own checks, and after them. */
const BEFORE_PLATFORMS: Detector[] = [
  ...processDetectors,
  ...containerDetectors,
  ...containerHealthDetectors,
  ...containerPausedDetectors,
  ...supervisorDetectors,
  ...lifecycleDetectors,
  ...livesDetectors,
];
const AFTER_PLATFORMS: Detector[] = [
  ...platformDetectors,
  ...hermesCurrentDetectors,
  ...authDetectors,
  ...installDetectors,
  ...sessionDetectors,
  // Each Hermes platform's own ways of going deaf (src/platforms/<name>/, registered).
  platformDeaf,
  ...turnsDetectors,
  ...agentSilenceDetectors,
  ...stateDbDetectors,
  ...providerAuthDetectors,
  ...startupHeldDetectors,
  ...restartLoopDetectors,
  ...configIgnoredDetectors,
  ...diskFullDetectors,
  ...diskReadOnlyDetectors,
  ...portInUseDetectors,
  ...updateSnapshotDetectors,
  ...stuckSessionDetectors,
  ...memoryDetectors,
  forecastDetector([platformForecast]),
  ...cronDetectors,
  ...hermesHealthDetectors,
  ...supervisorRiskDetectors,
  ...silentDetectors,
  ...pausedDetectors,
  ...floodDetectors,
  ...unreadableDetectors,
  // Deployment lint: these return nothing unless `doctor` gathered ev.doctor.
  ...doctorDetectors,
];

/**
 * Every detector, each registered platform's own checks among them (HermesPlatform.checks): filled in place as the
 * platforms register (src/platforms/index.ts), which the composition root loads before any look.
 */
export const detectors: Detector[] = [...BEFORE_PLATFORMS, ...AFTER_PLATFORMS];

/** Every check id gatewatch can report (filled in place with the detectors). */
export const checkIds: string[] = [];

addMeanings(detectors);

/** The finding kinds registered after the table (registerDetectors), after every other detector. */
const ADDED: Detector[] = [];

/**
 * Detectors of finding kinds of their own, after the table's. A kind's meaning comes with its detector
 * (Detector.meaning), its words with its texts: a new kind costs its files and this call (or its line in the table).
 * A check the table has already is refused: two detectors of one kind are one kind's, declared together.
 */
export function registerDetectors(ds: readonly Detector[]): void {
  const had = new Set(detectors.map((d) => d.check));
  const again = [...new Set(ds.filter((d) => had.has(d.check)).map((d) => d.check))];
  if (again.length) throw new Error(`registerDetectors: gatewatch has ${again.join(', ')} already`);
  ADDED.push(...ds);
  detectors.push(...ds);
  checkIds.push(...new Set(ds.map((d) => d.check)));
  addMeanings(ds);
}
export { checksThat, explainedBy, restartsAtOnceFor, tellsLoop } from './meanings.js';

/** The checks this look could not judge (Detector.unjudged): their open incidents are neither over nor found. */
export function unjudgedChecks(ev: Evidence): ReadonlySet<string> {
  return new Set(detectors.filter((d) => d.unjudged?.(ev)).map((d) => d.check));
}

/** Causes that mean the gateway itself is not running: findings a running gateway would have are moot. */
const DOWN_CHECKS = checksThat('down');
/**
 * The checks whose findings are forecasts: warnings of what comes if a trend holds. One that ends is withdrawn (its
 * trend no longer holds), never "recovered": nothing was down.
 */
export const FORECAST_CHECKS = checksThat('forecast');
/** Findings as true of a gateway that is down: kept when it is (FindingMeaning.roles). */
const WHILE_DOWN = checksThat('whileDown');

/** The findings say the gateway itself is not running (a whole-gateway cause, not one platform's). */
export function gatewayDown(findings: readonly Pick<Finding, 'check' | 'platform' | 'cause'>[]): boolean {
  // A start that ends at once every time (§9.16) stands for the down causes it replaces.
  return findings.some((f) => (DOWN_CHECKS.has(f.check) && !f.platform) || isDownLoop(f));
}
/** The platforms already down when the gateway went down, on the findings that say it is down (down-before.ts). */
function withDownBefore(ev: Evidence, found: Finding[]): Finding[] {
  return found.map((f) => {
    if (!DOWN_CHECKS.has(f.check) || f.platform) return f;
    const before = downBefore(ev, f.since ?? ev.now);
    return before.length ? { ...f, before } : f;
  });
}

/** `found` less what another of its findings explains. */
function withoutExplained(found: Finding[]): Finding[] {
  const applies = (by: Finding, e: Explained) =>
    (e.when?.cause === undefined || by.cause === e.when.cause) &&
    (e.when?.notCause === undefined || by.cause !== e.when.notCause);
  const explained = found.flatMap((by) => explainedBy(by.check).filter((e) => applies(by, e)));
  if (!explained.length) return found;
  return found.filter(
    (f) =>
      !explained.some(
        (e) =>
          e.check === f.check &&
          (e.cause === undefined || f.cause === e.cause) &&
          (e.key === undefined || f.text?.key === e.key),
      ),
  );
}

/** Deployment lint is about files, not the running gateway. */
const LINT = new Set(doctorDetectors.map((d) => d.check));

/**
 * For one platform, the most specific cause wins: earlier in this list beats later. A platform's own checks go before
 * the shared check each names (PlatformCheck.before), in the registry's order (filled in place with the detectors).
 */
const PLATFORM_PRECEDENCE: string[] = [];
const SHARED_PRECEDENCE = [
  // The operator paused it (§9.10): whatever else it shows is theirs to handle, and a restart would undo the pause.
  'platform_paused',
  'config_fatal',
  // A module its install lacks: nothing else it shows can start before that is installed.
  'install_broken',
  // Its session files are another user's (a command run as root): nothing it shows mends before they are its own.
  'session_unreadable',
  'platform_auth_failed',
  'platform_deaf',
  'platform_down',
  'startup_incomplete',
  'disconnect_storm',
  'platform_silent',
];

onPlatformChecks((own) => {
  detectors.splice(0, Infinity, ...BEFORE_PLATFORMS, ...own, ...AFTER_PLATFORMS, ...ADDED);
  checkIds.splice(0, Infinity, ...new Set(detectors.map((d) => d.check)));
  const ranked = SHARED_PRECEDENCE.flatMap((c) => [...own.filter((o) => o.before === c).map((o) => o.check), c]);
  PLATFORM_PRECEDENCE.splice(0, Infinity, ...new Set(ranked));
});

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function runDetectors(ev: Evidence, settings: DetectSettings): Finding[] {
  // Loudly, before any detector: one that threw would only become a detector_error finding.
  registeredPlatforms();
  let found: Finding[] = [];
  for (const d of detectors) {
    try {
      found.push(...d.detect(ev, settings));
    } catch (err) {
      // A detector bug must not hide the other findings; surface it as a finding of its own.
      const text = {
        key: 'finding.detector_error' as const,
        params: { detector: d.check, message: err instanceof Error ? err.message : String(err) },
      };
      found.push({
        check: 'detector_error',
        target: ev.target,
        severity: 'info',
        text,
        ...wordText(settings.locale, text),
        evidence: [],
        restart: 'never',
      });
    }
  }

  found = applyHermesRules(ev, found, (f) => LINT.has(f.check), settings);
  found = heldByPause(ev, found, (f) => LINT.has(f.check));
  found = heldByPlatforms(ev, found);

  // Every start loses to a stale PID file, or refuses because it does not see itself supervised (§9.16): that is why
  // the gateway is down, and its race lines are no fight between two live gateways. It replaces the down causes, which
  // would each restart into the loop (a restart is what the supervisor already does every few seconds).
  // (A loop in which no gateway runs: meanings.ts isDownLoop. Its race lines, each lost start's, its meaning explains.)
  if (found.some(isDownLoop)) found = found.filter((f) => !DOWN_CHECKS.has(f.check));

  // A finding another explains (a breaker's storm the race lines of its starts, a full disk its forecast, a dead
  // provider credential the messages left unanswered): each cause's meaning says which.
  found = withoutExplained(found);

  // The gateway is down: what its platforms or its loop did is moot (and a platform's unrecoverable cause, e.g. a
  // banned QQ bot, must not block restarting the gateway for the others; it fires again after the restart). So it is
  // when its operator stopped it, though no finding says so before the reminder: a stop is no failure (issue 61). A
  // stuck update, which replaced the down causes above, is why it is down: it stays.
  if (gatewayDown(found) || operatorStoppedAt(ev, settings) !== undefined) {
    found = withDownBefore(ev, found).filter(
      (f) => (DOWN_CHECKS.has(f.check) && !f.platform) || WHILE_DOWN.has(f.check) || LINT.has(f.check),
    );
  }

  // One finding per platform among the platform causes.
  const best = new Map<string, number>();
  for (const f of found) {
    const rank = PLATFORM_PRECEDENCE.indexOf(f.check);
    // A lapsed finding (stale evidence) is no cause: it must not hide the one that is (a logout, the bridge gone).
    if (!f.platform || rank < 0 || f.lapsed) continue;
    best.set(f.platform, Math.min(best.get(f.platform) ?? Infinity, rank));
  }
  found = found.filter((f) => {
    const rank = PLATFORM_PRECEDENCE.indexOf(f.check);
    return !f.platform || rank < 0 || f.lapsed || rank === best.get(f.platform);
  });

  // One restart advice for the target: a symptom a cause explains takes that cause's (most specific first).
  found = decideRestarts(found);

  return found
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
