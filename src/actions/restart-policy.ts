// Whether to restart a gateway now: a pure decision, so every rule is tested on data.
// Hermes maintainers saw an external watchdog cause a restart loop (#7213): restart only where it helps, never on top of
// the supervisor or the gateway's own start/drain, never inside the cooldown, and at most max_restarts per window.
import type { Finding } from '../types.js';
import type { ServiceEvidence } from '../evidence.js';

export interface RestartRecord {
  target: string;
  at: number;
  endedAt?: number;
  ok?: boolean;
  actor: string;
  reason: string;
  durationMs?: number;
  detail?: string;
}

export interface PolicySettings {
  autoRestart: boolean;
  maxRestarts: number;
  windowMs: number;
  cooldownMs: number;
}

export interface PolicyInput {
  target: string;
  findings: Finding[];
  service: ServiceEvidence;
  gatewayState?: string;
  history: RestartRecord[];
  inProgress: boolean;
  escalated: boolean;
  now: number;
}

export type Decision =
  | { action: 'none' }
  | { action: 'restart'; reason: string; checks: string[] }
  | { action: 'skip'; code: SkipCode; reason: string }
  | { action: 'escalate'; reason: string };

export type SkipCode = 'disabled' | 'unrecoverable' | 'busy' | 'supervisor' | 'transition' | 'cooldown' | 'no_supervisor' | 'escalated';

export function decideAutoRestart(i: PolicyInput, s: PolicySettings): Decision {
  const helps = i.findings.filter((f) => f.restart === 'helps');
  const never = i.findings.filter((f) => f.restart === 'never');
  // An unrecoverable cause alone is still worth one "not restarting" record, so the audit says why nothing happened.
  if (helps.length === 0 && never.length === 0) return { action: 'none' };
  // A gateway-wide unrecoverable cause blocks every restart; a platform-only one (QQ banned) blocks only restarts
  // that would be for that platform, so a Feishu executor shutdown is still fixed while QQ stays banned.
  const fixable = helps.filter((h) => !never.some((n) => n.platform && n.platform === h.platform));
  if (never.some((n) => !n.platform) || fixable.length === 0)
    return { action: 'skip', code: 'unrecoverable', reason: `a restart does not fix ${never.map((f) => f.check).join(', ')}` };
  const reason = fixable.map((f) => f.check).join(', ');
  if (!s.autoRestart) return { action: 'skip', code: 'disabled', reason: 'remediate.auto_restart is off' };
  if (i.escalated) return { action: 'skip', code: 'escalated', reason: 'gave up after the restart budget; waiting for recovery or an operator /restart' };
  const gate = restartGate(i, s.cooldownMs);
  if (gate) return gate;
  const recent = i.history.filter((r) => r.target === i.target && r.actor === 'gatewatch' && i.now - r.at < s.windowMs);
  if (recent.length >= s.maxRestarts)
    return { action: 'escalate', reason: `${recent.length} automatic restarts in the last ${Math.round(s.windowMs / 60_000)} min did not fix ${reason}` };
  return { action: 'restart', reason, checks: fixable.map((f) => f.check) };
}

/** Rules that hold for every restart, automatic or asked for by an operator. */
export function restartGate(
  i: Pick<PolicyInput, 'target' | 'service' | 'gatewayState' | 'history' | 'inProgress' | 'now'>,
  cooldownMs: number,
): Extract<Decision, { action: 'skip' }> | null {
  if (i.inProgress) return { action: 'skip', code: 'busy', reason: 'a restart is already in progress' };
  if (i.service.manager === 'none')
    return { action: 'skip', code: 'no_supervisor', reason: 'no service manager (systemd, launchd or configured commands) to restart it through' };
  if (i.service.restarting) return { action: 'skip', code: 'supervisor', reason: `the service manager is already restarting it (${i.service.state ?? 'activating'})` };
  if (i.gatewayState === 'starting' || i.gatewayState === 'draining')
    return { action: 'skip', code: 'transition', reason: `the gateway is ${i.gatewayState}` };
  const last = i.history.filter((r) => r.target === i.target).at(-1);
  if (last && cooldownMs > 0) {
    const since = i.now - (last.endedAt ?? last.at);
    if (since < cooldownMs) return { action: 'skip', code: 'cooldown', reason: `last restart ${Math.round(since / 1000)}s ago (cooldown ${Math.round(cooldownMs / 1000)}s)` };
  }
  return null;
}
