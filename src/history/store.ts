// The history on disk: state_dir/history/<target>.json, one file a target, written atomically at most once a
// minute while it changes (and at shutdown). Read once at start, in slices that leave the loop free (load.ts): a file
// this version cannot read (cut short, a later gatewatch's, too big) is set aside with a log line, said once to the
// operator (`lost`), and the history starts afresh; the first history of a target that never had one is seeded from
// the 24-hour up/down timeline of state.json that versions before it kept (format 0).
import { lstat } from '../util/file-calls.js';
import path from 'node:path';
import type { Logger } from 'pino';
import { setAside, writeFileAtomic } from '../state/atomic.js';
import type { StateDirHealth } from '../state/health.js';
import type { Clock } from '../util/clock.js';
import { redactDeep, redactionMemo, type RedactionMemo } from '../util/redact.js';
import { isUnreadable, readHistory, type Unreadable } from './load.js';
import { watchedUntil } from './figures.js';
import {
  compact,
  incidentClosed,
  incidentHandedOver,
  incidentOpened,
  incidentResumed,
  incidentResolved,
  observe,
  restarted,
  versionsSeen,
  type Observation,
} from './record.js';
import { emptyHistory, type Change, type IncidentEntry, type RestartEntry, type TargetHistory } from './model.js';
import { privateDir } from '../util/private-dir.js';
import { nextTurn } from '../util/next-turn.js';

/** The up/down timeline state.json kept before the history (src/incidents/timeline.ts). */
export type LegacyTimeline = Record<string, [number, 'up' | 'down'][]>;

const SAVE_EVERY_MS = 60_000;
/**
 * A look that changed nothing but how long the target was watched (`seenAt`) is saved this often: the file rewritten
 * and synced every minute for that alone, however large the history. A crash loses at most this much of it, which the
 * next start then counts as not watched, never as up.
 */
const SEEN_EVERY_MS = 10 * 60_000;

/** A history file the daemon could not read at start: set aside (where it was kept), the history begun afresh. */
export interface LostHistory {
  target: string;
  file: string;
  keptAs?: string;
  why: Unreadable;
}

export interface HistoryStore {
  /** The target's history as it stands (a new, empty one for a target not seen before). */
  get(target: string): TargetHistory;
  /**
   * The target's history as a reader counts it now: the time since the last look recorded is not watched until this
   * daemon's life has looked at the target (src/history/figures.ts watchedUntil).
   */
  view(target: string): TargetHistory;
  targets(): string[];
  /**
   * The platforms' states as one look judged them (each dated by its evidence where it can be, or null: nothing new),
   * and what ran (the versions are kept only when they change).
   */
  observe(target: string, states: Record<string, Observation>, versions?: { hermes?: string; gatewatch: string }): void;
  /** The entry of the episode that opened (or the one still open under its id), numbered. */
  incidentOpened(target: string, e: IncidentEntry): IncidentEntry;
  /**
   * The episode that ended, if one was open: at `end.at` (else now), its start moved to `end.firstAt` where the
   * incident dated it earlier since it opened. The alert's downtime and the history's are then the same figure.
   */
  incidentResolved(
    target: string,
    id: string,
    end?: { at: number; firstAt?: number; writeUp?: Partial<IncidentEntry> },
  ): IncidentEntry | undefined;
  /** The episode open under `id` ended without a recovery: the incident `to` carries its outage on. */
  incidentHandedOver(target: string, id: string, o: { at: number; to?: string }): void;
  /** The episode open under `id` ended without a recovery for another reason (model.ts closedHow). */
  incidentClosed(target: string, id: string, o: { at: number; how: NonNullable<IncidentEntry['closedHow']> }): void;
  /** The episode under `id` closed without a recovery goes on (its incident found again once its gateway is back). */
  incidentResumed(target: string, id: string): void;
  restarted(target: string, e: RestartEntry): void;
  /** Write every changed history now. Never throws (a failure goes to the state_dir health and is retried). */
  save(): Promise<void>;
  /** Stop saving on a timer; what this life watched ends now (the next save records it). */
  stop(): void;
  /** The history files the daemon could not read at start (each said once: the log here, the operator by the caller). */
  lost: LostHistory[];
}

/** A file name for a target name (names are checked by the config, but a file name must never leave the folder). */
export const historyFile = (stateDir: string, target: string) =>
  path.join(stateDir, 'history', `${encodeURIComponent(target)}.json`);

