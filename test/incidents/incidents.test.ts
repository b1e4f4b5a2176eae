import { describe, expect, it } from 'vitest';
import { ack, incidentKey, step, type IncidentState } from '../../src/incidents/machine.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import type { Finding } from '../../src/types.js';

const MIN = 60_000;
const settings = { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } };
const f = (check = 'qq_reconnect_exhausted', platform?: string): Finding => ({
  check,
  target: 'gw',
  platform,
  severity: 'critical',
  title: `${check} title`,
  explanation: 'x',
  action: 'y',
  evidence: [],
  restart: 'helps',
});

/** Drive the machine over a fake clock: each entry is [minute, findings, muted?]. */
function run(steps: [number, Finding[], boolean?][], start: IncidentState = {}) {
  let state = start;
  const log: string[] = [];
  for (const [min, findings, muted] of steps) {
    const r = step(state, 'gw', findings, min * MIN, settings, !!muted);
    state = r.state;
    for (const e of r.events.filter((x) => !x.muted))
      log.push(`${min}:${e.kind}:${e.incident.check}${e.downtimeMs !== undefined ? `:${e.downtimeMs / MIN}m` : ''}`);
  }
  return { state, log };
}

describe('incident state machine', () => {
  it('healthy runs are silent', () => {
    expect(
      run([
        [0, []],
        [1, []],
        [2, []],
      ]).log,
    ).toEqual([]);
  });

  it('a finding that expects to be over soon (quietUntil) says nothing unless it is not (issue 51)', () => {
    const quiet = { ...f('platform_down', 'qqbot'), restart: 'wait' as const, quietUntil: 2 * MIN };
    // Over before its time: nothing said, no recovery of what was never announced.
    expect(
      run([
        [0, []],
        [1, [quiet]],
        [2, []],
      ]).log,
    ).toEqual([]);
    // Still there after it: the alert goes out then, its downtime from the start.
    expect(
      run([
        [1, [quiet]],
        [3, [quiet]],
        [4, []],
      ]).log,
    ).toEqual(['3:open:platform_down', '4:resolve:platform_down:3m']);
  });

  it('opens once, reminds every remind_every, resolves with the downtime', () => {
    const { log } = run([
      [0, [f()]],
      [1, [f()]],
      [29, [f()]],
      [30, [f()]],
      [45, [f()]],
      [60, [f()]],
      [72, []],
      [73, []],
    ]);
    expect(log).toEqual([
      '0:open:qq_reconnect_exhausted',
      '30:remind:qq_reconnect_exhausted',
      '60:remind:qq_reconnect_exhausted',
      '72:resolve:qq_reconnect_exhausted:72m',
    ]);
  });

  it('keeps one incident id from open to resolve so cards can update in place', () => {
    let s: IncidentState = {};
    const ids: string[] = [];
    for (const [min, fs] of [
      [0, [f()]],
      [31, [f()]],
      [40, []],
    ] as const) {
      const r = step(s, 'gw', [...fs], min * MIN, settings, false);
      s = r.state;
      ids.push(...r.events.map((e) => e.incident.id));
    }
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
  });

  it('an ack stops reminders but the recovery notice still comes', () => {
    let { state } = run([[0, [f()]]]);
    expect(ack(state, 'alice', 1 * MIN)).toHaveLength(1);
    const r = run(
      [
        [31, [f()]],
        [62, [f()]],
        [70, []],
      ],
      state,
    );
    expect(r.log).toEqual(['70:resolve:qq_reconnect_exhausted:70m']);
  });

  it('separate causes and platforms are separate incidents', () => {
    const { log } = run([
      [0, [f('platform_down', 'qqbot'), f('platform_down', 'feishu'), f('feishu_executor_shutdown')]],
      [5, [f('platform_down', 'feishu')]],
    ]);
    expect(log).toEqual([
      '0:open:platform_down',
      '0:open:platform_down',
      '0:open:feishu_executor_shutdown',
      '5:resolve:platform_down:5m',
      '5:resolve:feishu_executor_shutdown:5m',
    ]);
  });

  it('a fault played twice within the flap window ends with a green recovery, never a red flapping alert', () => {
    // open, resolve, open, resolve = 4 transitions: flapping is found at a recovery and said with it, in green.
    const { log, state } = run([
      [0, [f()]],
      [1, []],
      [3, [f()]],
      [4, []],
    ]);
    expect(log).toEqual([
      '0:open:qq_reconnect_exhausted',
      '1:resolve:qq_reconnect_exhausted:1m',
      '3:open:qq_reconnect_exhausted',
      '4:resolve:qq_reconnect_exhausted:1m',
    ]);
    const inc = Object.values(state)[0]!;
    expect(inc.flapping).toBe(true);
    expect(inc.downs).toEqual([0, 3 * MIN]);
  });

  it('three and four outages in the window: each outage is announced, each recovery is green, the last word is a recovery', () => {
    const steps: [number, Finding[]][] = [
      [0, [f()]],
      [1, []],
      [3, [f()]],
      [4, []],
      [6, [f()]],
      [7, []],
      [9, [f()]],
      [10, []],
    ];
    const { log } = run(steps);
    expect(log).toEqual([
      '0:open:qq_reconnect_exhausted',
      '1:resolve:qq_reconnect_exhausted:1m',
      '3:open:qq_reconnect_exhausted',
      '4:resolve:qq_reconnect_exhausted:1m',
      '6:flap:qq_reconnect_exhausted',
      '7:resolve:qq_reconnect_exhausted:1m',
      '9:flap:qq_reconnect_exhausted',
      '10:resolve:qq_reconnect_exhausted:1m',
    ]);
  });

  it('how often it went down counts every outage of the same thing, whichever cause told it (issue 61)', () => {
    const death = (cause: string): Finding => ({ ...f('state_stale_running'), cause });
    const platform = (check: string): Finding => f(check, 'qqbot');
    // The gateway: killed, stopped by a SIGTERM, killed again; one more of each. Five outages, two incidents.
    let s: IncidentState = {};
    const downs: number[] = [];
    for (const [min, fs] of [
      [0, [death('killed')]],
      [1, []],
      [3, [death('SIGTERM')]],
      [4, []],
      [6, [death('killed')]],
      [7, []],
      [9, [death('SIGTERM')]],
      [10, []],
      [12, [death('killed')]],
      [13, []],
    ] as const) {
      const r = step(s, 'gw', [...fs], min * MIN, settings, false);
      s = r.state;
      for (const e of r.events) if (e.kind !== 'resolve') downs.push(e.incident.downs.length);
    }
    expect(downs).toEqual([1, 2, 3, 4, 5]);
    expect(Object.values(s).find((i) => i.finding.cause === 'killed')!.downs).toHaveLength(5);
    // A platform's outage told by a more specific check as it goes on is one outage, not two; the next one is the second.
    const q = run([
      [0, [platform('platform_down')]],
      [1, [platform('qq_reconnect_exhausted')]],
      [2, []],
      [4, [platform('platform_down')]],
    ]);
    expect(Object.values(q.state).find((i) => i.status === 'open')!.downs).toEqual([0, 4 * MIN]);
  });

  it('flapping ends with one notice after a quiet flap window, and the record is forgotten', () => {
    const { log, state } = run([
      [0, [f()]],
      [1, []],
      [3, [f()]],
      [4, []],
      [20, []],
      [33, []],
      [35, []],
    ]);
    expect(log.slice(4)).toEqual(['35:settle:qq_reconnect_exhausted']);
    expect(state).toEqual({});
  });

  it('an outage during flapping keeps the incident id (the flapping alert is updated), a new episode otherwise gets a new id', () => {
    let s: IncidentState = {};
    const ids: string[] = [];
    for (const [min, fs] of [
      [0, [f()]],
      [1, []],
      [3, [f()]],
      [4, []],
      [6, [f()]],
      [7, []],
    ] as const) {
      const r = step(s, 'gw', [...fs], min * MIN, settings, false);
      s = r.state;
      ids.push(...r.events.map((e) => e.incident.id));
    }
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(new Set(ids.slice(2)).size).toBe(1);
  });

  it('a steady failure after flapping keeps reminding and its recovery is a plain recovery', () => {
    const steps: [number, Finding[]][] = [
      [0, [f()]],
      [1, []],
      [2, [f()]],
      [3, []],
      [4, [f()]],
      [34, [f()]],
      [40, [f()]],
      [41, []],
    ];
    const { log } = run(steps);
    expect(log.slice(4)).toEqual([
      '4:flap:qq_reconnect_exhausted',
      '34:remind:qq_reconnect_exhausted',
      '41:resolve:qq_reconnect_exhausted:37m',
    ]);
  });

  it('different causes of the same check (a SIGKILL, then a SIGTERM) are different incidents and never count together', () => {
    const kill = { ...f('state_stale_running'), cause: 'SIGKILL' };
    const term = { ...f('state_stale_running'), cause: 'SIGTERM' };
    expect(incidentKey(kill)).not.toBe(incidentKey(term));
    expect(incidentKey({ ...f('platform_down', 'qqbot'), profile: 'work' })).not.toBe(
      incidentKey(f('platform_down', 'qqbot')),
    );
    const { log, state } = run([
      [0, [kill]],
      [1, []],
      [3, [term]],
      [4, []],
    ]);
    expect(log).toEqual([
      '0:open:state_stale_running',
      '1:resolve:state_stale_running:1m',
      '3:open:state_stale_running',
      '4:resolve:state_stale_running:1m',
    ]);
    expect(Object.values(state).map((i) => i.flapping)).toEqual([false, false]);
  });

  it('an incident persisted by the previous version (old key and shape) is carried on, not resolved and re-opened', () => {
    const legacy = {
      'gw:state_stale_running': {
        id: 'gw:state_stale_running@abc',
        key: 'gw:state_stale_running',
        target: 'gw',
        check: 'state_stale_running',
        finding: f('state_stale_running'),
        status: 'open',
        openedAt: 0,
        lastAlertAt: 0,
        flapping: false,
        transitions: [0],
        notified: true,
      },
    } as unknown as IncidentState;
    const r = step(legacy, 'gw', [{ ...f('state_stale_running'), cause: 'SIGKILL' }], 5 * MIN, settings, false);
    expect(r.events).toEqual([]);
    expect(Object.values(r.state)).toHaveLength(1);
    expect(Object.values(r.state)[0]).toMatchObject({ id: 'gw:state_stale_running@abc', status: 'open', downs: [0] });
    const done = step(r.state, 'gw', [], 6 * MIN, settings, false);
    expect(done.events.map((e) => `${e.kind}:${e.downtimeMs! / MIN}m`)).toEqual(['resolve:6m']);
  });

  it('the flapping state is said in the recovery message, in green, in both locales', () => {
    const { state } = run([
      [0, [f()]],
      [1, []],
      [3, [f()]],
    ]);
    const r = step(state, 'gw', [], 4 * MIN, settings, false);
    const ev = r.events[0]!;
    for (const locale of ['en', 'zh-CN'] as const) {
      const a = incidentAlert(ev, locale, 4 * MIN, settings.flap.withinMs);
      expect(a).toMatchObject({ kind: 'resolve', severity: 'ok', reply: { tone: 'ok' } });
      expect(a.reply.lines?.join('\n')).toMatch(
        locale === 'en' ? /went down 2 times in 30m; up now/ : /30 分钟内中断 2 次，现已恢复/,
      );
    }
    const again = step(r.state, 'gw', [f()], 6 * MIN, settings, false).events[0]!;
    const a = incidentAlert(again, 'en', 6 * MIN, settings.flap.withinMs);
    expect(a).toMatchObject({ kind: 'flap', severity: 'critical' });
    expect(a.reply.title).toMatch(/^Down again \(3rd time in 30m\) — gw: /);
  });

  it("the card's auto-restart line says when gatewatch will not act: auto_restart off, or a gateway on another host", () => {
    const ev = step({}, 'gw', [f()], 0, settings, false).events[0]!;
    const line = (ctx: Parameters<typeof incidentAlert>[4]) =>
      incidentAlert(ev, 'en', 0, settings.flap.withinMs, ctx).reply.fields!.find((x) => x.label === 'auto-restart')!
        .value;
    expect(line({ local: true, autoRestart: true })).toBe('yes, if the budget allows');
    expect(line({ local: true, autoRestart: false })).toBe(
      "off (automatic restarts are turned off in gatewatch's config): /restart it yourself if needed",
    );
    expect(
      incidentAlert(ev, 'zh-CN', 0, settings.flap.withinMs, { autoRestart: false }).reply.fields!.find(
        (x) => x.label === '自动重启',
      )!.value,
    ).toMatch(/^已关闭/);
  });

  it('names the Hermes profile when the target is called something else', () => {
    const ev = step({}, 'gw', [{ ...f('platform_down', 'coder:discord'), profile: 'coder' }], 0, settings, false)
      .events[0]!;
    expect(incidentAlert(ev, 'en', 0, settings.flap.withinMs).reply.fields).toContainEqual({
      label: 'profile',
      value: 'coder',
    });
    const same = step(
      {},
      'coder',
      [{ ...f('platform_down', 'coder:discord'), target: 'coder', profile: 'coder' }],
      0,
      settings,
      false,
    ).events[0]!;
    expect(incidentAlert(same, 'en', 0, settings.flap.withinMs).reply.fields!.map((x) => x.label)).not.toContain(
      'profile',
    );
  });

  it('mute silences alerts but not detection; what opened while muted is announced after', () => {
    const { log, state } = run([
      [0, [f()], true],
      [10, [f()], true],
    ]);
    expect(log).toEqual([]);
    expect(Object.values(state)[0]!.status).toBe('open');
    expect(run([[20, [f()], false]], state).log).toEqual(['20:open:qq_reconnect_exhausted']);
  });

  it('findings of one target never resolve incidents of another', () => {
    const other = { ...f(), target: 'other' };
    const r1 = step({}, 'other', [other], 0, settings, false);
    const r2 = step(r1.state, 'gw', [], MIN, settings, false);
    expect(r2.events).toEqual([]);
    expect(Object.values(r2.state)[0]!.status).toBe('open');
  });

  it('dates the downtime from when the evidence shows the failure began', () => {
    const r1 = step({}, 'gw', [{ ...f('qq_session_timeout', 'qqbot'), since: 8 * MIN }], 10 * MIN, settings, false);
    const r2 = step(r1.state, 'gw', [], 15 * MIN, settings, false);
    expect(r2.events[0]).toMatchObject({ kind: 'resolve', downtimeMs: 7 * MIN });
  });
});

