// A platform's connection history in the current run, read as outages: what began each one (a drop, or a failed
// connect at startup), the errors of the attempts that failed, how it ended (connected again, or Hermes gave up).
// Storm, platform_down, startup_incomplete and the 4009 check all judge from this one reading, so a retry's noise
// (v0.17 logs `WebSocket error: WebSocket closed` after every failed reconnect) is never mistaken for a new drop.
import type { Evidence, LogRecord } from '../evidence.js';
import type { FindingSpec } from './common.js';
import { adapterLoopOf, loopError } from './adapter-loops.js';
import { localStamp } from '../util/time.js';
import { classifyError, isUnserved } from '../util/error-kind.js';
import { besideConnectionLine } from '../probes/agent-tail.js';
import { failureText, isRequestLine, lineRole } from '../probes/line-platform.js';
import { mergeByTime } from '../probes/profile-log.js';
import {
  age,
  body,
  currentRun,
  isConnectLine,
  isDrop,
  isFeishu,
  isQQ,
  isRunner,
  isShutdownStart,
  matching,
  perRecord,
  platformOf,
  recordGroup,
} from './common.js';
import { platformParam } from '../i18n.js';

/** An error a failed attempt logged, with the part that says why (for a list line: only this platform's entry). */
export interface AttemptError {
  record: LogRecord;
  text: string;
}

export interface Outage {
  platform: string;
  /** The line that began it: a drop, or the first failed connect of the startup. */
  start: LogRecord;
  /** True when the platform never connected in this run before it (a startup failure). */
  atStartup: boolean;
  /** Errors of failed attempts, oldest first. */
  errors: AttemptError[];
  /** The last line showing Hermes still at it (a retry, a failure, a drop). */
  lastActivity: LogRecord;
  /** The connect line that ended it. */
  end?: LogRecord;
  /** The line where Hermes stopped retrying it. */
  gaveUp?: LogRecord;
}

// ---------- what a line says about a platform's connection ----------

/** Hermes stops retrying: the QQ loop returns (reference §4.1), or the runner drops it from its retry queue (§4.0). */
function giveUp(r: LogRecord): string | undefined {
  if (
    isQQ(r) &&
    /^(Max reconnect attempts reached|Too many quick disconnects|Bot is .+\. Check QQ Open Platform\.$)/.test(body(r))
  )
    return 'qqbot';
  if (isRunner(r)) return /^Reconnect (\w+): non-retryable error \(/.exec(r.message)?.[1];
  const loop = adapterLoopOf(r.message);
  return loop?.loop.giveUp?.test(loop.body) ? loop.loop.platform : undefined;
}

/** The error text of a failed attempt, or '' for a failure that does not say why. Undefined: not a failure. */
function attemptError(r: LogRecord): string | undefined {
  const b = body(r);
  if (isQQ(r)) return /^(?:Reconnect failed|QQ startup failed|Failed to send (?:Identify|Resume)): (.+)$/.exec(b)?.[1];
  if (isFeishu(r))
    return /^(?:Failed to connect|Connect attempt \d+\/\d+ failed; retrying in \d+s): (.+)$/.exec(b)?.[1];
  const loop = adapterLoopOf(r.message);
  if (loop) return loopError(loop.loop, loop.body);
  if (!isRunner(r)) return undefined;
  const m =
    /^✗ \w+ error: (.+)$/.exec(r.message) ??
    /^Reconnect \w+ error: (.+), next retry in \d+s$/.exec(r.message) ??
    /^Fatal \w+ adapter error \([^)]*\): (.+)$/.exec(r.message);
  if (m) return m[1];
  if (/^(✗ \w+ failed to connect|Reconnect \w+ failed, next retry in \d+s)/.test(r.message)) return '';
  return undefined;
}

/** A retry in progress, without a result yet. */
function isRetry(r: LogRecord): boolean {
  if (isQQ(r)) return /^Reconnecting in \d+s \(attempt \d+\)/.test(body(r));
  const loop = adapterLoopOf(r.message);
  if (loop) return !!loop.loop.retry?.test(loop.body);
  return isRunner(r) && /^Reconnecting \w+ \(attempt \d+\)/.test(r.message);
}

// ---------- the startup's list of platforms queued for retry ----------

const QUEUED = /^Gateway started with no connected platforms — (\d+) platform\(s\) queued for retry: (.*)$/;

