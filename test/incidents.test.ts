import { describe, expect, it } from 'vitest';
import { ack, step, type IncidentState } from '../src/incidents/machine.js';
import type { Finding } from '../src/types.js';

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
    for (const e of r.events) log.push(`${min}:${e.kind}:${e.incident.check}${e.downtimeMs !== undefined ? `:${e.downtimeMs / MIN}m` : ''}`);
  }
  return { state, log };
}

describe('incident state machine', () => {
  it('healthy runs are silent', () => {
    expect(run([[0, []], [1, []], [2, []]]).log).toEqual([]);
  });

  it('opens once, reminds every remind_every, resolves with the downtime', () => {
    const { log } = run([[0, [f()]], [1, [f()]], [29, [f()]], [30, [f()]], [45, [f()]], [60, [f()]], [72, []], [73, []]]);
    expect(log).toEqual(['0:open:qq_reconnect_exhausted', '30:remind:qq_reconnect_exhausted', '60:remind:qq_reconnect_exhausted', '72:resolve:qq_reconnect_exhausted:72m']);
  });

  it('keeps one incident id from open to resolve so cards can update in place', () => {
    let s: IncidentState = {};
    const ids: string[] = [];
    for (const [min, fs] of [[0, [f()]], [31, [f()]], [40, []]] as const) {
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
    const r = run([[31, [f()]], [62, [f()]], [70, []]], state);
    expect(r.log).toEqual(['70:resolve:qq_reconnect_exhausted:70m']);
  });

  it('separate causes and platforms are separate incidents', () => {
    const { log } = run([[0, [f('platform_down', 'qqbot'), f('platform_down', 'feishu'), f('feishu_executor_shutdown')]], [5, [f('platform_down', 'feishu')]]]);
    expect(log).toEqual(['0:open:platform_down', '0:open:platform_down', '0:open:feishu_executor_shutdown', '5:resolve:platform_down:5m', '5:resolve:feishu_executor_shutdown:5m']);
  });

  it('flapping becomes one flapping alert, then one notice once it settles', () => {
    const steps: [number, Finding[]][] = [[0, [f()]], [2, []], [4, [f()]], [6, []], [8, [f()]], [10, []], [12, [f()]], [14, []], [50, []]];
    const { log } = run(steps);
    expect(log).toEqual(['0:open:qq_reconnect_exhausted', '2:resolve:qq_reconnect_exhausted:2m', '4:open:qq_reconnect_exhausted', '6:flap:qq_reconnect_exhausted', '50:resolve:qq_reconnect_exhausted:10m']);
  });

  it('a steady failure after flapping is announced as open again', () => {
    const steps: [number, Finding[]][] = [[0, [f()]], [1, []], [2, [f()]], [3, []], [4, [f()]], [40, [f()]]];
    const { log } = run(steps);
    expect(log.at(-1)).toBe('40:open:qq_reconnect_exhausted');
    expect(log.filter((l) => l.includes('flap'))).toHaveLength(1);
  });

  it('mute silences alerts but not detection; what opened while muted is announced after', () => {
    const { log, state } = run([[0, [f()], true], [10, [f()], true]]);
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