/** Entries (incidents, restarts, versions) or platforms in one piece of a save's text. */
const ENTRIES_A_PIECE = 100;
const PLATFORMS_A_PIECE = 10;

/**
 * The file's text, a piece at a time: the file is written a piece after another, and each piece is made in a turn of
 * the loop of its own (made in one turn, a history at its bound held it for 20-40 ms with the daemon's flags, past
 * 100 ms on a busy host). The history is as it was when the first piece is asked for: its lists are copied then. Its
 * words (names, titles, ids, versions) pass the redactor, each once while it stays (a memo per file); the changes are
 * numbers and states, with nothing to redact: redacting each of them again at every save held the loop for seconds at
 * the bound.
 */
export function* historyText(h: TargetHistory, memo: RedactionMemo): Generator<string> {
  const { platforms, ...rest } = h;
  const members = Object.entries(rest).flatMap(([k, v]): [string, unknown][] =>
    v === undefined ? [] : [[k, Array.isArray(v) ? [...v] : v]],
  );
  const lists = Object.entries(platforms).map(([p, list]): [string, Change[]] => [p, [...list]]);
  let sep = '{';
  for (const [k, v] of members) {
    const key = `${sep}${JSON.stringify(k)}:`;
    sep = ',';
    if (!Array.isArray(v)) {
      yield key + JSON.stringify(redactDeep(v, memo.text));
      continue;
    }
    yield `${key}[`;
    yield* slices(v, ENTRIES_A_PIECE, (e) => JSON.stringify(redactDeep(e, memo.text)));
    yield ']';
  }
  yield `${sep}"platforms":{`;
  yield* slices(lists, PLATFORMS_A_PIECE, ([p, list]) => `${JSON.stringify(memo.text(p))}:${JSON.stringify(list)}`);
  yield '}}';
  memo.sweep();
}

/** The items' texts joined by commas, `n` items a piece. */
function* slices<T>(items: T[], n: number, text: (item: T) => string): Generator<string> {
  for (let i = 0; i < items.length; i += n)
    yield (i ? ',' : '') +
      items
        .slice(i, i + n)
        .map(text)
        .join(',');
}

/**
 * state_dir/history when it is a symbolic link. A linked history file is replaced at a save, never written through;
 * a linked folder would be written through (to wherever it points), so it is refused: neither read nor written.
 */
async function linkedDir(stateDir: string): Promise<string | undefined> {
  const dir = path.join(stateDir, 'history');
  const st = await lstat(dir).catch(() => undefined);
  return st?.isSymbolicLink() ? dir : undefined;
}

/** Format 0: the timeline state.json kept, up or down, as changes of the history. */
export function fromTimeline(target: string, tl: LegacyTimeline, now: number): TargetHistory {
  const h = emptyHistory(target, now);
  for (const [p, list] of Object.entries(tl)) {
    if (!list.length) continue;
    h.platforms[p] = list.map(([t, s]) => [t, s]);
    h.since = Math.min(h.since, list[0]![0]);
  }
  h.seenAt = Math.max(h.since, ...Object.values(h.platforms).map((l) => l.at(-1)![0]));
  return h;
}

