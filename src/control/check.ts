// `gatewatch check`: one look at every target, never acting on it. The same whether the CLI runs it or the daemon does.
import type { Config } from '../config/schema.js';
import type { EvalResult } from '../evidence.js';
import type { Reply } from '../types.js';
import { findingsReply } from '../delivery/findings-reply.js';
import { checkExitCode, type CheckSummary } from './protocol.js';

/** What a check reads: the targets, and a look at each (never a judgement). */
export interface CheckSource {
  config: Pick<Config, 'targets' | 'locale'>;
  look(target: string): Promise<EvalResult>;
}

export async function runCheck(app: CheckSource): Promise<{ exit: number; summary: CheckSummary; replies: Reply[] }> {
  const results = [];
  for (const t of app.config.targets) results.push(await app.look(t.name));
  const findings = results.flatMap((r) => r.findings);
  const exit = checkExitCode(findings);
  return {
    exit,
    summary: { status: (['ok', 'warning', 'critical'] as const)[exit]!, findings },
    replies: results.filter((r) => r.findings.length).map((r) => findingsReply(r.target, r.findings, app.config.locale)),
  };
}
