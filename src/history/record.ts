// Writing the history: observations become changes, incidents and restarts become entries, and the whole stays within
// its bound (KEEP_MS of time; MAX_CHANGES changes a platform and MAX_TARGET_CHANGES a target, older ones folded into
// coarser buckets; MAX_PLATFORMS platforms; MAX_ENTRIES incidents and restarts). Pure: the store saves what these
// return.
import {
  DAY_MS,
  EVIDENCE_LINES,
  HEALTHS,
  type Change,
  type Health,
  type IncidentEntry,
  type RestartEntry,
  type TargetHistory,
} from './model.js';

/** Kept: 90 days. */
export const KEEP_MS = 90 * DAY_MS;
/** A platform's changes kept before older ones are folded (about 20 bytes each on disk). */
export const MAX_CHANGES = 3_000;
/**
 * A target's changes in all. Each is about 90 bytes of the daemon's memory (an array, its number, its slot) and some
 * microseconds of every figure drawn from them (a /metrics scrape computes three windows; the daemon runs without the
 * optimising compiler): a hundred platforms of 3,000 changes each held 27 MB, and a scrape held the loop for seconds.
 */
export const MAX_TARGET_CHANGES = 10_000;
export const MAX_ENTRIES = 1_000;
/**
 * Platforms kept a target: Hermes serves fifteen, a few profiles over them make dozens; more are keys of a state file
 * gone wrong (it is read up to 1 MiB), and each would cost a file and a picture row for 90 days.
 */
export const MAX_PLATFORMS = 100;
/** Folding keeps the last day as it was and folds older changes into buckets of these sizes, finer first. */
const BUCKETS_MS = [5 * 60_000, 30 * 60_000, 3 * 3_600_000, DAY_MS];

/** Which state a folded bucket shows: the worst seen in it, so that folding never hides downtime. */
const RANK: Record<Health, number> = { down: 5, deaf: 4, muted: 3, stopped: 2, unknown: 1, up: 0 };

/**
 * What one look says of a platform: a state, since when the evidence dates it (`at`; absent: the time of the look),
 * or `null`: nothing new (a drop still inside disconnect_grace, a gateway still starting: not an outage yet, and not
 * known up either), so the platform keeps the state it had. `outages`: outages that began and ended since the last
 * change recorded, as the log dates them ([from, to]): a look that came after one ended still records it.
 */
export type Observation =
  | Health
  | {
      state: Health | null;
      at?: number;
      outages?: readonly (readonly [number, number])[];
      /** What those outages were (`muted` while alerts are muted); down by default. */
      outagesAs?: Health;
      /**
       * Up: when the platform connected (its connect lines, oldest first). The first after the state recorded before
       * dates the change, which is when it came back, not a later resume of the same connection.
       */
      connects?: readonly number[];
    }
  | null;

/**
 * One observation of every platform of the target at `now`. A platform absent from `states` is no longer served or
 * configured: unknown from now on (its past stays). `resumed`: the first of this daemon's life (`lifeStart` = now):
 * the time since the last one recorded (`seenAt`) was not watched, and no evidence dates a change before it. Returns
 * whether a change was added.
 */
