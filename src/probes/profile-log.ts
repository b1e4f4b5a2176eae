// A served profile's log evidence (hermes-gateway-current.md §2.6): its adapters' own lines are routed to
// `<profile>/logs/`, the runner's reactions to them stay in the root's logs and name the profile on each line
// (`✓ %s connected (profile: %s)`, `Fatal %s adapter error for multiplexed profile %s (%s)`, …). The profile's view is
// its own log plus the root's lines that name it, cut at the root process's last start. A root line that names
// another profile, or names none (the launch profile's adapters, the runner itself), is not this profile's.
import type { LogRecord, LogView } from '../evidence.js';
import { isRunStart } from './log-parse.js';

const NAMED: RegExp[] = [
  // `✓ %s connected (profile: %s)`, `✗ %s failed to connect (profile: %s)`, `✓ %s reconnected (profile: %s)`,
  // `Secondary %s reconnect retry in %ds (profile: %s)`
  /\(profile: ([a-z0-9][a-z0-9_-]{0,63})\)\s*$/,
  // `Fatal %s adapter error for multiplexed profile %s (%s)`
  /^Fatal \S+ adapter error for multiplexed profile ([a-z0-9][a-z0-9_-]{0,63}) \(/,
  // `[MULTIPLEX] Profile '%s': …`
  /^\[MULTIPLEX\] Profile '([a-z0-9][a-z0-9_-]{0,63})':/,
  // `profile '%s' is parked (gateway.parked); not served by this gateway`
  /^profile '([a-z0-9][a-z0-9_-]{0,63})' is parked \(gateway\.parked\)/,
];

/** The profile a root-log record names, if it names one. */
export function namedProfile(r: Pick<LogRecord, 'message'>): string | undefined {
  for (const re of NAMED) {
    const m = re.exec(r.message);
    if (m) return m[1];
  }
  return undefined;
}

/** Stable merge by time (each input is in file order; a's first at the same time). */
export function mergeByTime(a: LogRecord[], b: LogRecord[]): LogRecord[] {
  if (!b.length) return a;
  const out: LogRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.ts <= b[j]!.ts)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

const PREVIOUS_CAP = 200;

/**
 * Pure: the served profile's log view from its own log and the root's. The run is the root process's current run
 * (the profile's bots started with it); `runStartSeen` stays false, since the root's startup lines are not this
 * profile's to judge (its `Gateway running with N platform(s)` counts the launch profile's platforms).
 */
export function mergeServedLog(own: LogView, root: LogView, profile: string): LogView {
  const mine = (r: LogRecord) => namedProfile(r) === profile;
  // The profile's own file: a leftover standalone-era start line there says nothing about the root's run.
  const ownAll = [...own.previous, ...own.run];
  const rootMine = [...root.previous, ...root.run].filter(mine);
  const all = mergeByTime(ownAll, rootMine);
  const startAt = root.runStartSeen && root.run[0] && isRunStart(root.run[0]) ? root.run[0].ts : undefined;
  const run = startAt === undefined ? all : all.filter((r) => r.ts >= startAt);
  const previous = startAt === undefined ? [] : all.filter((r) => r.ts < startAt).slice(-PREVIOUS_CAP);
  const view: LogView = { file: own.file, run, runStartSeen: false, previous };
  if (own.error) view.error = own.error;
  // The profile's chat turns run in its own scope: its inbound lines are in its own log (§2.6).
  if (own.inboundDropped) view.inboundDropped = own.inboundDropped;
  if (own.answeredDropped) view.answeredDropped = own.answeredDropped;
  return view;
}
