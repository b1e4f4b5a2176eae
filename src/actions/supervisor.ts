// Restart the gateway through whatever supervises it. Never by killing processes by name: a restart that
// escapes the supervisor leaves a second dispatcher behind (Hermes #7213, the --force help text).
import type { ServiceEvidence } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import {
  hostOf,
  launchDetached,
  runCommand,
  trimDetail,
  type CommandResult,
  type HostOptions,
} from '../probes/host.js';
import path from 'node:path';
import { redact } from '../util/redact.js';
import { claimFor } from '../probes/service.js';
import { adapterOf } from '../probes/supervisors/index.js';
import type { Plan, Verb } from '../probes/supervisors/types.js';
import { monotonicMs } from '../util/clock.js';
import type { Clock } from '../util/clock.js';

export interface SupervisorResult {
  ok: boolean;
  /** Trimmed, redacted: safe for chat and the audit log. */
  detail: string;
  durationMs: number;
}

/** `timeoutMs` bounds each supervisor command here; default 60 s. */
/** The host the commands run on, and the clock a detached start is watched on for a while (launchDetached). */
export type SupervisorOptions = HostOptions & { clock: Pick<Clock, 'timer'> };

/** `systemctl restart`, `launchctl kickstart -k` (bootstrapping the plist if unloaded), or the configured commands. */
export function restartViaSupervisor(
  target: TargetConfig,
  svc: ServiceEvidence,
  opts: SupervisorOptions,
): Promise<SupervisorResult> {
  return viaSupervisor('restart', target, svc, opts);
}

/**
 * Start a gateway that is down and that nothing else will start (`hermes update` left it stopped, §8.6): `systemctl
 * start`, `launchctl kickstart` without `-k` (bootstrapping the plist if unloaded), or `service.start` (else
 * `service.restart`). Nothing is stopped first: there is nothing running to stop.
 */
export function startViaSupervisor(
  target: TargetConfig,
  svc: ServiceEvidence,
  opts: SupervisorOptions,
): Promise<SupervisorResult> {
  return viaSupervisor('start', target, svc, opts);
}

/**
 * Stop the gateway and leave it stopped, for work that needs it down (deleting a stuck session, §9.15): `systemctl
 * stop`, `launchctl bootout` (a KeepAlive job would be relaunched by a kill; a start bootstraps it again), or
 * `service.stop`.
 */
export function stopViaSupervisor(
  target: TargetConfig,
  svc: ServiceEvidence,
  opts: SupervisorOptions,
): Promise<SupervisorResult> {
  return viaSupervisor('stop', target, svc, opts);
}

async function viaSupervisor(
  verb: Verb,
  target: TargetConfig,
  svc: ServiceEvidence,
  opts: SupervisorOptions,
): Promise<SupervisorResult> {
  const started = monotonicMs();
  const steps = await plan(verb, target, svc, opts);
  const done = (ok: boolean, detail: string): SupervisorResult => ({
    ok,
    detail,
    durationMs: Math.round(monotonicMs() - started),
  });
  if ('error' in steps) return done(false, steps.error);
  const host = hostOf(opts);
  const timeout = opts.timeoutMs ?? 60_000;
  const notes: string[] = [];
  let last: CommandResult | undefined;
  for (const step of steps.run) {
    last = step.detach
      ? await launchDetached(step.argv, host, {
          logFile: path.join(target.hermes_home, 'logs', 'gateway.stdout.log'),
          env: { HERMES_HOME: target.hermes_home },
          cwd: target.hermes_home,
          clock: opts.clock,
        })
      : await runCommand(step.argv, step.env ? { ...host, env: { ...host.env, ...step.env } } : host, timeout);
    if (last.exitCode === 0) {
      notes.push(`${show(step.argv)}: ok`);
      if (step.stopOnSuccess) break;
      continue;
    }
    notes.push(`${show(step.argv)}: ${last.failure}${outputOf(last)}`);
    if (step.fallbackOnExit !== undefined && last.exitCode === step.fallbackOnExit) continue;
    if (!step.optional) return done(false, notes.join('; '));
  }
  const ok = last?.exitCode === 0;
  return done(ok, notes.join('; '));
}

/** The supervisor's own plan for the verb (./../probes/supervisors/): its commands, as argv. */
async function plan(verb: Verb, target: TargetConfig, svc: ServiceEvidence, opts: HostOptions): Promise<Plan> {
  const host = hostOf(opts);
  const claim = await claimFor(target, opts);
  return adapterOf(svc.manager).plan(verb, target, svc, claim, host);
}

function show(argv: string[]): string {
  const s = redact(argv.join(' '));
  return s.length <= 120 ? s : `${s.slice(0, 119)}…`;
}

function outputOf(r: CommandResult): string {
  const d = trimDetail(r.stderr || r.stdout, 200);
  return d ? `: ${d}` : '';
}
