// The faults the demo gateway can be told to suffer. Each mirrors a failure seen in the field (see the Hermes
// reference, §3–§7): the log lines and gateway_state.json it produces are the real ones.

import { SCRIPTED_FAULTS, type ScriptedFaultName } from './scripted-faults.js';

/**
 * Which Hermes the demo plays: v0.17/v0.18 formats (`legacy`), v0.21.3 as a multiplexing root (`current`), or v0.20.2
 * as the real capture shows it (`v0.20`: its lifecycle sentinel, heartbeat and the report of an unclean previous life).
 */
export type DemoHermes = 'legacy' | 'current' | 'v0.20';

export const DEMO_HERMES: readonly DemoHermes[] = ['legacy', 'current', 'v0.20'];

export function isDemoHermes(v: unknown): v is DemoHermes {
  return (DEMO_HERMES as readonly unknown[]).includes(v);
}

const BASE_FAULT_NAMES = [
  'crash',
  'sigterm',
  'qq-max-reconnect',
  'qq-4009-stuck',
  'qq-quick-disconnect',
  'storm',
  'feishu-executor',
  'qq-banned',
  'is-reconnect',
  'hang',
  'fewer-platforms',
  'network-down-start',
  // Current Hermes (v0.21.3, hermes-gateway-current.md): the demo plays a multiplexing root serving profiles coder and ops.
  'telegram-conflict',
  'whatsapp-logged-out',
  'whatsapp-qr',
  'wedged',
  'update',
  'update-stuck',
  'update-left-stopped',
  'busy',
  'profile-down',
] as const;

/** The base faults, then the scripted ones: each Hermes platform's own (src/platforms/<name>/demo.ts) and §9's. */
export type DemoFault = (typeof BASE_FAULT_NAMES)[number] | ScriptedFaultName;

export const DEMO_FAULT_NAMES: readonly DemoFault[] = [...BASE_FAULT_NAMES, ...SCRIPTED_FAULTS.map((f) => f.name)];

export interface DemoFaultInfo {
  name: DemoFault;
  /** `now`: delivered to the running gateway with SIGUSR2; `next-start`: read when the gateway next starts. */
  when: 'now' | 'next-start';
  /** Only a gateway playing this Hermes can suffer it; injected into the other one, it switches the demo at its next start. */
  hermes?: DemoHermes;
  /** Played by the demo's supervisor (an updater process of its own), not by the gateway. */
  byUpdater?: boolean;
}

export const DEMO_FAULTS: readonly DemoFaultInfo[] = [
  { name: 'crash', when: 'now' },
  { name: 'sigterm', when: 'now' },
  { name: 'qq-max-reconnect', when: 'now' },
  { name: 'qq-4009-stuck', when: 'now' },
  { name: 'qq-quick-disconnect', when: 'now' },
  { name: 'storm', when: 'now' },
  { name: 'feishu-executor', when: 'now', hermes: 'legacy' },
  { name: 'qq-banned', when: 'now' },
  { name: 'is-reconnect', when: 'next-start', hermes: 'legacy' },
  { name: 'hang', when: 'now' },
  { name: 'fewer-platforms', when: 'next-start' },
  { name: 'network-down-start', when: 'next-start' },
  { name: 'telegram-conflict', when: 'now', hermes: 'current' },
  { name: 'whatsapp-logged-out', when: 'now', hermes: 'current' },
  { name: 'whatsapp-qr', when: 'now', hermes: 'current' },
  { name: 'wedged', when: 'now', hermes: 'current' },
  { name: 'update', when: 'now', byUpdater: true },
  { name: 'update-stuck', when: 'now', byUpdater: true },
  { name: 'update-left-stopped', when: 'now', byUpdater: true },
  { name: 'busy', when: 'now' },
  { name: 'profile-down', when: 'now', hermes: 'current' },
  ...SCRIPTED_FAULTS.map((f): DemoFaultInfo => ({ name: f.name, when: 'now', hermes: 'current' })),
];

export function isDemoFault(s: unknown): s is DemoFault {
  return typeof s === 'string' && (DEMO_FAULT_NAMES as readonly string[]).includes(s);
}

export function faultInfo(name: DemoFault): DemoFaultInfo {
  return DEMO_FAULTS.find((f) => f.name === name)!;
}
