// A death is not a recovery (issue 35 item 8): findings that are moot because the gateway is down (a storm, a dead
// platform) close without a word when it dies; only the gateway's own incident speaks, and its return is the recovery.
// Through the detector table and the incident machine, on the clock of the evidence.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { step, type IncidentEvent, type IncidentState, type StepOptions } from '../../src/incidents/machine.js';
import { processAlive } from '../../src/detectors/common.js';
import { plannedStopAt } from '../../src/detectors/process.js';
import type { Finding } from '../../src/types.js';
import { aFinding, qqRateForecast } from '../helpers/finding.js';
import { buildEvidence, fixtureText, localTime, SETTINGS, stateFile, type BuildOptions } from '../helpers/evidence.js';

/** How a close without a word ended, and what carries it on (the audit's `alert.close`): ` (replaced by process_down)`. */
const closed = (e: IncidentEvent) => (e.kind === 'close' ? ` (${e.how}${e.heir ? ` by ${e.heir.check}` : ''})` : '');

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };
const connected = () => stateFile('running', { feishu: 'connected', qqbot: 'connected' });
const SLOW_TOOL = {
  ts: localTime('2026-07-03 08:09:50'),
  tool: 'terminal',
  seconds: 322.13,
  line: '2026-07-03 08:09:50,204 INFO run_agent: Tool terminal returned error (322.13s)',
};

function sequence(steps: [string, BuildOptions][]): string[] {
  let incidents: IncidentState = {};
  const said: string[] = [];
  for (const [local, o] of steps) {
    const at = localTime(local) + 9;
    const ev = buildEvidence({ ...o, now: local });
    // As the evaluation judges: with the gateway not running, what is no longer found is moot, not recovered; with it
    // stopped on purpose, closed as stopped.
    const down = !processAlive(ev);
    const stopped = down && plannedStopAt(ev, SETTINGS) !== undefined;
    const r = step(incidents, 'default', runDetectors(ev, SETTINGS), at, INC, false, { down, stopped });
    incidents = r.state;
    said.push(...r.events.map((e) => `${local.slice(11)} ${e.kind}:${e.incident.check}${closed(e)}`));
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
    expect(said).toEqual([
      '08:10:30 open:disconnect_storm',
      '08:11:00 open:process_down',
      // Closed without a word, and said so to the audit: the death carries its outage on.
      '08:11:00 close:disconnect_storm (replaced by process_down)',
      '08:25:00 resolve:process_down',
    ]);
  });

  it("an operator's stop (no finding: it is maintenance) or the supervisor relaunching it is no recovery of the storm either", () => {
    const stop = 'INFO gateway.run: Received SIGTERM as a planned gateway stop — exiting cleanly';
    const said = sequence([
      ['2026-07-03 08:10:30', { log: 'storm.log', state: connected(), overrides: { slowTools: [SLOW_TOOL] } }],
      [
        '2026-07-03 08:11:00',
        {
          text: `${fixtureText('storm.log')}2026-07-03 08:10:50,000 ${stop}\n2026-07-03 08:10:51,000 INFO gateway.run: Gateway stopped (total teardown 0.97s)\n`,
          alive: false,
          state: stateFile('stopped', {}),
        },
      ],
    ]);
    expect(said).toEqual(['08:10:30 open:disconnect_storm', '08:11:00 close:disconnect_storm (stopped)']);
  });

  it("the death's own incident stays open while the supervisor relaunches it (no finding then), and recovers when it is back", () => {
    const relaunching = {
      service: {
        manager: 'systemd' as const,
        name: 'hermes-gateway.service',
        active: false,
        state: 'activating/auto-restart',
        restarting: true,
      },
    };
    const said = sequence([
      ['2026-07-03 08:10:30', { log: 'storm.log', alive: false, state: connected() }],
      ['2026-07-03 08:10:40', { log: 'storm.log', alive: false, state: connected(), overrides: relaunching }],
      ['2026-07-03 08:25:00', { log: 'storm.log', state: connected() }],
    ]);
    expect(said.map((x) => x.replace(/^\S+ /, ''))).toEqual([
      'open:state_stale_running',
      'resolve:state_stale_running',
    ]);
  });
});

/** What the machine says over steps a minute apart from `t0`, each step's flag its options (`down`, `held`). */
function said(
  steps: [atMin: number, found: Finding[], flag: boolean][],
  options: (flag: boolean) => StepOptions,
  t0 = Date.parse('2026-11-26T14:00:00Z'),
): string[] {
  let incidents: IncidentState = {};
  const out: string[] = [];
  for (const [m, found, flag] of steps) {
    const r = step(incidents, 'default', found, t0 + m * 60_000, INC, false, options(flag));
    incidents = r.state;
    out.push(...r.events.map((e) => `${m} ${e.kind}:${e.incident.check}${closed(e)}`));
  }
  return out;
}

