// Running one remedy an operator chose with /fix: one at a time per target, within its own budget
// (remediate.max_restarts per window), audited fix.begin → fix.ok | fix.failed. A restart goes through the remediator
// (its gate, its budget, its verification); a process is stopped only after it is proven again to be the one named.
import type { Config } from '../config/schema.js';
import type { Evidence } from '../evidence.js';
import type { Finding, FindingParam, Remedy, Respond } from '../types.js';
import { wordParam } from '../i18n.js';
import type { AuditLog } from '../state/audit.js';
import type { Clock } from '../util/clock.js';
import type { Remediator, RemediationState } from './remediate.js';
import { WATCH_ONLY, type RestartRecord } from '../actions/restart-policy.js';
import type { SkippedRestart } from '../actions/restart.js';
import { describeRemedy, STOP_GRACE_MS } from '../actions/remedies.js';
import { stopProcess } from '../actions/stop-process.js';
import { deleteStuckSession } from '../actions/delete-session.js';

/**
 * What a fix did, for its reader (`detail` keeps it in English for the audit log): the process it stopped, and the
 * restart's own record or skip (worded by the words /restart uses).
 */
export interface FixSaid {
  stopped?: FindingParam;
  /** A stuck session's deletion (§9.15): done, not done, or the gateway would not stop. */
  session?: FindingParam;
  /** An advice remedy: nothing ran. */
  advice?: true;
  restart?: Pick<RestartRecord, 'ok' | 'detail' | 'outcome' | 'start'> | SkippedRestart;
}

export type FixResult =
  | { ok: true; detail: string; said?: FixSaid }
  | {
      ok: false;
      code: 'budget' | 'busy' | 'changed' | 'protected' | 'signal' | 'survived' | 'restart' | 'stop' | 'delete';
      detail: string;
      used?: number /** `detail` for a reader, when it is worded (a refused stop). */;
      why?: FindingParam;
      said?: FixSaid;
    };

export interface FixerDeps {
  config: Pick<Config, 'remediate' | 'locale' | 'targets'>;
  audit: AuditLog;
  clock: Clock;
  state: RemediationState;
  save: () => Promise<void>;
  remediator: Pick<Remediator, 'manual' | 'inProgress'>;
}

export interface Fixer {
  run(target: string, remedy: Remedy, actor: string, evidence: Evidence, respond?: Respond): Promise<FixResult>;
  /**
   * After a judged evaluation: run the first stop remedy of a critical finding when remediate.auto lists its kind
   * (restarts and starts are the remediator's). Refused by the budget: audited once until a fix runs again.
   */
  auto(target: string, evidence: Evidence, findings: readonly Finding[]): Promise<FixResult | undefined>;
}

/** The gateway a stop must never touch: the live one of this target (or the root serving it) and its children. */
function gatewayPids(ev: Evidence): number[] {
  const pids = [
    ev.process.alive ? ev.process.pid : undefined,
    ev.hermes?.serving?.root?.process.alive ? ev.hermes.serving.root.process.pid : undefined,
  ];
  return pids.filter((p): p is number => typeof p === 'number');
}

export function createFixer(d: FixerDeps): Fixer {
  const running = new Set<string>();
  /** Targets whose automatic fix the budget refused, audited once. */
  const refusedAuto = new Set<string>();
  const fixer: Fixer = {
    async auto(target, evidence, findings) {
      // A stop followed by a restart is a restart too: auto_restart: false keeps it for an operator.
      const kinds: readonly string[] = d.config.remediate.auto.filter(
        (k) => d.config.remediate.auto_restart || k === 'stop_process',
      );
      const remedy = findings
        .filter((f) => f.severity === 'critical')
        .flatMap((f) => f.remedies ?? [])
        .find((r) => (r.kind === 'stop_process' || r.kind === 'stop_process_then_restart') && kinds.includes(r.kind));
      if (!remedy || running.has(target) || d.remediator.inProgress(target)) return undefined;
      if (refusedAuto.has(target) && budgetUsed(d, target) >= d.config.remediate.max_restarts) return undefined;
      const res = await fixer.run(target, remedy, 'gatewatch', evidence);
      if (!res.ok && res.code === 'budget') refusedAuto.add(target);
      else refusedAuto.delete(target);
      return res;
    },
    run: (target, remedy, actor, evidence, respond) => runFix(d, running, target, remedy, actor, evidence, respond),
  };
  return fixer;
}

/** What the audit records of a fix say of the remedy. */
function fixDetail(remedy: Remedy, target: string, locale: FixerDeps['config']['locale']): Record<string, unknown> {
  return {
    kind: remedy.kind,
    remedy: describeRemedy(remedy, target, locale),
    ...('process' in remedy
      ? { pid: remedy.process.pid, cmdline: remedy.process.cmdline, why: wordParam('en', remedy.why) }
      : {}),
    ...(remedy.kind === 'delete_session'
      ? { session: remedy.session.id, platform: remedy.session.platform, chat: remedy.session.chat }
      : {}),
  };
}