export function observe(
  h: TargetHistory,
  states: Record<string, Observation>,
  now: number,
  resumed = false,
  lifeStart = resumed ? now : h.since,
): boolean {
  let changed = false;
  const push = (p: string, atIn: number, s: Health, floorIn = lifeStart) => {
    if (!Object.hasOwn(h.platforms, p) && Object.keys(h.platforms).length >= MAX_PLATFORMS) return;
    const list = (h.platforms[p] ??= []);
    const last = list.at(-1);
    if (last?.[1] === s) return;
    // Evidence older than what is recorded, or than this life's watching, cannot move a change into the past: an
    // outage is dated from the last change at the earliest; a connect line older than the outage is not its end (the
    // look is). A clock stepped back is taken as now.
    const floor = Math.max(last?.[0] ?? -Infinity, floorIn);
    // Muted time stays muted (issue 51): an outage still failing once its mute is over is down from the mute's end
    // (the observation dates it so when it knows it), else from the look that found it so, never from its start.
    const unmuted = last?.[1] === 'muted' && (s === 'down' || s === 'deaf') && Math.min(atIn, now) <= floor;
    const at =
      Math.min(atIn, now) < floor || unmuted
        ? s === 'up' || unmuted
          ? Math.max(now, floor)
          : floor
        : Math.min(atIn, now);
    list.push([at, s]);
    changed = true;
  };
  if (resumed && now > h.seenAt) for (const p of Object.keys(h.platforms)) push(p, h.seenAt, 'unknown', -Infinity);
  for (const [p, o] of Object.entries(states)) {
    if (o === null) continue;
    if (typeof o === 'string') {
      push(p, now, o);
      continue;
    }
    // Only those after what is recorded (the next look sees the same outages in the log again), and only over time
    // recorded up: a state a look recorded meanwhile (down, muted) was that outage, seen live.
    for (const [from, to] of o.outages ?? []) {
      const last = h.platforms[p]?.at(-1);
      if ((last === undefined || (last[1] === 'up' && to > last[0])) && from >= lifeStart && to <= now) {
        push(p, from, o.outagesAs ?? 'down');
        push(p, to, 'up');
      }
    }
    if (o.state === null) continue;
    const since = h.platforms[p]?.at(-1)?.[0] ?? lifeStart;
    const back = o.state === 'up' ? o.connects?.find((t) => t >= since && t <= now) : undefined;
    push(p, back ?? o.at ?? now, o.state);
  }
  for (const p of Object.keys(h.platforms)) if (!(p in states)) push(p, now, 'unknown');
  h.seenAt = Math.max(h.seenAt, now);
  return changed;
}

/** An incident's alert went out (or was held by a mute). A flapping incident keeps its id: each episode is an entry. */
export function incidentOpened(h: TargetHistory, e: IncidentEntry): IncidentEntry {
  const last = lastEpisode(h, e.id);
  if (last && !ended(last)) return last;
  // Numbered after the newest kept: `/incident <target>-<n>` names one entry for as long as it is kept.
  let n = 0;
  for (const i of h.incidents) n = Math.max(n, i.n ?? 0);
  const entry = { ...e, n: n + 1 };
  h.incidents.push(entry);
  return entry;
}

/**
 * The episode that ended at `at`, if one was open. `firstAt`: its first evidence as the incident dates it now (an
 * earlier start found after the alert moves it back), so that its downtime is the alert's.
 */
export function incidentResolved(
  h: TargetHistory,
  id: string,
  at: number,
  firstAt?: number,
  writeUp?: Partial<IncidentEntry>,
): IncidentEntry | undefined {
  const last = lastEpisode(h, id);
  if (!last || last.recoveredAt !== undefined) return undefined;
  // A story another finding carried on (`endTitle`) keeps the lines that showed its start beside those of its end.
  const evidence =
    writeUp?.endTitle !== undefined && last.evidence?.length && writeUp.evidence
      ? [...last.evidence.slice(-EVIDENCE_LINES / 2), ...writeUp.evidence.slice(-EVIDENCE_LINES / 2)]
      : writeUp?.evidence;
  if (writeUp) Object.assign(last, writeUp, evidence ? { evidence } : {});
  if (firstAt !== undefined) last.firstAt = Math.min(last.firstAt, firstAt);
  // Never before it began (a clock stepped back); it may be before its alert went out (a supervisor faster than the
  // judgement that alerted): the alert's downtime says so, and the time to recover counts that as none.
  last.recoveredAt = Math.max(at, last.firstAt);
  return last;
}

/** The episode open under `id`, if any, handed over to another at `at` (not recovered: its outage went on). */
export function incidentHandedOver(h: TargetHistory, id: string, at: number, to?: string): IncidentEntry | undefined {
  const last = lastEpisode(h, id);
  if (!last || ended(last)) return undefined;
  last.handedOverAt = Math.max(at, last.firstAt);
  if (to !== undefined) last.handedTo = to;
  return last;
}

