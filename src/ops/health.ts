// The one health condition of gatewatch itself, shared by GET /healthz and the dead man's switch: the scheduler ran
// within two schedule periods, every channel is healthy, and the state_dir can be written.
import type { Channel } from '../types.js';
import type { StateDirHealth } from '../state/health.js';
import type { LoopRuntime } from '../core/loop.js';
import { formatDuration } from '../util/duration.js';
import { redact } from '../util/redact.js';

export interface HealthReport {
  ok: boolean;
  /** One line per thing that is wrong; empty when ok. No secrets (channel summaries go through the redactor). */
  problems: string[];
  scheduler: { ok: boolean; last_run_ago_ms?: number; period_ms?: number };
  channels: { name: string; ok: boolean; summary: string }[];
  state: { ok: boolean; error?: string };
}

/** What the health condition reads. */
export interface HealthSource {
  runtime: LoopRuntime;
  stateHealth: StateDirHealth;
  now(): number;
  channels: readonly Channel[];
}

export function healthOf(app: HealthSource): HealthReport {
  const problems: string[] = [];
  const { scheduledAt, schedulePeriodMs } = app.runtime;
  // Every writer of the state_dir (state.json, outbox.json, audit.jsonl) reports to stateHealth.
  const saveError = app.stateHealth.problem();
  const ago = scheduledAt === undefined ? undefined : app.now() - scheduledAt;
  const schedOk = ago !== undefined && schedulePeriodMs !== undefined && ago <= 2 * schedulePeriodMs;
  if (ago === undefined) problems.push('scheduler: not started');
  else if (!schedOk) problems.push(`scheduler: last run ${formatDuration(ago)} ago (schedule period ${formatDuration(schedulePeriodMs ?? 0)})`);

  const channels = app.channels.map((c) => {
    try {
      // The endpoint is read by monitors and scripts: its words stay English, as its problems are.
      const h = c.health('en');
      return { name: c.name, ok: h.ok, summary: redact(h.summary) };
    } catch (err) {
      return { name: c.name, ok: false, summary: redact(`health check failed: ${(err as Error).message}`) };
    }
  });
  for (const c of channels) if (!c.ok) problems.push(`channel ${c.name}: ${c.summary || 'down'}`);

  const state = saveError ? { ok: false, error: redact(saveError) } : { ok: true };
  if (saveError) problems.push(`state: cannot save (${state.error})`);

  return { ok: problems.length === 0, problems, scheduler: { ok: schedOk, last_run_ago_ms: ago, period_ms: schedulePeriodMs }, channels, state };
}
