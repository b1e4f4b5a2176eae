// state.db failing under a live gateway (hermes-gateway-current.md §9.19): `hermes_state`'s lines reach agent.log only.
// None of these is fixed by restarting the gateway alone; each has its own narrow fix.
import type { Detector, LogRecord } from '../evidence.js';
import { MALFORMED, STATE_DB } from '../probes/agent-tail.js';
import { age, currentRun, finding, processAlive } from './common.js';

/** Most serious first: what one record says, and how it is judged. */
const KINDS = [
  // Another process unlinked the live WAL (#109687): every write refused. Only stopping every writer helps.
  { variant: 'wal_deleted', re: /deleted state\.db-wal or state\.db-shm/, severity: 'critical' },
  {
    variant: 'replaced',
    re: /^FATAL: state\.db was replaced underneath the gateway|file is not a database/,
    severity: 'critical',
  },
  // The one-shot rebuild failed and FTS sync is disabled: canonical rows are kept, searches silently miss new ones (a
  // rebuild that worked logs only its first line).
  { variant: 'fts', re: /^state\.db FTS indexes remain corrupt/, severity: 'warning' },
  // Any reader of the store meeting SQLite's "malformed" over and over (#96591: the dashboard's usage loop, 520,772 lines
  // a day), in whatever log it wrote (issue 54): the file itself is damaged; every reader of it, the gateway too.
  { variant: 'malformed', re: MALFORMED, severity: 'critical' },
  // Another process held the write lock for 20 s+ (VACUUM, a checkpoint, an older process); the database is healthy.
  {
    variant: 'locked',
    re: /database is locked \(another Hermes process held the state\.db write lock/,
    severity: 'warning',
  },
] as const;

/** A lock held now and then is maintenance; three within 30 minutes is a writer that keeps blocking the gateway. */
const LOCKED_MIN = 3;
const WINDOW_MS = 30 * 60_000;

const stateDbFailing: Detector = {
  check: 'state_db_failing',
  detect(ev, s) {
    if (!processAlive(ev)) return [];
    const started = currentRun(ev).startedAt;
    const says = (r: LogRecord, re: RegExp) => re.test(r.message) || !!r.extra?.some((l) => re.test(l));
    const recent = (ev.hermes?.agentOnly ?? []).filter(
      (r) => (STATE_DB.test(r.message) || says(r, MALFORMED)) && (started === undefined || r.ts >= started),
    );
    for (const k of KINDS) {
      let hits: LogRecord[] = recent.filter((r) => (k.variant === 'malformed' ? says(r, k.re) : k.re.test(r.message)));
      // A lock, and a reader meeting "malformed", count within the window, and several times: once is no storm.
      if (k.variant === 'locked' || k.variant === 'malformed') hits = hits.filter((r) => ev.now - r.ts <= WINDOW_MS);
      if (!hits.length || ((k.variant === 'locked' || k.variant === 'malformed') && hits.length < LOCKED_MIN)) continue;
      const first = hits[0]!;
      return [
        finding(ev, s, {
          check: 'state_db_failing',
          text: `state_db_failing.${k.variant}`,
          severity: k.severity,
          // A gateway restart alone is not the fix (it is part of one only where every process stops): never, which holds
          // every restart while writes are refused. A search index or a lock held elsewhere must not hold a restart
          // something else needs: wait.
          restart: k.severity === 'critical' ? 'never' : 'wait',
          params: { count: String(hits.length), ago: age(ev.now - first.ts) },
          since: first.ts,
          evidence: [first.line, ...(hits.length > 1 ? [hits.at(-1)!.line] : [])],
        }),
      ];
    }
    return [];
  },
};

export const stateDbDetectors: Detector[] = [stateDbFailing];
