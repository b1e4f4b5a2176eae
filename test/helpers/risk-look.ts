// A Podman container whose program is the gateway, `--restart no` (its one risk), as a look finds it: its runtime
// answered, or did not (a busy Podman's inspect past its time). For the tests of what a look cannot judge.
import { policyWords } from '../../src/probes/container-policy.js';
import type { ContainerFacts, Evidence } from '../../src/evidence.js';
import { buildEvidence, stateFile } from './evidence.js';

export const NO_RESTART: ContainerFacts = {
  id: 'f00d',
  name: 'hermes',
  status: 'running',
  running: true,
  program: true,
  restartPolicy: { name: 'no', max: 0 },
};

export function riskLook(answered: boolean, at?: number, facts: ContainerFacts = NO_RESTART): Evidence {
  const ev = buildEvidence({
    log: 'healthy.log',
    state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
    ...(at !== undefined ? { now: at } : {}),
  });
  ev.service = answered
    ? { manager: 'podman', name: 'hermes', container: facts, supervised: false, active: true, ...policyWords(facts) }
    : { manager: 'podman', name: 'hermes', error: 'podman inspect: timed out after 5000 ms' };
  return ev;
}
