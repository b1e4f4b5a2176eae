// `init` lists a pm2 home's apps by asking its God daemon, and never starts one. pm2's CLI (`pm2 jlist`) starts a
// daemon wherever none answers: a daemon that died between gatewatch's look at its pid file and the CLI's call was
// started again, by `init`, in somebody else's home (found when `init --everywhere` ran beside a test that killed its
// pm2: that test's `pm2 resurrect` then met a daemon it had not started).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostOf } from '../../../src/probes/host.js';
import { pm2Gateways } from '../../../src/probes/supervisors/pm2.js';
import { tempDir } from '../../helpers/probe-procs.js';
import { available, PM2, supervised, type Supervised } from '../../helpers/supervised.js';
import { until } from '../../helpers/until.js';

const live: Supervised[] = [];
const gods: ChildProcess[] = [];
const homes: string[] = [];
afterEach(async () => {
  for (const s of live.splice(0)) await s.stop();
  for (const g of gods.splice(0)) g.kill('SIGKILL');
  // A daemon the look started (the bug): ended with the test.
  for (const home of homes.splice(0)) {
    const file = path.join(home, 'pm2.pid');
    const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  }
});

/** pm2 on PATH, as an operator's shell has it. */
const host = () => hostOf({ env: { ...process.env, PATH: `${path.dirname(PM2)}:${process.env.PATH}` } });

describe.runIf(available.pm2)("a pm2 home's apps, from its daemon", () => {
  it('a God daemon that does not answer: nothing started, the saved list read', async () => {
    const dir = await tempDir('gw-pm2-list-');
    const home = path.join(dir, '.pm2');
    const hermes = path.join(dir, 'hermes');
    await mkdir(home);
    await writeFile(
      path.join(home, 'dump.pm2'),
      JSON.stringify([
        {
          name: 'hermes-saved',
          pm_exec_path: '/usr/local/bin/hermes',
          args: ['gateway', 'run'],
          env: { HERMES_HOME: hermes },
        },
      ]),
    );
    // A process that bears God's name and pid file and has no socket: a daemon killed a moment ago, or hung in its start.
    const title = `PM2 v5.4.3: God Daemon (${home})`;
    const god = spawn(
      process.execPath,
      ['-e', `process.title = ${JSON.stringify(title)}; setInterval(() => {}, 1e9)`],
      {
        stdio: 'ignore',
      },
    );
    gods.push(god);
    await until('the stand-in bears God’s name', async () =>
      readFileSync(`/proc/${god.pid}/comm`, 'utf8').startsWith('PM2'),
    );
    await writeFile(path.join(home, 'pm2.pid'), String(god.pid));
    homes.push(home);

    const found = await pm2Gateways(home, host());
    expect(found.apps).toEqual([{ name: 'hermes-saved', home: hermes }]);
    expect(found.error).toMatch(/did not answer/);
    expect(readFileSync(path.join(home, 'pm2.pid'), 'utf8')).toBe(String(god.pid));
    expect(existsSync(path.join(home, 'rpc.sock'))).toBe(false);
  });

  it('a running daemon: its apps, a stopped one too; killed, its saved list and no daemon started', {
    timeout: 120_000,
  }, async () => {
    const s = await supervised('pm2', { unsaved: true });
    live.push(s);
    const home = s.env.PM2_HOME!;
    const want = { name: 'hermes', home: s.home };
    expect(await pm2Gateways(home, host())).toEqual({ apps: [want] });
    expect((await s.ctl('stop')).code).toBe(0);
    // Stopped and never saved: only the daemon knows it.
    expect(await pm2Gateways(home, host())).toEqual({ apps: [want] });

    expect((await s.ctl('kill')).code).toBe(0);
    const found = await pm2Gateways(home, host());
    expect(found.apps).toEqual([]);
    expect(existsSync(path.join(home, 'pm2.pid'))).toBe(false);
  });
});
