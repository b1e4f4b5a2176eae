// What the restart policy decides on, for target `gw`: a running systemd unit, no history, at minute 100.
import type { PolicyInput } from '../../src/actions/restart-policy.js';
import type { Finding } from '../../src/types.js';

export const MIN = 60_000;

export const policyInput = (findings: Finding[], o: Partial<PolicyInput> = {}): PolicyInput => ({
  target: 'gw',
  findings,
  service: { manager: 'systemd', name: 'hermes-gateway.service', active: true, state: 'active/running' },
  gatewayState: 'running',
  history: [],
  inProgress: false,
  escalated: false,
  now: 100 * MIN,
  ...o,
});
