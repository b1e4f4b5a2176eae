// A death is not a recovery (issue 35 item 8): findings that are moot because the gateway is down (a storm, a dead
// platform) close without a word when it dies; only the gateway's own incident speaks, and its return is the recovery.
// Through the detector table and the incident machine, on the clock of the evidence.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import { buildEvidence, localTime, SETTINGS, stateFile, type BuildOptions } from '../helpers/evidence.js';

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };
const connected = () => stateFile('running', { feishu: 'connected', qqbot: 'connected' });
const SLOW_TOOL = { ts: localTime('2026-07-03 08:09:50'), tool: 'terminal', seconds: 322.13, line: '2026-07-03 08:09:50,204 INFO run_agent: Tool terminal returned error (322.13s)' };

function sequence(steps: [string, BuildOptions][]): string[] {
  let incidents: IncidentState = {};
  const said: string[] = [];
  for (const [local, o] of steps) {
    const at = localTime(local) + 9;
    const r = step(incidents, 'default', runDetectors(buildEvidence({ ...o, now: local }), SETTINGS), at, INC, false);
    incidents = r.state;
    said.push(...r.events.map((e) => `${local.slice(11)} ${e.kind}:${e.incident.check}`));
  }
  return said;
}

describe('a death is not a recovery', () => {
  it('a storm open when the gateway dies: "Gateway died", never "Recovered" for the storm; the return recovers the death only', () => {
    const said = sequence([
      ['2026-07-03 08:10:30', { log: 'storm.log', state: connected(), overrides: { slowTools: [SLOW_TOOL] } }],
      ['2026-07-03 08:11:00', { log: 'storm.log', alive: false, state: null }],
      ['2026-07-03 08:11:30', { log: 'storm.log', alive: false, state: null }],
      ['2026-07-03 08:25:00', { log: 'storm.log', state: connected() }],
    ]);
    expect(said).toEqual(['08:10:30 open:disconnect_storm', '08:11:00 open:process_down', '08:25:00 resolve:process_down']);
  });
});
