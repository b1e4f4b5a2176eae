// The s6 slot of a profile's gateway inside Hermes' image (hermes-deployments.md §1.2): its name, what
// `s6-svstat` says of it, s6's tally of its deaths, and what the boot reconciler last did with it.
import type { ServiceEvidence, SlotStatus } from '../evidence.js';
import type { TargetConfig } from '../config/schema.js';
import { bootLogOf, type Runtime } from './container-home.js';
import { runCommand, type Host } from './host.js';
import { KiB, readTailSpanning } from '../util/read-capped.js';
import { loopOutput } from './container-output.js';
import { stoppedByOperator } from './container-stops.js';
import { crashesAmong, onWallClock, parseTally } from './death-tally.js';
import { readLogHours } from './log-hours.js';
import { hoursNeedles } from './hours-needles.js';

/** The slot s6 runs a profile's gateway in. */
export const slotName = (profile: string): string => `gateway-${profile || 'default'}`;

/** `hermes [-p P] gateway <verb>` as run inside the container. */
export function hermesInside(profile: string, verb: 'start' | 'stop' | 'restart' | 'status'): string[] {
  return ['hermes', ...(profile && profile !== 'default' ? ['-p', profile] : []), 'gateway', verb];
}

/** `s6-svstat`'s line: `up (pid N) S seconds[, normally down][, want down]`, `down (exitcode N) S seconds, …`. */
export function parseSvstat(line: string): SlotStatus | undefined {
  const m = /^(up|down)\s*(?:\((pid|exitcode|signal) ([^)]+)\))?\s*(\d+) seconds?(.*)$/.exec(line.trim());
  if (!m) return undefined;
  const flags = m[5] ?? '';
  const up = m[1] === 'up';
  const s: SlotStatus = { up, seconds: Number(m[4]), line: line.trim(), normallyUp: true, wantUp: up };
  if (m[2] === 'pid') s.pid = Number(m[3]);
  if (m[2] === 'exitcode') s.exitCode = Number(m[3]);
  if (m[2] === 'signal') s.signal = m[3];
  // Up unless a `down` file says otherwise: then svstat says `normally down` of an up slot and nothing of a down one.
  s.normallyUp = up ? !/normally down/.test(flags) : /normally up/.test(flags);
  s.wantUp = up ? !/want down/.test(flags) : /want up/.test(flags);
  return s;
}

/** What a slot's state means for the gateway in it. */
export function slotState(s: SlotStatus): SlotStatus['state'] {
  if (s.up) return s.wantUp ? 'up' : 'stopping';
  // s6 starts it again about a second after each exit: a crash loop, or a restart under way.
  if (s.wantUp) return 'restarting';
  // The finish script turned the exit into "never again" (exit 0 or 78: hermes-deployments.md §1.2).
  if (s.normallyUp && (s.exitCode === 0 || s.exitCode === 78)) return 'parked';
  // Registered down at boot (a `down` file: the reconciler's choice) or stopped by `gateway stop` (`s6-svc -d`).
  return s.normallyUp ? 'stopped' : 'registered down';
}

/** A crash loop: this many deaths of the slot's gateway within the window, s6 starting it again after each. */
const LOOP_DEATHS = 3;
const LOOP_WINDOW_S = 120;
/**
 * The slot's deaths within the window before now, from s6's death tally: how many, and the last one's words. Timed on
 * s6's own clock: the last death was `sinceLastS` ago (the slot's state has not changed since but for the restart a
 * second after it). Where the tally makes a loop and the time is known, the deaths the gateway's log says were asked
 * for (`hermes gateway restart` is `s6-svc -t`, and Hermes exits 1 on it as on a crash) are no part of it.
 */
async function recentDeaths(
  runtime: Runtime,
  id: string,
  slot: string,
  sinceLastS: number,
  host: Host,
  log: { file: string; now?: number },
): Promise<{ count: number; windowS: number; last: string; longestS: number } | undefined> {
  const r = await runCommand([runtime, 'exec', id, '/command/s6-svdt', `/run/service/${slot}`], host);
  if (r.exitCode !== 0) return undefined;
  const all = parseTally(r.stdout);
  const lastTai = all.at(-1)?.tai;
  if (lastTai === undefined) return undefined;
  const recent = all.filter((d) => d.tai >= lastTai - (LOOP_WINDOW_S - sinceLastS));
  if (!recent.length) return undefined;
  // The longest life between two of them: a gateway up for longer than that since the last has left the loop.
  const longest = Math.max(0, ...recent.slice(1).map((d, i) => d.tai - recent[i]!.tai));
  const told = { count: recent.length, windowS: LOOP_WINDOW_S, last: recent.at(-1)!.how, longestS: longest };
  if (recent.length < LOOP_DEATHS || log.now === undefined) return told;
  const now = log.now;
  const lines = await readLogHours(log.file, hoursNeedles(), { now }).catch(() => []);
  const crashes = crashesAmong(onWallClock(all, now - sinceLastS * 1000), lines, {
    windowS: LOOP_WINDOW_S,
    now,
  });
  return crashes ? { ...told, count: crashes.count, last: crashes.last ?? told.last } : undefined;
}