/** The episode open under `id`, if any, closed at `at` without a recovery (model.ts closedHow). */
export function incidentClosed(
  h: TargetHistory,
  id: string,
  at: number,
  how: NonNullable<IncidentEntry['closedHow']>,
): IncidentEntry | undefined {
  const last = lastEpisode(h, id);
  if (!last || ended(last)) return undefined;
  last.closedAt = Math.max(at, last.firstAt);
  last.closedHow = how;
  return last;
}

/** The episode under `id` closed without a recovery (handed over, closed) goes on: found again once its gateway is back. */
export function incidentResumed(h: TargetHistory, id: string): IncidentEntry | undefined {
  const last = lastEpisode(h, id);
  if (!last || last.recoveredAt !== undefined) return undefined;
  delete last.handedOverAt;
  delete last.handedTo;
  delete last.closedAt;
  delete last.closedHow;
  return last;
}

/** Recovered, handed over or closed: over, one way or another. */
export const ended = (e: Pick<IncidentEntry, 'recoveredAt' | 'handedOverAt' | 'closedAt'>): boolean =>
  e.recoveredAt !== undefined || e.handedOverAt !== undefined || e.closedAt !== undefined;

/** When it ended, however it ended (undefined: still open). */
export const endedAt = (e: Pick<IncidentEntry, 'recoveredAt' | 'handedOverAt' | 'closedAt'>): number | undefined =>
  e.recoveredAt ?? e.handedOverAt ?? e.closedAt;

function lastEpisode(h: TargetHistory, id: string): IncidentEntry | undefined {
  for (let k = h.incidents.length - 1; k >= 0; k--) if (h.incidents[k]!.id === id) return h.incidents[k];
  return undefined;
}

/** Hermes' and gatewatch's versions as seen now: kept when they differ from the last kept (an unknown Hermes adds nothing). */
export function versionsSeen(h: TargetHistory, v: { hermes?: string; gatewatch: string }, now: number): boolean {
  const last = h.versions?.at(-1);
  const hermes = v.hermes ?? last?.[1] ?? null;
  if (last && last[1] === hermes && last[2] === v.gatewatch) return false;
  (h.versions ??= []).push([now, hermes, v.gatewatch]);
  return true;
}

export function restarted(h: TargetHistory, e: RestartEntry): void {
  h.restarts.push(e);
}

/**
 * How many changes each platform keeps when `counts` are theirs: the quiet ones keep all of theirs, the busiest share
 * what is left of MAX_TARGET_CHANGES (never more than MAX_CHANGES each).
 */
export function changeCap(counts: readonly number[]): number {
  const sorted = [...counts].sort((a, b) => a - b);
  let left = MAX_TARGET_CHANGES;
  for (const [i, n] of sorted.entries()) {
    const share = Math.floor(left / (sorted.length - i));
    if (n > share) return Math.max(1, Math.min(MAX_CHANGES, share));
    left -= n;
  }
  return MAX_CHANGES;
}

/** One platform's changes within the bound: the last KEEP_MS, at most `cap` of them (older ones folded first). */
export function compactChanges(list: Change[], now: number, cap = MAX_CHANGES): Change[] {
  const kept = clip(list, now - KEEP_MS);
  return kept.length <= cap ? kept : compactColumns(columnsOf(kept), now, cap);
}

/**
 * A platform's changes as columns: times, and states as indices into HEALTHS. Folding works on these: a list of
 * thousands folded an array a change at each step, and a history read at the old bound (100 platforms of 3,000)
 * was seconds of the young generation's collections in the daemon.
 */
export interface ChangeColumns {
  at: Float64Array;
  state: Uint8Array;
  n: number;
}

const STATE_INDEX = new Map(HEALTHS.map((h, i) => [h, i]));
const RANK_OF = HEALTHS.map((h) => RANK[h]);

function columnsOf(list: Change[]): ChangeColumns {
  const c = { at: new Float64Array(list.length), state: new Uint8Array(list.length), n: list.length };
  for (let i = 0; i < list.length; i++) {
    c.at[i] = list[i]![0];
    c.state[i] = STATE_INDEX.get(list[i]![1])!;
  }
  return c;
}

