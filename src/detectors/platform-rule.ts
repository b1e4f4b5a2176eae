// The shape of what gatewatch knows about one Hermes platform, and the one engine that turns its log rules into
// findings. A platform's folder (src/platforms/<name>/) holds its lines, its words, its rules and its demo fault; this
// file knows no platform by name. docs/architecture.md, "How to teach gatewatch a platform", walks through one.
import type { Detector, Evidence, LogRecord } from '../evidence.js';
import type { AdviceKind, Finding, FindingParam, RestartAdvice, Severity } from '../types.js';
import { age, currentRun, finding, lastIndex, matching, patternGroup, processAlive, type Params } from './common.js';
import { lastInbound } from './inbound.js';
import { withProfile, type Entry } from './platform-entries.js';

/**
 * One way a platform goes deaf that its own lines show. The bad line opens an episode; a good line after it ends the
 * episode; the rule fires when the episode is as long, as dense or as unanswered as the rule says.
 */
export interface LogRule {
  /** The finding's text id: `platform_deaf.<variant>` (its words are in the platform's words.ts). */
  text: `platform_deaf.${string}`;
  /** What a restart does for it: the reference's "restart helps?" column (§9.24). */
  restart: RestartAdvice;
  /** "worse" in that column: holds every restart of the gateway (Finding.worse). */
  worse?: boolean;
  severity?: Severity;
  /** The line that shows it (tested on the record's message). */
  bad: RegExp;
  /** A later line that shows it hears again; none when the reference quotes none (the episode ends with the run). */
  good?: RegExp;
  /** A later inbound message on the platform also ends the episode (it heard someone). */
  inboundClears?: boolean;
  /** Loops, not single lines: at least this many bad lines in the episode… */
  minCount?: number;
  /** …within this window of now (a loop that stopped ages out). */
  windowMs?: number;
  /**
   * A cadence, not an episode: count the bad lines within the window whatever came between them (a close that always
   * reconnects, but every five minutes).
   */
  cadence?: boolean;
  /** Still going on: the last bad line is this recent (a loop with no line for its recovery ends when its lines do). */
  freshMs?: number;
  /** It persists: the episode spans at least this long (one burst of failures is not "for minutes"). */
  minSpanMs?: number;
  /** A strike that should have been answered: fires only once the episode's first bad line stands this long unanswered. */
  unansweredMs?: number;
  /** Where the lines are: gateway.log (default), or agent.log only (a logger that is not a gateway component). */
  source?: 'agent';
  /**
   * The rule reads its own episode instead of the run's bad and good lines: a failure whose evidence is spread over
   * hours and across restarts (Evidence.hermes.hours). Empty when it does not fire; the other knobs do not apply.
   */
  read?: (ev: Evidence) => LogRecord[];
  /** Hermes is handling it right now: not a cause yet. */
  quietWhile?: (ev: Evidence) => boolean;
  /** Text parameters read off the episode's lines (a skew, a reason), or the evidence (the version that runs). */
  params?: (episode: LogRecord[], ev: Evidence) => Params;
  /** What only the operator can do about it, offered by /fix as advice (an update or a rollback). */
  advice?: AdviceKind;
}

/** A platform's own reason for being left out of the start-up. */
export interface NotStarted {
  text: `startup_incomplete.${string}`;
  restart: RestartAdvice;
  params?: Params;
  evidence?: FindingParam[];
}

/** What a platform's folder hands the registry (src/platforms/index.ts). */
export interface HermesPlatform {
  /** The bare platform key as Hermes writes it in gateway_state.json: `slack`, `qqbot`. */
  platform: string;
  /** Earlier rules win: one platform_deaf finding per platform. */
  rules?: readonly LogRule[];
  /**
   * Findings of its own for what is not a line rule (a state, a count of restarts, a setting): platform_deaf, or a
   * check whose meaning it shares (config_fatal for a platform that cannot start on its configuration).
   */
  deaf?: readonly Detector['detect'][];
  /**
   * Why its start-up left it out, when its folder knows (a `startup_incomplete.<variant>` of its own, in place of the
   * generic count): a platform skipped without a line of its own, whose cause a restart does not change.
   */
  notStarted?: (ev: Evidence) => NotStarted | undefined;
  /** Its forecasts (check `forecast`, src/detectors/forecast.ts): the time left before its own ladder gives up. */
  forecasts?: readonly Detector['detect'][];
  /**
   * Hermes is on it: a `platform_down` for this entry is not a cause yet (the platform's own ladder is running, and a
   * restart per drop would only add churn).
   */
  holdsDown?: (ev: Evidence, entry: Entry) => boolean;
  /**
   * Checks of its own (`qq_banned`, `telegram_polling_conflict`): detectors under their own check ids, judged beside
   * every other (src/detectors/index.ts). They mean nothing beyond their words (no FindingMeaning).
   */
  checks?: readonly PlatformCheck[];
}

