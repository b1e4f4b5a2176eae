// How the gateway's lives end, from the files current Hermes (v0.21+) leaves for that purpose
// (hermes-gateway-current.md §8): the lifecycle sentinel, the loop heartbeat, the exit-diagnostics log, the planned-
// stop marker and the updater's log. Read only, each bounded; a missing file is an older Hermes or a home that never
// ran a gateway (§8.12), never an error.
import { stat } from '../util/file-calls.js';
import path from 'node:path';
import type {
  Heartbeat,
  LifecycleEvidence,
  LifecycleSentinel,
  PlannedStopMarker,
  UncleanExitRecord,
  UpdateRun,
  MemorySample,
} from '../evidence.js';
import { KiB, readCapped, readTail } from '../util/read-capped.js';
import { learnZoneOf, zoneOf, type WriterZone } from './log-zone.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
/** An ISO-8601 stamp (Hermes writes UTC with `+00:00`) as epoch ms. */
const isoMs = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

function record(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `state/gateway.lifecycle.json` (§8.1): `phase` running (claimed at boot) or exited (rewritten on every clean exit). */
export function parseSentinel(text: string): LifecycleSentinel | undefined {
  const r = record(text);
  const phase = str(r?.phase);
  if (!r || !phase) return undefined;
  const startTime = num(r.start_time);
  return {
    phase,
    pid: num(r.pid),
    startedAt: isoMs(r.started_at) ?? (startTime !== undefined ? Math.round(startTime * 1000) : undefined),
    startedAtText: str(r.started_at),
    createTime: num(r.create_time),
    exitCode: num(r.exit_code),
    exitReason: str(r.exit_reason),
    exitedAt: isoMs(r.exited_at),
    priorUncleanExit: r.prior_unclean_exit === true,
    priorSuspectedOom: r.prior_suspected_oom === true,
  };
}

function memOf(v: unknown): MemorySample | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const m = v as Record<string, unknown>;
  const sample: MemorySample = {
    rssKib: num(m.rss_kib),
    totalKib: num(m.mem_total_kib),
    availableKib: num(m.mem_available_kib),
    swapUsedKib: num(m.swap_used_kib),
  };
  return Object.values(sample).some((x) => x !== undefined) ? sample : undefined;
}

/** `state/gateway.heartbeat` (§8.3): written every 30 s; may be the previous life's (#94758), so it carries its pid. */
export function parseHeartbeat(text: string): Heartbeat | undefined {
  const r = record(text);
  if (!r) return undefined;
  return { pid: num(r.pid), updatedAt: isoMs(r.updated_at), startTime: num(r.start_time), mem: memOf(r.mem) };
}

/** The newest `gateway.previous_unclean_exit` record of `logs/gateway-exit-diag.log` (one JSON object a line, §8.2). */
export function parseExitDiag(lines: readonly string[]): UncleanExitRecord | undefined {
  let best: UncleanExitRecord | undefined;
  for (const line of lines) {
    const r = record(line);
    if (!r || r.tag !== 'gateway.previous_unclean_exit') continue;
    const ts = isoMs(r.ts);
    if (ts === undefined || (best && best.ts > ts)) continue;
    best = {
      ts,
      pid: num(r.pid),
      priorPid: num(r.prior_pid),
      priorStartedAt: str(r.prior_started_at),
      lastHeartbeatAt: str(r.last_heartbeat_at),
      lastMem: memOf(r.last_heartbeat_mem),
      suspectedOom: r.suspected_oom === true,
      stateDbIntegrity: typeof r.state_db_integrity === 'string' ? r.state_db_integrity : undefined,
    };
  }
  return best;
}

/** `.gateway-planned-stop.json` (§8.5): written by `hermes gateway stop` before it signals; consumed by the target. */
export function parsePlannedStop(text: string): PlannedStopMarker | undefined {
  const r = record(text);
  if (!r) return undefined;
  return { targetPid: num(r.target_pid), stopperPid: num(r.stopper_pid), writtenAt: isoMs(r.written_at) };
}

// `logs/update.log` (§5, §8.6): the updater's stdout. Only the last run matters.
const UPDATE_STARTED = /^=== hermes update started (.+?) ===\s*$/;
const UPDATE_DONE = /✓ Update complete!/;
const UPDATE_STOPPED_PID = /could not arm an automatic gateway restart for PID (\d+) — stopping it instead/;
const UPDATE_STOPPED_MANUAL = /→ Stopped (\d+) manual gateway process\(es\)/;
/** §10.2, #75411: the pre-update snapshot left state.db out (`⚠ Snapshot: skipping state.db (5.0 GB exceeds 1.0 GB limit)`). */
const SNAPSHOT_SKIPPED_DB = /⚠ Snapshot: skipping state\.db \((.+?) exceeds (.+?) limit\)/;
/** How long after an update its log is read while the gateway runs: what that update's snapshot left out is said. */
export const UPDATE_RECENT_MS = 24 * 3_600_000;

