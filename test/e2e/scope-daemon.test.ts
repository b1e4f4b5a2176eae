// Us or them (issue 44 item 1) through the built daemon, on the wall clock: `gatewatch run` watches a live gateway
// process whose log holds §10.6's QQ outage (test/helpers/hermes-homes.ts), with its own QQ bot on a stand-in QQ whose
// every GET /gateway answers 502. The console says whose failure it is; `gatewatch check --json`, which asks the running
// daemon, says the same at once and still after the scope probes' own 30 s have run out with no judgement since (the
// schedule is yearly and the log is still): a look then said "unknown" where the alert had said "the platform".
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeQQ } from '../fakes/qq-server.js';
import { gatewatch } from '../helpers/cli-run.js';
import { qqOutageHome } from '../helpers/hermes-homes.js';
import { CLI } from '../helpers/paths.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
  await cleanup();
});

interface CheckJson {
  findings: { check: string; platform?: string; scope?: string; scopeText?: string; restart?: string }[];
}

describe('whose failure, said by the built daemon', () => {
  it('the platform, for everyone: on the console, in check --json at once and 35 s later', {
    timeout: 120_000,
  }, async () => {
    const fake = await startFakeQQ({ appId: '102000001', clientSecret: 'fake-client-secret-DG5g3B4j' });
    cleanups.push(() => fake.close());
    fake.faults.gatewayErrors.push(...Array<number>(5000).fill(502));
    const dir = await tempDir('gw-scope-e2e-');
    const home = path.join(dir, 'hermes');
    await qqOutageHome(home);
    const config = path.join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        state_dir: path.join(dir, 'state'),
        schedule: '0 0 1 1 *',
        targets: [
          {
            name: 'gw',
            hermes_home: home,
            platforms: ['qqbot'],
            service: { manager: 'command', is_active: ['true'], restart: ['true'] },
            reachability: { qqbot: false },
          },
        ],
        remediate: { cooldown: '0s' },
        channels: {
          console: {},
          qq: {
            app_id: '102000001',
            client_secret: 'fake-client-secret-DG5g3B4j',
            api_base: fake.baseUrl,
            token_url: fake.tokenUrl,
            alert_to: [{ user: 'u1' }],
          },
        },
      }),
    );
    const daemon = spawn(process.execPath, [CLI, 'run', '--config', config], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    daemon.stdout!.on('data', (d) => (out += d));
    cleanups.push(async () => {
      if (daemon.exitCode !== null || daemon.signalCode !== null) return;
      const gone = new Promise((r) => daemon.once('exit', r));
      daemon.kill('SIGTERM');
      await gone;
    });

    await until('the alert on the console', () => /whose failure[^\n]*the platform, for everyone/.test(out), {
      timeoutMs: 60_000,
      everyMs: 100,
    });
    const look = async () => {
      const r = await gatewatch(['check', '--json', '--config', config], { spawn: true });
      return (JSON.parse(r.stdout) as CheckJson).findings.find((f) => f.platform === 'qqbot')!;
    };
    const first = await look();
    expect(first).toMatchObject({ scope: 'platform', restart: 'never' });
    expect(first.scopeText).toMatch(/HTTP 502/);

    // Past the probes' 30 s, no judgement since: the look says what the alert said.
    await sleep(35_000);
    const later = await look();
    expect(later).toMatchObject({ scope: 'platform', restart: 'never' });
    expect(later.scopeText).toBe(first.scopeText);
    // Nothing restarted it: the platform is down for everyone.
    expect(out).not.toMatch(/Restarting gw|Restarted gw/);
  });
});
