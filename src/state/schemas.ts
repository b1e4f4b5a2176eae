// The shapes of gatewatch's own state files, checked on load (the outbox's here; state.json's, which knows incidents and
// restarts, in src/core/state-schema.ts). A file can be valid JSON and still not fit (`null`, an
// incident that is `null`): such records are dropped one by one, so one bad incident does not cost the others, and the
// watchdog starts instead of failing every check. Objects are loose: fields added later pass through untouched.
import * as z from '../util/zod.js';
import type { Logger } from 'pino';
import { readJson, setAside } from './atomic.js';
import type { Clock } from '../util/clock.js';
import type { Alert, OutboxEntry } from '../types.js';

export const num = z.number();
// Built when a file is there to check: a check whose state_dir holds none (a cron job's, no daemon) makes none of
// them (zod builds a schema as its module loads; both state files' took 3 ms of a cold check).
const outboxEntry = z.lazy(() => {
  const tone = z.enum(['info', 'warning', 'critical', 'ok']);
  const reply = z.looseObject({
    title: z.string(),
    tone: z.optional(tone),
    fields: z.optional(z.array(z.looseObject({ label: z.string(), value: z.string() }))),
    lines: z.optional(z.array(z.string())),
    code: z.optional(z.array(z.string())),
    buttons: z.optional(
      z.array(
        z.looseObject({
          label: z.string(),
          command: z.string(),
          style: z.optional(z.enum(['primary', 'danger', 'default'])),
        }),
      ),
    ),
  });
  const alert = z.looseObject({
    id: z.string(),
    kind: z.enum(['open', 'remind', 'resolve', 'flap', 'escalate', 'restart', 'notice']),
    incidentId: z.optional(z.string()),
    target: z.string(),
    check: z.optional(z.string()),
    severity: tone,
    createdAt: num,
    reply,
    except: z.optional(z.array(z.string())),
    routeSeverity: z.optional(z.enum(['info', 'warning', 'critical'])),
    to: z.optional(z.array(z.string())),
    urgent: z.optional(z.boolean()),
  });
  return z.looseObject({
    alert,
    pending: z.array(z.string()),
    attempts: z._default(z.record(z.string(), num), {}),
    nextAttemptAt: z._default(z.record(z.string(), num), {}),
    deferred: z._default(z.record(z.string(), z.boolean()), {}),
    lastError: z._default(z.record(z.string(), z.string()), {}),
    via: z.optional(z.record(z.string(), z.string())),
    sent: z.optional(z.array(z.string())),
    fellBack: z.optional(z.array(z.string())),
    open: z.optional(z.boolean()),
  });
});

export interface Checked<T> {
  value: T;
  /** What was dropped, e.g. `incidents.k`, `restarts[2]`, `(whole file: not an object)`. */
  dropped: string[];
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function recordOf<T>(
  raw: unknown,
  schema: z.ZodMiniType<T>,
  where: string,
  dropped: string[],
): Record<string, T> {
  const out: Record<string, T> = {};
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    dropped.push(where);
    return out;
  }
  for (const [k, v] of Object.entries(raw)) {
    const r = schema.safeParse(v);
    if (r.success) out[k] = r.data;
    else dropped.push(`${where}.${k}`);
  }
  return out;
}

export function listOf<T>(raw: unknown, schema: z.ZodMiniType<T>, where: string, dropped: string[]): T[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    dropped.push(where);
    return [];
  }
  const out: T[] = [];
  raw.forEach((v, i) => {
    const r = schema.safeParse(v);
    if (r.success) out.push(r.data);
    else dropped.push(`${where}[${i}]`);
  });
  return out;
}

/** outbox.json, entry by entry. */
export function checkOutboxFile(raw: unknown): Checked<OutboxEntry[]> {
  const dropped: string[] = [];
  if (!isObject(raw)) return { value: [], dropped: raw === undefined ? [] : ['(whole file: not an object)'] };
  const entries = listOf(raw.entries, outboxEntry, 'entries', dropped) as unknown as OutboxEntry[];
  return {
    value: entries.filter((e) => e.pending.length > 0 || e.open) as (OutboxEntry & { alert: Alert })[],
    dropped,
  };
}

/**
 * Read a state file and keep what fits. Unparsable or wrong at the top (`null`): moved aside whole. Some records
 * wrong: a copy is kept aside and the rest is used (the next save rewrites the file without them).
 */
export async function loadChecked<T>(
  file: string,
  check: (raw: unknown) => Checked<T>,
  log: Logger,
  clock: Pick<Clock, 'now'>,
): Promise<T> {
  const raw = await readJson<unknown>(file, undefined, clock, (why, keptAs) =>
    log.warn({ file, kept_as: keptAs }, `state file not loaded (${why}): moved aside, starting from empty`),
  );
  const { value, dropped } = check(raw);
  if (dropped.length) {
    const whole = dropped[0]!.startsWith('(whole file');
    const copy = await setAside(file, clock, whole ? 'move' : 'copy');
    log.warn(
      { file, dropped: dropped.slice(0, 20), count: dropped.length, kept_as: copy },
      `state file does not fit its schema: set aside ${whole ? 'the whole file' : `${dropped.length} record(s)`}`,
    );
  }
  return value;
}
