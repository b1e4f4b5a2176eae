// Docker's events of a container, as `docker events --format '{{json .}}'` prints them (the Message of Docker's
// api/types/events: status/id/from, Type, Action, Actor {ID, Attributes}, scope, time, timeNano) and in the order its
// daemon logs them: a stop is `kill` with the stop signal, `die` with the exit code, then `stop` (daemon/stop.go logs
// it once the container has died); a restart is those, then `start` and `restart` (daemon/restart.go); a kill is `kill`
// and `die`. Who stopped a container that is not running, and whether a running one is being stopped, is read off them.
import { describe, expect, it } from 'vitest';
import { endingSince, eventsLine, parseEvents, stoppedBy, stopping } from '../../src/probes/container-events.js';

const ID = 'f'.repeat(64);
let clock = 1_795_876_700_000;

/** One line as Docker prints it. */
function line(action: string, attributes: Record<string, string> = {}): string {
  clock += 10;
  const ns = BigInt(clock) * 1_000_000n;
  return JSON.stringify({
    status: action,
    id: ID,
    from: 'nousresearch/hermes-agent:latest',
    Type: 'container',
    Action: action,
    Actor: { ID, Attributes: { image: 'nousresearch/hermes-agent:latest', name: 'hermes', ...attributes } },
    scope: 'local',
    time: Number(ns / 1_000_000_000n),
    timeNano: 0,
  }).replace('"timeNano":0', `"timeNano":${ns}`);
}

const STOP = ['kill|signal=15', 'die|exitCode=0', 'stop'];
const parse = (spec: string[]) =>
  parseEvents(
    spec
      .map((s) => {
        const [action, ...attrs] = s.split('|');
        return line(action!, Object.fromEntries(attrs.map((a) => a.split('=') as [string, string])));
      })
      .join('\n'),
  );

describe('who stopped a container that is not running', () => {
  it("`docker stop` (and Compose's stop): a stop after the death, the operator's", () => {
    const ev = parse(['start', ...STOP]);
    const by = stoppedBy(ev)!;
    expect(by.at).toBe(ev[3]!.at);
    expect(eventsLine('docker', by.events)).toBe('docker events: kill (signal 15), die (exitCode 0), stop');
  });

  it('`docker restart`, caught between its stop and its start: the same stop', () => {
    expect(stoppedBy(parse(['start', ...STOP]))).toBeDefined();
  });

  it('`docker kill`: a death with no stop, not the operator’s stop through Docker', () => {
    expect(stoppedBy(parse(['start', 'kill|signal=9', 'die|exitCode=137']))).toBeUndefined();
  });

  it('its program ended by itself after an earlier stop and start: the last death counts, not the old stop', () => {
    expect(stoppedBy(parse(['start', ...STOP, 'start', 'die|exitCode=1']))).toBeUndefined();
  });

  it('a stop that timed out and killed: still the stop, with the SIGKILL it sent', () => {
    const by = stoppedBy(parse(['start', 'kill|signal=15', 'kill|signal=9', 'die|exitCode=137', 'stop']))!;
    expect(eventsLine('docker', by.events)).toBe(
      'docker events: kill (signal 15), kill (signal 9), die (exitCode 137), stop',
    );
  });
});

describe('the lines', () => {
  it('are read with their time to the millisecond (timeNano), a line that is none skipped', () => {
    const [e] = parseEvents(`${line('die', { exitCode: '3' })}\nnot json\n`);
    expect(e).toEqual({ action: 'die', at: clock, attributes: expect.objectContaining({ exitCode: '3' }) });
  });
});

describe('a running container being stopped', () => {
  it('a stop signal since its last start, and no death yet', () => {
    expect(stopping(parse(['start', 'kill|signal=15']))).toHaveLength(1);
  });

  it('not once it started again, nor for a signal that stops nothing (a reload)', () => {
    expect(stopping(parse(['start', ...STOP, 'start']))).toBeUndefined();
    expect(stopping(parse(['start', 'kill|signal=1']))).toBeUndefined();
  });
});

// A look whose inspect saw one life and whose exec reached the next: `docker restart` took a second on a real engine,
// and the events since the last start (the new life's) say nothing of the stop that ended the life inspect saw.
describe('the life inspect saw is ending or has ended', () => {
  it('a stop signal or a death since its start, though the container started again since', () => {
    const events = parse(['start', ...STOP, 'start', 'restart']);
    const started = events[0]!.at;
    expect(stopping(events)).toBeUndefined();
    expect(endingSince(events, started)?.map((e) => e.action)).toEqual(['kill', 'die', 'stop', 'start', 'restart']);
  });

  it('not for the life that started after them, nor for a signal that stops nothing', () => {
    const events = parse(['start', ...STOP, 'start', 'kill|signal=1']);
    const second = events[4]!.at;
    expect(endingSince(events, second)).toBeUndefined();
  });
});