/** One remedy, one at a time per target, within the fixes' budget: audited fix.begin → fix.ok | fix.failed. */
async function runFix(
  d: FixerDeps,
  running: Set<string>,
  target: string,
  remedy: Remedy,
  actor: string,
  evidence: Evidence,
  respond?: Respond,
): Promise<FixResult> {
  if (running.has(target) || d.remediator.inProgress(target))
    return { ok: false, code: 'busy', detail: 'a fix or restart is in progress' };
  const now = d.clock.now();
  const { max_restarts: max } = d.config.remediate;
  const used = budgetUsed(d, target);
  const detail = fixDetail(remedy, target, d.config.locale);
  // Advice runs nothing: no budget, no lock; the operator's reading of it is audited all the same.
  if (remedy.kind === 'advice') {
    await d.audit.write({ type: 'fix.advice', target, actor, detail });
    return { ok: true, detail: 'advice given; nothing ran', said: { advice: true } };
  }
  if (used >= max) {
    await d.audit.write({ type: 'fix.failed', target, actor, detail: { ...detail, code: 'budget', used, max } });
    return { ok: false, code: 'budget', detail: `${used} of ${max}`, used };
  }
  running.add(target);
  try {
    await d.audit.write({ type: 'fix.begin', target, actor, detail });
    const res = await execute(d, target, remedy, actor, evidence, respond);
    d.state.fixes = [...(d.state.fixes ?? []), { target, at: now, kind: remedy.kind, actor, ok: res.ok }].slice(-200);
    await d.save();
    await d.audit.write({
      type: res.ok ? 'fix.ok' : 'fix.failed',
      target,
      actor,
      detail: { ...detail, result: res.detail, ...(res.ok ? {} : { code: res.code }) },
    });
    return res;
  } finally {
    running.delete(target);
  }
}

function budgetUsed(d: FixerDeps, target: string): number {
  const since = d.clock.now() - d.config.remediate.window;
  return (d.state.fixes ?? []).filter((f) => f.target === target && f.at > since).length;
}

/** Stop, delete, start: the gateway is started again whether or not the delete worked, never left stopped. */
async function deleteSession(
  d: FixerDeps,
  target: string,
  session: string,
  actor: string,
  evidence: Evidence,
  respond?: Respond,
): Promise<FixResult> {
  const cfg = d.config.targets.find((x) => x.name === target);
  if (!cfg) return { ok: false, code: 'stop', detail: `no target ${target}` };
  const gatewayPid = evidence.process.alive ? evidence.process.pid : undefined;
  const del = await deleteStuckSession(cfg, evidence.service, gatewayPid, session, { clock: d.clock });
  if (!del.ok && del.stage === 'stop') {
    const said: FixSaid = { session: { key: 'fix.result.not_stopped', params: { detail: del.detail } } };
    // A stop that half-worked must not leave it down.
    said.restart = await d.remediator.manual(target, actor, evidence, respond);
    return { ok: false, code: 'stop', detail: `not stopped: ${del.detail}`, why: said.session, said };
  }
  const said: FixSaid = {
    session: del.ok
      ? { key: 'fix.result.session_deleted', params: { session } }
      : { key: 'fix.result.session_not_deleted', params: { session, detail: del.detail } },
  };
  const rec = await d.remediator.manual(target, actor, evidence, respond);
  said.restart = rec;
  const what = wordParam('en', said.session!);
  if (!del.ok)
    return {
      ok: false,
      code: 'delete',
      detail: `${what}; ${'skipped' in rec ? `start skipped: ${rec.skipped}` : rec.ok ? 'started again' : 'start failed'}`,
      said,
    };
  if ('skipped' in rec) return { ok: false, code: 'restart', detail: `${what}; start skipped: ${rec.skipped}`, said };
  return rec.ok
    ? { ok: true, detail: `${what}; started and verified`, said }
    : { ok: false, code: 'restart', detail: `${what}; start failed: ${rec.detail ?? ''}`, said };
}

async function execute(
  d: FixerDeps,
  target: string,
  remedy: Remedy,
  actor: string,
  evidence: Evidence,
  respond?: Respond,
): Promise<FixResult> {
  // `restart: false`: its processes and sessions are not gatewatch's to touch either (a restart says so itself).
  const watchOnly = d.config.targets.find((t) => t.name === target)?.restart === false;
  if (watchOnly && remedy.kind !== 'restart' && remedy.kind !== 'start')
    return {
      ok: false,
      code: 'protected',
      detail: WATCH_ONLY,
      why: { key: 'restart.skip.watch_only' },
    };
  if (remedy.kind === 'stop_process' || remedy.kind === 'stop_process_then_restart') {
    const stop = await stopProcess(remedy.process, {
      clock: d.clock,
      protect: gatewayPids(evidence),
      graceMs: STOP_GRACE_MS,
    });
    if (!stop.ok) return { ok: false, code: stop.code, detail: stop.detail, why: stop.why };
    const said: FixSaid = {
      stopped:
        stop.gone === 'already'
          ? { key: 'fix.result.gone', params: { pid: remedy.process.pid } }
          : { key: 'fix.result.stopped', params: { pid: remedy.process.pid, signal: stop.signal } },
    };
    const stopped = wordParam('en', said.stopped!);
    if (remedy.kind === 'stop_process') return { ok: true, detail: stopped, said };
    const rec = await d.remediator.manual(target, actor, evidence, respond);
    said.restart = rec;
    if ('skipped' in rec)
      return { ok: false, code: 'restart', detail: `${stopped}; restart skipped: ${rec.skipped}`, said };
    return rec.ok
      ? { ok: true, detail: `${stopped}; restarted`, said }
      : { ok: false, code: 'restart', detail: `${stopped}; restart failed: ${rec.detail ?? ''}`, said };
  }
  if (remedy.kind === 'delete_session') return deleteSession(d, target, remedy.session.id, actor, evidence, respond);
  // "Start …" starts (service.start), "Restart …" restarts: what the remedy said is what runs.
  const rec = await d.remediator.manual(target, actor, evidence, respond, undefined, {
    start: remedy.kind === 'start',
  });
  if ('skipped' in rec) return { ok: false, code: 'restart', detail: rec.skipped, said: { restart: rec } };
  return rec.ok
    ? { ok: true, detail: rec.start ? 'started and verified' : 'restarted and verified', said: { restart: rec } }
    : { ok: false, code: 'restart', detail: rec.detail ?? 'not verified', said: { restart: rec } };
}