/** compactChanges of columns, in time order: the list kept, made only of what is kept. */
export function compactColumns(c: ChangeColumns, now: number, cap = MAX_CHANGES): Change[] {
  let kept = clipColumns(c, now - KEEP_MS);
  for (const bucket of BUCKETS_MS) {
    if (kept.n <= cap) break;
    kept = foldColumns(kept, bucket, now - DAY_MS);
  }
  // Still too long (a platform that changed state thousands of times in one day): the oldest go.
  const from = Math.max(0, kept.n - cap);
  return Array.from({ length: kept.n - from }, (_, k): Change => [kept.at[from + k]!, HEALTHS[kept.state[from + k]!]!]);
}

/** Keeps the history within its bound: what is older than KEEP_MS goes, long lists are folded. */
export function compact(h: TargetHistory, now: number): TargetHistory {
  const cutoff = now - KEEP_MS;
  const cap = changeCap(Object.values(h.platforms).map((l) => l.length));
  for (const [p, list] of Object.entries(h.platforms)) {
    const kept = compactChanges(list, now, cap);
    if (kept.length) h.platforms[p] = kept;
    else delete h.platforms[p];
  }
  h.since = Math.max(h.since, Math.min(cutoff, h.seenAt));
  h.incidents = h.incidents.filter((i) => (endedAt(i) ?? now) >= cutoff).slice(-MAX_ENTRIES);
  h.restarts = h.restarts.filter((r) => r.at >= cutoff).slice(-MAX_ENTRIES);
  // The versions run before the cutoff are kept as the last of them: what a change later is a change from.
  if (h.versions) {
    const first = h.versions.findIndex(([at]) => at > cutoff);
    h.versions = h.versions.slice(first === -1 ? -1 : Math.max(0, first - 1)).slice(-MAX_ENTRIES);
  }
  return h;
}

/** The changes from `cutoff` on, the state at `cutoff` starting them. */
function clip(list: Change[], cutoff: number): Change[] {
  const first = list.findIndex(([t]) => t > cutoff);
  if (first === 0) return list;
  const from = first === -1 ? list.length - 1 : first - 1;
  const out = list.slice(from);
  out[0] = [cutoff, out[0]![1]];
  return out;
}

/** clip() of columns. */
function clipColumns(c: ChangeColumns, cutoff: number): ChangeColumns {
  let first = 0;
  while (first < c.n && c.at[first]! <= cutoff) first++;
  if (first === 0 || c.n === 0) return c;
  const from = first === c.n ? c.n - 1 : first - 1;
  const out = { at: c.at.slice(from, c.n), state: c.state.slice(from, c.n), n: c.n - from };
  out.at[0] = cutoff;
  return out;
}

/** Changes before `until` folded into buckets of `size`: one change a bucket, the worst state seen in it. */
function foldColumns(c: ChangeColumns, size: number, until: number): ChangeColumns {
  // A bucket adds at most two changes, and takes one or more.
  const out: ChangeColumns = { at: new Float64Array(2 * c.n), state: new Uint8Array(2 * c.n), n: 0 };
  const push = (at: number, s: number) => {
    if (out.n && out.state[out.n - 1] === s) return;
    out.at[out.n] = at;
    out.state[out.n++] = s;
  };
  let i = 0;
  while (i < c.n && c.at[i]! < until) {
    const start = Math.floor(c.at[i]! / size) * size;
    const end = Math.min(start + size, until);
    // The state carried into the bucket counts too: a bucket that began down and came up is down.
    let worst = out.n && c.at[i]! > start ? out.state[out.n - 1]! : c.state[i]!;
    let last = worst;
    while (i < c.n && c.at[i]! < end) {
      last = c.state[i]!;
      if (RANK_OF[last]! > RANK_OF[worst]!) worst = last;
      i++;
    }
    push(Math.max(start, out.n ? out.at[out.n - 1]! : start), worst);
    // The bucket ends in its last state: what follows it starts from there.
    if (last !== worst && end < until) push(end, last);
  }
  for (; i < c.n; i++) push(c.at[i]!, c.state[i]!);
  return out;
}
