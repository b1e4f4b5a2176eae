// One restart, from its claim on the lever to its verified end: begun (and said if it takes a while), the supervisor's
// command run and verified, recorded, audited and said.
import type { ServiceEvidence } from '../evidence.js';
import type { RestartRecord } from '../actions/restart-policy.js';
import { runRestart, type RestartUnderWay, type SkippedRestart } from '../actions/restart.js';
import { restartViaSupervisor, startViaSupervisor } from '../actions/supervisor.js';
import { takeLease, type LeaseHolder, type LeaseResult } from '../actions/lever-lease.js';
import { adapterOf } from '../probes/supervisors/index.js';
import { probeProcess } from '../probes/process.js';
import { readGatewayState } from '../probes/state-file.js';
import { heldLine, restartAlert } from '../delivery/alerts.js';
import { nextRetryAt } from '../detectors/outages.js';
import { restartBeginAlert, waitingLine } from '../delivery/under-way.js';
import { probeService } from '../probes/service.js';
import { rootKeys, type RestartVia } from '../actions/restart-target.js';
import type { Ctx, RestartCall, RestartOptions } from './remediate-types.js';
import { reachOf, sharing, skip, viaRootNote, withLines } from './remediate-steps.js';
import { servingSince } from '../detectors/process.js';

/**
 * One restart (or start) through the supervisor, verified, recorded and said; the target is looked at again after.
 * Refused (and not looked at again, which would only ask again) while another gatewatch on this host pulls the same
 * lever (a container both watch).
 */
export async function restart(
  c: Ctx,
  name: string,
  actor: string,
  reason: string,
  via: RestartVia,
  o: RestartOptions = {},
): Promise<RestartRecord | SkippedRestart> {
  const { d } = c;
  // A served profile: the root's process, service and state file (its own do not exist).
  const proc = via.target;
  // Counted from now, before its command begins, until that command has ended (or the restart ended without one): a
  // daemon that stops as the restart looks must not miss it.
  const commandEnded = awaited(c);
  const under = underWayOf(c, name, actor, reason, via, o);
  c.underWay.set(via.unit, under);
  let unsaid = () => {};
  let release: (() => Promise<void>) | undefined;
  try {
    // `o.svc`: the service state the gate just decided on; asking again would cost a process and time.
    const svc =
      o.svc ?? (via.served ? await probeService(proc, { now: d.clock.now() }) : await d.watches.get(name)!.service());
    const lease = await leverLease(c, svc);
    if (!lease.ok) return await heldElsewhere(c, name, actor, lease.holder);
    release = lease.release;
    const before = await probeProcess(proc);
    const call: RestartCall = { name, actor, reason, via, o, svc, commandEnded, under };
    unsaid = await beginRestart(c, call, before.pid);
    const rec = await runVerified(c, call, before.alive ? before.pid : undefined);
    unsaid();
    return await recordRestart(c, call, rec);
  } finally {
    unsaid();
    commandEnded();
    await release?.().catch(() => undefined);
    c.underWay.delete(via.unit);
    c.running.delete(via.unit);
    // See the result right away: a verified restart resolves its incidents with a recovery notice; every target
    // the same process serves was restarted too.
    if (release) for (const n of sharing(c, name)) d.afterRestart(n);
  }
}

/** Over what a lease on a lever holds at most: the supervisor's commands' own time, beyond the verification's. */
const LEASE_SLACK_MS = 120_000;

/** The lease on the lever other gatewatch daemons on this host may pull too (a container); nothing to take else. */
function leverLease(c: Ctx, svc: ServiceEvidence): Promise<LeaseResult> {
  const key = adapterOf(svc.manager).leverKey?.(svc);
  if (!key) return Promise.resolve({ ok: true, release: async () => {} });
  return takeLease(key, { now: c.now(), holdMs: c.config.remediate.verify_timeout + LEASE_SLACK_MS });
}