export async function openHistory(o: {
  stateDir: string;
  targets: string[];
  log: Logger;
  health?: StateDirHealth;
  clock: Clock;
  /** state.json's timelines, per target: the seed of a target that has no history yet. */
  legacy?: Record<string, LegacyTimeline>;
  /** A one-shot CLI run: nothing is written or set aside; a file it cannot read is said to `unreadable`. */
  readOnly?: boolean;
  unreadable?: (file: string, why: Unreadable) => void;
}): Promise<HistoryStore> {
  const clock = o.clock;
  const histories = new Map<string, TargetHistory>();
  // Per target: when this daemon's life first observed it (the first observation marks the gap before it).
  const lifeStart = new Map<string, number>();
  const dirty = new Set<string>();
  const lost: LostHistory[] = [];
  let stopped = false;
  let cancel: (() => void) | undefined;
  // When the armed save is due (the clock's ms).
  let due = Infinity;

  const linked = await linkedDir(o.stateDir);
  if (linked && !o.readOnly) o.log.warn({ dir: linked }, 'history directory is a symbolic link: not read, not written');
  for (const target of o.targets) {
    const file = historyFile(o.stateDir, target);
    const read = linked
      ? { why: 'link' as const }
      : await readHistory(file, target, { now: clock.now(), pause: nextTurn });
    if (read && !isUnreadable(read)) {
      histories.set(target, read);
      continue;
    }
    if (read && o.readOnly) o.unreadable?.(file, read);
    // A file that cannot be opened now (permissions) may be fine later: it is left where it is; so is a linked folder.
    else if (read && read.why !== 'unreadable' && !linked) {
      const keptAs = await setAside(file, clock);
      o.log.warn({ file, keptAs, ...read }, 'history file not read: set aside, starting afresh');
      // The history is lost, not absent: starting afresh says so. Seeding it from state.json's old timeline would
      // show other figures (its incidents gone, a planned stop turned into downtime) as if nothing had happened.
      lost.push({ target, file, ...(keptAs ? { keptAs } : {}), why: read });
      continue;
    }
    if (read) continue;
    const tl = o.legacy?.[target];
    if (tl && Object.keys(tl).length) {
      histories.set(target, fromTimeline(target, tl, clock.now()));
      dirty.add(target);
    }
  }

  // Only the configured targets have a history: an Alertmanager pseudo-target (a name a network peer chose) never
  // becomes a file or a map entry; asked for one, an empty history is lent.
  const known = new Set(o.targets);
  const get = (target: string) => {
    let h = histories.get(target);
    if (!h) {
      h = emptyHistory(target, clock.now());
      if (known.has(target)) histories.set(target, h);
    }
    return h;
  };
  const touched = (target: string, within = SAVE_EVERY_MS) => {
    if (!known.has(target) || o.readOnly) return;
    dirty.add(target);
    if (stopped || (cancel && due <= clock.now() + within)) return;
    cancel?.();
    due = clock.now() + within;
    cancel = clock.timer(() => {
      cancel = undefined;
      due = Infinity;
      return save();
    }, within);
  };

  const memos = new Map<string, RedactionMemo>();
  async function save(): Promise<void> {
    for (const target of [...dirty]) {
      dirty.delete(target);
      const file = historyFile(o.stateDir, target);
      let memo = memos.get(target);
      if (!memo) memos.set(target, (memo = redactionMemo()));
      try {
        const dir = await linkedDir(o.stateDir);
        if (dir) throw new Error(`${dir} is a symbolic link: gatewatch writes no history through it`);
        await privateDir(o.stateDir);
        await privateDir(path.dirname(file));
        await writeFileAtomic(file, () => historyText(compact(get(target), clock.now()), memo));
        o.health?.report(file);
      } catch (err) {
        o.health?.report(file, err);
        dirty.add(target);
      }
    }
    if (dirty.size) touched([...dirty][0]!);
  }

  return {
    get,
    view(target) {
      const h = get(target);
      return lifeStart.has(target) ? h : watchedUntil(h, h.seenAt);
    },
    targets: () => [...histories.keys()],
    lost,
    observe(target, states, versions) {
      const first = !lifeStart.has(target);
      if (first) lifeStart.set(target, clock.now());
      const changed = observe(get(target), states, clock.now(), first, lifeStart.get(target));
      const updated = versions !== undefined && versionsSeen(get(target), versions, clock.now());
      touched(target, first || changed || updated ? SAVE_EVERY_MS : SEEN_EVERY_MS);
    },
    incidentOpened(target, e) {
      const entry = incidentOpened(get(target), e);
      touched(target);
      return entry;
    },
    incidentResolved(target, id, end) {
      const ended = incidentResolved(get(target), id, end?.at ?? clock.now(), end?.firstAt, end?.writeUp);
      touched(target);
      return ended;
    },
    incidentHandedOver(target, id, ho) {
      incidentHandedOver(get(target), id, ho.at, ho.to);
      touched(target);
    },
    incidentClosed(target, id, o) {
      incidentClosed(get(target), id, o.at, o.how);
      touched(target);
    },
    incidentResumed(target, id) {
      incidentResumed(get(target), id);
      touched(target);
    },
    restarted(target, e) {
      restarted(get(target), e);
      touched(target);
    },
    save,
    stop() {
      // What this life watched, it watched until now: the next start counts from here what it did not.
      if (!o.readOnly)
        for (const target of lifeStart.keys()) {
          const h = get(target);
          h.seenAt = Math.max(h.seenAt, clock.now());
          dirty.add(target);
        }
      stopped = true;
      cancel?.();
      cancel = undefined;
    },
  };
}
