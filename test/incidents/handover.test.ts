// Issue 55 item 1, in the incident machine: an incident no longer found while what it was about goes on under another
// finding (a death whose gateway came back with QQ still down, a startup's missing platform now down for good) is
// handed over, not recovered: no event is said for it, its heir's outage counts from its start, and the heir owes the
// recovery at the very end. Pure, on made-up findings.
import { describe, expect, it } from 'vitest';
import { step, type IncidentState } from '../../src/incidents/machine.js';
import type { Finding } from '../../src/types.js';

const INC = { remindEveryMs: 60 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };
const T0 = Date.UTC(2026, 6, 3, 8, 0, 0);

const finding = (check: string, o: Partial<Finding> = {}): Finding => ({
  target: 'default',
  check,
  severity: 'critical',
  title: check,
  explanation: '',
  action: '',
  evidence: [],
  restart: 'helps',
  ...o,
});

const death = finding('state_stale_running', { cause: 'SIGKILL' });
const startup = finding('startup_incomplete', { platform: 'qqbot', severity: 'warning', restart: 'wait' });
const unreachable = finding('platform_down', { platform: 'qqbot', restart: 'wait' });
const feishuDown = finding('platform_down', { platform: 'feishu' });
const banned = finding('qq_banned', { platform: 'qqbot', restart: 'never' });
const isReconnect = finding('qq_is_reconnect_regression', { platform: 'qqbot', restart: 'never' });

/** Each step's findings at T0 + seconds; what was said (kind:check), and the last state. */
function run(steps: [number, Finding[], { down?: boolean }?][]) {
  let incidents: IncidentState = {};
  const said: string[] = [];
  const resolves: { check: string; downtimeMs: number }[] = [];
  for (const [s, findings, o] of steps) {
    const r = step(incidents, 'default', findings, T0 + s * 1000, INC, false, o ?? {});
    incidents = r.state;
    for (const e of r.events) {
      said.push(`${s} ${e.kind}:${e.incident.check}${e.incident.platform ? `:${e.incident.platform}` : ''}`);
      if (e.kind === 'resolve') resolves.push({ check: e.incident.check, downtimeMs: e.downtimeMs ?? -1 });
    }
  }
  return { said, resolves, incidents };
}

describe('a hand-over is not a recovery', () => {
  it('a death, the gateway back with QQ down, QQ down for good, QQ back: one recovery, from the death', () => {
    const { said, resolves, incidents } = run([
      [0, [death], { down: true }],
      [30, [startup]],
      [90, [unreachable]],
      [200, []],
    ]);
    expect(said).toEqual([
      '0 open:state_stale_running',
      '30 open:startup_incomplete:qqbot',
      '30 handover:state_stale_running',
      // QQ still down without a cause named: the start-up's alert stands for it (issue 61 item 2).
      '90 handover:startup_incomplete:qqbot',
      '200 resolve:platform_down:qqbot',
    ]);
    expect(resolves).toEqual([{ check: 'platform_down', downtimeMs: 200_000 }]);
    const heir = Object.values(incidents).find((i) => i.check === 'platform_down')!;
    expect(heir.follows?.map((f) => f.check)).toEqual(['state_stale_running', 'startup_incomplete']);
    expect(Object.values(incidents).find((i) => i.check === 'state_stale_running')?.chain).toBeUndefined();
    expect(heir.chain).toBe(Object.values(incidents).find((i) => i.check === 'state_stale_running')!.id);
  });

  it('another platform still down is no heir of a platform that came back', () => {
    const { said } = run([
      [0, [unreachable, feishuDown]],
      [60, [feishuDown]],
    ]);
    expect(said).toEqual([
      '0 open:platform_down:qqbot',
      '0 open:platform_down:feishu',
      '60 resolve:platform_down:qqbot',
    ]);
  });

  it('a death whose gateway came back with every platform up recovers as before', () => {
    const { said } = run([
      [0, [death], { down: true }],
      [30, []],
    ]);
    expect(said).toEqual(['0 open:state_stale_running', '30 resolve:state_stale_running']);
  });

  it('an heir found quiet (its own alert not sent) still owes the recovery the death announced', () => {
    const quiet = { ...unreachable, quietUntil: T0 + 10 * 60_000 };
    const { said } = run([
      [0, [death], { down: true }],
      [30, [quiet]],
      [60, []],
    ]);
    expect(said).toEqual([
      '0 open:state_stale_running',
      '30 handover:state_stale_running',
      '60 resolve:platform_down:qqbot',
    ]);
  });
});

