// The demo: a simulated Hermes gateway a newcomer can watch, break and restart, supervised by ctl.js the way systemd
// supervises a real one. gatewatch watches it like any other target (manager: command).
import type { Locale } from '../types.js';
import { DEMO_FAULTS } from './faults.js';
import { faultHelp } from './fault-help.js';
import { readDemoOptions } from './files.js';

export { DEMO_FAULTS, DEMO_FAULT_NAMES, isDemoFault, type DemoFault, type DemoFaultInfo } from './faults.js';
export { faultHelp } from './fault-help.js';
export { ctlMain } from './ctl-main.js';
export {
  demoStatus,
  healDemo,
  injectFault,
  restartDemo,
  startDemo,
  stopDemo,
  healWords,
  type DemoHealResult,
  type DemoHealStep,
  type DemoInjectOptions,
  type DemoInjectResult,
  type DemoRestartResult,
  type DemoStartOptions,
  type DemoStartResult,
  type DemoStatus,
  type DemoStopResult,
} from './supervisor.js';
export { demoScriptPath } from './files.js';
export { isDemoHome } from './home.js';
export {
  demoHome,
  demoTargetConfig,
  demoWatchSettings,
  demoZombieAfter,
  PLAYGROUND_QQ_CYCLE_MS,
  type DemoTargetRaw,
} from './target.js';

/** The QQ cycle the demo gateway of `home` plays (undefined: its default, QQ's own). */
export async function demoQqCycleMs(home: string): Promise<number | undefined> {
  return (await readDemoOptions(home)).qq_cycle_ms;
}

/** One line per fault, for help text: `  qq-banned            QQ closes with 4915 …`. */
export function demoFaultHelp(locale: Locale = 'en'): string {
  return DEMO_FAULTS.map(
    (f) => `  ${f.name.padEnd(20)} ${f.hermes === 'current' ? '(v0.21) ' : ''}${faultHelp(locale, f.name)}`,
  ).join('\n');
}
