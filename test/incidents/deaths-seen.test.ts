// One death, one incident (issue 42 item 4), rule by rule on the real v0.20.2 timeline
// (test/fixtures/hermes/real-v0.20.2-lifecycle.log): the new life's report of the death before it (prior_unclean_exit,
// and the `Previous gateway life … exited UNCLEANLY` line written BEFORE `Starting Hermes Gateway...`) names the dead
// pid; a death gatewatch saw is matched by it and takes the report as evidence, said once in its recovery; an unseen
// death is told by itself, once: past its window it closes without a "Recovered". Pure, on the evidence's clock.
import { describe, expect, it } from 'vitest';
import { runDetectors } from '../../src/detectors/index.js';
import { priorDeath } from '../../src/detectors/lives.js';
import { foldReport, noteDeaths, seenDeathOf, toldInLoop } from '../../src/incidents/deaths-seen.js';
import { step, type Incident, type IncidentState } from '../../src/incidents/machine.js';
import { incidentAlert } from '../../src/delivery/alerts.js';
import type { Evidence } from '../../src/evidence.js';
import { buildEvidence, localTime, PID, SETTINGS, stateFile } from '../helpers/evidence.js';

const LOG = 'hermes/real-v0.20.2-lifecycle.log';
const at = (hms: string) => localTime(`2026-11-25 ${hms}`);
const DEAD = 10081;
const INC = { remindEveryMs: 30 * 60_000, flap: { transitions: 4, withinMs: 30 * 60_000 } };

/** The life v0.20.2 started after the kill at 17:11:07.35, its sentinel claimed at 17:11:12.09, seen at `now`. */
function newLife(now: string, sentinel: { prior?: boolean } = { prior: true }): Evidence {
  const ev = buildEvidence({
    log: LOG,
    now: `2026-11-25 ${now}`,
    state: stateFile('running', { qqbot: 'connected' }, { pid: PID }),
  });
  ev.hermes = {
    version: { version: '0.20.2', source: 'state_file', generation: 'current', restampsUpdatedAt: false },
    lifecycle: {
      sentinel: {
        phase: 'running',
        pid: PID,
        startedAt: at('17:11:12.09'),
        startedAtText: '2026-11-25T17:11:12.090000+00:00',
        priorUncleanExit: !!sentinel.prior,
        priorSuspectedOom: false,
      },
    },
  };
  return ev;
}

