// The simulated gateway's running state and the primitives its scenarios are written with: log a record, change
// gateway_state.json, pause. Nothing here is real networking; only the files are real.
import type { LogLevel, PidRecord } from '../evidence.js';
import type { Server } from 'node:net';
import { homePaths, V020_IDENTITY, writeRuntimeStatus, type CurrentWriter, type StatePatch } from './files.js';
import type { DemoHermes } from './faults.js';
import { appendLines, formatRecord, LOGGER, type SerialQueue } from './hermes-log.js';
import { systemClock } from '../util/clock.js';

/** A platform state key: `qqbot`, `telegram`, or a served profile's `ops:discord`. */
export type Platform = string;

/** What only a gateway playing current Hermes (v0.21.3, a multiplexing root) has. */
export interface CurrentSim {
  /** The control socket server (§4), once bound. */
  socket?: Server;
  /** Where it is bound (the home's gateway.sock, or the long-path fallback in the temp dir). */
  socketPath?: string;
  /** Served profiles' adapters: `ops:discord` → connected. */
  secondaries: Map<string, boolean>;
  /** WhatsApp's reconnect loop after a logout. */
  whatsappDown: boolean;
}

export interface Sim {
  home: string;
  paths: ReturnType<typeof homePaths>;
  self: Required<Omit<PidRecord, 'hermes_home'>>;
  tag: string;
  /** Period of the healthy QQ 4009 → resume cycle. */
  cycleMs: number;
  /**
   * How long gateway_state.json lags behind the log when a platform connects (`GATEWATCH_DEMO_STATE_LAG`, tests
   * only): a look then reads "connecting" from the file beside the log's `✓ <platform> connected`.
   */
  stateLagMs: number;
  writes: SerialQueue;
  /** `hang` fault: nothing is written any more, the process stays up. */
  hung: boolean;
  stopping: boolean;
  /** Aborted on hang and shutdown: cancels whatever scenario is mid-way. */
  abort: AbortController;
  /** Adapters registered at startup (these get disconnected at shutdown). */
  adapters: Platform[];
  fatal: Set<Platform>;
  qq: { alive: boolean; sessionId: string; seq: number; tokenAt: number };
  timers: Set<() => void>;
  scenarioTail: Promise<void>;
  /** Settles when the startup sequence is done; runtime faults wait for it so none is lost to a race. */
  ready?: Promise<void>;
  hermes: DemoHermes;
  /** Set when playing current Hermes. */
  current?: CurrentSim;
  /** This life's claim in the lifecycle sentinel (v0.20: lifecycle.ts), for the rewrite at a clean exit. */
  life?: { startTime: number; createTime: number };
}

/** A v0.19+ writer and logger (Feishu a bundled plugin, the state file's current record): every Hermes but legacy. */
export const modern = (sim: Pick<Sim, 'hermes'>) => sim.hermes !== 'legacy';

/** How this Hermes stamps gateway_state.json (files.ts writeRuntimeStatus); undefined for the v0.17 writer. */
function writerOf(sim: Sim): CurrentWriter | undefined {
  if (sim.hermes === 'current') return { home: sim.home };
  if (sim.hermes === 'v0.20') return { home: sim.home, identity: V020_IDENTITY, multiplex: false };
  return undefined;
}

export function log(
  sim: Sim,
  level: LogLevel,
  logger: string,
  message: string,
  extra: string[] = [],
  file = sim.paths.log,
): void {
  if (sim.hung) return;
  const line = formatRecord(systemClock.now(), level, logger, message);
  sim.writes.push(() => appendLines(file, [line, ...extra]));
  // Hermes' stderr handler: WARNING and up, no timestamp. Under systemd this lands in the journal.
  if (level !== 'INFO' && level !== 'DEBUG') process.stderr.write(`${level} ${logger}: ${message}\n`);
}

export const runLog = (sim: Sim, level: LogLevel, message: string) => log(sim, level, LOGGER.run, message);
export const qqLog = (sim: Sim, level: LogLevel, message: string) =>
  log(sim, level, LOGGER.qq, `[${sim.tag}] ${message}`);
// v0.18 moved Feishu into a bundled plugin, and its logger with it.
export const feishuLog = (sim: Sim, level: LogLevel, message: string, extra?: string[]) =>
  log(sim, level, modern(sim) ? LOGGER.feishuPlugin : LOGGER.feishu, `[Feishu] ${message}`, extra);

export function setState(sim: Sim, patch: StatePatch): void {
  if (sim.hung) return;
  // Stamped now, as its log lines are (log): the write may wait in the queue behind them on a busy host, and a stamp
  // taken then put a "connecting" after the "connected" line that followed it.
  const at = systemClock.now();
  sim.writes.push(() => writeRuntimeStatus(sim.home, sim.self, patch, writerOf(sim), at));
}

export function markConnected(sim: Sim, p: Platform): void {
  sim.fatal.delete(p);
  if (sim.stateLagMs > 0) later(sim, sim.stateLagMs, () => setState(sim, { platform: p, platform_state: 'connected' }));
  else setState(sim, { platform: p, platform_state: 'connected' });
}

/** base._mark_disconnected: skipped once a fatal error is set. */
export function markDisconnected(sim: Sim, p: Platform): void {
  if (!sim.fatal.has(p)) setState(sim, { platform: p, platform_state: 'disconnected' });
}

export function setFatal(sim: Sim, p: Platform, code: string, message: string): void {
  sim.fatal.add(p);
  setState(sim, { platform: p, platform_state: 'fatal', error_code: code, error_message: message });
}

export class Interrupted extends Error {}

/** Sleep inside a scenario; throws Interrupted when the gateway hangs or shuts down meanwhile. */
export async function pause(sim: Sim, ms: number): Promise<void> {
  try {
    await systemClock.sleep(ms, sim.abort.signal);
  } catch {
    throw new Interrupted();
  }
  if (sim.hung || sim.stopping) throw new Interrupted();
}

export function later(sim: Sim, ms: number, fn: () => void): void {
  const cancel = systemClock.timer(() => {
    sim.timers.delete(cancel);
    fn();
  }, ms);
  sim.timers.add(cancel);
}

export function cancelAll(sim: Sim): void {
  for (const cancel of sim.timers) cancel();
  sim.timers.clear();
  sim.abort.abort();
}

/** Scenarios run one at a time, so a fault never interleaves its lines with a reconnect cycle. */
export function runExclusive(sim: Sim, fn: () => Promise<void>): Promise<void> {
  const next = sim.scenarioTail.then(async () => {
    if (sim.hung || sim.stopping) return;
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof Interrupted)) process.stderr.write(`demo gateway: scenario failed: ${(e as Error).stack}\n`);
    }
  });
  sim.scenarioTail = next;
  return next;
}

export function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}