/** Platform ids Hermes ships (`platform.value`): a `; <id>: ` inside an error text is only a split point for these. */
const KNOWN_PLATFORMS = new Set([
  'api_server',
  'bluebubbles',
  'dingtalk',
  'discord',
  'email',
  'feishu',
  'homeassistant',
  'irc',
  'matrix',
  'mattermost',
  'photon',
  'qqbot',
  'relay',
  'signal',
  'slack',
  'sms',
  'telegram',
  'webhook',
  'wecom',
  'weixin',
  'whatsapp',
]);

/**
 * The entries of `Gateway started with no connected platforms — N platform(s) queued for retry: <list>`, where Hermes
 * joins `<platform>: <error>` with `"; "`. An error text may itself contain `"; "`, so a split needs a platform id after
 * it (one Hermes ships, or one this run connects). Null when the message is not that line.
 */
export function parseQueuedForRetry(
  message: string,
  platforms: Iterable<string> = [],
): { platform: string; error: string }[] | null {
  const m = QUEUED.exec(message);
  if (!m) return null;
  const known = new Set([...KNOWN_PLATFORMS, ...platforms]);
  const out: { platform: string; error: string }[] = [];
  const parts = m[2]!.split('; ');
  for (const part of parts) {
    const e = /^([a-z][a-z0-9_]*)(?:: ([\s\S]*))?$/.exec(part);
    if (e && (out.length === 0 || known.has(e[1]!))) out.push({ platform: e[1]!, error: e[2] ?? '' });
    else if (out.length) out[out.length - 1]!.error += `; ${part}`;
  }
  return out;
}

// ---------- the reading ----------

export interface OutageOptions {
  /** The log starts mid-run (no start line seen): treat platforms as connected until a line says otherwise. */
  assumeConnected: boolean;
  /** Platform ids this run knows of, to split the queued-for-retry list. */
  platforms?: Iterable<string>;
}

/** What one line can say about a connection, read from the line alone; undefined for the many lines that say nothing. */
interface Role {
  shutdownStart: boolean;
  stopped: boolean;
  /** Maybe the startup's queued-for-retry list (parsed with the run's platforms). */
  queued: boolean;
  quit?: string;
  platform?: string;
  connect: boolean;
  error?: string;
  drop: boolean;
  retry: boolean;
  /** A retry that is itself the reconnect (a loop with no success line). */
  reconnects: boolean;
  /** One of the platform's API requests succeeded: an outage of failed requests alone is over (not a connection's). */
  answered: boolean;
}

const roleOf = perRecord((r): Role | undefined => {
  const runner = isRunner(r);
  const role: Role = {
    shutdownStart: isShutdownStart(r),
    stopped: runner && /^Gateway stopped\b/.test(r.message),
    queued: runner && QUEUED.test(r.message),
    quit: giveUp(r),
    platform: platformOf(r),
    connect: false,
    drop: false,
    retry: false,
    reconnects: false,
    answered: false,
  };
  if (role.platform) {
    role.connect = isConnectLine(r);
    role.error = attemptError(r);
    role.drop = isDrop(r);
    role.retry = isRetry(r);
    role.reconnects = role.retry && !!adapterLoopOf(r.message)?.loop.retryReconnects;
    // A line no platform's own reading knows is read by its kind (issue 54): a library's, or an adapter's the
    // reference quotes no lines of. QQ's and the runner's readings are whole: their other lines say nothing of this.
    if (!role.connect && role.error === undefined && !role.drop && !role.retry && !runner && !isQQ(r)) {
      const kind = lineRole(r);
      if (kind === 'up') role.connect = true;
      else if (kind === 'down') role.error = failureText(r);
      else if (kind === 'retry') role.retry = true;
      else if (kind === 'answered') role.answered = true;
    }
  }
  const says =
    role.shutdownStart ||
    role.stopped ||
    role.queued ||
    role.quit ||
    role.connect ||
    role.error !== undefined ||
    role.drop ||
    role.retry ||
    role.answered;
  return says ? role : undefined;
});

/** The records that say anything about a connection: all readOutages reads of a run. */
const ROLES = recordGroup((r) => roleOf(r) !== undefined);

/**
 * The current run's records that say anything about a connection, in run order: among them every connect line and
 * every drop of a platform (memoised per evidence).
 */
export const connectionLines = (ev: Evidence): LogRecord[] => matching(ev, ROLES);

