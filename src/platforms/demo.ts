// Every Hermes platform's demo fault, one line a platform: what `gatewatch demo fault <name>` makes the demo gateway
// (playing current Hermes) log, so a newcomer can watch gatewatch name it on `npm start`.
export type { DemoStage, PlatformDemoFault } from './demo-stage.js';
import type { PlatformDemoFault } from './demo-stage.js';
import { demo as discord } from './discord/demo.js';
import { demo as slack } from './slack/demo.js';
import { demo as telegram } from './telegram/demo.js';

export const PLATFORM_DEMO_FAULTS = [discord, slack, telegram] as const;

export type PlatformDemoFaultName = (typeof PLATFORM_DEMO_FAULTS)[number]['name'];

export function platformDemoFault(name: string): PlatformDemoFault | undefined {
  return PLATFORM_DEMO_FAULTS.find((f) => f.name === name);
}