describe('a forecast across a death of the gateway', () => {
  const forecast = { ...qqRateForecast, title: 'QQ drops its session every 1 min now: 30× its routine rate' };
  const death = aFinding({ check: 'process_down', severity: 'critical', restart: 'helps', title: 'Gateway is down' });

  const run = (steps: [number, Finding[], boolean][]) => said(steps, (down) => ({ down }));

  it('said before the gateway died and found again once it is back: one story, not a second alert (chaos seed 102)', () => {
    expect(
      run([
        [0, [forecast], false],
        [1, [death], true],
        [2, [forecast], false],
        [5, [], false],
      ]),
    ).toEqual([
      '0 open:forecast',
      '1 open:process_down',
      '1 close:forecast (replaced by process_down)',
      '2 resolve:process_down',
      // The same story goes on: no alert, but the audit hears it resumed before it recovers.
      '2 resume:forecast',
      '5 resolve:forecast',
    ]);
  });

  it('found again long after (past the flap window): a new alert, the old one long closed', () => {
    expect(
      run([
        [0, [forecast], false],
        [1, [death], true],
        [40, [forecast], false],
      ]),
    ).toEqual([
      '0 open:forecast',
      '1 open:process_down',
      '1 close:forecast (replaced by process_down)',
      '40 open:forecast',
      '40 resolve:process_down',
    ]);
  });
});

describe('evidence from before a death of the gateway', () => {
  const t0 = Date.parse('2026-11-26T14:00:00Z');
  // Three stream stalls in agent.log, the first 5 minutes before the first look: a restart does not touch them.
  const stalls = (since: number) =>
    aFinding({
      check: 'agent_stream_stalled',
      severity: 'warning',
      restart: 'wait',
      title: 'The model’s stream went quiet 3 times in 30m',
      since,
    });
  const death = aFinding({ check: 'process_down', severity: 'critical', restart: 'helps', title: 'Gateway is down' });

  const run = (steps: [number, Finding[], boolean][]) => said(steps, (down) => ({ down }), t0);

  it('found again from the same lines once the gateway is back: the story goes on, not a second alert', () => {
    const old = stalls(t0 - 5 * 60_000);
    expect(
      run([
        [0, [old], false],
        [1, [death], true],
        [2, [old], false],
        [3, [death], true],
        [4, [old], false],
        [9, [], false],
      ]),
    ).toEqual([
      '0 open:agent_stream_stalled',
      '1 open:process_down',
      '1 close:agent_stream_stalled (replaced by process_down)',
      '2 resolve:process_down',
      '2 resume:agent_stream_stalled',
      '3 open:process_down',
      '3 close:agent_stream_stalled (replaced by process_down)',
      '4 resolve:process_down',
      '4 resume:agent_stream_stalled',
      '9 resolve:agent_stream_stalled',
    ]);
  });

  it('new evidence after the gateway is back (its first line after the death): a new alert', () => {
    expect(
      run([
        [0, [stalls(t0 - 5 * 60_000)], false],
        [1, [death], true],
        [6, [stalls(t0 + 3 * 60_000)], false],
      ]),
    ).toEqual([
      '0 open:agent_stream_stalled',
      '1 open:process_down',
      '1 close:agent_stream_stalled (replaced by process_down)',
      '6 open:agent_stream_stalled',
      '6 resolve:process_down',
    ]);
  });
});

describe('while `hermes update` holds the home', () => {
  const t0 = Date.parse('2026-11-26T14:00:00Z');
  const stalls = aFinding({
    check: 'agent_stream_stalled',
    severity: 'warning',
    restart: 'wait',
    title: 'The model’s stream went quiet 4 times in 30m',
    since: t0 - 5 * 60_000,
  });

  const run = (steps: [number, Finding[], boolean][]) => said(steps, (held) => (held ? { held } : {}), t0);

  it('what the update window keeps from being judged is not recovered: found again after it, it goes on', () => {
    expect(
      run([
        [0, [stalls], false],
        [1, [], true],
        [2, [], true],
        [3, [stalls], false],
      ]),
    ).toEqual(['0 open:agent_stream_stalled']);
  });

  it('gone once the update is over: recovered then, not while the update held it', () => {
    expect(
      run([
        [0, [stalls], false],
        [1, [], true],
        [3, [], false],
      ]),
    ).toEqual(['0 open:agent_stream_stalled', '3 resolve:agent_stream_stalled']);
  });
});
