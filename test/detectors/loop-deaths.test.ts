// s6 tallies every death, the operator's `s6-svc -r` and `-d` among them, and Hermes exits 1 on that unmarked SIGTERM
// as on a crash: the log's `Received SIGTERM` says which deaths were asked (supervisor.ts loopDeaths).
import { describe, expect, it } from 'vitest';
import type { Evidence, LogRecord } from '../../src/evidence.js';
import { loopDeaths, supervisorFacts } from '../../src/detectors/supervisor.js';

const NOW = Date.UTC(2026, 10, 29, 21, 0, 0);
const at = (s: number) => NOW + s * 1000;
/** Hermes' words for a stop a signal asked for, as its versions and callers say them (hermes-gateway-current.md). */
const STOPS = [
  'Received SIGTERM — initiating shutdown',
  'Received SIGTERM as a planned gateway stop — exiting cleanly',
  'Received SIGINT — initiating shutdown',
];
const stop = (s: number, i = 0): LogRecord =>
  ({ ts: at(s), level: 'INFO', logger: 'gateway.run', message: STOPS[i % STOPS.length]! }) as LogRecord;
const start = (s: number): LogRecord =>
  ({ ts: at(s), level: 'INFO', logger: 'gateway.run', message: 'Starting Hermes Gateway...' }) as LogRecord;
const look = (deathsAt: number[], stops: number[], hours = true, starts: number[] = []) =>
  loopDeaths({
    now: NOW,
    service: {
      manager: 's6',
      deaths: {
        count: deathsAt.length,
        windowS: 120,
        last: 'exitcode 1',
        firstAt: at(deathsAt[0]!),
        lastAt: at(deathsAt.at(-1)!),
        each: deathsAt.map((s) => ({ at: at(s), how: 'exitcode 1' })),
      },
    },
    ...(hours
      ? { hermes: { hours: [...stops.map((t, i) => stop(t, i)), ...starts.map(start)] } as Evidence['hermes'] }
      : {}),
    log: { file: 'gateway.log', run: hours ? [] : stops.map((t, i) => stop(t, i)), runStartSeen: true, previous: [] },
  });

describe('the deaths of a loop, less those the operator asked for', () => {
  it('three restarts asked within two minutes are no loop', () => {
    expect(look([-50, -30, -10], [-51, -31, -11])).toBeUndefined();
  });

  it('a stop, then a start that dies every time: the crashes alone, dated from the first after the stop', () => {
    const d = look([-60, -40, -30, -20], [-61]);
    expect(d).toMatchObject({ count: 3, firstAt: at(-40), lastAt: at(-20) });
  });

  it('each wording of an asked stop, and no other line of the runner, excuses a death', () => {
    // Three restarts, each stop worded as another of STOPS.
    expect(look([-50, -30, -10], [-51, -31, -11])).toBeUndefined();
    const other = (s: number) =>
      ({ ts: at(s), level: 'INFO', logger: 'gateway.run', message: 'Stopping gateway...' }) as LogRecord;
    const d = loopDeaths({
      now: NOW,
      service: {
        manager: 's6',
        deaths: { count: 3, windowS: 120, each: [-50, -30, -10].map((s) => ({ at: at(s), how: 'exitcode 1' })) },
      },
      hermes: { hours: [other(-51), other(-31), other(-11)] } as Evidence['hermes'],
      log: { file: 'gateway.log', run: [], runStartSeen: true, previous: [] },
    });
    expect(d?.count).toBe(3);
  });

  it('a crash loop with no stop in the log is the tally as s6 counts it', () => {
    expect(look([-30, -20, -10], [])).toMatchObject({ count: 3, firstAt: at(-30) });
  });

  it("s6's clock to the second: a stop logged a moment after the death it dates is still that death's", () => {
    expect(look([-30, -20, -10], [-29.2, -18.8, -9])).toBeUndefined();
  });

  it("a stop of an earlier life excuses no later death, whichever of the log's views holds it", () => {
    expect(look([-50, -30, -10], [-51], false)).toMatchObject({ count: 2, firstAt: at(-30) });
    expect(look([-50, -30, -10], [-51, -52])).toMatchObject({ count: 2, firstAt: at(-30) });
  });

  it("a stop is its life's: not one long before the death, nor one a life began after", () => {
    // Another process's stop on the same home (a foreground `gateway run` ended by hand) four minutes before.
    expect(look([-300, -20, -10, -5], [-250])).toMatchObject({ count: 3, firstAt: at(-20) });
    // A stop, then a life that began: the death after it ended that life, not the stopped one.
    expect(look([-30, -20, -10], [-45], true, [-40])).toMatchObject({ count: 3, firstAt: at(-30) });
    expect(look([-30, -20, -10], [-45])).toMatchObject({ count: 2 });
  });

  it('deaths past the window are no part of the loop', () => {
    expect(look([-300, -200, -10], [])).toMatchObject({ count: 1, firstAt: at(-10) });
  });
});

describe("runit's lives, each ended when the next began (`sv status`, to its second)", () => {
  /** runit's deaths at `deathsAt` (the next life's start by `sv status`), the log's stops and starts as given. */
  const runit = (deathsAt: number[], hours: LogRecord[]) => {
    const ev = {
      now: NOW,
      service: {
        manager: 'runit' as const,
        deaths: { count: deathsAt.length, windowS: 120, each: deathsAt.map((s) => ({ at: at(s) })) },
      },
      hermes: { hours } as Evidence['hermes'],
      log: { file: 'gateway.log', run: [], runStartSeen: true, previous: [] },
    };
    return { deaths: loopDeaths(ev), facts: supervisorFacts(ev as unknown as Evidence) };
  };

  it('`sv restart` three times, each new life logging its start before the second `sv status` dates it by: no loop', () => {
    // The stop logged at -51, the next life's first line at -49.6, and `sv status` saying that life began at -49.
    const hours = [-51, -31, -11].flatMap((s, i) => [stop(s, i), start(s + 1.4)]);
    expect(runit([-50, -30, -10], hours).deaths).toBeUndefined();
  });

  it('a loop of crashes quotes no word runit never said', () => {
    const { deaths, facts } = runit([-50, -30, -10], [start(-70)]);
    expect(deaths).toMatchObject({ count: 3 });
    expect(deaths?.last).toBeUndefined();
    expect(facts).toEqual([]);
  });
});
