// A look whose manager did not answer knows nothing of the setup's risks: its "no restart policy" is unknown, not gone.
// Seen under the real Podman on a busy box (test/e2e/podman-daemon-story): one `podman inspect` past its time, and the
// risk read "cleared after 17s: no longer found", then was said again at the next look. Through the detector table and
// the incident machine, as the evaluation judges (src/core/evaluation.ts).
import { describe, expect, it } from 'vitest';
import { runDetectors, unjudgedChecks } from '../../src/detectors/index.js';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import { SETTINGS } from '../helpers/evidence.js';
import { NO_RESTART, riskLook as look } from '../helpers/risk-look.js';

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };

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
    const fixed = { ...NO_RESTART, restartPolicy: { name: 'always', max: 0 } };
    const evs = [look(true, 60_000), look(false, 90_000)];
    const after = look(true, 120_000, fixed);
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
