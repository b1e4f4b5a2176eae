// The history on disk: state_dir/history/<target>.json, one file a target, written atomically at most once a
// minute while it changes (and at shutdown). Read once at start: a file of a format this version does not know is
// set aside (a later gatewatch's, say) and the history starts afresh; the first history of a target that has none is
// seeded from the 24-hour up/down timeline of state.json that versions before it kept (format 0).
import path from 'node:path';
import type { Logger } from 'pino';
import * as z from 'zod';
import { readJson, setAside, writeJsonAtomic } from '../state/atomic.js';
import type { StateDirHealth } from '../state/health.js';
import type { Clock } from '../util/clock.js';
import { watchedUntil } from './figures.js';
import {
  compact,
  incidentOpened,
  incidentResolved,
  observe,
  restarted,
  versionsSeen,
  type Observation,
} from './record.js';
import {
  emptyHistory,
  HEALTHS,
  HISTORY_VERSION,
  type Health,
  type IncidentEntry,
  type RestartEntry,
  type TargetHistory,
} from './model.js';

/** The up/down timeline state.json kept before the history (src/incidents/timeline.ts). */
export type LegacyTimeline = Record<string, [number, 'up' | 'down'][]>;

const SAVE_EVERY_MS = 60_000;

const num = z.number().finite();
const change = z.tuple([num, z.enum(HEALTHS as [Health, ...Health[]])]);
const fileSchema = z.object({
  version: z.literal(HISTORY_VERSION),
  target: z.string(),
  since: num,
  seenAt: num,
  platforms: z.record(z.string(), z.array(change)),
  incidents: z.array(
    z.object({
      id: z.string(),
      check: z.string(),
      platform: z.string().optional(),
      title: z.string(),
      text: z.object({ key: z.string(), params: z.record(z.string(), z.unknown()) }).optional() as z.ZodType<
        IncidentEntry['text']
      >,
      severity: z.enum(['critical', 'warning', 'info']),
      firstAt: num,
      alertAt: num,
      recoveredAt: num.optional(),
    }),
  ),
  restarts: z.array(z.object({ at: num, ok: z.boolean(), actor: z.string() })),
  versions: z.array(z.tuple([num, z.string().nullable(), z.string()])).optional(),
});

/** A history file that could not be read at start: set aside (where it was kept), the target's history begun afresh. */
export interface LostHistory {
  target: string;
  file: string;
  keptAs?: string;
  why: string;
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
  incidentOpened(target: string, e: IncidentEntry): void;
  /**
   * The episode that ended, if one was open: at `end.at` (else now), its start moved to `end.firstAt` where the
   * incident dated it earlier since it opened. The alert's downtime and the history's are then the same figure.
   */
  incidentResolved(target: string, id: string, end?: { at: number; firstAt?: number }): IncidentEntry | undefined;
  restarted(target: string, e: RestartEntry): void;
  /** Write every changed history now. Never throws (a failure goes to the state_dir health and is retried). */
  save(): Promise<void>;
  /** Stop saving on a timer; what this life watched ends now (the next save records it). */
  stop(): void;
  /** The history files that could not be read at start (each said once: the log here, the operator by the caller). */
  lost: LostHistory[];
}

/** A file name for a target name (names are checked by the config, but a file name must never leave the folder). */
export const historyFile = (stateDir: string, target: string) =>
  path.join(stateDir, 'history', `${encodeURIComponent(target)}.json`);

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
}): Promise<HistoryStore> {
  const clock = o.clock;
  const histories = new Map<string, TargetHistory>();
  // Per target: when this daemon's life first observed it (the first observation marks the gap before it).
  const lifeStart = new Map<string, number>();
  const dirty = new Set<string>();
  const lost: LostHistory[] = [];
  let stopped = false;
  let cancel: (() => void) | undefined;

  for (const target of o.targets) {
    const file = historyFile(o.stateDir, target);
    let why: string | undefined;
    let keptAs: string | undefined;
    const raw = await readJson<unknown>(file, undefined, clock, (w, k) => {
      why = w;
      keptAs = k;
    });
    const parsed = raw === undefined ? undefined : fileSchema.safeParse(raw);
    if (parsed?.success) {
      histories.set(target, { ...parsed.data, target });
      continue;
    }
    if (parsed) {
      keptAs = await setAside(file, clock);
      why = `not in a format this version reads (version ${JSON.stringify((raw as { version?: unknown })?.version)})`;
    }
    if (why !== undefined) {
      // The history is lost, not absent: starting afresh says so. Seeding it from state.json's old timeline would
      // show other figures (its incidents gone, a planned stop turned into downtime) as if nothing had happened.
      lost.push({ target, file, ...(keptAs ? { keptAs } : {}), why });
      o.log.warn({ target, file, keptAs, why }, 'history file unreadable: set aside, the history starts afresh');
      continue;
    }
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
  const touched = (target: string) => {
    if (!known.has(target)) return;
    dirty.add(target);
    if (stopped || cancel) return;
    cancel = clock.timer(() => {
      cancel = undefined;
      return save();
    }, SAVE_EVERY_MS);
  };

  async function save(): Promise<void> {
    for (const target of [...dirty]) {
      dirty.delete(target);
      const file = historyFile(o.stateDir, target);
      try {
        await writeJsonAtomic(file, compact(get(target), clock.now()));
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
      observe(get(target), states, clock.now(), first, lifeStart.get(target));
      if (versions) versionsSeen(get(target), versions, clock.now());
      touched(target);
    },
    incidentOpened(target, e) {
      incidentOpened(get(target), e);
      touched(target);
    },
    incidentResolved(target, id, end) {
      const ended = incidentResolved(get(target), id, end?.at ?? clock.now(), end?.firstAt);
      touched(target);
      return ended;
    },
    restarted(target, e) {
      restarted(get(target), e);
      touched(target);
    },
    save,
    stop() {
      // What this life watched, it watched until now: the next start counts from here what it did not.
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