/**
 * A platform's own check, and where its findings rank among one platform's causes: before the shared check it names
 * (`platform_auth_failed`: a cause more specific than a rejected credential), the earlier the more specific; unranked,
 * it stands beside them (a gateway's churn, not one platform's cause).
 */
export interface PlatformCheck extends Detector {
  before?: string;
  /** Hermes gave up on the platform (it retries no more): only a restart brings it back, once the platform is up. */
  gaveUp?: true;
}

/** Every gateway.log pattern any rule reads, as one pattern group (see patternGroup). */
export function ruleLines(platforms: readonly HermesPlatform[]): number {
  return patternGroup(
    ...platforms.flatMap((p) =>
      (p.rules ?? []).filter((r) => r.source !== 'agent').flatMap((r) => (r.good ? [r.bad, r.good] : [r.bad])),
    ),
  );
}

/** The episode a rule sees now, oldest first; empty when it does not fire. */
export function episodeOf(ev: Evidence, rule: LogRule, run: readonly LogRecord[], platform: string): LogRecord[] {
  const lastBad = lastIndex(run, (r) => rule.bad.test(r.message));
  if (lastBad < 0) return [];
  const inWindow = (r: LogRecord) => rule.windowMs === undefined || ev.now - r.ts <= rule.windowMs;
  let episode: LogRecord[];
  if (rule.cadence) {
    episode = run.filter((r) => rule.bad.test(r.message) && inWindow(r));
  } else {
    if (rule.good && lastIndex(run, (r) => rule.good!.test(r.message)) > lastBad) return [];
    const lastGood = rule.good ? lastIndex(run, (r) => rule.good!.test(r.message), lastBad) : -1;
    episode = run.slice(lastGood + 1, lastBad + 1).filter((r) => rule.bad.test(r.message) && inWindow(r));
  }
  if (rule.inboundClears) {
    // A message it heard ends what came before it, not a later strike.
    const heard = lastInbound(ev, platform);
    if (heard !== undefined) episode = episode.filter((r) => r.ts > heard);
  }
  if (!episode.length || episode.length < (rule.minCount ?? 1)) return [];
  if (rule.unansweredMs !== undefined && ev.now - episode[0]!.ts < rule.unansweredMs) return [];
  if (rule.freshMs !== undefined && ev.now - episode.at(-1)!.ts > rule.freshMs) return [];
  if (rule.minSpanMs !== undefined && episode.at(-1)!.ts - episode[0]!.ts < rule.minSpanMs) return [];
  return episode;
}

/** The platform_deaf detector over every platform's rules. */
export function deafDetector(platforms: readonly HermesPlatform[]): Detector {
  const group = ruleLines(platforms);
  return {
    check: 'platform_deaf',
    detect(ev, s) {
      if (!processAlive(ev)) return [];
      const cur = currentRun(ev);
      // agent.log's tail, and what of it is kept over hours (a line a message outlives a busy log's tail): one each.
      const seen = new Set<string>();
      const agent = [...(ev.hermes?.hours ?? []), ...(ev.hermes?.agentOnly ?? [])]
        .filter((r) => (cur.startedAt === undefined || r.ts >= cur.startedAt) && !seen.has(r.line) && seen.add(r.line))
        .sort((a, b) => a.ts - b.ts);
      const servedAs = ev.hermes?.serving?.role === 'served' ? ev.hermes.serving.profile : undefined;
      const out: Finding[] = [];
      for (const p of platforms) {
        for (const rule of p.rules ?? []) {
          if (rule.quietWhile?.(ev)) continue;
          const episode = rule.read
            ? rule.read(ev)
            : episodeOf(ev, rule, rule.source === 'agent' ? agent : matching(ev, group), p.platform);
          if (!episode.length) continue;
          const first = episode[0]!;
          const last = episode.at(-1)!;
          out.push(
            withProfile(
              finding(ev, s, {
                check: 'platform_deaf',
                text: rule.text,
                // Each way of going deaf is an incident of its own: a platform's rule and its own detectors may both hold.
                cause: rule.text.slice('platform_deaf.'.length),
                severity: rule.severity ?? 'critical',
                restart: rule.restart,
                ...(rule.worse ? { worse: true } : {}),
                platform: p.platform,
                params: { count: String(episode.length), ago: age(ev.now - first.ts), ...rule.params?.(episode, ev) },
                since: first.ts,
                evidence: [first.line, ...(episode.length > 1 ? [last.line] : [])],
                ...(rule.advice ? { remedies: [{ kind: 'advice', advice: rule.advice }] } : {}),
              }),
              servedAs,
            ),
          );
          break;
        }
        for (const detect of p.deaf ?? []) out.push(...detect(ev, s));
      }
      return out;
    },
  };
}
