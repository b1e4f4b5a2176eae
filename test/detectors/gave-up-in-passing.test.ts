// A look that sees the supervisor's last life in passing: the scan of /proc met it alive in its last moment, and
// `supervisorctl status` (asked after) already said FATAL. Read together, main had neither a loop (the supervisor gave
// up) nor a give-up (a gateway lives): the crash loop's incident closed, and the console said "✅ the gateway is back:
// supervisord started it again" three seconds before "supervisord gave up on the gateway" (test:supervisors'
// under-supervisord-loop, once in three runs). A life that began before the give-up is one it ended; one begun after is
// somebody's start. Pure: evidence in, findings and the incident machine's events out.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import type { Evidence, ServiceEvidence } from '../../src/evidence.js';
import { buildEvidence, CMDLINE, localTime, PID, SETTINGS, stateFile } from '../helpers/evidence.js';

const at = (hms: string) => localTime(`2026-11-30 ${hms}`);
const ERROR = "ModuleNotFoundError: No module named 'lark_oapi'";
const INC = { remindEveryMs: 30 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };
/** The lives of the loop: spawned every few seconds from 11:51:50, each dead within half a second. */
const LIVES = ['11:51:50', '11:51:53', '11:51:57', '11:52:02', '11:52:08', '11:52:15', '11:52:23'];
const deaths = (upTo: number) => {
  const each = LIVES.slice(0, upTo).map((t) => ({ at: at(`${t}.5`), how: 'exit status 1; not expected' }));
  return {
    count: each.length,
    windowS: 120,
    last: 'exited: hermes (exit status 1; not expected)',
    firstAt: each[0]!.at,
    lastAt: each.at(-1)!.at,
    each,
  };
};

/** A look at `now`: supervisord's word and count, and the lives the scan met. */
function look(now: string, service: Partial<ServiceEvidence>, lives: { pid: number; startedAt: number }[]): Evidence {
  const ev = buildEvidence({
    text: '2026-11-30 11:40:00,000 INFO gateway.run: Starting Hermes Gateway...\n',
    alive: false,
    now: `2026-11-30 ${now}`,
    // v0.20: the killed life's state file, still "running" with its pid.
    state: stateFile('running', { qqbot: 'connected', feishu: 'connected' }, { pid: PID }),
  });
  ev.service = {
    manager: 'supervisord',
    name: 'hermes',
    active: false,
    cause: { source: 'supervisorctl tail hermes stderr', line: ERROR },
    output: 'supervisorctl tail hermes stderr',
    ...service,
  } as ServiceEvidence;
  ev.processes = lives.map((l) => ({ ...l, cmdline: CMDLINE }));
  return ev;
}

const BACKOFF = { state: 'BACKOFF Exited too quickly (process log may have details)', deaths: deaths(5) };
const FATAL = {
  state: 'FATAL Exited too quickly (process log may have details)',
  gaveUp: { at: at('11:52:23.5'), line: 'gave up: hermes entered FATAL state, too many start retries too quickly' },
  deaths: deaths(7),
};

describe("the supervisor's last life, met in passing by the look that reads its give-up", () => {
  it('is the give-up, critical, never a gateway that lives', () => {
    const fs = runDetectors(look('11:52:23.6', FATAL, [{ pid: 9007, startedAt: at('11:52:23.1') }]), SETTINGS);
    expect(fs.filter((f) => f.severity === 'critical').map((f) => f.check)).toContain('supervisor_gave_up');
  });

  it('keeps the loop open: no "back" between the loop and its give-up', () => {
    let state: IncidentState = {};
    const judge = (ev: Evidence) => {
      const r = step(state, 'default', runDetectors(ev, SETTINGS), ev.now, INC, false, {});
      state = r.state;
      return r.events.map((e) => e.kind);
    };
    expect(judge(look('11:52:09', BACKOFF, []))).toContain('open');
    expect(judge(look('11:52:23.6', FATAL, [{ pid: 9007, startedAt: at('11:52:23.1') }]))).not.toContain('resolve');
    expect(judge(look('11:52:25', FATAL, []))).not.toContain('resolve');
  });

  it('a gateway started after the give-up (by hand, to the second of its log) is somebody’s start: no give-up said', () => {
    const fs = runDetectors(look('11:53:10', FATAL, [{ pid: 9100, startedAt: at('11:53:00') }]), SETTINGS);
    expect(fs.map((f) => f.check)).not.toContain('supervisor_gave_up');
  });

  it('a life seconds old that only the scan found (its pid file not yet written) has outlived no loop', () => {
    // supervisord's back-off grows by a second a retry: the next life may begin more than 30 s after the last death.
    const slow = { ...BACKOFF, state: 'STARTING' };
    const young = runDetectors(look('11:52:50', slow, [{ pid: 9008, startedAt: at('11:52:49') }]), SETTINGS);
    expect(young.map((f) => f.check)).toContain('respawn_storm');
    const old = runDetectors(look('11:53:50', slow, [{ pid: 9008, startedAt: at('11:52:49') }]), SETTINGS);
    expect(old.map((f) => f.check)).not.toContain('respawn_storm');
  });
});
