// runit's way to disable a service: its link taken out of the folder runsvdir watches (`rm /var/service/hermes`);
// runsvdir ends its runsv, which stops the gateway with a SIGTERM. On main the gateway's own last words (`parent_name=
// runsv`) found no folder, so no supervisor: "stopped by SIGTERM but the state file still says running", critical,
// "No service manager runs it … start it by hand". Under the real runsvdir, through the built CLI.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewatch } from '../../helpers/cli-run.js';
import { available, supervised, type Supervised } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

const live: Supervised[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
});

describe.runIf(available.runit)('a runit service taken out of runsvdir’s folder', () => {
  it('is the operator’s stop, dated by the gateway’s last words, with no start by hand', {
    timeout: 180_000,
  }, async () => {
    const s = await supervised('runit', { untraced: true });
    live.push(s);
    const dir = path.dirname(s.home);
    const config = path.join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'hermes', hermes_home: s.home, reachability: false }],
        channels: { console: {} },
      }),
    );
    const check = async () => {
      const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
      return (JSON.parse(r.stdout).findings as { check: string; severity: string }[]).filter(
        (f) => f.check !== 'supervisor_risk',
      );
    };
    await until('healthy', async () => (await check()).length === 0, { timeoutMs: 60_000 });
    await rm(s.program);
    const status = await until(
      'the stop said',
      async () => {
        const r = await gatewatch(['status', '--config', config], { spawn: true });
        return /stopped by the operator at /.test(r.stdout) ? r.stdout : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(status).toMatch(/service\s+runit \S+\/hermes: removed/);
    expect(await check()).toEqual([]);
  });
});