/** Every outage of every platform in these records, oldest first. Lines of a shutdown are not outages. */
export function readOutages(records: LogRecord[], o: OutageOptions): Outage[] {
  const out: Outage[] = [];
  const open = new Map<string, Outage>();
  const connected = new Map<string, boolean>();
  const everConnected = new Set<string>();
  let stopping = false;

  const begin = (platform: string, r: LogRecord): Outage => {
    const x: Outage = {
      platform,
      start: r,
      atStartup: !everConnected.has(platform) && !o.assumeConnected,
      errors: [],
      lastActivity: r,
    };
    open.set(platform, x);
    out.push(x);
    return x;
  };

  for (const r of records) {
    const role = roleOf(r);
    if (!role) continue;
    if (role.shutdownStart) stopping = true;
    else if (role.stopped) stopping = false;
    if (stopping) continue;

    const queued = role.queued ? parseQueuedForRetry(r.message, o.platforms) : null;
    if (queued) {
      for (const q of queued) {
        const x = open.get(q.platform) ?? begin(q.platform, r);
        if (q.error) x.errors.push({ record: r, text: q.error });
        x.lastActivity = r;
      }
      continue;
    }

    const quit = role.quit;
    if (quit) {
      const x = open.get(quit) ?? begin(quit, r);
      x.gaveUp = r;
      x.lastActivity = r;
      connected.set(quit, false);
      continue;
    }

    const p = role.platform;
    if (!p) continue;
    const x = open.get(p);
    if (role.connect || role.reconnects) {
      if (x) {
        x.end = r;
        open.delete(p);
      }
      connected.set(p, true);
      everConnected.add(p);
      continue;
    }
    if (role.answered) {
      // The API serves again: an outage of its failed requests is over. A socket's or a poll's is not: a reply sent
      // says nothing of the connection that receives.
      if (x && isRequestLine(x.start) && x.errors.every((e) => isRequestLine(e.record))) {
        x.end = r;
        open.delete(p);
        connected.set(p, true);
      }
      continue;
    }
    const err = role.error;
    if (err !== undefined) {
      const y = x ?? begin(p, r);
      y.errors.push({ record: r, text: err });
      y.lastActivity = r;
      connected.set(p, false);
    } else if (role.drop) {
      // A drop while already down is the retry's own noise, not a new outage.
      if (x) x.lastActivity = r;
      else if (connected.get(p) ?? o.assumeConnected) begin(p, r);
      connected.set(p, false);
    } else if (role.retry && x) {
      x.lastActivity = r;
    }
  }
  return out;
}

/** The platform's outage still open at the end of these records, if any. */
export function openOutage(outages: Outage[], platform: string): Outage | undefined {
  const last = outages.filter((x) => x.platform === platform).at(-1);
  return last && !last.end ? last : undefined;
}

/** The error of the latest failed attempt that says why (falling back to the latest failure at all). */
export function latestError(x: Outage): AttemptError | undefined {
  return [...x.errors].reverse().find((e) => e.text) ?? x.errors.at(-1);
}

// ---------- when Hermes retries next ----------

/** The runner's watcher waits this long before its first attempt (back-off 30 s → 60 → 120 → 240 → 300, §4.0). */
export const WATCHER_FIRST_RETRY_MS = 30_000;
/**
 * A retry's connect, after Hermes begins it: QQ's connect timeout is 20 s (hermes-gateway.md §4.1), and the real
 * v0.17 gateway's QQ retry connected 4 s after it was due.
 */
export const RETRY_CONNECT_MS = 30_000;

/** The QQ adapter's own loop announces each attempt's wait (hermes-gateway.md §4.1; the same words on v0.20.2). */
const QQ_NEXT = /^(?:Reconnecting in (\d+)s \(attempt \d+\)|Rate limited \(4008\), waiting (\d+)s)/;

/**
 * When Hermes next tries to reconnect `platform` (epoch ms), from the run's records. The runner's watcher: what its
 * last failure scheduled (`Reconnect qqbot failed, next retry in 60s`), an attempt under way (`Reconnecting qqbot
 * (attempt 2)...`: due now), or 30 s after it queued the platform. QQ's own reconnect loop, which the runner never
 * hears of: the wait its last line announced (`Reconnecting in 60s (attempt 9)...`: due 60 s after that line). The
 * latest of these lines decides. Undefined when it is connected again, out of the queue, given up, or was never
 * scheduled in these records.
 */