describe('the new life’s report of the death before it', () => {
  it('names the dead pid from its line, which closes the previous run (written before the start line)', () => {
    const ev = newLife('17:11:20');
    expect(ev.log.previous.at(-1)!.message).toMatch(/^Previous gateway life \(pid=10081,/);
    const prior = priorDeath(ev)!;
    expect(prior).toMatchObject({ pid: DEAD, lifeStartedAt: at('17:11:12.09'), oom: false });
    expect(prior.evidence.at(-1)).toMatch(/WARNING gateway\.lifecycle_ledger: Previous gateway life \(pid=10081,/);
  });

  it('v0.20.0’s sentinel has no prior_unclean_exit: the line alone is the report', () => {
    expect(priorDeath(newLife('17:11:20', {}))?.pid).toBe(DEAD);
  });
});

describe('a death gatewatch saw', () => {
  const death: Pick<Incident, 'id' | 'key' | 'openedAt'> = {
    id: 'default:state_stale_running#killed@x',
    key: 'default:state_stale_running#killed',
    openedAt: at('17:11:08.9'),
  };

  it('is kept with its pid while the gateway is down, once, for a day', () => {
    let list = noteDeaths([], [death], DEAD, at('17:11:09'));
    list = noteDeaths(list, [death], DEAD, at('17:11:11'));
    expect(list).toEqual([{ pid: DEAD, at: at('17:11:08.9'), incident: death.id, key: death.key }]);
    expect(noteDeaths(list, [], undefined, at('17:11:09') + 25 * 3_600_000)).toEqual([]);
  });

  it('is the one the report is about: by pid, else the latest dated before the new life; an older death is not', () => {
    const seen = noteDeaths([], [death], DEAD, at('17:11:09'));
    expect(seenDeathOf(seen, { pid: DEAD, lifeStartedAt: at('17:11:12.09') })?.incident).toBe(death.id);
    expect(seenDeathOf(seen, { pid: DEAD + 7, lifeStartedAt: at('17:11:12.09') })).toBeUndefined();
    const noPid = noteDeaths([], [death], undefined, at('17:11:09'));
    expect(seenDeathOf(noPid, { pid: DEAD, lifeStartedAt: at('17:11:12.09') })?.incident).toBe(death.id);
    expect(seenDeathOf(noPid, { lifeStartedAt: at('17:11:12.09') + 3_600_000 })).toBeUndefined();
  });

  it("two deaths in one incident (a restart killed as it started): each pid is a death seen, either life's report is it", () => {
    let list = noteDeaths([], [death], DEAD, at('17:11:09'));
    // The restarted gateway, pid DEAD + 1, killed while it started: the incident stays open.
    list = noteDeaths(list, [death], DEAD + 1, at('17:11:15'));
    expect(list.map((d) => [d.pid, d.incident])).toEqual([
      [DEAD, death.id],
      [DEAD + 1, death.id],
    ]);
    expect(seenDeathOf(list, { pid: DEAD + 1, lifeStartedAt: at('17:11:20') })?.incident).toBe(death.id);
  });

  it('a pid used again hours later is another death: an old record of it silences nothing', () => {
    const seen = noteDeaths([], [death], DEAD, at('17:11:09'));
    expect(seenDeathOf(seen, { pid: DEAD, lifeStartedAt: at('17:11:12.09') + 5 * 3_600_000 })).toBeUndefined();
  });

  it('folds a report once however often it is judged: the worded heartbeat line is not added again', () => {
    const dead = buildEvidence({
      log: LOG,
      alive: false,
      now: '2026-11-25 17:11:09',
      state: stateFile('running', { qqbot: 'connected' }, { pid: DEAD }),
    });
    const incidents = step({}, 'default', runDetectors(dead, SETTINGS), dead.now, INC, false, { down: true }).state;
    const inc = Object.values(incidents)[0]!;
    const life = newLife('17:11:20');
    life.hermes!.lifecycle!.lastUncleanExit = {
      ts: at('17:11:12.09'),
      suspectedOom: false,
      pid: PID,
      priorPid: DEAD,
      lastMem: { rssKib: 128_848, totalKib: 24_684_092, availableKib: 23_800_580, swapUsedKib: 0 },
    };
    let folded = inc;
    for (let k = 0; k < 5; k++) {
      const report = runDetectors(life, SETTINGS).find((f) => f.check === 'gateway_died_before')!;
      folded = foldReport(folded, report, false);
    }
    const texts = (folded.finding.evidenceText ?? []).map((x) => JSON.stringify(x));
    expect(texts.length).toBe(new Set(texts).size);
  });

  it('takes the report as evidence once, and its recovery says so in en and zh-CN', () => {
    const dead = buildEvidence({
      log: LOG,
      alive: false,
      now: '2026-11-25 17:11:09',
      state: stateFile('running', { qqbot: 'connected' }, { pid: DEAD }),
    });
    let incidents: IncidentState = step({}, 'default', runDetectors(dead, SETTINGS), dead.now, INC, false, {
      down: true,
    }).state;
    const key = Object.keys(incidents)[0]!;
    const report = runDetectors(newLife('17:11:20'), SETTINGS).find((f) => f.check === 'gateway_died_before')!;
    const folded = foldReport(incidents[key]!, report, false);
    expect(foldReport(folded, report, false)).toBe(folded);
    expect(folded.finding.evidence.filter((l) => l.includes('Previous gateway life'))).toHaveLength(1);
    incidents = { [key]: folded };
    const r = step(incidents, 'default', [], at('17:11:20'), INC, false, { upAt: at('17:11:12.292') });
    const [resolved] = r.events;
    expect(resolved!.kind).toBe('resolve');
    const lines = (l: 'en' | 'zh-CN') => incidentAlert(resolved!, l, at('17:11:20'), INC.flap.withinMs).reply.lines;
    expect(lines('en')).toEqual([expect.stringMatching(/^Hermes confirms it: .*without any exit path/)]);
    expect(lines('zh-CN')).toEqual([expect.stringMatching(/^Hermes 也确认了/)]);
  });
});

describe('a death gatewatch did not see', () => {
  it('is told once: a warning for 30 minutes, then it closes without a "Recovered"', () => {
    let incidents: IncidentState = {};
    const judge = (now: string) => {
      const ev = newLife(now);
      const r = step(incidents, 'default', runDetectors(ev, SETTINGS), ev.now, INC, false);
      incidents = r.state;
      return r.events.map((e) => `${e.kind}:${e.incident.check}${e.how ? ` (${e.how})` : ''}`);
    };
    expect(judge('17:11:20')).toEqual(['open:gateway_died_before']);
    expect(judge('17:30:00')).toEqual([]);
    // No alert, no "Recovered": closed as lapsed, which the audit says (alert.close), so that it is not open forever.
    expect(judge('17:42:00')).toEqual(['close:gateway_died_before (lapsed)']);
    expect(Object.values(incidents).map((i) => i.status)).toEqual(['resolved']);
  });
});

describe('a death that began a crash loop', () => {
  /** The loop's incident, told, opened a second after the kill; open, or over at `resolved`. */
  const loop = (check: string, resolved?: string): IncidentState => {
    const f = {
      check,
      target: 'default',
      severity: 'critical' as const,
      title: 'loop',
      evidence: [],
      restart: 'never' as const,
    };
    const i = {
      id: 'default-7',
      key: `default:${check}`,
      target: 'default',
      check,
      finding: f,
      status: resolved ? 'resolved' : 'open',
      openedAt: at('17:11:08.5'),
      ...(resolved ? { resolvedAt: at(resolved) } : {}),
      transitions: [],
      notified: true,
    } as unknown as Incident;
    return { [i.key]: i };
  };
  const prior = () => priorDeath(newLife('17:11:20'))!;

  it('was told with the loop: the healed life’s report of it is the loop’s (respawn_storm, a give-up, a restart loop)', () => {
    for (const check of ['respawn_storm', 'supervisor_gave_up', 'restart_loop'])
      expect(toldInLoop(loop(check), 'default', prior()), check).toBe(true);
    expect(toldInLoop(loop('respawn_storm', '17:11:12.3'), 'default', prior())).toBe(true);
  });

  it('is a death of its own after a loop long over, another target’s loop, or a loop that was not a loop', () => {
    expect(toldInLoop(loop('respawn_storm', '17:05:00'), 'default', prior())).toBe(false);
    expect(toldInLoop(loop('respawn_storm'), 'other', prior())).toBe(false);
    expect(toldInLoop(loop('platform_down'), 'default', prior())).toBe(false);
  });
});
