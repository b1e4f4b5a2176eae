// The lines the Hermes platforms ask the agent.log probes to keep, registered by the platform registry as it loads
// (src/platforms/index.ts): the probes sit below the platforms and name none of them.
import type { LogNeedle } from '../evidence.js';

const agentOnly: RegExp[] = [];
const hours: LogNeedle[] = [];

/**
 * `agentOnly`: lines that reach agent.log only (their logger is not a gateway component, §9), kept from its tail for
 * the platforms' rules. `hours`: lines some rules count over hours, across restarts (src/probes/log-hours.ts).
 */
export function keepPlatformLines(lines: { agentOnly?: readonly RegExp[]; hours?: readonly LogNeedle[] }): void {
  agentOnly.push(...(lines.agentOnly ?? []));
  hours.push(...(lines.hours ?? []));
}

export const platformAgentLines = (): readonly RegExp[] => agentOnly;
export const platformHoursNeedles = (): readonly LogNeedle[] => hours;