/** The last run of `hermes update` in update.log's tail: when it started, whether it finished, what it stopped. */
/** `zone`: the one its folder's logs are written in (log-zone.ts); undefined, this host's. */
export function parseUpdateLog(lines: readonly string[], mtimeMs: number, zone?: WriterZone): UpdateRun | undefined {
  let begin = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (UPDATE_STARTED.test(lines[i]!)) {
      begin = i;
      break;
    }
  }
  if (begin < 0) return undefined;
  // `<local ISO>`: a local time without a zone, the writer's (this host's parses in its own zone).
  const iso = UPDATE_STARTED.exec(lines[begin]!)![1]!.trim();
  const startedAt =
    zone === undefined || /(?:Z|[+-]\d\d:?\d\d)$/.test(iso) ? Date.parse(iso) : Date.parse(`${iso}Z`) - zone;
  const run = lines.slice(begin + 1);
  const stoppedPids = run.flatMap((l) => {
    const m = UPDATE_STOPPED_PID.exec(l);
    return m ? [Number(m[1])] : [];
  });
  const manual = run.map((l) => UPDATE_STOPPED_MANUAL.exec(l)).find(Boolean);
  const skipped = run.find((l) => SNAPSHOT_SKIPPED_DB.test(l));
  const sizes = skipped ? SNAPSHOT_SKIPPED_DB.exec(skipped)! : undefined;
  return {
    startedAt: Number.isFinite(startedAt) ? startedAt : undefined,
    completed: run.some((l) => UPDATE_DONE.test(l)),
    stoppedPids,
    stoppedManual: manual ? Number(manual[1]) : stoppedPids.length,
    // The file is written while the update runs: its mtime is when the run last said something.
    endedAt: mtimeMs,
    ...(skipped && sizes ? { stateDbSkipped: { size: sizes[1]!, limit: sizes[2]!, line: skipped.trim() } } : {}),
    lines: run
      .filter((l) => UPDATE_STOPPED_PID.test(l) || UPDATE_STOPPED_MANUAL.test(l) || UPDATE_DONE.test(l))
      .map((l) => l.trim()),
  };
}

async function readJson<T>(
  file: string,
  parse: (text: string) => T | undefined,
): Promise<{ value?: T; error?: string }> {
  try {
    const value = parse(await readCapped(file, 16 * KiB));
    return value === undefined ? { error: `${path.basename(file)}: not the JSON Hermes writes` } : { value };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : { error: `cannot read ${path.basename(file)} (${code ?? String(err)})` };
  }
}

/**
 * Everything §8 offers for one process home that a detector can use now. The two append-only logs are read only when
 * they can matter (this runs on every evaluation, log bursts included): the exit diagnostics when this life follows an
 * unclean death, the updater's log when the gateway is down or `updateLog` asks for it (turns failing since an update).
 */
export async function probeLifecycle(
  home: string,
  o: { gatewayDown?: boolean; updateLog?: boolean; now?: number } = {},
): Promise<LifecycleEvidence> {
  const updateFile = path.join(home, 'logs', 'update.log');
  // While the gateway runs, update.log only within a day of an update (one stat): its snapshot's gaps (§10.2).
  const recentUpdate =
    o.now !== undefined &&
    (await stat(updateFile).then(
      (s) => o.now! - s.mtimeMs <= UPDATE_RECENT_MS,
      () => false,
    ));
  const [sentinel, heartbeat, planned, update] = await Promise.all([
    readJson(path.join(home, 'state', 'gateway.lifecycle.json'), parseSentinel),
    readJson(path.join(home, 'state', 'gateway.heartbeat'), parseHeartbeat),
    readJson(path.join(home, '.gateway-planned-stop.json'), parsePlannedStop),
    o.gatewayDown === false && !o.updateLog && !recentUpdate
      ? undefined
      : readTail(updateFile, 64 * KiB).catch(() => undefined),
  ]);
  // Append-only forever (the CLI's records too): the newest records are at the end.
  const diag = sentinel.value?.priorUncleanExit
    ? await readTail(path.join(home, 'logs', 'gateway-exit-diag.log'), 64 * KiB).catch(() => undefined)
    : undefined;
  const ev: LifecycleEvidence = {};
  if (sentinel.value) ev.sentinel = sentinel.value;
  if (heartbeat.value) ev.heartbeat = heartbeat.value;
  if (planned.value) ev.plannedStop = planned.value;
  const errors = [sentinel.error, heartbeat.error].filter((e): e is string => !!e);
  if (errors.length) ev.errors = errors;
  const unclean = diag && parseExitDiag(diag.lines);
  if (unclean) ev.lastUncleanExit = unclean;
  // Its stamps are the updater's, in the zone the gateway's own log tells: read first where no reader of it has (the
  // root of a served profile is looked at after its lifecycle).
  if (update) await learnZoneOf(path.join(home, 'logs', 'gateway.log'));
  const run = update && parseUpdateLog(update.lines, update.mtimeMs, zoneOf(updateFile));
  if (run) ev.lastUpdate = run;
  return ev;
}