export function nextRetryAt(
  records: LogRecord[],
  platform: string,
  platforms: Iterable<string> = [],
): number | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (platform === 'qqbot' && isQQ(r)) {
      const m = QQ_NEXT.exec(body(r));
      if (m) return r.ts + Number(m[1] ?? m[2]) * 1000;
      if (isConnectLine(r) || giveUp(r)) return undefined;
      continue;
    }
    if (!isRunner(r)) continue;
    const m = r.message;
    const next = /^Reconnect (\w+) (?:failed|error: .*), next retry in (\d+)s$/.exec(m);
    if (next) {
      if (next[1] === platform) return r.ts + Number(next[2]) * 1000;
      continue;
    }
    if (/^Reconnecting (\w+) \(attempt \d+\)/.exec(m)?.[1] === platform) return r.ts;
    if (/^✓ (\w+) (?:connected|reconnected successfully)/.exec(m)?.[1] === platform) return undefined;
    if (/^Reconnect (\w+): non-retryable error \(/.exec(m)?.[1] === platform) return undefined;
    const watcher = /^Starting reconnection watcher for \d+ failed platform\(s\): (.*)$/.exec(m);
    if (watcher && watcher[1]!.split(/,\s*/).includes(platform)) return r.ts + WATCHER_FIRST_RETRY_MS;
    if (/^(\w+) queued for background reconnection$/.exec(m)?.[1] === platform) return r.ts + WATCHER_FIRST_RETRY_MS;
    if (parseQueuedForRetry(m, platforms)?.some((q) => q.platform === platform)) return r.ts + WATCHER_FIRST_RETRY_MS;
  }
  return undefined;
}

/**
 * When the attempt that failed with `failure` began: the time its retry was due, as the lines before it scheduled it;
 * without a schedule, a connect's budget before its failure (the earliest it can have begun).
 */
function attemptBegan(records: LogRecord[], failure: LogRecord, platform: string, platforms: Iterable<string>): number {
  const i = records.indexOf(failure);
  const due = i > 0 ? nextRetryAt(records.slice(0, i), platform, platforms) : undefined;
  return due !== undefined && due <= failure.ts ? due : failure.ts - RETRY_CONNECT_MS;
}

// ---------- did a drop hurt? ----------

/**
 * A drop back within this long, on its first attempt, came back at Hermes' own pace: QQ's first backoff step is 2 s
 * plus the connect (the real v0.17 gateway resumes its routine 4009 in 2.0 s). A blocked loop runs that reconnect late.
 */
export const QUICK_RESUME_MS = 15_000;

/**
 * The drop came back at once, on its first attempt (QQ's routine 4009): by itself no sign of trouble. One still open
 * is not: nobody knows yet whether it will. Nor is one whose end is only a loop's `Reconnecting in 60s...` (DingTalk
 * has no success line): that says when it will try, not that it is back.
 */
export function resumedAtOnce(x: Outage): boolean {
  return !!x.end && isConnectLine(x.end) && !x.errors.length && !x.gaveUp && x.end.ts - x.start.ts <= QUICK_RESUME_MS;
}

// ---------- can a restart help? ----------

/**
 * Errors that say the platform's servers do not serve this host (DNS, refused, unreachable, TLS, timeouts, or the
 * servers answering with a 5xx): the same from a restarted gateway. One classifier judges them by kind, whatever
 * library's words carried them (src/util/error-kind.ts).
 */
export function isUnreachableError(text: string): boolean {
  return isUnserved(classifyError(text));
}

/**
 * How long Hermes may be quiet between two attempts and still count as retrying: the runner's watcher waits up to
 * 300 s and a reconnect may take its full connect budget (up to 180 s).
 */
export const RETRY_QUIET_MS = 10 * 60_000;
/** QQ's own reconnect loop waits at most 60 s (RECONNECT_BACKOFF) plus a 20 s connect timeout; quieter means the loop
 * died without a word (#15490), and only a restart brings QQ back. */
export const QQ_RETRY_QUIET_MS = 3 * 60_000;

function quietLimit(x: Outage): number {
  return isQQ(x.lastActivity) ? QQ_RETRY_QUIET_MS : RETRY_QUIET_MS;
}

/**
 * Hermes is still retrying this outage and the latest attempt's error says the servers cannot be reached: a restart
 * would only replace Hermes' own retry loop (token kept, ≤ 60 s apart) with a slower one. Returns that error.
 */
export function retryingUnreachable(x: Outage | undefined, now: number): AttemptError | undefined {
  const e = retryingError(x, now);
  return e && isUnreachableError(e.text) ? e : undefined;
}

/** The latest error of an outage Hermes is still retrying (not ended, not given up, not gone quiet). */
function retryingError(x: Outage | undefined, now: number): AttemptError | undefined {
  if (!x || x.end || x.gaveUp || now - x.lastActivity.ts > quietLimit(x)) return undefined;
  return latestError(x);
}

/** Local wall-clock time with seconds, as the alerts say times. */
const clockTime = (ms: number) => localStamp(ms).slice(11);

// ---------- what the detectors share ----------

const memo = new WeakMap<Evidence, Outage[]>();

