// Runs one restart through the supervisor and verifies it: a new pid, every expected platform connected,
// within verify_timeout. Reports how long it took: until the gateway served again, in the whole seconds its clock times
// show (util/duration.ts clockSpan), the figure every word of its story says.
import type { GatewayStateFile } from '../evidence.js';
import type { RestartRecord } from './restart-policy.js';
import type { Locale } from '../types.js';
import type { Clock } from '../util/clock.js';
import { causeName, checkName, platformName, platformNames, t, wordOf } from '../i18n.js';
import { RETRY_CONNECT_MS } from '../detectors/outages.js';
import { parseTime } from '../detectors/finding.js';
import { commandLine, type Dialect } from '../util/command-line.js';
import { clockSpan, formatDuration } from '../util/duration.js';
import { localStamp } from '../util/time.js';

/** The watcher's longest back-off (300 s): a later retry in the log is not one to wait for. */
const RETRY_WAIT_MAX_MS = 300_000;

/**
 * How often a restart is checked for done: a pid file and a state file read, no process spawned, so cheap enough to
 * ask four times a second; the recovery is then seen within a quarter second of the gateway connecting.
 */
const VERIFY_POLL_MS = 250;

export interface RestartProbe {
  alive: boolean;
  pid?: number;
  /** The pid as the gateway's own files name it, where that differs from `pid`: its pid in its container. */
  statePid?: number;
  state: GatewayStateFile | null;
}

export interface RestartJob {
  target: string;
  actor: string;
  reason: string;
  oldPid?: number;
  expectedPlatforms: string[];
  verifyTimeoutMs: number;
  supervisorRestart: () => Promise<{ ok: boolean; detail: string }>;
  probe: () => Promise<RestartProbe>;
  /**
   * The command was accepted and the verification waits until `until` (epoch ms) for the new gateway and its platforms;
   * called again with a later `until` when the wait is extended for Hermes' next retry. What /status and the restart's
   * message say it waits for.
   */
  onWaiting?: (until: number) => void;
  /**
   * Of these platforms, the ones this host cannot reach (src/probes/reachability.ts). Asked once, when the verification
   * ran out with only retrying platforms missing: an outage upstream is said as one, not as a failed restart.
   */
  unreachable?: (platforms: string[]) => Promise<string[]>;
  /**
   * When Hermes next retries these platforms (epoch ms, the latest of them), as its log schedules it; undefined when
   * the log does not say. Asked once, when the window ran out with platforms retrying that answer from this host.
   */
  nextRetry?: (platforms: string[]) => Promise<number | undefined>;
  /**
   * When the gateway it started served again (epoch ms), as the log dates it: the same reading that ends the incident
   * it was for (detectors/process.ts servingSince). Asked once, when verified; the verification's own time without it.
   */
  servedAt?: () => Promise<number | undefined>;
  pollMs?: number;
  clock: Pick<Clock, 'now' | 'sleep'>;
}

export interface VerifyResult {
  ok: boolean;
  pid?: number;
  /** What is still missing when not ok. */
  missing: string[];
}

export function verifyRestarted(p: RestartProbe, oldPid: number | undefined, expected: string[]): VerifyResult {
  const missing: string[] = [];
  if (!p.alive || !p.pid) missing.push('process');
  else if (oldPid && p.pid === oldPid) missing.push('new pid');
  const st = p.state;
  if (!st || (p.pid && st.pid !== undefined && st.pid !== (p.statePid ?? p.pid)))
    missing.push('fresh gateway_state.json');
  else {
    if (st.gateway_state !== 'running') missing.push(`gateway_state=${st.gateway_state ?? '?'}`);
    for (const name of expected)
      if (st.platforms[name]?.state !== 'connected') missing.push(`${name} ${st.platforms[name]?.state ?? 'absent'}`);
  }
  return { ok: missing.length === 0, pid: p.pid, missing };
}

/** The new gateway's own state file: a new process alive, and the file it wrote; undefined before (or without) them. */
function newState(p: RestartProbe, oldPid: number | undefined): GatewayStateFile | undefined {
  const st = p.state;
  if (!p.alive || !p.pid || (oldPid && p.pid === oldPid) || !st) return undefined;
  return st.pid !== undefined && st.pid !== (p.statePid ?? p.pid) ? undefined : st;
}

/**
 * The expected platforms the new gateway queued for Hermes' retry (`retrying` in its own state file: a connect that
 * failed at its start, hermes-gateway.md §3).
 */
function queuedForRetry(p: RestartProbe, oldPid: number | undefined, expected: readonly string[]): string[] {
  const st = newState(p, oldPid);
  return st ? expected.filter((name) => st.platforms[name]?.state === 'retrying') : [];
}

