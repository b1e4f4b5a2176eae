// The demo: a simulated Hermes gateway a newcomer can watch, break and restart, supervised by ctl.js the way systemd
// supervises a real one. gatewatch watches it like any other target (manager: command).
import path from 'node:path';
import type { Locale } from '../types.js';
import { expandHome } from '../util/paths.js';
import { DEMO_FAULTS } from './faults.js';
import { demoScriptPath } from './files.js';

export { DEMO_FAULTS, DEMO_FAULT_NAMES, isDemoFault, type DemoFault, type DemoFaultInfo } from './faults.js';
export {
  ctlMain,
  demoStatus,
  healDemo,
  injectFault,
  restartDemo,
  startDemo,
  stopDemo,
  HEAL_STEP_TEXT,
  type DemoHealResult,
  type DemoHealStep,
  type DemoInjectOptions,
  type DemoInjectResult,
  type DemoRestartResult,
  type DemoStartOptions,
  type DemoStartResult,
  type DemoStatus,
  type DemoStopResult,
} from './ctl.js';
export { demoScriptPath } from './files.js';

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
}

export function demoTargetConfig(home: string): DemoTargetRaw {
  const abs = path.resolve(home);
  const ctl = demoScriptPath('ctl');
  const cmd = (verb: string) => [process.execPath, ctl, verb, '--home', abs];
  return {
    name: 'demo',
    hermes_home: abs,
    platforms: ['feishu', 'qqbot'],
    service: { manager: 'command', is_active: cmd('status'), start: cmd('start'), restart: cmd('restart'), stop: cmd('stop') },
  };
}

/** One line per fault, for help text: `  qq-banned            QQ closes with 4915 …`. */
export function demoFaultHelp(locale: Locale = 'en'): string {
  return DEMO_FAULTS.map((f) => `  ${f.name.padEnd(20)} ${f.hermes === 'current' ? '(v0.21) ' : ''}${f[locale]}`).join('\n');
}
