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
import { labelName, plistPath, resolveManager, scopeArgs, unitName, type Scope } from '../probes/service.js';
import { monotonicMs } from '../util/clock.js';
import { hermesInside } from '../probes/container.js';
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

type Verb = 'restart' | 'start' | 'stop';

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
      : await runCommand(step.argv, host, timeout);
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

interface Step {
  argv: string[];
  /** A failure here does not stop the sequence (`stop` before `start`). */
  optional?: boolean;
  /** Go on to the next step only when this exit code says so; success ends the sequence. */
  fallbackOnExit?: number;
  stopOnSuccess?: boolean;
  /** The command is the gateway itself (`service.detach`): launched detached, not waited for. */
  detach?: boolean;
}

async function plan(
  verb: Verb,
  target: TargetConfig,
  svc: ServiceEvidence,
  opts: HostOptions,
): Promise<{ run: Step[] } | { error: string }> {
  const host = hostOf(opts);
  const resolved = await resolveManager(target, opts);
  const manager = svc.manager;
  switch (manager) {
    case 'none': {
      // A gateway started by hand that is gone: the same command again, in a session of its own (no terminal to die
      // with), its output to the home's log. A live one is not gatewatch's to stop.
      const o = svc.origin;
      if (verb !== 'stop' && o && o.alive === false) return { run: [{ argv: o.argv, detach: true }] };
      return { error: 'no service manager (systemd, launchd or configured commands) to act through' };
    }
    case 'systemd': {
      const unit = svc.name ?? unitName(target);
      const scope: Scope = resolved.manager === 'systemd' && resolved.scope ? resolved.scope : target.service.scope;
      return { run: [{ argv: ['systemctl', ...scopeArgs(scope), verb, unit] }] };
    }
    case 'launchd': {
      const label = svc.name ?? labelName(target);
      const domain = `gui/${host.uid}`;
      if (verb === 'stop') return { run: [{ argv: ['launchctl', 'bootout', `${domain}/${label}`] }] };
      // 113 = not loaded (after `launchctl bootout`): loading the plist starts it (RunAtLoad).
      // -k kills a running instance first: a start has none to kill.
      const kick = ['launchctl', 'kickstart', ...(verb === 'restart' ? ['-k'] : []), `${domain}/${label}`];
      return {
        run: [
          { argv: kick, fallbackOnExit: 113, stopOnSuccess: true },
          { argv: ['launchctl', 'bootstrap', domain, plistPath(label, host)] },
        ],
      };
    }
    case 'docker':
    case 'podman':
      return containerPlan(verb, manager, svc);
    case 'command': {
      const c = target.service;
      if (verb === 'stop')
        return c.stop ? { run: [{ argv: c.stop }] } : { error: 'no service.stop command configured' };
      const start = c.start ? { argv: c.start, ...(c.detach ? { detach: true } : {}) } : undefined;
      if (verb === 'start' && start) return { run: [start] };
      if (c.restart) return { run: [{ argv: c.restart }] };
      // Starting a second foreground gateway beside the first would only lose the PID race to it: stop it first.
      if (start?.detach && !c.stop)
        return { error: 'no service.restart or service.stop command to restart a detached gateway with' };
      if (start) return { run: [...(c.stop ? [{ argv: c.stop, optional: true }] : []), start] };
      return { error: 'no service.restart or service.start command configured' };
    }
  }
}

/**
 * Through the container's own lever (hermes-deployments.md §1.2): `hermes gateway …` run inside it, which drives its
 * s6 slot and persists `desired_state`. A slot that is down needs a start (`gateway restart` on a down slot does
 * nothing and exits 0); a container that is not running needs the runtime's start, whose boot scripts start the slots
 * that were running. Never the host's `hermes` against the mounted home: that starts a second gateway beside it.
 */
function containerPlan(
  verb: Verb,
  runtime: 'docker' | 'podman',
  svc: ServiceEvidence,
): { run: Step[] } | { error: string } {
  const c = svc.container;
  if (!c) return { error: `no ${runtime} container found for this gateway${svc.error ? ` (${svc.error})` : ''}` };
  if (!c.running)
    return verb === 'stop'
      ? { error: `the container ${c.name} is not running` }
      : { run: [{ argv: [runtime, 'start', c.id] }] };
  // No s6 inside: the gateway is the container's program, and the container is what restarts it.
  // A permissions loop: the container's boot hands the volume back to its user.
  if (svc.supervised === false || (svc.slot?.denied && verb !== 'stop'))
    return { run: [{ argv: [runtime, verb, c.id] }] };
  const profile = svc.slot?.profile ?? '';
  const down = svc.slot?.status ? !svc.slot.status.up : svc.slot?.missing === true;
  const inside = verb === 'restart' && down ? 'start' : verb;
  return { run: [{ argv: [runtime, 'exec', c.id, ...hermesInside(profile, inside)] }] };
}

function show(argv: string[]): string {
  const s = redact(argv.join(' '));
  return s.length <= 120 ? s : `${s.slice(0, 119)}…`;
}

function outputOf(r: CommandResult): string {
  const d = trimDetail(r.stderr || r.stdout, 200);
  return d ? `: ${d}` : '';
}
