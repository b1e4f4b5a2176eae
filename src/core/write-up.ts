// The write-up of an incident as it ends (issue 55 item 12): what happened within it, kept in its history entry for the
// recovery to summarise and `/incident` to tell in full. Gatewatch's own actions (its restarts and starts, an
// operator's, the remedies of /fix) with their results, what Hermes did by itself (reconnected the platform, reported
// the death), what the incident became where another finding carried it on, who brought it back, and the lines that
// showed it. Pure: the incident, the target's restarts and fixes, and the platforms' connect lines of this run.
import { EPISODES, type Incident } from '../incidents/machine.js';
import type { RestartRecord } from '../actions/restart-policy.js';
import type { FixRecord } from '../actions/remedies.js';
import { EVIDENCE_CHARS, EVIDENCE_LINES, MAX_STEPS, type IncidentEntry, type IncidentStep } from '../history/model.js';
import { recoveredBy, restartOf } from '../delivery/recovery.js';
import { DEMO_HEAL } from '../actions/restart.js';

export interface WriteUpInput {
  restarts?: readonly RestartRecord[];
  fixes?: readonly FixRecord[];
  /** Each platform's connect lines in the gateway's current run. */
  connects?: Record<string, readonly number[]>;
}

/** The hold a restart ended, as its step keeps it: what its words name, nothing of the policy's own bookkeeping. */
const stepHold = (h: NonNullable<RestartRecord['held']>): NonNullable<IncidentStep['held']> => ({
  since: h.since,
  code: h.code,
  ...(h.platforms?.length ? { platforms: h.platforms } : {}),
  ...(h.state !== undefined ? { state: h.state } : {}),
  ...(h.agents !== undefined ? { agents: h.agents } : {}),
});

/**
 * A restart is this incident's when gatewatch made it for one of the incident's checks (its own, or one of the story
 * it carries on), or when a person asked for it: an automatic restart for another incident open at the same time (a
 * death during a long warning) is that one's (issue 80 item 4: a `loop_stalled` write-up listed three restarts of
 * others). Records of older versions name their checks in their reason.
 */
function restartFor(r: RestartRecord, inc: Incident): boolean {
  if (r.actor !== 'gatewatch') return true;
  const mine = new Set([inc.check, ...(inc.follows ?? []).map((f) => f.check)]);
  return r.checks ? r.checks.some((c) => mine.has(c)) : [...mine].some((c) => r.reason.includes(c));
}

/** What gatewatch (or an operator through it) did within [from, to], with each result. */
function actions(inc: Incident, from: number, to: number, i: WriteUpInput): IncidentStep[] {
  const restarts = (i.restarts ?? [])
    .filter((r) => restartOf(r, from, to) && restartFor(r, inc))
    .map((r): IncidentStep => {
      const partial = r.outcome?.kind === 'upstream' ? r.outcome.platforms : undefined;
      return {
        at: r.at,
        what: r.start ? 'start' : 'restart',
        actor: r.actor,
        ...(r.reason === DEMO_HEAL ? { kind: DEMO_HEAL } : {}),
        ok: r.ok === true,
        // Back when the gateway it started served again (the moment the recovery says), else when it was judged.
        ...((r.backAt ?? r.endedAt) !== undefined ? { endedAt: r.backAt ?? r.endedAt } : {}),
        ...(partial?.length ? { partial } : {}),
        ...(r.held ? { held: stepHold(r.held) } : {}),
      };
    });
  // Remedies that restart are the restarts above; the others (a stopped process) are said as their own kind.
  const fixes = (i.fixes ?? [])
    .filter((f) => f.target === inc.target && f.at >= from && f.at <= to && f.kind !== 'restart' && f.kind !== 'start')
    .map((f): IncidentStep => ({ at: f.at, what: 'fix', kind: f.kind, actor: f.actor, ok: f.ok }));
  return [...restarts, ...fixes];
}

/**
 * What the incident became: each later finding of its story (machine.ts handOver), and each turn of what one said, from
 * when gatewatch saw it (issue 77: "QQ's servers answered again" dated when QQ still refused, as the finding said at
 * the end, not then).
 */
function became(inc: Incident): IncidentStep[] {
  if (inc.chain === undefined) return [];
  const later = [...(inc.follows ?? []).slice(1), { ...inc, title: inc.finding.title, text: inc.finding.text }];
  return later.flatMap((x) =>
    (x.turns ?? [{ at: x.detectedAt ?? x.openedAt, title: x.title, ...(x.text ? { text: x.text } : {}) }]).map(
      (turn) => ({
        at: turn.at,
        what: 'became' as const,
        title: turn.title,
        ...(turn.text ? { text: turn.text } : {}),
        ...(x.platform !== undefined ? { platform: x.platform } : {}),
      }),
    ),
  );
}

export function writeUpOf(inc: Incident, end: number, i: WriteUpInput): Partial<IncidentEntry> {
  const by = recoveredBy(inc, i.restarts);
  const p = inc.platform;
  const lastRestart = (i.restarts ?? []).filter((r) => restartOf(r, inc.openedAt, end)).at(-1);
  const after = lastRestart?.endedAt ?? lastRestart?.at ?? inc.openedAt;
  // Of an episode of many drops (a storm), the reconnect that ended it: the last before its end, not its first drop's.
  const hermes = by.by === 'hermes' && p !== undefined ? i.connects?.[p]?.filter((t) => t >= after && t <= end) : [];
  const reconnect = EPISODES.has(inc.check) ? hermes?.at(-1) : hermes?.[0];
  const steps = [
    ...actions(inc, inc.openedAt, end, i),
    ...became(inc),
    ...(reconnect !== undefined ? [{ at: reconnect, what: 'hermes_reconnected' as const, platform: p }] : []),
    ...(inc.hermesReport ? [{ at: end, what: 'hermes_report' as const, ok: !inc.hermesReport.oom }] : []),
  ]
    .sort((a, b) => a.at - b.at)
    .slice(-MAX_STEPS);
  const f = inc.finding;
  // What the story became, as gatewatch first saw it ("QQ cannot be reached from this host"): its later turns (its
  // servers answering again) are steps towards its end, told in the timeline at their own times.
  const first = inc.turns?.[0] ?? f;
  return {
    by: by.by,
    ...('actor' in by ? { actor: by.actor } : {}),
    ...(inc.toldAt !== undefined ? { toldAt: inc.toldAt } : {}),
    steps,
    ...(inc.chain !== undefined
      ? {
          endTitle: first.title,
          ...(first.text ? { endText: first.text } : {}),
          ...(p !== undefined ? { endPlatform: p } : {}),
        }
      : {}),
    evidence: f.evidence.slice(-EVIDENCE_LINES).map((l) => l.slice(0, EVIDENCE_CHARS)),
  };
}