/**
 * The platforms the new gateway is retrying, when they are all that is missing: a new process, its own state file,
 * running (or degraded: none connected yet). Undefined otherwise (the restart did not bring the gateway back).
 */
export function retryingOnly(p: RestartProbe, oldPid: number | undefined, expected: string[]): string[] | undefined {
  const st = newState(p, oldPid);
  if (!st) return undefined;
  if (st.gateway_state !== 'running' && st.gateway_state !== 'degraded') return undefined;
  const down = expected.filter((name) => st.platforms[name]?.state !== 'connected');
  return down.length > 0 && down.every((name) => st.platforms[name]?.state === 'retrying') ? down : undefined;
}

/**
 * The platforms a verified restart names (issue 61): those it waited for, then every other the new gateway's state file
 * says connected since the restart began (every profile's, for a gateway that serves several; the one it was for where
 * the target does not list it): the restart brought them all back. An entry the earlier life left is not named.
 */
function connectedOf(expected: readonly string[], st: GatewayStateFile | null, since: number): string[] {
  const more = Object.entries(st?.platforms ?? {})
    .filter(([key, s]) => s.state === 'connected' && !expected.includes(key) && (parseTime(s.updated_at) ?? 0) >= since)
    .map(([key]) => key);
  return [...expected, ...more];
}

export async function runRestart(job: RestartJob): Promise<RestartRecord> {
  const { clock } = job;
  const now = clock.now;
  const started = now();
  const rec: RestartRecord = { target: job.target, at: started, actor: job.actor, reason: job.reason };
  const sup = await job.supervisorRestart();
  if (!sup.ok)
    return {
      ...rec,
      ok: false,
      endedAt: now(),
      durationMs: clockSpan(started, now()),
      detail: `supervisor: ${sup.detail}`,
      outcome: { kind: 'supervisor', detail: sup.detail },
    };
  let deadline = started + job.verifyTimeoutMs;
  job.onWaiting?.(deadline);
  let last: VerifyResult = { ok: false, missing: ['process'] };
  let lastProbe: RestartProbe | undefined;
  let extended = false;
  let unreachable: string[] = [];
  let retrying: string[] | undefined;
  // When the new gateway was first seen up with only retrying platforms missing: an outage upstream's "back at".
  let upAt: number | undefined;
  const queued = new Set<string>();
  for (;;) {
    while (now() < deadline) {
      lastProbe = await job.probe();
      for (const name of queuedForRetry(lastProbe, job.oldPid, job.expectedPlatforms)) queued.add(name);
      last = verifyRestarted(lastProbe, job.oldPid, job.expectedPlatforms);
      if (upAt === undefined && retryingOnly(lastProbe, job.oldPid, job.expectedPlatforms)) upAt = now();
      if (last.ok) {
        const endedAt = now();
        const served = await job.servedAt?.().catch(() => undefined);
        const backAt = served !== undefined && served >= started && served <= endedAt ? served : endedAt;
        const named = connectedOf(job.expectedPlatforms, lastProbe.state, started);
        return {
          ...rec,
          ok: true,
          endedAt,
          backAt,
          durationMs: clockSpan(started, backAt),
          detail: `pid ${last.pid}; ${named.join(', ') || 'gateway'} connected`,
          outcome: {
            kind: 'verified',
            pid: last.pid,
            platforms: named,
            ...(queued.size ? { retried: job.expectedPlatforms.filter((n) => queued.has(n)) } : {}),
          },
        };
      }
      await clock.sleep(job.pollMs ?? VERIFY_POLL_MS);
    }
    retrying = lastProbe && retryingOnly(lastProbe, job.oldPid, job.expectedPlatforms);
    unreachable = retrying && job.unreachable ? await job.unreachable(retrying) : [];
    // The window ran out with platforms queued for Hermes' retry whose servers answer again: Hermes reconnects them at
    // its next retry, which may fall just after the window (v0.17: +30 s, then every 60 s). Judge after it, once.
    const answering = retrying && job.unreachable ? retrying.filter((p) => !unreachable.includes(p)) : [];
    if (extended || !answering.length || !job.nextRetry) break;
    extended = true;
    const next = await job.nextRetry(answering);
    if (next === undefined) break;
    const until = Math.min(next, now() + RETRY_WAIT_MAX_MS) + RETRY_CONNECT_MS;
    if (until <= now()) break;
    deadline = until;
    job.onWaiting?.(deadline);
  }
  if (retrying && retrying.every((p) => unreachable.includes(p))) {
    const outcome = { kind: 'upstream' as const, pid: last.pid, platforms: retrying };
    const backAt = upAt ?? now();
    return {
      ...rec,
      ok: true,
      endedAt: now(),
      backAt,
      durationMs: clockSpan(started, backAt),
      detail: describeRestart({ outcome }, 'en'),
      outcome,
    };
  }
  const withinS = Math.round(job.verifyTimeoutMs / 1000);
  return {
    ...rec,
    ok: false,
    endedAt: now(),
    durationMs: clockSpan(started, now()),
    detail: `not verified within ${withinS}s: missing ${last.missing.join(', ')}`,
    outcome: { kind: 'unverified', withinS, missing: last.missing },
  };
}

