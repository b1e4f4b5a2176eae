// How fast each file under `<home>/logs` grows, from its size sampled at most once a minute (one stat a file): the
// log storms gateway.log's tailer does not see (hermes-gateway-current.md §10.2: a plugin writing a log to 63 GiB in
// about four days; runaway logs at 16 GiB a day, §10.4), in agent.log, errors.log, gateway.error.log or a plugin's own.
import path from 'node:path';
import type { LogFileGrowth } from '../evidence.js';
import { logFileSizes, type LogFileStat } from '../probes/disk.js';
import type { ListLogs } from '../probes/logs-listing.js';
import type { LookFs } from '../util/look-fs.js';
import { firstLineTime, stampAt, tailOf } from '../probes/log-first-line.js';
import { logWriters, type LogWriter } from '../probes/log-writer.js';
import { fileFloodRate } from '../detectors/log-flood.js';

export const LOG_FILES_EVERY_MS = 60_000;
/** The window a rate is judged over (log_flood's). */
export const LOG_FILES_WINDOW_MS = 10 * 60_000;
/**
 * A file this big and written within this long has its first line's time read (one small read): its size against it
 * is its rate to a look with no earlier sample (log_flood's runaway rule). A smaller or quiet file costs nothing more.
 * A file whose lines carry no time (an MCP server's stderr) is dated by its own birth, where the filesystem keeps it.
 */
export const RUNAWAY_MIN_BYTES = 256 * 1024 * 1024;
export const RUNAWAY_WRITTEN_MS = 5 * 60_000;
/**
 * A file this big (with its rotated copies) and written now has its pace read from its own stamps (issue 54): however
 * old it is, the bytes before its last line against the time between. How far back: the nearest of these, or of the
 * starts of its rotated copies, that spans PACE_SPAN_MS. A log Hermes rotates at 5 MB (agent.log, gateway.log) that
 * grows hundreds of MB an hour is never big itself: its copies hold its pace (issue 60).
 */
export const PACE_MIN_BYTES = 16 * 1024 * 1024;
const PACE_BACK = [1, 8, 64, 512].map((m) => m * 1024 * 1024);
const PACE_SPAN_MS = 5 * 60_000;
const PACE_MIN_SPAN_MS = 60_000;

/** A rotated copy's name: `agent.log.1` of `agent.log`. */
const ROTATED = /^(.+)\.(\d+)$/;

/** A file and its rotated copies, newest first (`agent.log`, `agent.log.1`, …, while they follow on). */
function chainOf(f: LogFileStat, byName: ReadonlyMap<string, LogFileStat>): LogFileStat[] {
  const chain = [f];
  for (let k = 1; byName.has(`${f.name}.${k}`); k++) chain.push(byName.get(`${f.name}.${k}`)!);
  return chain;
}

/** Where `back` bytes before the chain's end fall: which file, at which offset. */
function locate(chain: readonly LogFileStat[], back: number): { i: number; offset: number } | undefined {
  let rest = back;
  for (let i = 0; i < chain.length; i++) {
    if (rest <= chain[i]!.bytes) return { i, offset: chain[i]!.bytes - rest };
    rest -= chain[i]!.bytes;
  }
  return undefined;
}

type Pace = NonNullable<LogFileGrowth['pace']>;

/** A log's pace lately from its stamps (its rotated copies' too), or undefined when none are that far apart. */
async function paceOf(
  logs: string,
  chain: readonly LogFileStat[],
  last: number,
): Promise<Omit<Pace, 'mtimeMs'> | undefined> {
  const total = chain.reduce((n, f) => n + f.bytes, 0);
  const starts = chain.map((_, i) => chain.slice(0, i + 1).reduce((n, f) => n + f.bytes, 0));
  const backs = [...new Set([...PACE_BACK, ...starts])].filter((b) => b > 0 && b <= total).sort((a, b) => a - b);
  let best: { bytes: number; overMs: number; files: number } | undefined;
  for (const back of backs) {
    const at = locate(chain, back)!;
    const t = await stampAt(path.join(logs, chain[at.i]!.name), at.offset);
    if (t === undefined || last <= t) continue;
    best = { bytes: back, overMs: last - t, files: at.i + 1 };
    if (best.overMs >= PACE_SPAN_MS) break;
  }
  if (!best || best.overMs < PACE_MIN_SPAN_MS) return undefined;
  const copies = chain.slice(1);
  const rotated =
    best.files > 1
      ? { files: chain.length, bytes: total, each: copies.reduce((n, f) => n + f.bytes, 0) / copies.length }
      : undefined;
  return { bytes: best.bytes, overMs: best.overMs, ...(rotated ? { rotated } : {}) };
}

