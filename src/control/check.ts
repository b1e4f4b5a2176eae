// `gatewatch check`: one look at every target, never acting on it. The same whether the CLI runs it or the daemon does.
import type { App } from '../app.js';
import type { Reply } from '../types.js';
import { findingsReply } from '../delivery/findings-reply.js';
import { checkExitCode, type CheckSummary } from './protocol.js';

export async function runCheck(app: App): Promise<{ exit: number; summary: CheckSummary; replies: Reply[] }> {
  const results = [];
  for (const t of app.config.targets) results.push(await app.evaluate(t.name, { act: false }));
  const findings = results.flatMap((r) => r.findings);
  const exit = checkExitCode(findings);
  return {
    exit,
    summary: { status: (['ok', 'warning', 'critical'] as const)[exit]!, findings },
    replies: results.filter((r) => r.findings.length).map((r) => findingsReply(r.target, r.findings, app.config.locale)),
  };
}
