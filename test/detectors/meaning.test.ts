// Issue 81 item 2: a finding's meaning is declared where its check is (Detector.meaning), and what the incidents, the
// restart policy and the history read is built from those declarations: the sets they held by name before.
import { describe, expect, it } from 'vitest';
import {
  checksThat,
  checkIds,
  explainedBy,
  FORECAST_CHECKS,
  tellsLoop,
  gatewayDown,
  restartsAtOnceFor,
} from '../../src/detectors/index.js';

const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe("a check's meaning, from its declaration", () => {
  it.each([
    [
      'down',
      [
        'config_fatal',
        'container_slot',
        'gateway_stopped',
        'process_down',
        'state_stale_running',
        'supervisor_gave_up',
      ],
    ],
    ['death', ['process_down', 'state_stale_running']],
    ['forecast', ['forecast', 'memory_growth']],
    ['episode', ['disconnect_storm']],
    ['unexplained', ['platform_down', 'startup_incomplete']],
    ['whileDown', ['duplicate_processes', 'evidence_unreadable', 'restart_loop', 'supervisor_risk', 'update_stuck']],
  ] as const)('%s', (role, checks) => {
    expect(sorted(checksThat(role))).toEqual(checks);
  });

  it('every role names checks gatewatch has', () => {
    for (const role of ['down', 'death', 'forecast', 'episode', 'unexplained', 'whileDown', 'loop'] as const)
      for (const c of checksThat(role)) expect(checkIds).toContain(c);
    expect(sorted(FORECAST_CHECKS)).toEqual(sorted(checksThat('forecast')));
  });

  it('what a restart goes for at once, busy or not', () => {
    const atOnce = checkIds.filter(restartsAtOnceFor).sort();
    expect(atOnce).toEqual([
      'container_slot',
      'gateway_stopped',
      'gateway_unresponsive',
      'process_down',
      'state_stale_running',
    ]);
  });

  it('a loop in which no gateway runs is down; another loop is not', () => {
    expect(gatewayDown([{ check: 'restart_loop', cause: 'pid_race' }])).toBe(true);
    expect(gatewayDown([{ check: 'restart_loop', cause: 'supervised_conflict' }])).toBe(true);
    expect(gatewayDown([{ check: 'restart_loop', cause: 'other' }])).toBe(false);
    expect(gatewayDown([{ check: 'process_down', platform: 'qqbot' }])).toBe(false);
  });

  it('what each cause explains, each a check gatewatch has', () => {
    const explains = Object.fromEntries(
      checkIds
        .filter((c) => explainedBy(c).length)
        .map((c) => [c, explainedBy(c).map((e) => [e.check, e.cause ?? e.key ?? '', e.when ?? {}])]),
    );
    expect(explains).toEqual({
      gateway_stopped: [['supervisor_risk', 'no_linger', { cause: 'logout' }]],
      restart_loop: [
        ['duplicate_processes', '', { cause: 'pid_race' }],
        ['duplicate_processes', '', { cause: 'supervised_conflict' }],
      ],
      respawn_storm: [['duplicate_processes', 'finding.duplicate_processes.log', { notCause: 'lark' }]],
      agent_turns_failing: [['agent_unanswered', '', {}]],
      provider_auth: [['agent_unanswered', '', {}]],
      startup_held: [['startup_incomplete', 'finding.startup_incomplete.stuck', {}]],
      config_ignored: [['startup_incomplete', 'finding.startup_incomplete.count', {}]],
      disk_full: [['forecast', 'disk', {}]],
    });
    for (const c of Object.values(explains).flat()) expect(checkIds).toContain(c[0]);
  });

  it('a crash loop told: its checks, and the container slot only when its cause is one', () => {
    expect(tellsLoop({ check: 'restart_loop', cause: 'other' })).toBe(true);
    expect(tellsLoop({ check: 'container_slot', cause: 'crash_loop' })).toBe(true);
    expect(tellsLoop({ check: 'container_slot', cause: 'exited' })).toBe(false);
    expect(tellsLoop({ check: 'process_down' })).toBe(false);
  });
});
