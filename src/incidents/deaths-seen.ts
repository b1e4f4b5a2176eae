// One death, one incident (issue 42 item 4). The deaths gatewatch saw, per target, kept in state.json: a death is seen
// when an incident of the gateway's own death was open while its process was gone. The next life's own report of a
// death (Hermes v0.20.2+: `prior_unclean_exit` in its sentinel and its `Previous gateway life … exited UNCLEANLY` line)
// is then evidence of that incident, not a death of its own; only a death gatewatch did not see (it was not running,
// or a supervisor restarted the gateway between two looks) is reported by itself. The daemon and a one-shot `check`
// read the same record, so both say the same. Pure.
import type { Finding } from '../types.js';
import type { PriorDeath } from '../detectors/lives.js';
import type { Incident } from './machine.js';
import { tellsLoop } from '../detectors/index.js';

export interface SeenDeath {
  /** The process that died, when its pid was known (gateway.pid, the state file). */
  pid?: number;
  /** When the death was dated (its incident's start). */
  at: number;
  /** The incident that told it. */
  incident: string;
  key: string;
}

/** Kept: the deaths of the last day, at most this many (a life reports only the death just before it). */
const KEEP = 20;
const KEEP_MS = 24 * 3_600_000;
/** A boot reports the death before it at once; a death seen well before the life began is an older one. */
const REPORT_WITHIN_MS = 30 * 60_000;
/** A death gatewatch dated after the new life had begun is the same one (the first look after a quick restart). */
const SLACK_MS = 2_000;

/** The list after a look that found the gateway down with `open` (its death incidents open); `pid`: the dead process. */
export function noteDeaths(
  list: readonly SeenDeath[],
  open: readonly Pick<Incident, 'id' | 'key' | 'openedAt'>[],
  pid: number | undefined,
  now: number,
): SeenDeath[] {
  const out = list.filter((d) => now - d.at <= KEEP_MS);
  for (const inc of open) {
    const mine = out.filter((d) => d.incident === inc.id);
    const d: SeenDeath = { ...(pid !== undefined ? { pid } : {}), at: inc.openedAt, incident: inc.id, key: inc.key };
    if (!mine.length) out.push(d);
    else if (pid !== undefined && !mine.some((m) => m.pid === pid)) {
      const blank = mine.find((m) => m.pid === undefined);
      // Another process died while the incident was open (a restart killed as it started): a death of its own, seen
      // now, whose next life's report is this incident's too.
      if (blank) out[out.indexOf(blank)] = d;
      else out.push({ ...d, at: now });
    }
  }
  return out.slice(-KEEP);
}

/**
 * The list with a life's report of a death nobody saw, once its own incident has told it and the gateway serves again:
 * the death is over and said, so the report is that incident's, which then closes without a word.
 */
export function noteReport(
  list: readonly SeenDeath[],
  inc: Pick<Incident, 'id' | 'key'>,
  prior: Pick<PriorDeath, 'pid' | 'lifeStartedAt'>,
): SeenDeath[] {
  if (list.some((d) => d.incident === inc.id)) return [...list];
  const d: SeenDeath = {
    ...(prior.pid !== undefined ? { pid: prior.pid } : {}),
    at: prior.lifeStartedAt,
    incident: inc.id,
    key: inc.key,
  };
  return [...list, d].slice(-KEEP);
}

/**
 * The seen death a life's report is about: the one of the pid Hermes names (gatewatch may have looked only after the
 * new life had claimed its start: a quick supervisor); where either side lacks the pid, the latest one dated before
 * the life began.
 */
export function seenDeathOf(
  list: readonly SeenDeath[],
  prior: Pick<PriorDeath, 'pid' | 'lifeStartedAt'>,
): SeenDeath | undefined {
  const latest = (pred: (d: SeenDeath) => boolean) => [...list].reverse().find(pred);
  const before = (d: SeenDeath) =>
    d.at <= prior.lifeStartedAt + SLACK_MS && prior.lifeStartedAt - d.at <= REPORT_WITHIN_MS;
  if (prior.pid === undefined) return latest(before);
  // The pid Hermes names, of a death just before this life: a pid is reused (a container hands out the same small
  // ones every start), and an older death of it is not the one this life reports.
  // Its sight may come after the new life claimed its start (a quick supervisor, the old pid file still read).
  const near = (d: SeenDeath) => Math.abs(prior.lifeStartedAt - d.at) <= REPORT_WITHIN_MS;
  return latest((d) => d.pid === prior.pid && near(d)) ?? latest((d) => d.pid === undefined && before(d));
}

/** How long before the reporting life began a told loop may have ended (its last look, the life's own claim). */
const LOOP_ENDED_MS = 60_000;

/**
 * A crash loop of this target was told, and was not over well before the life that reports a death began: that death
 * began the loop or was one of its lives (a kill, then a start that dies every time: issue 82), not one of its own.
 */
export function toldInLoop(
  incidents: Readonly<Record<string, Incident>>,
  target: string,
  prior: Pick<PriorDeath, 'lifeStartedAt'>,
): boolean {
  return Object.values(incidents).some(
    (i) =>
      i.target === target &&
      // A check that tells a crash loop (FindingMeaning's `loop`): each death in it is the loop's, the first one too.
      tellsLoop({ check: i.check, cause: i.finding.cause }) &&
      (i.notified || !!i.owed) &&
      i.openedAt <= prior.lifeStartedAt + SLACK_MS &&
      (i.status === 'open' || (i.resolvedAt ?? 0) >= prior.lifeStartedAt - LOOP_ENDED_MS),
  );
}

/**
 * The death's incident with the life's report folded in: its lines join the evidence (worded and not yet worded
 * alike), and `hermesReport` says the recovery may tell it. The same incident when it holds them already.
 */
export function foldReport(inc: Incident, report: Finding, oom: boolean): Incident {
  // Folded once: every later judgement of the same life brings the same report (its worded lines are objects, new
  // ones each time, so a comparison of them would add them again and again).
  if (inc.hermesReport) return inc;
  const f = inc.finding;
  const fresh = report.evidence.filter((l) => !f.evidence.includes(l));
  const text = (x: Finding) => x.evidenceText ?? x.evidence;
  const words = report.evidenceText ?? report.evidence;
  const added = words.filter((_, i) => !f.evidence.includes(report.evidence[i]!));
  return {
    ...inc,
    finding: {
      ...f,
      evidence: [...f.evidence, ...fresh],
      ...(f.evidenceText || report.evidenceText ? { evidenceText: [...text(f), ...added] } : {}),
    },
    hermesReport: { oom },
  };
}