/**
 * A restart begun and not ended yet, as /status, /restart and its message say it: when it began, who asked and what
 * for (the record's reason and checks, worded as its result will be), whether it is a start, and what its verification
 * waits for: these platforms connected (none: the gateway running), until `until`.
 */
export interface RestartUnderWay
  extends Pick<RestartRecord, 'target' | 'at' | 'actor' | 'reason' | 'checks' | 'causes' | 'variants' | 'start'> {
  platforms: string[];
  /** Its verification's end, as it stands now (extended for Hermes' next retry). */
  until: number;
}

/** The reason a restart asked by an operator records (audit records and state.json keep it as written). */
export const OPERATOR_REQUEST = 'operator request';
/** An operator's `/demo heal`: the demo's fault undone, then this restart (what brought a platform back, issue 61). */
export const DEMO_HEAL = 'demo heal';

/**
 * What a restart was for, in the reader's words: the names of its checks (records of older versions list their ids
 * in `reason`), or an operator's request. Never a check id.
 */
export function restartReason(
  rec: Pick<RestartRecord, 'reason' | 'checks' | 'causes' | 'variants'>,
  locale: Locale,
): string {
  if (!rec.checks?.length && rec.reason === OPERATOR_REQUEST) return t(locale, 'restart.reason.operator');
  if (!rec.checks?.length && rec.reason === DEMO_HEAL) return t(locale, 'restart.reason.demo_heal');
  const ids = rec.checks?.length ? rec.checks : rec.reason.split(', ');
  return [...new Set(ids.map((id, i) => causeOf(locale, id, rec.causes, rec.variants?.[i])))].join(
    t(locale, 'list.comma'),
  );
}

/**
 * A check's cause by its one name (i18n causeName): the signal its cause (an incident key, `<target>:<check>…#<cause>`)
 * names, a gateway stopped by SIGTERM did not die (issue 51); its finding's variant (QQ stopped after too many quick
 * disconnects is no "QQ gave up reconnecting", issue 61). The alert, the write-up and /history say the same.
 */
