// A look that began before a `docker restart` ended: its `now` predates the new life's start. That life is booting,
// and a slot its s6 does not supervise yet is on its way up, not a profile without a slot (the real engine's restart
// story raised a critical "no gateway slot" this way). No runtime answers here: the verdict comes from the times and
// the home's files alone, as it must when the runtime is slow to.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransit } from '../../src/probes/container-stops.js';
import { hostOf } from '../../src/probes/host.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterEach(cleanup);

const NOT_SUPERVISED = {
  stdout: '',
  stderr: 's6-svstat: fatal: : unable to read status for /run/service/gateway-default: s6-supervise not running',
};

describe('a slot s6 cannot tell of, in a container that has just started', () => {
  const facts = (startedAt: number) => ({ id: 'f00d', name: 'hermes', status: 'running', running: true, startedAt });
  const host = hostOf({ env: { PATH: '/nonexistent' } });

  it('is starting when the container started after the look began', async () => {
    const home = path.join(await tempDir('gw-stops-'), 'hermes');
    const now = Date.now();
    expect(await inTransit('docker', facts(now + 800), home, 'gateway-default', NOT_SUPERVISED, host, now)).toBe(
      'starting',
    );
  });

  it('is starting within its first minute, and not once that has passed', async () => {
    const home = path.join(await tempDir('gw-stops-'), 'hermes');
    const now = Date.now();
    expect(await inTransit('docker', facts(now - 5_000), home, 'gateway-default', NOT_SUPERVISED, host, now)).toBe(
      'starting',
    );
    expect(
      await inTransit('docker', facts(now - 120_000), home, 'gateway-default', NOT_SUPERVISED, host, now),
    ).toBeUndefined();
  });
});