/**
 * The lines beside gateway.log about a platform's connection (a library's own logger: lark-oapi's `Lark`, slack_bolt,
 * discord.py), of the current run: from its start line, or from gateway.log's first record of it.
 */
function besideLines(ev: Evidence): LogRecord[] {
  const beside = ev.hermes?.agentOnly;
  if (!beside?.length) return [];
  const run = currentRun(ev);
  const from = run.startedAt ?? run.records[0]?.ts ?? -Infinity;
  return beside.filter((r) => r.ts >= from && r.ts <= ev.now && besideConnectionLine(r) && roleOf(r) !== undefined);
}

/** The outages of the current run (memoised per evidence: several detectors read them). */
export function readRunOutages(ev: Evidence): Outage[] {
  let x = memo.get(ev);
  if (!x) {
    x = readOutages(mergeByTime(matching(ev, ROLES), besideLines(ev)), {
      assumeConnected: !ev.log.runStartSeen,
      platforms: [...ev.expectedPlatforms, ...Object.keys(ev.state?.platforms ?? {})],
    });
    memo.set(ev, x);
  }
  return x;
}

/** Evidence for a platform that is down: where Hermes gave up, the latest attempt's error (it says why), then the facts, then the line
 * that began the outage. Retry noise (`WebSocket error: WebSocket closed` after each failure) is never quoted. */
export function outageEvidence(x: Outage | undefined, facts: string[]): string[] {
  if (!x) return facts;
  const e = latestError(x);
  const first = x.errors.find((y) => y.text && y.text !== e?.text);
  return [
    ...new Set([
      ...(x.gaveUp ? [x.gaveUp.line] : []),
      ...(e ? [e.record.line] : []),
      ...facts,
      ...(first ? [first.record.line] : []),
      x.start.line,
    ]),
  ];
}

/**
 * The finding for a platform down while Hermes keeps retrying servers it cannot reach: restart advice `wait` (a
 * restart is held, not refused), and text that says so. Empty when a restart may help.
 */
export function unreachableSpec(
  ev: Evidence,
  x: Outage | undefined,
  platform: string,
  ago: string,
): Partial<FindingSpec> {
  const name = platformParam(platform);
  // The platform asking Hermes to slow down: no unreachable server, but a restart only adds attempts and keeps the
  // limit on. (Refused credentials are not held: QQ's adapter keeps a token a restart fetches afresh, qq-bot-protocol.md
  // "re-fetch on any 401"; a token Hermes knows is dead is platform_auth_failed's.)
  const limited = retryingError(x, ev.now);
  if (limited && classifyError(limited.text)?.kind === 'rate_limit')
    return { text: 'platform_rate_limited', restart: 'wait', params: { name, ago, error: limited.text } };
  const e = retryingUnreachable(x, ev.now);
  if (!e) return {};
  const bare = platform.slice(platform.lastIndexOf(':') + 1);
  const c = classifyError(e.text);
  // Its servers answered, with an error: they are reached, so whether gatewatch's own probe reaches them tells no more.
  if (c?.kind === 'server')
    return {
      text: 'platform_server_error',
      restart: 'wait',
      params: { name, ago, error: e.text, status: String(c.status) },
    };
  if (ev.reachable?.includes(platform) || ev.reachable?.includes(bare)) {
    // gatewatch's own probe reaches the servers: never call them unreachable. Hermes' next retry should connect; a
    // restart before it would only race it (and lose its session). A retry that began after gatewatch first reached
    // the servers and failed all the same says it is not the network: a restart may help, and its alert says why. So
    // may a retry that has come and gone with no word and no new one scheduled.
    const since = ev.reachableSince?.[platform] ?? ev.reachableSince?.[bare];
    if (since !== undefined && attemptBegan(ev.log.run, e.record, bare, ev.expectedPlatforms) >= since)
      return {
        text: 'platform_retry_failed',
        restart: 'helps',
        params: { name, ago, error: e.text, at: clockTime(e.record.ts) },
      };
    const next = nextRetryAt(ev.log.run, bare, ev.expectedPlatforms);
    if (next === undefined || ev.now > next + RETRY_CONNECT_MS) return {};
    // Said only if that retry does not connect: an alert about a retry seconds away arrives after it (issue 51).
    return {
      text: 'platform_answering',
      restart: 'wait',
      params: { name, ago, error: e.text, next: age(Math.max(0, next - ev.now)) },
      quietUntil: next + RETRY_CONNECT_MS,
    };
  }
  return { text: 'platform_unreachable', restart: 'wait', params: { name, ago, error: e.text } };
}