function causeOf(locale: Locale, id: string, causes: readonly string[] | undefined, variant?: string): string {
  const cause = causes
    ?.map((c) => (c.includes(`:${id}`) ? /#(SIG[A-Z0-9]+)$/.exec(c)?.[1] : undefined))
    .find((s) => s !== undefined);
  return causeName(locale, {
    check: id,
    ...(variant !== undefined ? { variant } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}

/**
 * A restart's result in the reader's language; records of older versions carry only the English detail. `backAt`: when
 * the platforms a restart came back without connected since (read by /status): "QQ not yet" is no longer so.
 */
export function describeRestart(
  rec: Pick<RestartRecord, 'detail' | 'outcome'>,
  locale: Locale,
  o2: { backAt?: number } = {},
): string | undefined {
  const o = rec.outcome;
  if (o?.kind === 'upstream') {
    const up = { pid: o.pid ?? '?', names: platformNames(locale, o.platforms) };
    return o2.backAt !== undefined
      ? t(locale, 'restart.outcome.upstream_later', { ...up, at: localStamp(o2.backAt).slice(11) })
      : t(locale, 'restart.outcome.upstream', up);
  }
  if (!o) return rec.detail;
  if (o.kind === 'verified') {
    const said = {
      pid: o.pid ?? '?',
      platforms: o.platforms.length ? platformNames(locale, o.platforms) : t(locale, 'restart.outcome.gateway'),
    };
    if (!o.retried?.length) return t(locale, 'restart.outcome.verified', said);
    return o.retried.length === o.platforms.length
      ? t(locale, 'restart.outcome.retried_all', said)
      : t(locale, 'restart.outcome.retried', { ...said, names: platformNames(locale, o.retried) });
  }
  if (o.kind === 'unverified')
    return t(locale, 'restart.outcome.unverified', {
      within: o.withinS,
      missing: o.missing.map((m) => missingWords(m, locale)).join(t(locale, 'list.semicolon')),
    });
  return t(locale, 'restart.outcome.supervisor', { detail: o.detail });
}

/**
 * A failed restart's English detail as an audit record keeps it (`not verified within 30s: missing qqbot retrying`),
 * in the reader's words; any other detail as it is.
 */
export function wordRestartDetail(detail: string, locale: Locale): string {
  const m = /^not verified within (\d+)s: missing (.*)$/.exec(detail);
  return m
    ? describeRestart({ outcome: { kind: 'unverified', withinS: Number(m[1]), missing: m[2]!.split(', ') } }, locale)!
    : detail;
}

/** What a verification missed (verifyRestarted's words, as records keep them) in the reader's words. */
function missingWords(m: string, locale: Locale): string {
  if (m === 'process') return t(locale, 'restart.missing.process');
  if (m === 'new pid') return t(locale, 'restart.missing.new_pid');
  if (m === 'fresh gateway_state.json') return t(locale, 'restart.missing.state_file');
  const gs = /^gateway_state=(.*)$/.exec(m);
  if (gs) return t(locale, 'restart.missing.gateway_state', { state: wordOf(locale, 'status.lifecycle', gs[1]!) });
  if (/^[\w:-]+$/.test(m)) return t(locale, 'restart.missing.platform_down', { name: platformName(locale, m) });
  const pl = /^(\S+) (\S+)$/.exec(m);
  if (!pl) return m;
  const state = pl[2] === 'absent' ? t(locale, 'restart.missing.absent') : wordOf(locale, 'status.state', pl[2]!);
  return t(locale, 'restart.missing.platform', { name: platformName(locale, pl[1]!), state });
}

/**
 * A restart not done, as a `restart.skip` audit record keeps it (its detail) and a /restart reply gets it: the skip
 * code and what it depended on. Records of older versions have only `reason`, in English: what the words need is
 * read back from it.
 */
export interface SkipFacts {
  code?: unknown;
  reason?: unknown;
  checks?: unknown;
  state?: unknown;
  used?: unknown;
  max?: unknown;
  agents?: unknown;
}

/** /restart's answer when it did not restart: the reason in words, and the facts skipReason words it from. */
export type SkippedRestart = { skipped: string } & SkipFacts;

/**
 * Why a restart was not done, in the reader's words: a check's name, never its id; the restart command as the reader
 * types it (`dialect`). A code this version does not know: its reason as written.
 */
export function skipReason(s: SkipFacts, locale: Locale, o: { target?: string; dialect?: Dialect } = {}): string {
  const reason = typeof s.reason === 'string' ? s.reason : '';
  const state =
    typeof s.state === 'string' ? s.state : /\(([^()]*)\)$|^the gateway is (\w+)/.exec(reason)?.slice(1).find(Boolean);
  switch (s.code) {
    case 'disabled': {
      const kind = /^remediate\.auto does not list (\S+)/.exec(reason)?.[1];
      return kind ? t(locale, 'restart.skip.not_listed', { kind }) : t(locale, 'restart.skip.disabled');
    }
    case 'unrecoverable': {
      const ids = Array.isArray(s.checks)
        ? s.checks.map(String)
        : reason.replace(/^a restart does not fix /, '').split(', ');
      return t(locale, 'restart.skip.unrecoverable', {
        checks: ids.map((id) => checkName(locale, id)).join(t(locale, 'list.comma')),
      });
    }
    case 'escalated':
      return t(locale, 'restart.skip.escalated', {
        cmd: commandLine({ command: 'restart', ...(o.target ? { target: o.target } : {}) }, o.dialect ?? 'chat'),
      });
    case 'busy':
    case 'watch_only':
    case 'no_supervisor':
    case 'no_container':
    case 'config_exit':
      return t(locale, `restart.skip.${s.code}`);
    case 'supervisor':
    case 'transition':
      return t(locale, `restart.skip.${s.code}`, { state: state ? wordOf(locale, 'status.state', state) : '?' });
    case 'cooldown': {
      const m = /last restart (\d+)s ago \(cooldown (\d+)s\)/.exec(reason);
      return m
        ? t(locale, 'restart.skip.cooldown', {
            ago: formatDuration(Number(m[1]) * 1000),
            cooldown: formatDuration(Number(m[2]) * 1000),
          })
        : reason;
    }
    // Held, not refused: said as the held-restart alert says it.
    case 'upstream': {
      const ids = /: (.*)$/.exec(reason)?.[1]?.split(', ') ?? [];
      return t(locale, 'alert.restart.held.upstream', { names: platformNames(locale, ids) });
    }
    case 'drain':
      return typeof s.agents === 'number' ? t(locale, 'alert.restart.held.drain', { count: s.agents }) : reason;
    case 'budget':
      return typeof s.used === 'number' && typeof s.max === 'number'
        ? t(locale, 'restart.skip.budget', { used: s.used, max: s.max })
        : reason;
    default:
      return reason;
  }
}
