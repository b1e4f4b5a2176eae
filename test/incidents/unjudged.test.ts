// A look whose manager did not answer knows nothing of the setup's risks: its "no restart policy" is unknown, not gone.
// Seen under the real Podman on a busy box (test/e2e/podman-daemon-story): one `podman inspect` past its time, and the
// risk read "cleared after 17s: no longer found", then was said again at the next look. Through the detector table and
// the incident machine, as the evaluation judges (src/core/evaluation.ts).
import { describe, expect, it } from 'vitest';
import { runDetectors, unjudgedChecks } from '../../src/detectors/index.js';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import { policyWords } from '../../src/probes/container-policy.js';
import type { ContainerFacts, Evidence } from '../../src/evidence.js';
import { buildEvidence, SETTINGS, stateFile } from '../helpers/evidence.js';

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };
const facts: ContainerFacts = {
  id: 'f00d',
  name: 'hermes',
  status: 'running',
  running: true,
  program: true,
  restartPolicy: { name: 'no', max: 0 },
};

/** The container probe's service: as inspected, or as it is when the runtime did not answer. */
function look(answered: boolean, at: number): Evidence {
  const service: Evidence['service'] = answered
    ? { manager: 'podman', name: 'hermes', container: facts, supervised: false, active: true, ...policyWords(facts) }
    : { manager: 'podman', name: 'hermes', error: 'podman inspect: timed out after 5000 ms' };
  return buildEvidence({
    log: 'healthy.log',
    state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
    now: at,
    overrides: { service },
  });
}

describe('a manager that did not answer', () => {
  it('leaves the risk it said open: no "cleared", and no second alert when it answers again', () => {
    let incidents: IncidentState = {};
    const said: string[] = [];
    for (const [i, answered] of [true, false, false, true].entries()) {
      const ev = look(answered, 60_000 + i * 30_000);
      const r = step(incidents, 'default', runDetectors(ev, SETTINGS), ev.now, INC, false, {
        unjudged: unjudgedChecks(ev),
      });
      incidents = r.state;
      said.push(...r.events.map((e) => `${i} ${e.kind}:${e.incident.check}`));
    }
    expect(said).toEqual(['0 open:supervisor_risk']);
    expect(Object.values(incidents).map((x) => [x.check, x.status])).toEqual([['supervisor_risk', 'open']]);
  });

  it('an answer without the risk still ends it (the operator set a restart policy)', () => {
    let incidents: IncidentState = {};
    const said: string[] = [];
    const fixed = { ...facts, restartPolicy: { name: 'always', max: 0 } };
    const evs = [look(true, 60_000), look(false, 90_000)];
    const after = look(true, 120_000);
    after.service = { ...after.service, container: fixed, ...policyWords(fixed), risks: undefined };
    delete after.service.risks;
    for (const [i, ev] of [...evs, after].entries()) {
      const r = step(incidents, 'default', runDetectors(ev, SETTINGS), ev.now, INC, false, {
        unjudged: unjudgedChecks(ev),
      });
      incidents = r.state;
      said.push(...r.events.map((e) => `${i} ${e.kind}:${e.incident.check}`));
    }
    expect(said).toEqual(['0 open:supervisor_risk', '2 resolve:supervisor_risk']);
  });
});
