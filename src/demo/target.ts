// The demo as a target of gatewatch: its home under a state_dir, its `targets:` entry (its ctl.js as the service, as
// systemd would be a real gateway's) and the watch settings scaled to its pace. Apart from the rest of the demo: a
// check (its bundle of its own) reads it to watch the demo a daemon left behind, without the demo's supervisor.
import path from 'node:path';
import { expandHome } from '../util/paths.js';
import { demoScriptPath } from './script-path.js';

/** Where the demo's Hermes home lives: `<state_dir>/demo-hermes`. */
export function demoHome(stateDir: string): string {
  return path.resolve(expandHome(stateDir), 'demo-hermes');
}

/** The raw (pre-validation) target object for gatewatch's config, shaped like a `targets:` entry. */
export interface DemoTargetRaw {
  name: string;
  hermes_home: string;
  platforms: string[];
  service: { manager: 'command'; is_active: string[]; start: string[]; restart: string[]; stop: string[] };
  /** The demo's platforms are simulated: whether the real ones answer from this host says nothing about them. */
  reachability: false;
}

export function demoTargetConfig(home: string): DemoTargetRaw {
  const abs = path.resolve(home);
  const ctl = demoScriptPath('ctl');
  const cmd = (verb: string) => [process.execPath, ctl, verb, '--home', abs];
  const isActive = ['/bin/sh', demoScriptPath('is-active'), '--home', abs];
  return {
    name: 'demo',
    hermes_home: abs,
    platforms: ['feishu', 'qqbot'],
    service: {
      manager: 'command',
      is_active: isActive,
      start: cmd('start'),
      restart: cmd('restart'),
      stop: cmd('stop'),
    },
    reachability: false,
  };
}

/**
 * QQ's idle cycle (4009, then resumed) in the playground: compressed from QQ's own, about every 30 min (#39928), so that
 * a newcomer sees it. Its gateway keeps it for its later starts (its options file), whoever starts it.
 */
export const PLAYGROUND_QQ_CYCLE_MS = 20_000;

/** Below this the key's range ends (config/durations.ts). */
const ZOMBIE_AFTER_MIN_MS = 60_000;

/**
 * The `detect.zombie_after` a demo gateway whose QQ cycles every `cycleMs` fits: twice its cycle, as the key is
 * defined (twice QQ's own: platforms/qqbot/forecast.ts reads QQ's routine rate from it too), and never below the key's
 * least. Undefined for a cycle as long as QQ's own, which the default fits.
 */
export function demoZombieAfter(cycleMs: number | undefined): string | undefined {
  if (cycleMs === undefined || cycleMs >= 30 * 60_000) return undefined;
  return `${Math.ceil(Math.max(ZOMBIE_AFTER_MIN_MS, 2 * cycleMs) / 1000)}s`;
}

/**
 * How gatewatch watches the demo: the demo gateway reconnects QQ every 20 s and shows a fault within seconds, so the
 * windows are scaled to match, and a newcomer trying the same fault several times in a row must not run out of budget.
 * `GATEWATCH_DEMO_SETTINGS` (JSON, config keys as in config.yaml) is laid over them: the end-to-end tests play the same
 * stories with a shorter cooldown and a faster schedule, each saying which keys it changes.
 */
export function demoWatchSettings(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const base: Record<string, unknown> = {
    detect: {
      disconnect_grace: '30s',
      storm: { disconnects: 5, within: '60s' },
      zombie_after: demoZombieAfter(PLAYGROUND_QQ_CYCLE_MS),
    },
    remediate: { cooldown: '20s', verify_timeout: '30s', max_restarts: 10 },
    schedule: '*/10 * * * * *',
  };
  const raw = env.GATEWATCH_DEMO_SETTINGS;
  if (!raw) return base;
  let over: unknown;
  try {
    over = JSON.parse(raw);
  } catch (e) {
    throw new Error(`GATEWATCH_DEMO_SETTINGS: expected a JSON object of config keys (${(e as Error).message})`);
  }
  if (!isPlainObject(over)) throw new Error('GATEWATCH_DEMO_SETTINGS: expected a JSON object of config keys');
  return overlay(base, over);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function overlay(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over))
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? overlay(out[k], v) : v;
  return out;
}
