// A gateway killed without an exit path (SIGKILL, the OOM killer) is down from when it was last seen alive, not from
// when gatewatch noticed: its last heartbeat (hermes-gateway-current.md §8.3) or its last log line, the later one.
import { clockSpan } from '../../src/util/duration.js';
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { step } from '../../src/incidents/machine.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import type { BuildOptions } from '../helpers/evidence.js';
import { buildEvidence, localTime, PID, SETTINGS, stateFile } from '../helpers/evidence.js';

const MIN = 60_000;
const killed = (heartbeatAt?: string): BuildOptions => ({
  log: 'killed.log',
  alive: false,
  now: '2026-06-24 09:30:00',
  state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }, { pid: PID }),
  overrides: {
    hermes: {
      version: {
        version: '0.21.3',
        sha: '00067189dfec',
        source: 'state_file',
        generation: 'current',
        restampsUpdatedAt: false,
      },
      control: { outcome: 'refused', path: '/home/ops/.hermes/gateway.sock', waitedMs: 1 },
      update: {},
      serving: { role: 'root', profile: 'default' },
      lifecycle: {
        sentinel: { phase: 'running', pid: PID, priorUncleanExit: false, priorSuspectedOom: false },
        ...(heartbeatAt
          ? {
              heartbeat: {
                pid: PID,
                updatedAt: localTime(heartbeatAt),
                mem: { rssKib: 1_000_000, totalKib: 2_000_000, availableKib: 900_000, swapUsedKib: 0 },
              },
            }
          : {}),
      },
    },
  },
});

const stale = (o: BuildOptions) =>
  runDetectors(buildEvidence(o), SETTINGS).find((f) => f.check === 'state_stale_running')!;

describe('a killed gateway is down from when it was last seen alive', () => {
  it('dates the death by its last heartbeat when that is the latest sign of life', () => {
    expect(stale(killed('2026-06-24 09:14:00')).since).toBe(localTime('2026-06-24 09:14:00'));
  });

  it('dates it by its last log line without a heartbeat (before v0.21)', () => {
    expect(stale(killed()).since).toBe(localTime('2026-06-24 09:12:40') + 341);
  });

  it('a heartbeat of another life does not date this death', () => {
    const o = killed('2026-06-24 09:20:00');
    o.overrides!.hermes!.lifecycle!.heartbeat!.pid = PID + 1;
    expect(stale(o).since).toBe(localTime('2026-06-24 09:12:40') + 341);
  });

  it('the recovery counts the downtime from then, in en and zh-CN', () => {
    const f = stale(killed('2026-06-24 09:14:00'));
    const at = localTime('2026-06-24 09:30:00');
    const opened = step(
      {},
      'default',
      [f],
      at,
      { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } },
      false,
    );
    const r = step(
      opened.state,
      'default',
      [],
      at + 2 * MIN,
      { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } },
      false,
    );
    expect(r.events[0]).toMatchObject({ kind: 'resolve', downtimeMs: 18 * MIN });
    expect(incidentAlert(r.events[0]!, 'en', at + 2 * MIN, 30 * MIN).reply.title).toMatch(/, down 18m$/);
    expect(incidentAlert(r.events[0]!, 'zh-CN', at + 2 * MIN, 30 * MIN).reply.title).toMatch(/，中断 18 分钟$/);
  });
});

// Issue 35 item 10: an idle Hermes SIGKILLed at 02:29:27.9 was reported `since 02:28:16` (its last log line) and
// `down 1m 17s`. gatewatch saw the process alive every 2 s: the death lies after its last sight of it alive.
describe("gatewatch's own sight of the process dates a death its files cannot", () => {
  const sighted = (o: BuildOptions, at: number) => {
    const ev = buildEvidence(o);
    ev.process = { ...ev.process, lastSeenAlive: at };
    return runDetectors(ev, SETTINGS);
  };
  const seen = localTime('2026-06-24 09:29:26') + 500;

  it('state_stale_running: since the last sight alive, not the last log line minutes before', () => {
    expect(sighted(killed(), seen).find((f) => f.check === 'state_stale_running')!.since).toBe(seen);
  });

  it('a heartbeat later than the last sight still dates it (the later sign of life wins)', () => {
    expect(sighted(killed('2026-06-24 09:29:27'), seen).find((f) => f.check === 'state_stale_running')!.since).toBe(
      localTime('2026-06-24 09:29:27'),
    );
  });

  it('process_down (no state file): since the last sight alive', () => {
    const o: BuildOptions = { log: 'killed.log', alive: false, now: '2026-06-24 09:30:00', state: null };
    expect(sighted(o, seen).find((f) => f.check === 'process_down')!.since).toBe(seen);
  });

  it('the recovery ends the downtime when the new process started, not when a later check (a verify waiting on QQ) judged it', () => {
    const S = { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } };
    const died = localTime('2026-06-24 09:29:28');
    const opened = step({}, 'default', sighted(killed(), seen), died, S, false);
    expect(Object.values(opened.state)[0]!.openedAt).toBe(seen);
    const back = localTime('2026-06-24 09:29:33');
    const r = step(opened.state, 'default', [], back + 2 * MIN + 42_000, S, false, { upAt: back });
    expect(r.events[0]).toMatchObject({ kind: 'resolve', downtimeMs: clockSpan(seen, back) });
    expect(incidentAlert(r.events[0]!, 'en', back + 2 * MIN, 30 * MIN).reply.title).toMatch(/, down 7s$/);
  });

  it('a start time before the death (a stale figure) never shortens it below zero: the judgement time ends it', () => {
    const S = { remindEveryMs: 30 * MIN, flap: { transitions: 4, withinMs: 30 * MIN } };
    const opened = step({}, 'default', sighted(killed(), seen), seen + 2_000, S, false);
    const r = step(opened.state, 'default', [], seen + 60_000, S, false, { upAt: seen - 5_000 });
    expect(r.events[0]).toMatchObject({ kind: 'resolve', downtimeMs: 60_000 });
  });
});
