// A look that could not tell whether the gateway runs (its probe timed out on a starved host, or could not run) is no
// sight of a death (issue 42 item 10): the log's last life ending in `Received SIGTERM` and a state file still saying
// `running` made a live gateway "stopped by SIGTERM" and restarted it. Unknown is unknown until a look answers.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { buildEvidence, PID, SETTINGS, stateFile } from '../helpers/evidence.js';
import type { Evidence } from '../../src/evidence.js';

const DEATHS = ['state_stale_running', 'process_down', 'gateway_stopped'];

/** The SIGTERMed run with its persisted `running`, and what the process looks said. */
const looked = (over: Partial<Evidence>) =>
  buildEvidence({
    log: 'sigterm.log',
    alive: false,
    now: '2026-06-24 09:42:30',
    state: stateFile('running', { feishu: 'disconnected', qqbot: 'disconnected' }, { pid: PID }),
    overrides: over,
  });
const deaths = (ev: Evidence) => runDetectors(ev, SETTINGS).filter((f) => DEATHS.includes(f.check));

describe('a look that could not tell', () => {
  it('both looks answered that nothing runs: stopped by SIGTERM, as before', () => {
    expect(deaths(looked({})).map((f) => f.title)).toEqual([
      'Gateway was stopped by SIGTERM but the state file still says "running"',
    ]);
  });

  it("the pid file's process could not be looked at (ps timed out): no death", () => {
    const ev = looked({
      process: { pidFile: { pid: PID }, pid: PID, alive: false, reason: 'unknown', error: 'ps: timed out after 10s' },
    });
    expect(deaths(ev)).toEqual([]);
  });

  it('the process table could not be listed: a gateway without its pid file yet is not known to be absent', () => {
    const ev = looked({
      process: { pidFile: null, alive: false, reason: 'no pid file' },
      processes: [],
      processesError: 'ps: timed out after 10s',
    });
    expect(deaths(ev)).toEqual([]);
  });
});
