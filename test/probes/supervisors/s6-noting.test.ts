// The moment after the gateway under s6 exits and before s6-supervise has taken note: `s6-svstat` still says `up (pid
// N) 182 seconds` of a process that is gone. test:supervisors' restart story met it once on a loaded run (`s6-svc -r`
// the third time): the daemon said 🔴 "stopped by SIGTERM but the state file still says running" of a restart
// through s6. It is s6 about to start the next, as a service wanted up: restarting, not up. `s6-svstat` as s6 words it
// (a stand-in on PATH): no test can hold s6-supervise at that moment.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeService } from '../../../src/probes/service.js';
import { makeTarget, tempDir, writeExecutable } from '../../helpers/probe-procs.js';

async function svstatSays(line: string) {
  const dir = await tempDir('gw-s6-noting-');
  const svc = path.join(dir, 'service', 'hermes');
  await writeExecutable(path.join(svc, 'run'), `#!/bin/sh\nexec hermes gateway run\n`);
  const bin = path.join(dir, 'bin');
  await writeExecutable(path.join(bin, 's6-svstat'), `#!/bin/sh\necho "${line}"\n`);
  const target = makeTarget(path.join(dir, 'home'), { service: { manager: 's6', program: svc, scope: 'user' } });
  return probeService(target, { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, now: Date.now() });
}

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

  it('told down (`want down`) as it went: the operator’s stop, not a restart', async () => {
    const ev = await svstatSays(`up (pid ${gonePid()}) 182 seconds, normally up, want down, ready 182 seconds`);
    expect(ev).toMatchObject({ manager: 's6', active: false, restarting: false });
  });
});
