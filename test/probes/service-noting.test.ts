// The moment after the gateway under s6 or runit exits and before its supervisor has taken note: `s6-svstat` still says
// `up (pid N) 182 seconds`, `sv status` `run: … (pid N) 182s`, of a process that is gone. test:supervisors' restart story met it once on a loaded run (`s6-svc -r`
// the third time): the daemon said 🔴 "stopped by SIGTERM but the state file still says running" of a restart
// through s6. It is the supervisor about to start the next, as a service wanted up: restarting, not up (one rule, in
// src/probes/service.ts). Each tool as it words it (a stand-in on PATH): no test can hold a supervisor at that moment.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeService } from '../../src/probes/service.js';
import { makeTarget, tempDir, writeExecutable } from '../helpers/probe-procs.js';

/** The service `manager` whose status tool (`tool`, a stand-in on PATH) says `line` of the service folder. */
async function toolSays(
  manager: 's6' | 'runit',
  tool: string,
  line: (svc: string) => string,
  proc?: { alive: boolean; pid: number },
) {
  const dir = await tempDir(`gw-${manager}-noting-`);
  const svc = path.join(dir, 'service', 'hermes');
  await writeExecutable(path.join(svc, 'run'), `#!/bin/sh\nexec hermes gateway run\n`);
  const bin = path.join(dir, 'bin');
  await writeExecutable(path.join(bin, tool), `#!/bin/sh\necho "${line(svc)}"\n`);
  const target = makeTarget(path.join(dir, 'home'), { service: { manager, program: svc, scope: 'user' } });
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  // As the look's process probe hands it over (no pid file read here).
  return probeService(target, { env, now: Date.now(), ...(proc ? { proc: { ...proc, pidFile: null } } : {}) });
}

const svstatSays = (line: string, proc?: { alive: boolean; pid: number }) =>
  toolSays('s6', 's6-svstat', () => line, proc);
const svSays = (line: (svc: string) => string) => toolSays('runit', 'sv', line);

/** A pid that was a process and is no more: a child that has exited and been reaped. */
const gonePid = () => spawnSync('true').pid;

describe('s6 says up of a gateway that is gone', () => {
  it('wanted up: s6 is about to start it again, not up', async () => {
    const pid = gonePid();
    const ev = await svstatSays(`up (pid ${pid}) 182 seconds, normally up, ready 182 seconds`);
    expect(ev).toMatchObject({ manager: 's6', active: false, restarting: true, mainPid: pid });
    expect(ev.upFor).toBeUndefined();
  });

  it('the process there: up as s6 says', async () => {
    const ev = await svstatSays(`up (pid ${process.pid}) 182 seconds, normally up, ready 182 seconds`);
    expect(ev).toMatchObject({ manager: 's6', active: true, restarting: false, upFor: 182 });
  });

  it("the look's own process probe as the daemon passes it: the stat read only where it did not find that process alive", async () => {
    const pid = gonePid();
    const line = `up (pid ${pid}) 182 seconds, normally up, ready 182 seconds`;
    // Found gone by the look, or the look's live gateway another process: the rule reads the stat and says restarting.
    for (const proc of [
      { alive: false, pid },
      { alive: true, pid: process.pid },
    ])
      expect(await svstatSays(line, proc)).toMatchObject({ active: false, restarting: true, mainPid: pid });
    // Found alive by the look a moment ago: up as s6 says, without a second read.
    const live = `up (pid ${process.pid}) 182 seconds, normally up, ready 182 seconds`;
    expect(await svstatSays(live, { alive: true, pid: process.pid })).toMatchObject({ active: true, upFor: 182 });
  });

  it('told down (`want down`) as it went: the operator’s stop, not a restart', async () => {
    const ev = await svstatSays(`up (pid ${gonePid()}) 182 seconds, normally up, want down, ready 182 seconds`);
    expect(ev).toMatchObject({ manager: 's6', active: false, restarting: false });
  });
});

describe('runit says run of a gateway that is gone', () => {
  it('wanted up: runsv is about to start it again, not up', async () => {
    const pid = gonePid();
    const ev = await svSays((svc) => `run: ${svc}: (pid ${pid}) 182s`);
    expect(ev).toMatchObject({ manager: 'runit', active: false, restarting: true, mainPid: pid });
    expect(ev.upFor).toBeUndefined();
  });

  it('the process there: up as runit says', async () => {
    const ev = await svSays((svc) => `run: ${svc}: (pid ${process.pid}) 182s`);
    expect(ev).toMatchObject({ manager: 'runit', active: true, upFor: 182 });
  });

  it('told down (`want down`) as it went: the operator’s stop, not a restart', async () => {
    const ev = await svSays((svc) => `run: ${svc}: (pid ${gonePid()}) 182s, want down`);
    expect(ev).toMatchObject({ manager: 'runit', active: false, restarting: false });
  });
});
