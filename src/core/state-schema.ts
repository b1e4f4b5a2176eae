// state.json's shape, checked on load record by record (src/state/schemas.ts has the helpers and the outbox's): it
// holds what the layers below the core keep between runs (incidents, restarts, log positions, timelines, outage starts), so it lives
// here, above them.
import * as z from '../util/zod.js';
import type { Incident } from '../incidents/machine.js';
import type { RestartRecord } from '../actions/restart-policy.js';
import type { FixRecord } from '../actions/remedies.js';
import type { LogPosition } from '../probes/log-tail.js';
import type { Timeline } from '../incidents/timeline.js';
import type { SeenDeath } from '../incidents/deaths-seen.js';
import { isObject, listOf, num, recordOf, type Checked } from '../state/schemas.js';

// Each record's schema is built when a file has such records: a check whose state_dir holds no state.json (a cron
// job's, no daemon) builds none (zod builds a schema as it is made; see src/state/schemas.ts).
const finding = z.lazy(() =>
  z.looseObject({
    check: z.string(),
    target: z.string(),
    severity: z.enum(['info', 'warning', 'critical']),
    platform: z.optional(z.string()),
    title: z.string(),
    explanation: z.string(),
    action: z.string(),
    evidence: z.array(z.string()),
    restart: z.enum(['helps', 'wait', 'never']),
    since: z.optional(num),
  }),
);

const incidentSchema = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    key: z.string(),
    target: z.string(),
    check: z.string(),
    platform: z.optional(z.string()),
    finding,
    status: z.enum(['open', 'resolved']),
    openedAt: num,
    resolvedAt: z.optional(num),
    recoveredAt: z.optional(num),
    lastAlertAt: z.optional(num),
    acked: z.optional(z.looseObject({ by: z.string(), at: num })),
    // Older versions did not keep these; migrateIncident fills them in.
    flapping: z.optional(z.boolean()),
    transitions: z.optional(z.array(num)),
    downs: z.optional(z.array(num)),
    notified: z.optional(z.boolean()),
  }),
);

const restartRecord = z.lazy(() =>
  z.looseObject({
    target: z.string(),
    at: num,
    endedAt: z.optional(num),
    ok: z.optional(z.boolean()),
    actor: z.string(),
    reason: z.string(),
    durationMs: z.optional(num),
    backAt: z.optional(num),
    detail: z.optional(z.string()),
  }),
);

const seenDeath = z.lazy(() => z.looseObject({ pid: z.optional(num), at: num, incident: z.string(), key: z.string() }));

const fixRecord = z.lazy(() =>
  z.looseObject({ target: z.string(), at: num, kind: z.string(), actor: z.string(), ok: z.boolean() }),
);

const position = z.lazy(() =>
  z.looseObject({
    ino: num,
    size: z.optional(num),
    offset: num.check(z.gte(0)),
    skipping: z.optional(z.boolean()),
  }),
);
const timeline = z.lazy(() => z.record(z.string(), z.array(z.tuple([num, z.enum(['up', 'down'])]))));

export interface StateFileContent {
  incidents: Record<string, Incident>;
  restarts: RestartRecord[];
  fixes: FixRecord[];
  escalated: Record<string, boolean>;
  lastSkip: Record<string, string>;
  positions: Record<string, LogPosition>;
  timelines: Record<string, Timeline>;
  /** Per target, per platform: when its current outage began (src/incidents/outage-starts.ts). */
  outages: Record<string, Record<string, number>>;
  /** alerts.escalate: incident id → when its clock started and when it was escalated, so a restart neither repeats
   * nor forgets one. */
  escalations: Record<string, { since: number; sentAt?: number }>;
  /** Per target: the deaths gatewatch saw (src/incidents/deaths-seen.ts), so the next life's report of one is its evidence. */
  deaths: Record<string, SeenDeath[]>;
  mute?: { until: number; by: string; held?: number; recovered?: string[] };
  /** Target → its own mute (`/mute TARGET 30m`). */
  targetMutes?: Record<string, { until: number; by: string; held?: number; recovered?: string[] }>;
}

/** What a state file without records holds. */
const emptyState = (): StateFileContent => ({
  incidents: {},
  restarts: [],
  fixes: [],
  escalated: {},
  lastSkip: {},
  positions: {},
  timelines: {},
  outages: {},
  escalations: {},
  deaths: {},
});

/** state.json, record by record. */
export function checkStateFile(raw: unknown): Checked<StateFileContent> {
  const dropped: string[] = [];
  if (!isObject(raw)) return { value: emptyState(), dropped: raw === undefined ? [] : ['(whole file: not an object)'] };
  const incidents = recordOf(raw.incidents, incidentSchema, 'incidents', dropped) as Record<string, Incident>;
  const muteSchema = z.looseObject({
    until: num,
    by: z.string(),
    held: z.optional(num),
    recovered: z.optional(z.array(z.string())),
  });
  const mute = muteSchema.safeParse(raw.mute);
  if (raw.mute !== undefined && !mute.success) dropped.push('mute');
  const targetMutes = recordOf(raw.targetMutes, muteSchema, 'targetMutes', dropped);
  return {
    value: {
      incidents,
      restarts: listOf(raw.restarts, restartRecord, 'restarts', dropped) as RestartRecord[],
      fixes: listOf(raw.fixes, fixRecord, 'fixes', dropped) as FixRecord[],
      escalated: recordOf(raw.escalated, z.boolean(), 'escalated', dropped),
      lastSkip: recordOf(raw.lastSkip, z.string(), 'lastSkip', dropped),
      positions: recordOf(raw.positions, position, 'positions', dropped) as Record<string, LogPosition>,
      timelines: recordOf(raw.timelines, timeline, 'timelines', dropped) as Record<string, Timeline>,
      outages: recordOf(raw.outages, z.record(z.string(), num), 'outages', dropped),
      escalations: recordOf(
        raw.escalations,
        z.looseObject({ since: num, sentAt: z.optional(num) }),
        'escalations',
        dropped,
      ),
      deaths: recordOf(raw.deaths, z.array(seenDeath), 'deaths', dropped) as Record<string, SeenDeath[]>,
      ...(mute.success ? { mute: mute.data } : {}),
      ...(Object.keys(targetMutes).length ? { targetMutes } : {}),
    },
    dropped,
  };
}
