// s6-svstat's lines as Debian's s6 (2.11) prints them for each state a gateway's slot can be in, and what each
// means for the gateway: the lines were read off a real s6-supervise (up, a stop, an exit it restarts, an exit its
// finish script parks, a slot with a `down` file).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootRecord, hermesInside, parseSvstat, slotName, slotState } from '../../src/probes/container-slot.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const cases: [string, string, Record<string, unknown>][] = [
  ['up (pid 154) 3600 seconds', 'up', { up: true, pid: 154, seconds: 3600 }],
  ['up (pid 2553) 0 seconds, normally down', 'up', { normallyUp: false }],
  ['up (pid 2553) 4 seconds, want down', 'stopping', { wantUp: false }],
  ['down (exitcode 3) 0 seconds, normally up, want up, ready 0 seconds', 'restarting', { exitCode: 3 }],
  ['down (exitcode 0) 1 seconds, normally up, ready 0 seconds', 'parked', { exitCode: 0 }],
  ['down (exitcode 78) 90 seconds, normally up, ready 90 seconds', 'parked', { exitCode: 78 }],
  ['down (signal SIGTERM) 12 seconds, normally up, ready 12 seconds', 'stopped', { signal: 'SIGTERM' }],
  ['down (exitcode 1) 40 seconds, normally up, ready 40 seconds', 'stopped', { exitCode: 1 }],
  ['down 300 seconds, ready 300 seconds', 'registered down', { normallyUp: false }],
  ['down (exitcode 1) 30 seconds, ready 30 seconds', 'registered down', { normallyUp: false }],
];

describe('a gateway slot as s6-svstat says it', () => {
  it.each(cases)('%s → %s', (line, state, fields) => {
    const s = parseSvstat(line)!;
    expect(s).toMatchObject(fields);
    expect(slotState(s)).toBe(state);
  });

  it('is no status for what s6-svstat says of a slot it does not supervise', () => {
    expect(
      parseSvstat('s6-svstat: fatal: unable to read status for /run/service/gateway-ops: s6-supervise not running'),
    ).toBeUndefined();
  });
});

describe('the lever inside the container', () => {
  it('names the root home gateway-default and runs hermes without -p', () => {
    expect(slotName('')).toBe('gateway-default');
    expect(hermesInside('', 'start')).toEqual(['hermes', 'gateway', 'start']);
  });
  it("names a profile's slot after it and passes -p", () => {
    expect(slotName('ops')).toBe('gateway-ops');
    expect(hermesInside('ops', 'restart')).toEqual(['hermes', '-p', 'ops', 'gateway', 'restart']);
  });
});

describe('the boot reconciler’s last word on a profile', () => {
  // hermes-deployments.md: one line per profile at each container start, the log rotated to `.1` at 256 KiB.
  const boot = (ts: string, profile: string, prior: string, action: string) =>
    `${ts} profile=${profile} prior_state=${prior} action=${action} prior_exit=clean\n`;

  it('is read across the log’s rollover: a profile not booted since is in `.1` (issue 60 item 2)', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'));
    const log = path.join(home, 'logs', 'container-boot.log');
    await writeFile(`${log}.1`, boot('2026-11-25T09:00:00Z', 'ops', 'stopped', 'registered'));
    await writeFile(log, boot('2026-11-25T10:00:00Z', 'default', 'running', 'started'));
    expect(await bootRecord(home, 'ops')).toMatchObject({ priorState: 'stopped', action: 'registered' });
    expect(await bootRecord(home, '')).toMatchObject({ priorState: 'running', action: 'started' });
  });
});
