// `sv exit` ends a service's runsv (and the gateway with it); runsvdir starts a new runsv at its next scan, within five
// seconds, which starts the gateway again. In between `sv status` says `fail: …: runsv not running`, which main read
// as no answer: critical "stopped by SIGTERM but the state file still says running". Under the real runsvdir.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewatch } from '../../helpers/cli-run.js';
import { available, supervised, type Supervised, watchConfig } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

const run = promisify(execFile);
const live: Supervised[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
});

describe.runIf(available.runit)('`sv exit`', () => {
  it('between its runsv’s end and the next: on its way back, never a death', { timeout: 180_000 }, async () => {
    const s = await supervised('runit', { untraced: true, service: `hermes-exit-${process.pid}` });
    live.push(s);
    const config = await watchConfig(s);
    const check = async () => {
      const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
      return (JSON.parse(r.stdout).findings as { check: string; severity: string }[]).filter(
        (f) => f.check !== 'supervisor_risk',
      );
    };
    await until('healthy', async () => (await check()).length === 0, { timeoutMs: 60_000 });
    await run('sv', ['exit', s.program]);
    await until('its runsv ended', async () =>
      run('sv', ['status', s.program]).then(
        () => false,
        (e: { stdout?: string }) => /runsv not running/.test(e.stdout ?? ''),
      ),
    );
    expect(await check()).toEqual([]);
    await until('back', async () => /^run:/.test((await run('sv', ['status', s.program])).stdout), {
      timeoutMs: 60_000,
    });
    expect(await check()).toEqual([]);
  });
});
