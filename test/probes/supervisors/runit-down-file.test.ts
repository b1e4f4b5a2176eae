// runit's `down` file (hermes-supervisors.md "runit run files as people write them"): runit leaves the service down
// at boot. Running, it is a risk said once; down since about the boot, it is that file's doing, not an operator's
// `sv down`. The real runsv for the first; `sv status` as runit words it (a stand-in `sv` on PATH) for the boot,
// which no test can make happen.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeProcess } from '../../../src/probes/process.js';
import { readBootTimeMs } from '../../../src/probes/process.js';
import { probeService } from '../../../src/probes/service.js';
import { makeTarget, tempDir, writeExecutable } from '../../helpers/probe-procs.js';
import { available, supervised, type Supervised } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

const live: Supervised[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
});

describe.runIf(available.runit)("runit's `down` file", () => {
  it('running: said once as a risk, with the file to remove', { timeout: 120_000 }, async () => {
    const s = await supervised('runit');
    live.push(s);
    const target = makeTarget(s.home);
    await until('running', async () => (await probeProcess(target)).alive, { timeoutMs: 60_000 });
    await writeFile(path.join(s.program, 'down'), '');
    const ev = await until('runit says normally down', async () => {
      const proc = await probeProcess(target);
      const e = await probeService(target, { ...s.traces, proc, pidRecord: proc.pidFile, now: Date.now() });
      return /normally down/.test(e.state ?? '') ? e : undefined;
    });
    expect(ev).toMatchObject({ manager: 'runit', active: true, risks: ['down_at_boot'] });
  });
});

describe('a service down since the boot, as `sv status` says it', () => {
  async function downFor(seconds: number, downFile: boolean) {
    const dir = await tempDir('gw-sv-boot-');
    const svc = path.join(dir, 'service', 'hermes');
    await writeExecutable(path.join(svc, 'run'), `#!/bin/sh\nexec hermes gateway run\n`);
    const bin = path.join(dir, 'bin');
    const flags = downFile ? '' : ', normally up';
    await writeExecutable(path.join(bin, 'sv'), `#!/bin/sh\necho "down: $2: ${seconds}s${flags}"\n`);
    const target = makeTarget(path.join(dir, 'home'), { service: { manager: 'runit', program: svc, scope: 'user' } });
    return probeService(target, { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, now: Date.now() });
  }

  it('with a `down` file, down since the boot: nobody stopped it; down a while after the boot: the operator did', async () => {
    const boot = (await readBootTimeMs())!;
    const upS = Math.floor((Date.now() - boot) / 1000);
    const atBoot = await downFor(upS - 3, true);
    expect(atBoot).toMatchObject({ manager: 'runit', active: false, risks: ['down_at_boot'] });
    expect(atBoot.stopped).toBeUndefined();
    // `sv down` long after the boot, the `down` file there or not: the operator's stop.
    if (upS > 600) expect((await downFor(60, true)).stopped).toBeDefined();
    expect((await downFor(upS - 3, false)).stopped).toBeDefined();
  });
});
