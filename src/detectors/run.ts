// The current run of the gateway as the detectors read it, and the process facts that decide it.
import type { DetectSettings, Evidence, LogRecord } from '../evidence.js';
import { filesPid } from '../evidence.js';

/** A gateway process of this home exists (the pid file's, or any `gateway run` seen in the process table). */
export function processAlive(ev: Evidence): boolean {
  return ev.process.alive || ev.processes.length > 0;
}

/** The gateway's lives the look met: the pid file's, when alive, and those only the scan found (their starts). */
export const livesMet = (ev: Evidence): readonly { startedAt?: number }[] => [
  ...(ev.process.alive ? [ev.process] : []),
  ...ev.processes,
];

/**
 * Why it cannot be told whether a gateway process of this home exists, when no look saw one and a look failed (a ps
 * that timed out on a starved host, an unreadable process table): no sight of a death, whatever the log's last life
 * and the state file say.
 */
export function livenessUnknown(ev: Evidence): string | undefined {
  if (processAlive(ev)) return undefined;
  return ev.process.reason === 'unknown' ? (ev.process.error ?? 'unknown') : ev.processesError;
}

/** The state file was written by the live process (or we cannot tell): its platform states can be trusted. */
export function stateIsCurrent(ev: Evidence): boolean {
  const sp = ev.state?.pid;
  if (sp === undefined) return true;
  // A gateway in a container writes its own pid, the container's (filesPid), not the one the host knows it by.
  if (ev.process.alive && ev.process.pid !== undefined) return sp === filesPid(ev.process);
  // No live process in gateway.pid, but the scan found gateways of this home (Hermes' breaker sleeps before it claims
  // the pid file, §5): a state file none of them wrote is a dead life's, its stamps and platforms too.
  return ev.processes.length === 0 || ev.processes.some((p) => p.pid === sp);
}

/**
 * /proc's start time is read against the boot time in whole seconds: a process's own first line may seem to come up to
 * a second before it started.
 */
const START_SLACK_MS = 2_000;

/**
 * The current run's lines are a live gateway's. False only for gateways alive without a pid file (Hermes' breaker
 * sleeps before it claims one, §5, §9.16) that all started after the run's first line: the run is a dead life's, and
 * the sleeping one has logged nothing yet. The pid file's live gateway owns the run, as it always did.
 */
export function runIsLive(ev: Evidence): boolean {
  if (ev.process.alive || !ev.processes.length) return true;
  const run = currentRun(ev);
  const first = run.startedAt ?? run.records[0]?.ts;
  const starts = ev.processes.map((p) => p.startedAt);
  if (first === undefined || starts.some((t) => t === undefined)) return true;
  return starts.some((t) => t! <= first + START_SLACK_MS);
}

/** When the live gateway's process began (the pid file's, else the latest the scan found); undefined when not known. */
export function liveStartedAt(ev: Evidence): number | undefined {
  const born = ev.process.alive ? ev.process.startedAt : Math.max(...ev.processes.map((p) => p.startedAt ?? -Infinity));
  return born !== undefined && Number.isFinite(born) ? born : undefined;
}

/**
 * When the live gateway's process began, if it has not written its own start yet: the log's run began before its
 * process did (Hermes imports for seconds before its first line, and gateway.pid may name it by then). That run is a
 * life before. Undefined when the run is the live gateway's, or when it cannot be told.
 */
export function unwrittenStartOf(ev: Evidence): number | undefined {
  if (!ev.log.runStartSeen) return undefined;
  const started = liveStartedAt(ev);
  const run = currentRun(ev);
  return run.startedAt !== undefined && started !== undefined && run.startedAt < started - START_SLACK_MS
    ? started
    : undefined;
}

/**
 * The live gateway is starting: its own start is not written yet, within the grace. Whatever the life before's start-up
 * said is not this one's, and nothing serves yet. Past the grace the run is read as its own (a gateway hung before its
 * first line, or a log whose clock is not /proc's), as it always was.
 */
export function startingUnwritten(ev: Evidence, s: Pick<DetectSettings, 'disconnectGraceMs'>): boolean {
  const born = unwrittenStartOf(ev);
  return born !== undefined && ev.now - born <= s.disconnectGraceMs;
}

/** A second instance that started, lost to the live one and exited: its start line does not begin a new run. */
const LOSER =
  /^(PID file race lost to another gateway instance|Gateway runtime lock is already held by another instance|Another gateway instance is already running|Gateway hit a non-retryable startup conflict)/;

/** A line of such a second instance. */
export const lostToAnother = (r: LogRecord): boolean => r.logger === 'gateway.run' && LOSER.test(r.message);

export interface Run {
  records: LogRecord[];
  /** Epoch ms the run started, if known. */
  startedAt?: number;
}

const runs = new WeakMap<Evidence, Run>();

/** The current run's records (memoised per evidence: every detector reads it). */
export function currentRun(ev: Evidence): Run {
  let run = runs.get(ev);
  if (!run) {
    run = readCurrentRun(ev);
    runs.set(ev, run);
  }
  return run;
}

function readCurrentRun(ev: Evidence): Run {
  const { run, previous, runStartSeen } = ev.log;
  if (
    runStartSeen &&
    processAlive(ev) &&
    previous.length &&
    run.some((r) => r.logger === 'gateway.run' && LOSER.test(r.message))
  ) {
    // The live process belongs to the run before the loser's start; previous is only its tail.
    return { records: [...previous, ...run], startedAt: ev.process.startedAt };
  }
  return { records: run, startedAt: runStartSeen ? run[0]?.ts : ev.process.startedAt };
}

export function lastIndex(
  records: readonly LogRecord[],
  pred: (r: LogRecord) => boolean,
  from = records.length - 1,
): number {
  for (let i = from; i >= 0; i--) if (pred(records[i]!)) return i;
  return -1;
}

export function findAfter(records: LogRecord[], i: number, pred: (r: LogRecord) => boolean): LogRecord | undefined {
  for (let j = i + 1; j < records.length; j++) if (pred(records[j]!)) return records[j];
  return undefined;
}

export function isRunner(r: LogRecord): boolean {
  return r.logger === 'gateway.run';
}

/** The runner's line that ends a start-up (with how many platforms it connected). */
export const STARTUP_END = /^(Gateway running with (\d+) platform\(s\)|Gateway started with no connected platforms)/;
