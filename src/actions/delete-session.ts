// The narrow fix for a stuck session (hermes-gateway-current.md §9.15): stop the gateway, `hermes sessions delete <id>
// --yes`, start it again (the caller starts it, through the restart path and its verification). Never with the gateway
// running: a second Hermes process beside a live one can unlink its state.db WAL (§9.19), and a live gateway would
// write the session back.
import type { TargetConfig } from '../config/schema.js';
import type { ServiceEvidence } from '../evidence.js';
import type { Clock } from '../util/clock.js';
import { hostOf, runCommand, trimDetail, type HostOptions } from '../probes/host.js';
import { isSessionId } from '../probes/recent-lives.js';
import { findGatewayProcesses } from '../probes/gateway-scan.js';
import { stopViaSupervisor } from './supervisor.js';
import { pidExists } from '../util/pid.js';

/** systemd's own default stop timeout is 90 s; Hermes' drain by default fits in 70 (§9.16). */
const STOP_WAIT_MS = 90_000;
const POLL_MS = 250;

export type DeleteSessionResult =
  | { ok: true; detail: string }
  | { ok: false; stage: 'stop' | 'delete'; detail: string };

export interface DeleteSessionDeps {
  clock: Clock;
  host?: HostOptions;
}

/**
 * A gateway of the home that still runs: the one the look saw (`pid`), else any a scan of the host finds serving the
 * home. The look /fix acted on may have seen none that runs: one started before it wrote its pid record, a second one
 * beside it, a busy host's look out of time.
 */
async function gatewayRuns(
  target: TargetConfig,
  pid: number | undefined,
  host: HostOptions | undefined,
): Promise<number | undefined> {
  if (pid !== undefined && pidExists(pid)) return pid;
  // A host whose processes cannot be listed may still run one: waited on, as one that runs.
  return (await findGatewayProcesses(target, host).catch(() => [{ pid: 0 }]))[0]?.pid;
}

export async function deleteStuckSession(
  target: TargetConfig,
  svc: ServiceEvidence,
  pid: number | undefined,
  sessionId: string,
  d: DeleteSessionDeps,
): Promise<DeleteSessionResult> {
  if (!isSessionId(sessionId))
    return { ok: false, stage: 'delete', detail: `not a session id: ${sessionId.slice(0, 40)}` };
  const stop = await stopViaSupervisor(target, svc, { ...d.host, clock: d.clock });
  if (!stop.ok) return { ok: false, stage: 'stop', detail: stop.detail };
  const until = d.clock.now() + STOP_WAIT_MS;
  let running = await gatewayRuns(target, pid, d.host);
  while (running !== undefined && d.clock.now() < until) {
    await d.clock.sleep(POLL_MS);
    running = await gatewayRuns(target, pid, d.host);
  }
  if (running !== undefined)
    return {
      ok: false,
      stage: 'stop',
      detail: running
        ? `pid ${running} still runs ${STOP_WAIT_MS / 1000} s after the stop`
        : `the host's processes could not be listed for ${STOP_WAIT_MS / 1000} s after the stop`,
    };
  const host = hostOf(d.host);
  const argv = [...(target.hermes_cli ?? ['hermes']), 'sessions', 'delete', sessionId, '--yes'];
  const run = await runCommand(argv, { ...host, env: { ...host.env, HERMES_HOME: target.hermes_home } }, 60_000);
  if (run.exitCode !== 0)
    return {
      ok: false,
      stage: 'delete',
      detail: `${argv.slice(-4).join(' ')}: ${run.failure ?? 'failed'}${trimDetail(run.stderr || run.stdout, 200) ? `: ${trimDetail(run.stderr || run.stdout, 200)}` : ''}`,
    };
  return { ok: true, detail: `${stop.detail}; hermes sessions delete ${sessionId} --yes: ok` };
}