/** Another gatewatch pulls this lever now: a restart on top of its restart is a second outage, so none; said. */
async function heldElsewhere(c: Ctx, name: string, actor: string, holder: LeaseHolder): Promise<SkippedRestart> {
  const reason = `another gatewatch on this host (pid ${holder.pid}) is restarting it`;
  await skip(c, name, actor, 'busy', reason, undefined, {
    holder_pid: holder.pid,
    since: new Date(holder.at).toISOString(),
  });
  return { skipped: reason, code: 'busy' };
}

/** What a restart was for, as its audit records keep it: /history names its cause as its alert did. */
const causesOf = (o: Pick<RestartOptions, 'checks' | 'causes' | 'variants'>) => ({
  ...(o.checks ? { checks: o.checks } : {}),
  ...(o.causes ? { causes: o.causes } : {}),
  ...(o.variants ? { variants: o.variants } : {}),
});

/**
 * A restart gatewatch began by itself is said once it has run this long: one that is verified sooner is said by its
 * result alone (a crash restarted in a second is two messages, not three), one that takes longer is not left unsaid
 * until its end (a verification of 90 s with nothing on the phone).
 */
export const SAY_BEGIN_AFTER_MS = 5_000;

/** The platforms a restart waits for: for a served profile, its `<profile>:<platform>` entries in the root's state file. */
function expectedOf(c: Ctx, name: string, via: RestartVia): string[] {
  const target = c.config.targets.find((t) => t.name === name)!;
  return rootKeys(via, target.platforms ?? c.d.seenPlatforms(name));
}

function underWayOf(
  c: Ctx,
  name: string,
  actor: string,
  reason: string,
  via: RestartVia,
  o: RestartOptions,
): RestartUnderWay {
  return {
    target: name,
    at: c.now(),
    actor,
    reason,
    ...causesOf(o),
    ...(o.start ? { start: o.start } : {}),
    platforms: expectedOf(c, name, via),
    until: c.now() + c.config.remediate.verify_timeout,
  };
}

/**
 * A restart begins: audited, and said with what it waits for: to the operator who asked for it at once, else (gatewatch's
 * own) to every channel once it has run SAY_BEGIN_AFTER_MS. Returns what keeps that message from going out once the
 * restart has ended.
 */
async function beginRestart(c: Ctx, call: RestartCall, oldPid: number | undefined): Promise<() => void> {
  const { name, actor, reason, via, o, svc, under } = call;
  const { config, now } = c;
  await c.d.audit.write({
    type: 'restart.begin',
    target: name,
    actor,
    detail: {
      reason,
      ...causesOf(o),
      manager: svc.manager,
      old_pid: oldPid ?? null,
      ...(o.start ? { verb: 'start', after: o.start } : {}),
      ...(via.served
        ? { via_root: via.served.root, profile: via.served.profile, served_profiles: via.served.profiles }
        : {}),
    },
  });
  if (o.respond) {
    const alert = restartAlert(
      { target: name, at: now(), actor, reason, ...(o.start ? { start: o.start } : {}) },
      'begin',
      config.locale,
      now(),
    );
    await o.respond(withLines(alert, [waitingLine(under, config.locale), ...viaRootNote(via, config.locale)]).reply);
    return () => {};
  }
  let cancel = c.d.clock.timer(() => {
    cancel = () => {};
    if (c.underWay.get(via.unit) !== under) return;
    const alert = withLines(restartBeginAlert(under, config.locale, now()), viaRootNote(via, config.locale));
    void c.d.raise(alert).catch((err) => c.d.log.error({ err, target: name }, 'restart message failed'));
  }, SAY_BEGIN_AFTER_MS);
  return () => cancel();
}

/** Counted among the commands under way (commandsDone) until the returned function is called; twice is once. */
function awaited(c: Ctx): () => void {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  c.commands.add(ended);
  return () => {
    c.commands.delete(ended);
    end();
  };
}

