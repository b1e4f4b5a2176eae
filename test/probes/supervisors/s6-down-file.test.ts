// s6's `down` file, as runit's (test/probes/supervisors/runit-down-file.test.ts): s6-supervise leaves the service down
// when it starts (a boot). Running, it is a risk said once; down since about the boot, it is that file's doing, not
// an operator's `s6-svc -d`, which main read it as (quiet, "stopped by the operator"), the file never said. The real
// s6 for the first; `s6-svstat` as s6 words it (a stand-in on PATH) for the boot, which no test can make happen.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeProcess, readBootTimeMs } from '../../../src/probes/process.js';
import { probeService } from '../../../src/probes/service.js';
import { makeTarget, tempDir, writeExecutable } from '../../helpers/probe-procs.js';
import { available, supervised, type Supervised } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

const live: Supervised[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
});

describe.runIf(available.s6)("s6's `down` file", () => {
  it('running: said once as a risk, with the file to remove', { timeout: 120_000 }, async () => {
    const s = await supervised('s6');
    live.push(s);
    const target = makeTarget(s.home);
    await until('running', async () => (await probeProcess(target)).alive, { timeoutMs: 60_000 });
    await writeFile(path.join(s.program, 'down'), '');
    const ev = await until('s6 says normally down', async () => {
      const proc = await probeProcess(target);
      const e = await probeService(target, { ...s.traces, proc, pidRecord: proc.pidFile, now: Date.now() });
      return /normally down/.test(e.state ?? '') ? e : undefined;
    });
    expect(ev).toMatchObject({ manager: 's6', active: true, risks: ['down_at_boot'] });
  });
});

describe('an s6 service down since the boot, as `s6-svstat` says it', () => {
  async function downFor(seconds: number, downFile: boolean) {
    const dir = await tempDir('gw-s6-boot-');
    const svc = path.join(dir, 'service', 'hermes');
    await writeExecutable(path.join(svc, 'run'), `#!/bin/sh\nexec hermes gateway run\n`);
    const bin = path.join(dir, 'bin');
    const flags = downFile ? '' : ', normally up';
    await writeExecutable(
      path.join(bin, 's6-svstat'),
      `#!/bin/sh\necho "down (exitcode 0) ${seconds} seconds${flags}, ready ${seconds} seconds"\n`,
    );
    const target = makeTarget(path.join(dir, 'home'), { service: { manager: 's6', program: svc, scope: 'user' } });
    return probeService(target, { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, now: Date.now() });
  }

  it('with a `down` file, down since the boot: nobody stopped it; down a while after the boot: the operator did', async () => {
    const boot = (await readBootTimeMs())!;
    const upS = Math.floor((Date.now() - boot) / 1000);
    const atBoot = await downFor(upS - 3, true);
    expect(atBoot).toMatchObject({ manager: 's6', active: false, risks: ['down_at_boot'] });
    expect(atBoot.stopped).toBeUndefined();
    // `s6-svc -d` long after the boot, the `down` file there or not: the operator's stop.
    if (upS > 600) expect((await downFor(60, true)).stopped).toBeDefined();
    expect((await downFor(upS - 3, false)).stopped).toBeDefined();
  });
});
