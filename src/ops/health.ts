// The one health condition of gatewatch itself, shared by GET /healthz and the dead man's switch: the scheduler ran
// within two schedule periods, every channel is healthy (and none is known unable to deliver), and the state_dir can
// be written. Each thing wrong is also a reason: what a load balancer or a script can match. Without the token /healthz
// says only its code (publicReasons), so a stranger reads no path, no secret, no text of anyone's and no channel name.
import type { Channel } from '../types.js';
import type { StateDirHealth } from '../state/health.js';
import type { LoopRuntime } from '../core/loop.js';
import type { ChannelTrouble } from '../core/channel-trouble.js';
import { formatDuration } from '../util/duration.js';
import { redact } from '../util/redact.js';

/** What is wrong, as a code a load balancer or a script matches; the two about a channel are said with its name. */
export type HealthCode =
  | 'scheduler_not_started'
  | 'scheduler_late'
  | 'state_unwritable'
  | 'credentials_rejected'
  | 'channel_down';

/**
 * Why gatewatch is not healthy (docs/metrics.md, "HTTP endpoint"): `scheduler_not_started`, `scheduler_late`, `state_unwritable`,
 * `credentials_rejected:<channel>`, `channel_down:<channel>`. Channel names are config names (`[A-Za-z0-9_.-]`).
 */
export type HealthReason =
  | Exclude<HealthCode, 'credentials_rejected' | 'channel_down'>
  | `${Extract<HealthCode, 'credentials_rejected' | 'channel_down'>}:${string}`;

/**
 * What /healthz says to a request without the token: each code once, in the order first met. The channel a reason
 * names is the config's name for it (often a team's or a person's: `alice-phone`), for the token holder only.
 */
export function publicReasons(reasons: readonly HealthReason[]): HealthCode[] {
  return [...new Set(reasons.map((r) => r.split(':')[0] as HealthCode))];
}

export interface HealthReport {
  ok: boolean;
  /** up; degraded (the scheduler runs, something else is wrong); down (the scheduler does not run). */
  status: 'up' | 'degraded' | 'down';
  reasons: HealthReason[];
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
  /** The app's clock. */
  core: { now(): number };
  channels: readonly Channel[];
  /** The channels known unable to deliver (refused at start or for good later), whatever their own health says. */
  channelTrouble?: Pick<ChannelTrouble, 'list'>;
}

export function healthOf(app: HealthSource): HealthReport {
  const problems: string[] = [];
  const reasons: HealthReason[] = [];
  const { scheduledAt, schedulePeriodMs } = app.runtime;
  // Every writer of the state_dir (state.json, outbox.json, audit.jsonl) reports to stateHealth.
  const saveError = app.stateHealth.problem();
  const ago = scheduledAt === undefined ? undefined : app.core.now() - scheduledAt;
  const schedOk = ago !== undefined && schedulePeriodMs !== undefined && ago <= 2 * schedulePeriodMs;
  if (ago === undefined) problems.push('scheduler: not started');
  else if (!schedOk)
    problems.push(
      `scheduler: last run ${formatDuration(ago)} ago (schedule period ${formatDuration(schedulePeriodMs ?? 0)})`,
    );
  if (!schedOk) reasons.push(ago === undefined ? 'scheduler_not_started' : 'scheduler_late');

  const state = saveError ? { ok: false, error: redact(saveError) } : { ok: true };
  if (saveError) {
    problems.push(`state: cannot save (${state.error})`);
    reasons.push('state_unwritable');
  }

  const trouble = new Map((app.channelTrouble?.list() ?? []).map((d) => [d.channel, d]));
  const channels = app.channels.map((c) => {
    const down = trouble.get(c.name);
    try {
      // The endpoint is read by monitors and scripts: its words stay English, as its problems are.
      const h = c.health('en');
      // A channel may look connected while the service refuses what it sends: the refusal is its state.
      if (h.ok && down) return { name: c.name, ok: false, summary: redact(down.reason) };
      return { name: c.name, ok: h.ok, summary: redact(h.summary) };
    } catch (err) {
      return { name: c.name, ok: false, summary: redact(`health check failed: ${(err as Error).message}`) };
    }
  });
  for (const c of channels) {
    if (c.ok) continue;
    problems.push(`channel ${c.name}: ${c.summary || 'down'}`);
    reasons.push(trouble.get(c.name)?.credentials ? `credentials_rejected:${c.name}` : `channel_down:${c.name}`);
  }

  const ok = problems.length === 0;
  const status = ok ? 'up' : schedOk ? 'degraded' : 'down';
  return {
    ok,
    status,
    reasons,
    problems,
    scheduler: { ok: schedOk, last_run_ago_ms: ago, period_ms: schedulePeriodMs },
    channels,
    state,
  };
}