/** The restart itself (src/actions/restart.ts): the supervisor's command, then the verification that it serves. */
function runVerified(c: Ctx, call: RestartCall, oldPid: number | undefined) {
  const { name, actor, reason, via, o, svc, under } = call;
  const { d, config } = c;
  const { clock } = d;
  const proc = via.target;
  const reach = reachOf(c, name);
  return runRestart({
    target: name,
    actor,
    reason,
    oldPid,
    expectedPlatforms: under.platforms,
    verifyTimeoutMs: config.remediate.verify_timeout,
    onWaiting: (until) => void (under.until = until),
    supervisorRestart: () => {
      const command = o.start ? startViaSupervisor(proc, svc, { clock }) : restartViaSupervisor(proc, svc, { clock });
      command.then(call.commandEnded, call.commandEnded);
      return command;
    },
    probe: async () => {
      const [p, st] = await Promise.all([probeProcess(proc), readGatewayState(proc.state_file, { clock })]);
      return { alive: p.alive, pid: p.pid, ...(p.nsPid !== undefined ? { statePid: p.nsPid } : {}), state: st.state };
    },
    pollMs: d.pollMs,
    clock,
    // Fresh: the outage may have begun since the platform was last probed (before the restart).
    unreachable: reach
      ? async (ps) => (await reach.check(ps, { fresh: true })).filter((r) => !r.reachable).map((r) => r.platform)
      : undefined,
    nextRetry: (ps) => nextRetryOf(c, name, ps),
    servedAt: () => servedAtOf(c, name),
  });
}

/** When the gateway now running served again, as the next judgement will date the end of the outage it ends. */
async function servedAtOf(c: Ctx, name: string): Promise<number | undefined> {
  const ev = await c.d.watches
    .get(name)
    ?.gather()
    .catch(() => undefined);
  return ev ? servingSince(ev, { disconnectGraceMs: c.config.detect.disconnect_grace }) : undefined;
}

/** A restart's end: kept (state, metrics), audited and said, with the hold it ended. */
async function recordRestart(
  c: Ctx,
  call: Omit<RestartCall, 'svc'>,
  rec: Awaited<ReturnType<typeof runRestart>>,
): Promise<RestartRecord> {
  const { name, actor, reason, via, o } = call;
  const { d, config, state, now } = c;
  const record: RestartRecord = {
    ...rec,
    unit: via.unit,
    ...(o.checks ? { checks: o.checks } : {}),
    ...(o.causes ? { causes: o.causes } : {}),
    ...(o.variants?.some((v, i) => v !== o.checks?.[i]) ? { variants: o.variants } : {}),
    ...(o.start ? { start: o.start } : {}),
    ...(o.held ? { held: o.held } : {}),
    ...(d.playground ? { playground: true as const } : {}),
  };
  state.restarts = [...state.restarts, record].slice(-200);
  d.onRestart?.(record);
  await d.save();
  await d.audit.write({
    type: rec.ok ? 'restart.ok' : 'restart.fail',
    target: name,
    actor,
    detail: {
      reason,
      ...causesOf(o),
      duration_ms: rec.durationMs,
      detail: rec.detail,
      ...(o.start ? { verb: 'start', after: o.start } : {}),
    },
  });
  const alert = withLines(restartAlert(record, record.ok ? 'ok' : 'fail', config.locale, now()), [
    ...viaRootNote(via, config.locale),
    ...(o.held ? [heldLine(o.held, config.locale, record.at)] : []),
  ]);
  await d.raise(o.except?.length ? { ...alert, except: o.except } : alert);
  return record;
}

/**
 * When Hermes next retries every one of these platforms, as the new gateway's log schedules it (the latest); only
 * for platforms the probe just reached (one with no endpoint to probe was never seen to answer).
 */
export async function nextRetryOf(c: Ctx, name: string, platforms: string[]): Promise<number | undefined> {
  if (!platforms.every((p) => reachOf(c, name)?.cached(p)?.reachable === true)) return undefined;
  const ev = await c.d.watches
    .get(name)
    ?.gather()
    .catch(() => undefined);
  if (!ev) return undefined;
  // A served profile's `<profile>:<platform>`: the root's runner names the platform.
  const times = platforms.map((p) => nextRetryAt(ev.log.run, p.slice(p.lastIndexOf(':') + 1), ev.expectedPlatforms));
  return times.every((x) => x !== undefined) ? Math.max(...(times as number[])) : undefined;
}