describe('a new cause on the same platform is its own incident (issue 61)', () => {
  it('QQ banned, then the is_reconnect bug: the bug opens from its own start, the ban ends without a recovery', () => {
    const bug = { ...isReconnect, since: T0 + 100_000 };
    const { said, resolves, incidents } = run([
      [0, [banned]],
      [110, [bug]],
      [200, []],
    ]);
    expect(said).toEqual([
      '0 open:qq_banned:qqbot',
      '110 open:qq_is_reconnect_regression:qqbot',
      '110 handover:qq_banned:qqbot',
      '200 resolve:qq_is_reconnect_regression:qqbot',
    ]);
    const heir = Object.values(incidents).find((i) => i.check === 'qq_is_reconnect_regression')!;
    expect(heir.openedAt).toBe(T0 + 100_000);
    expect(heir.chain).toBeUndefined();
    expect(heir.follows).toBeUndefined();
    expect(heir.replaced).toMatchObject({ check: 'qq_banned', openedAt: T0 });
    expect(resolves).toEqual([{ check: 'qq_is_reconnect_regression', downtimeMs: 100_000 }]);
  });

  it("the replaced alert is named by the start it said, though a later reading put the ban's start earlier", () => {
    // The ban's alert said "since 08:00:10"; a later look found an earlier line of it (its start is 08:00:09 now). The
    // bug's alert names the alert it replaces: by what that alert said, or the phone shows two times for one alert.
    const bug = { ...isReconnect, since: T0 + 100_000 };
    const { incidents } = run([
      [10, [{ ...banned, since: T0 + 10_000 }]],
      [20, [{ ...banned, since: T0 + 9_000 }]],
      [110, [bug]],
    ]);
    const heir = Object.values(incidents).find((i) => i.check === 'qq_is_reconnect_regression')!;
    expect(heir.replaced).toMatchObject({ check: 'qq_banned', openedAt: T0 + 9_000, alertedSince: T0 + 10_000 });
  });

  it('a start-up that left QQ out, then QQ disconnected: one alert, from the first evidence', () => {
    const left = { ...startup, since: T0 };
    const down = { ...unreachable, since: T0 + 2_000 };
    const { said, resolves, incidents } = run([
      [10, [left]],
      [40, [down]],
      [100, [down]],
      [130, []],
    ]);
    expect(said).toEqual([
      '10 open:startup_incomplete:qqbot',
      '40 handover:startup_incomplete:qqbot',
      '130 resolve:platform_down:qqbot',
    ]);
    expect(resolves).toEqual([{ check: 'platform_down', downtimeMs: 130_000 }]);
    const heir = Object.values(incidents).find((i) => i.check === 'platform_down')!;
    expect(heir.downs).toHaveLength(1);
  });

  it("Discord of one profile is no heir of another profile's Discord", () => {
    const ops = finding('platform_down', { platform: 'ops:discord', profile: 'ops' });
    const coder = finding('startup_incomplete', { platform: 'ops:discord', profile: 'coder' });
    const { said } = run([
      [0, [ops]],
      [30, [coder]],
    ]);
    expect(said).toEqual([
      '0 open:platform_down:ops:discord',
      '30 open:startup_incomplete:ops:discord',
      '30 resolve:platform_down:ops:discord',
    ]);
  });
});