/**
 * The runtime could not run s6-svstat at all: `exec: "/command/s6-svstat": stat …: no such file or directory`. Not
 * any exec that failed: one into a container that is ending fails too (`exec failed: unable to start container
 * process: error writing config to pipe: write init-p: broken pipe`).
 */
export function isNoS6(r: { exitCode?: number; stdout: string; stderr: string }): boolean {
  const said = r.stderr + r.stdout;
  return (
    (r.exitCode === 126 || r.exitCode === 127) &&
    /\/command\/s6-svstat/.test(said) &&
    /executable file not found|no such file or directory/i.test(said)
  );
}

/** The slot as s6 says it: its state, a crash loop told by s6's tally, what the operator's stop left. */
export async function slotEvidence(
  runtime: Runtime,
  target: TargetConfig,
  ev: ServiceEvidence,
  status: SlotStatus,
  host: Host,
  now?: number,
): Promise<ServiceEvidence> {
  const container = ev.container!;
  const { name: slot, profile } = ev.slot!;
  let state = slotState(status);
  // Up for moments, or about to be started again: s6's own tally of the slot's deaths tells a start from a crash loop.
  const deaths =
    state === 'restarting' || (state === 'up' && status.seconds < LOOP_WINDOW_S)
      ? await recentDeaths(runtime, container.id, slot, status.seconds + (status.up ? 1 : 0), host, {
          file: target.log_file,
          now,
        })
      : undefined;
  if (deaths && deaths.count >= LOOP_DEATHS && (state === 'restarting' || status.seconds <= deaths.longestS + 5))
    state = 'crash loop';
  // A loop on files it may not write (root-owned after a `docker exec` as root, a logs folder the volume's owner lost):
  // the container's boot hands the volume back to its user, so the lever is the container's restart. Any other loop:
  // the line it dies on, as its output repeats it.
  const output = state === 'crash loop' ? await loopOutput(runtime, container, host) : {};
  const boot = state === 'registered down' ? await bootRecord(target.hermes_home, profile) : undefined;
  const down = state === 'parked' || state === 'stopped' || state === 'registered down';
  const stopped = down ? await stoppedByOperator(target, status, state, now) : undefined;
  return {
    ...ev,
    slot: {
      ...ev.slot!,
      status: { ...status, state },
      ...(boot ? { boot } : {}),
      ...(deaths && state === 'crash loop'
        ? { deaths: { count: deaths.count, windowS: deaths.windowS, last: deaths.last } }
        : {}),
      ...(output.denied ? { denied: output.denied } : {}),
    },
    active: status.up,
    state: status.line,
    restarting: state === 'restarting' && status.seconds < 5,
    ...(status.exitCode !== undefined ? { exitStatus: status.exitCode } : {}),
    ...(output.cause && !output.denied ? { cause: output.cause } : {}),
    ...(stopped ? { stopped } : {}),
  };
}

/**
 * The boot reconciler's last word on a profile (`logs/container-boot.log`: `<ts> profile=<p> prior_state=<s>
 * action=<started|registered|skipped> prior_exit=<…>`), read from the tail of the root's log.
 */
export async function bootRecord(
  home: string,
  profile: string,
): Promise<{ at?: number; priorState: string; action: string; line: string } | undefined> {
  const lines = await readTailSpanning(bootLogOf(home), 64 * KiB).then(
    (t) => t.lines,
    () => [] as string[],
  );
  const name = profile || 'default';
  const line = [...lines].reverse().find((l) => l.includes(`profile=${name} `));
  if (!line) return undefined;
  const field = (k: string) => new RegExp(`\\b${k}=(\\S+)`).exec(line)?.[1];
  const at = Date.parse(line.split(' ')[0] ?? '');
  return {
    ...(Number.isFinite(at) ? { at } : {}),
    priorState: field('prior_state') ?? 'unknown',
    action: field('action') ?? 'unknown',
    line: line.trim(),
  };
}