describe('the recovery title', () => {
  // A platform_down finding as the detector words it: `ago` is the outage's age when that evaluation ran.
  const down = (at: number, since: number): Finding => ({
    ...f('platform_down', 'telegram'),
    text: {
      key: 'finding.platform_down',
      params: { platform: 'telegram', state: 'disconnected', ago: `${at - since}m` },
    },
    since: since * MIN,
  });

  it('carries the outage duration at recovery (outage start → recovery), not the figure of an earlier evaluation, in en and zh-CN', () => {
    const { state } = run([
      [10, [down(10, 8)]],
      [11, [down(11, 8)]],
    ]);
    const r = step(state, 'gw', [], 30 * MIN, settings, false);
    expect(r.events[0]).toMatchObject({ kind: 'resolve', downtimeMs: 22 * MIN });
    expect(incidentAlert(r.events[0]!, 'en', 30 * MIN, settings.flap.withinMs).reply.title).toBe(
      'gw: Telegram is back: Hermes reconnected it, down 22m',
    );
    expect(incidentAlert(r.events[0]!, 'zh-CN', 30 * MIN, settings.flap.withinMs).reply.title).toBe(
      'gw：Telegram 已恢复：Hermes 自行重连，中断 22 分钟',
    );
  });

  it('counts from the outage start when a later evaluation dates it earlier than the first one did', () => {
    const { state } = run([
      [10, [down(10, 8)]],
      [12, [down(12, 5)]],
    ]);
    const r = step(state, 'gw', [], 30 * MIN, settings, false);
    expect(r.events[0]).toMatchObject({ kind: 'resolve', downtimeMs: 25 * MIN });
    expect(incidentAlert(r.events[0]!, 'en', 30 * MIN, settings.flap.withinMs).reply.title).toMatch(/down 25m$/);
  });

  it('says what is back, who brought it back and how long it was down, never the problem, in en and zh-CN', () => {
    const { state } = run([[0, [f('process_down')]]]);
    const ev = step(state, 'gw', [], 7 * MIN, settings, false).events[0]!;
    expect(incidentAlert(ev, 'en', 7 * MIN, settings.flap.withinMs).reply.title).toBe(
      'gw: the gateway is back: started again outside gatewatch, down 7m',
    );
    expect(incidentAlert(ev, 'zh-CN', 7 * MIN, settings.flap.withinMs).reply.title).toBe(
      'gw：网关已恢复：在 gatewatch 之外重新启动，中断 7 分钟',
    );
  });
});

describe('advice that turns to "a restart helps"', () => {
  it('is told once an incident: advice going back and forth is not a push each time it turns', () => {
    const as = (restart: Finding['restart']): Finding => ({ ...f('platform_down', 'qqbot'), restart });
    expect(
      run([
        [0, [as('wait')]],
        [1, [as('helps')]],
        [2, [as('wait')]],
        [3, [as('helps')]],
        [4, [as('wait')]],
        [5, [as('helps')]],
      ]).log,
    ).toEqual(['0:open:platform_down', '1:remind:platform_down']);
  });
});

describe("a platform's outage", () => {
  it('ends at its first connect line after it began, not when the check that sees it back comes', () => {
    const down = f('platform_down', 'qqbot');
    const opened = step({}, 'gw', [down], 0, settings, false).state;
    const r = step(opened, 'gw', [], 5 * MIN, settings, false, {
      connects: { qqbot: [-10 * MIN, 2 * MIN, 4 * MIN], feishu: [1 * MIN] },
    });
    const [ev] = r.events;
    expect(ev).toMatchObject({ kind: 'resolve', downtimeMs: 2 * MIN });
    expect(Object.values(r.state)[0]!.recoveredAt).toBe(2 * MIN);
  });
});
