// Which life the state file is: written by the live gateway or a dead one's (src/detectors/run.ts). A gateway in a
// container writes its own pid, the container's, into gateway_state.json; the host knows the same process by another.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { stateIsCurrent } from '../../src/detectors/run.js';
import type { Evidence } from '../../src/evidence.js';
import { buildEvidence, SETTINGS } from '../helpers/evidence.js';
import { HERMES_CASES } from '../helpers/hermes-cases.js';

const HOST_PID = 424_242;

// Hermes gave up on Telegram after five poller conflicts (the detector table's own case).
const conflictCase = HERMES_CASES.find((c) => c.name.startsWith('telegram_polling_conflict: 5/5 conflicts'))!;

/** The same evidence, the gateway seen from the host: its host pid, its container pid (the files') as `nsPid`. */
function inContainer(ev: Evidence): Evidence {
  const nsPid = ev.process.pid!;
  return {
    ...ev,
    process: { ...ev.process, pid: HOST_PID, nsPid, container: { runtime: 'docker', id: 'a'.repeat(64) } },
    processes: ev.processes.map((p) => ({ ...p, pid: HOST_PID })),
  };
}

describe('the state file of a gateway in a container', () => {
  const ev = buildEvidence(conflictCase.ev);

  it('is the live gateway’s when it names the container’s pid of it', () => {
    expect(stateIsCurrent(ev)).toBe(true);
    expect(stateIsCurrent(inContainer(ev))).toBe(true);
  });

  it('its platforms are judged as on the host: a Telegram poller conflict is found in both', () => {
    const checks = (e: Evidence) => runDetectors(e, SETTINGS).map((f) => `${f.check}/${f.platform}`);
    expect(checks(ev)).toContain('telegram_polling_conflict/telegram');
    expect(checks(inContainer(ev))).toEqual(checks(ev));
  });

  it('a dead life’s state file is still told from the live one’s: another pid is not current', () => {
    const other = inContainer({ ...ev, state: { ...ev.state!, pid: 77 } });
    expect(stateIsCurrent(other)).toBe(false);
  });
});
