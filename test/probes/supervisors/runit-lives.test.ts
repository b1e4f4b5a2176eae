// runit keeps no count of deaths: gatewatch counts the young lives it sees (runit.ts youngLives). An operator's stop
// (`sv down`) ends that count: the lives before it were theirs to end. The real runit story showed why: stops and
// starts a few seconds apart, then a start that died, were one crash loop "since" the first stop, and its recovery
// credited the /restart before the loop began. Played with a stand-in `sv` that says what the real one says.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostOf } from '../../../src/probes/host.js';
import { adapterOf } from '../../../src/probes/supervisors/index.js';
import { cleanup, makeTarget, tempDir, writeExecutable } from '../../helpers/probe-procs.js';

afterEach(cleanup);

describe("runit's young lives", () => {
  it('an operator’s stop ends the count: the lives before it are no part of a loop after it, nor its since', async () => {
    const dir = await tempDir('gw-runit-lives-');
    const svc = path.join(dir, 'service', 'hermes');
    await mkdir(svc, { recursive: true });
    const said = path.join(dir, 'sv-status');
    await writeExecutable(path.join(dir, 'bin', 'sv'), `#!/bin/sh\ncat ${said}\n`);
    const host = hostOf({ env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin` }, runitDirs: [] });
    const target = makeTarget(path.join(dir, 'home'));
    const t0 = Date.UTC(2026, 10, 29, 19, 50, 50);
    const look = async (atS: number, line: string) => {
      await writeFile(said, `${line.replace('%s', svc)}\n`);
      return adapterOf('runit').probe(target, { manager: 'runit', name: svc, from: 'config' }, host, {
        now: t0 + atS * 1000,
      });
    };
    // Running; restarted by the operator; stopped; started; stopped; started once more, and that life dies.
    expect((await look(0, 'run: %s: (pid 101) 1s')).deaths).toBeUndefined();
    expect((await look(3, 'run: %s: (pid 102) 1s')).deaths).toBeUndefined();
    expect(await look(5, 'down: %s: 1s, normally up')).toMatchObject({ active: false, stopped: {} });
    await look(7, 'run: %s: (pid 103) 1s');
    await look(9, 'down: %s: 1s, normally up');
    await look(11, 'run: %s: (pid 104) 1s');
    // Between two lives (`want up`) the life that died and the pause are counted apart until the next life starts; but
    // nothing from before the stop: not the operator's lives, not a "since" at the first of them.
    const dying = await look(13, 'down: %s: 1s, normally up, want up');
    expect(dying.deaths?.count ?? 0).toBeLessThanOrEqual(2);
    expect(dying.deaths?.firstAt ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(t0 + 10_000);
    // A loop of its own after that: its deaths dated from its own first life, not from before the stop.
    await look(15, 'run: %s: (pid 105) 1s');
    await look(17, 'down: %s: 1s, normally up, want up');
    const loop = await look(19, 'run: %s: (pid 106) 1s');
    expect(loop.deaths?.count).toBeGreaterThanOrEqual(2);
    expect(loop.deaths?.firstAt).toBeGreaterThanOrEqual(t0 + 10_000);
  });
});
