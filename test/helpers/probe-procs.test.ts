// A test's cleanup signals only its own processes. A pid it kept may have ended and been handed on (pid_max is 32,768
// on a stock kernel, and the suite starts tens of thousands of processes): signalled blind, it ended another file's
// process, an `unshare` in test/probes/disk.test.ts killed before its namespace was ready.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, exited, signalOfHome, spawnIdle, tempDir } from './probe-procs.js';

afterEach(cleanup);

describe('signalling the pids a test kept', () => {
  it("ends its home's process, by its environment or its arguments, and leaves another's running", async () => {
    const home = await tempDir('gw-own-');
    const ours = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    const named = spawnIdle(['update', '--home', home], { ...process.env, HERMES_HOME: '' });
    const other = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: `${home}-other` });
    signalOfHome([ours.pid!, named.pid!, other.pid!], home);
    await exited(ours);
    await exited(named);
    expect([ours.signalCode, named.signalCode, other.signalCode]).toEqual(['SIGKILL', 'SIGKILL', null]);
  });
});