/**
 * A log rotated within this long of its last write has its pace read from its rotations alone (no read): each copy's
 * last write is when the next began, so the bytes after it over the time since are its pace, stamps or none. A log its
 * writer rotates small (errors.log at 2 MB, a plugin's at a few) and often is never big, and a series of its sizes
 * starts again at every rotation: only its rotations tell its pace (issue 77).
 */
const ROTATION_SPAN_MAX_MS = 60 * 60_000;
const ROTATION_SPAN_MIN_MS = 20_000;

/** A chain's pace by its rotations' times (stat only), newest file written at `mtimeMs`; undefined when not rotating. */
export function rotationPace(chain: readonly LogFileStat[]): Omit<Pace, 'mtimeMs'> | undefined {
  const end = chain[0]!.mtimeMs;
  let best: { bytes: number; overMs: number; files: number } | undefined;
  let bytes = 0;
  for (let k = 1; k < chain.length; k++) {
    bytes += chain[k - 1]!.bytes;
    const overMs = end - chain[k]!.mtimeMs;
    // Copies out of order were not rotated one into the next (copied, touched): they tell no pace.
    if (overMs <= 0 || (k > 1 && chain[k]!.mtimeMs > chain[k - 1]!.mtimeMs) || overMs > ROTATION_SPAN_MAX_MS) break;
    best = { bytes, overMs, files: k + 1 };
    if (overMs >= PACE_SPAN_MS) break;
  }
  if (!best || best.overMs < ROTATION_SPAN_MIN_MS) return undefined;
  const copies = chain.slice(1);
  const total = chain.reduce((n, f) => n + f.bytes, 0);
  return {
    bytes: best.bytes,
    overMs: best.overMs,
    by: 'rotations',
    rotated: { files: chain.length, bytes: total, each: copies.reduce((n, f) => n + f.bytes, 0) / copies.length },
  };
}

export interface LogFilesSampler {
  /** Samples `<home>/logs` unless it was sampled within the minute; each file's growth over the window so far. */
  /** `list`: the look's listing of `logs/` (src/probes/logs-listing.ts); `fs`: its calls (src/util/look-fs.ts). */
  sample(home: string, now: number, gatewayPid?: number, list?: ListLogs, fs?: LookFs): Promise<LogFileGrowth[]>;
}

/** What one look reads of the files written now: their lives, paces and line lengths, by name. */
interface Looked {
  lives: Map<string, NonNullable<LogFileGrowth['life']>>;
  paces: Map<string, Pace>;
  lineBytes: Map<string, number>;
}

