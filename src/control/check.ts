// `gatewatch check`: one look at every target, never acting on it. The same whether the CLI runs it or the daemon does.
import type { Config } from '../config/schema.js';
import type { EvalResult } from '../evidence.js';
import type { Finding, Locale, Reply } from '../types.js';
import { findingsReply } from '../delivery/findings-reply.js';
import { heldTitle, wordFinding } from '../i18n.js';
import { checkExitCode, type CheckFinding, type CheckSummary } from './protocol.js';
import { scopeWords } from '../delivery/scope-words.js';
import { stepNow } from '../util/steps.js';
import { limiter } from '../util/limit.js';

/** What a check reads: the targets, and a look at each (never a judgement). */
export interface CheckSource {
  config: Pick<Config, 'targets' | 'locale'>;
  look(target: string, o?: { fresh?: boolean }): Promise<EvalResult>;
}

/**
 * Targets looked at side by side: one look waits on its files and processes while another reads its own (twenty
 * profiles looked at in turn took twice as long). A few at once: each holds its logs' records until the words.
 */
const LOOKS_AT_ONCE = 4;

export async function runCheck(app: CheckSource): Promise<{ exit: number; summary: CheckSummary; replies: Reply[] }> {
  const turn = limiter(LOOKS_AT_ONCE);
  // Its own look, never one under way when it was asked: that one began before (an operator's stop a moment ago, and
  // it would still see the gateway and its banned QQ bot).
  const results = await Promise.all(app.config.targets.map((t) => turn(() => app.look(t.name, { fresh: true }))));
  return stepNow('words', () => worded(app, results));
}

/** The looks' findings in words, and the exit code they make. */
function worded(app: CheckSource, results: EvalResult[]): { exit: number; summary: CheckSummary; replies: Reply[] } {
  // `check --json`'s findings carry their words too: the command line's (`gatewatch restart demo`, not chat's /restart).
  const findings = results.flatMap((r) => r.findings).map((f) => checkFinding(app.config.locale, f));
  // A gateway its operator stopped is not a failure (exit 0 while it is fresh, the reminder's warning after), but a
  // check that printed nothing would call it healthy: it is said, and listed for machines.
  const exit = checkExitCode(findings);
  const stopped = results.flatMap((r) =>
    r.operatorStoppedAt !== undefined
      ? [{ target: r.target, by: 'operator' as const, at: new Date(r.operatorStoppedAt).toISOString() }]
      : [],
  );
  return {
    exit,
    summary: {
      status: (['ok', 'warning', 'critical'] as const)[exit]!,
      findings,
      ...(stopped.length ? { stopped } : {}),
    },
    replies: results
      .filter((r) => r.findings.length || r.operatorStoppedAt !== undefined)
      .map((r) => findingsReply(r.target, r.findings, app.config.locale, { ...r, dialect: 'cli' })),
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A finding as `check --json` prints it: the words the command line reads, no catalogue keys, ISO times. */
function checkFinding(locale: Locale, f: Finding): CheckFinding {
  const words = wordFinding(locale, f, 'cli');
  // Whose failure a platform's is (`scope`), in words as well where a probe said why.
  const scopeText = scopeWords(locale, f);
  const held = f.heldBy;
  const out: CheckFinding = {
    check: f.check,
    target: f.target,
    severity: f.severity,
    platform: f.platform,
    profile: f.profile,
    cause: f.cause,
    scope: f.scope,
    scopeText,
    ...words,
    evidence: f.evidence,
    restart: f.restart,
    worse: f.worse,
    heldBy: held && {
      check: held.check,
      platform: held.platform,
      title: heldTitle(locale, held, f.target),
      why: held.why,
      own: held.own,
    },
    since: iso(f.since),
    sinceIsLastSign: f.sinceIsLastSign,
    latest: iso(f.latest),
  };
  // What it does not say is left out, not null.
  for (const k of Object.keys(out) as (keyof CheckFinding)[]) if (out[k] === undefined || out[k] === '') delete out[k];
  return out;
}
