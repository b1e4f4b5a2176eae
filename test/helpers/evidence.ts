// Builds an Evidence from a log fixture (real gateway.log format), a gateway_state.json object and overrides, the way
// the probes would: the log goes through parseLogText/splitRuns.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DetectSettings, Evidence, GatewayStateFile, LogRecord, PlatformState } from '../../src/evidence.js';
import { parseLogText, splitRuns } from '../../src/probes/log-parse.js';
// The Hermes platforms' rules, words and lines, registered as the composition root registers them.
import '../../src/platforms/index.js';

const LOGS = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));

export const PID = 48213;
export const CMDLINE = '/home/ops/.hermes/hermes-agent/venv/bin/python -m hermes_cli.main gateway run';

export function fixtureText(name: string): string {
  const file = name.includes('/') ? fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)) : `${LOGS}${name}`;
  return readFileSync(file, 'utf8');
}

/** Epoch ms of a local `YYYY-MM-DD HH:MM:SS[.mmm]` time, read like the log parser reads timestamps. */
export function localTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text);
  if (!m) throw new Error(`bad time ${text}`);
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  return new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), ms).getTime();
}

/** ISO UTC string of a local time, as Hermes writes updated_at. */
export function iso(localText: string): string {
  return new Date(localTime(localText)).toISOString().replace('Z', '+00:00');
}

export function platformsState(
  platforms: Record<string, string | Partial<PlatformState>>,
  updatedAt?: string,
): Record<string, PlatformState> {
  const out: Record<string, PlatformState> = {};
  for (const [p, v] of Object.entries(platforms)) {
    const st = typeof v === 'string' ? { state: v } : v;
    const { state, error_code, error_message, updated_at, ...current } = st; // current: v0.19+ fields, kept as given
    out[p] = {
      state: state ?? 'connected',
      error_code: error_code ?? null,
      error_message: error_message ?? null,
      ...((updated_at ?? updatedAt) ? { updated_at: updated_at ?? updatedAt } : {}),
      ...current,
    };
  }
  return out;
}

export function stateFile(
  gatewayState: string,
  platforms: Record<string, string | Partial<PlatformState>>,
  extra: Partial<GatewayStateFile> & { platformsUpdatedAt?: string } = {},
): GatewayStateFile {
  const { platformsUpdatedAt, ...rest } = extra;
  return {
    pid: PID,
    start_time: 8843121,
    gateway_state: gatewayState,
    exit_reason: null,
    restart_requested: false,
    active_agents: 0,
    platforms: platformsState(platforms, platformsUpdatedAt),
    ...rest,
  };
}

export interface BuildOptions {
  /** Fixture file name under test/fixtures/logs (or `hermes/…` under test/fixtures), or raw log text with `text`. */
  log?: string;
  text?: string;
  state?: GatewayStateFile | null;
  /** Is the gateway process alive? Default true. */
  alive?: boolean;
  /** `now` as a local time string, or ms after the last log record (default 60 s). */
  now?: string | number;
  overrides?: Partial<Evidence>;
}

export function lastRecord(records: LogRecord[]): LogRecord | undefined {
  return records[records.length - 1];
}

export function buildEvidence(o: BuildOptions = {}): Evidence {
  const text = o.text ?? (o.log ? fixtureText(o.log) : '');
  const all = parseLogText(text);
  const last = lastRecord(all);
  const now = typeof o.now === 'string' ? localTime(o.now) : (last?.ts ?? Date.now()) + (o.now ?? 60_000);
  // A log has no lines from the future: at an earlier `now`, the probe would have read only what was written by then.
  const records = all.filter((r) => r.ts <= now);
  const { run, previous, runStartSeen } = splitRuns(records);
  const alive = o.alive ?? true;
  const state = o.state === undefined ? null : o.state;
  const runStart = runStartSeen ? run[0]!.ts : undefined;
  const ev: Evidence = {
    target: 'default',
    now,
    expectedPlatforms: state?.platforms ? Object.keys(state.platforms) : ['feishu', 'qqbot'],
    process: alive
      ? {
          pidFile: {
            pid: PID,
            kind: 'hermes-gateway',
            argv: ['hermes_cli/main.py', 'gateway', 'run'],
            start_time: 8843121,
          },
          alive: true,
          pid: PID,
          cmdline: CMDLINE,
          ...(runStart ? { startedAt: runStart } : {}),
        }
      : {
          pidFile: { pid: PID, kind: 'hermes-gateway', start_time: 8843121 },
          alive: false,
          pid: PID,
          reason: 'not running',
        },
    processes: alive ? [{ pid: PID, cmdline: CMDLINE, ...(runStart ? { startedAt: runStart } : {}) }] : [],
    service: {
      manager: 'systemd',
      name: 'hermes-gateway.service',
      active: alive,
      state: alive ? 'active/running' : 'failed/failed',
    },
    state,
    log: { file: '/home/ops/.hermes/logs/gateway.log', run, previous, runStartSeen },
    slowTools: [],
  };
  return { ...ev, ...o.overrides };
}

export const SETTINGS: DetectSettings = {
  disconnectGraceMs: 90_000,
  storm: { disconnects: 5, withinMs: 10 * 60_000 },
  zombieAfterMs: 60 * 60_000,
  locale: 'en',
};