/** The big files written now, read for their stamps (a rotated copy with the file it was rotated from). */
async function look(h: string, sizes: readonly LogFileStat[], now: number): Promise<Looked> {
  const out: Looked = { lives: new Map(), paces: new Map(), lineBytes: new Map() };
  const byName = new Map(sizes.map((f) => [f.name, f]));
  const logs = path.join(h, 'logs');
  for (const f of sizes) {
    if (Math.abs(now - f.mtimeMs) > RUNAWAY_WRITTEN_MS) continue;
    const base = ROTATED.exec(f.name)?.[1];
    if (base !== undefined && byName.has(base)) continue;
    const chain = chainOf(f, byName);
    const rotating = chain.length > 1 ? rotationPace(chain) : undefined;
    if (chain.reduce((n, x) => n + x.bytes, 0) < PACE_MIN_BYTES) {
      if (rotating) out.paces.set(f.name, { ...rotating, mtimeMs: f.mtimeMs });
      continue;
    }
    const file = path.join(logs, f.name);
    const tail = await tailOf(file);
    if (tail?.lineBytes) out.lineBytes.set(f.name, tail.lineBytes);
    const pace = (tail?.last !== undefined ? await paceOf(logs, chain, tail.last) : undefined) ?? rotating;
    if (pace) out.paces.set(f.name, { ...pace, mtimeMs: f.mtimeMs });
    if (f.bytes < RUNAWAY_MIN_BYTES) continue;
    const firstAt = await firstLineTime(file);
    if (firstAt !== undefined) out.lives.set(f.name, { bytes: f.bytes, mtimeMs: f.mtimeMs, firstAt });
    else if (f.bornMs !== undefined)
      out.lives.set(f.name, { bytes: f.bytes, mtimeMs: f.mtimeMs, firstAt: f.bornMs, from: 'birth' });
  }
  return out;
}

/** `writersTimeoutMs`: the walk for a flooding file's writers (logWriters' own 2 s where not given). */
export function createLogFilesSampler(o: { writersTimeoutMs?: number } = {}): LogFilesSampler {
  let home: string | undefined;
  let last: number | undefined;
  let series = new Map<string, { at: number; bytes: number }[]>();
  let growth: LogFileGrowth[] = [];
  /** Who writes a flooding file, asked at most once a window (a walk of every process's descriptors). */
  let writers = new Map<string, { at: number; writers: LogWriter[] | undefined }>();
  const writersOf = async (file: string, now: number, gatewayPid: number | undefined) => {
    const known = writers.get(file);
    if (known && now >= known.at && now - known.at < LOG_FILES_WINDOW_MS) return known.writers;
    const found = await logWriters(file, o.writersTimeoutMs, gatewayPid);
    writers.set(file, { at: now, writers: found });
    return found;
  };
  return {
    async sample(h, now, gatewayPid, list, fs) {
      if (h !== home) {
        home = h;
        last = undefined;
        series = new Map();
        growth = [];
        writers = new Map();
      }
      if (last !== undefined && now - last < LOG_FILES_EVERY_MS && now >= last) return growth;
      last = now;
      const sizes = await logFileSizes(h, list, fs);
      const next = new Map<string, { at: number; bytes: number }[]>();
      for (const f of sizes) {
        // Rotated or truncated: its growth starts again from here.
        const kept = (series.get(f.name) ?? []).filter((p) => p.at < now && now - p.at <= LOG_FILES_WINDOW_MS);
        const points = kept.length && kept.at(-1)!.bytes <= f.bytes ? kept : [];
        next.set(f.name, [...points, { at: now, bytes: f.bytes }]);
      }
      series = next;
      const { lives, paces, lineBytes } = await look(h, sizes, now);
      growth = [...series].flatMap(([name, points]): LogFileGrowth[] => {
        const life = lives.get(name);
        const pace = paces.get(name);
        if (points.length < 2 && !life && !pace) return [];
        const first = points[0]!;
        const end = points.at(-1)!;
        const prev = points.at(-2) ?? end;
        const lines = lineBytes.get(name);
        return [
          {
            file: path.join(h, 'logs', name),
            size: end.bytes,
            bytes: end.bytes - first.bytes,
            spanMs: end.at - first.at,
            lastMinuteBytes: end.at > prev.at ? ((end.bytes - prev.bytes) * 60_000) / (end.at - prev.at) : 0,
            ...(life ? { life } : {}),
            ...(pace ? { pace } : {}),
            ...(lines ? { lineBytes: lines } : {}),
          },
        ];
      });
      for (const g of growth) {
        if (fileFloodRate(g, now) === undefined) continue;
        const found = await writersOf(g.file, now, gatewayPid);
        if (found?.length) g.writers = found;
      }
      return growth;
    },
  };
}
