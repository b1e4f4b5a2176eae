// A gateway started by hand in tmux, the commonest VPS setup, watched by the built daemon with its defaults (auto-restart
// on): killed, it is said down with one decision on every line (issue 80 item 2). The alert's auto-restart line says it
// is not started automatically, history says it was not and why, and `gatewatch restart` starts the same command again,
// in a session of its own, verified.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoScriptPath } from '../../src/demo/index.js';
import { findGatewayProcesses } from '../../src/probes/gateway-scan.js';
import { makeTarget, tempDir, trackPid, cleanup } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';
import { watchedDaemon } from '../helpers/watched-daemon.js';

const hasTmux = process.platform === 'linux' && spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

describe.runIf(hasTmux)('a gateway started by hand in tmux', () => {
  const ends: (() => unknown)[] = [];
  afterAll(async () => {
    while (ends.length) await ends.pop()!();
    await cleanup();
  });

  // Its waits stretch on a busy box (until's slowdown): the test's own bound leaves them room to say which one failed.
  it('killed: "not automatically" on the alert and in history, and `restart` starts it as it was started', {
    timeout: 600_000,
  }, async () => {
    const dir = await tempDir('gw-tmux-');
    const home = path.join(dir, 'home');
    const sock = path.join(dir, 'tmux.sock');
    const gateway = [process.execPath, demoScriptPath('gateway'), 'gateway', 'run', '--home', home].join(' ');
    spawnSync('tmux', ['-S', sock, 'new-session', '-d', `HERMES_HOME=${home} ${gateway}`]);
    ends.push(() => spawnSync('tmux', ['-S', sock, 'kill-server']));
    ends.push(async () => {
      for (const p of await findGatewayProcesses(makeTarget(home))) {
        trackPid(p.pid);
        process.kill(p.pid, 'SIGKILL');
      }
    });
    const cleanups: (() => Promise<unknown>)[] = [];
    ends.push(async () => {
      while (cleanups.length) await cleanups.pop()!();
    });
    const w = await watchedDaemon(home, cleanups);
    // Seen to hang once in a full run under load (not alone): the daemon's console is what says which wait and why.
    try {
      await story(w, home);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- the daemon's console:\n${w.out().slice(-4000)}`);
    }
  });
});

async function story(w: Awaited<ReturnType<typeof watchedDaemon>>, home: string): Promise<void> {
  const cli = w.cli;
  const pid = await until(
    'the daemon sees it run',
    async () => {
      const p = JSON.parse(await readFile(path.join(home, 'gateway.pid'), 'utf8')).pid as number;
      return (await cli(['status', 'hermes'])).stdout.includes(`${p}`) && /tmux/.test(w.out()) ? p : undefined;
    },
    { timeoutMs: 60_000, everyMs: 500 },
  );
  process.kill(pid, 'SIGKILL');
  await until('the death said', () => /🔴 hermes: /u.test(w.out()), { timeoutMs: 60_000, everyMs: 100 });
  const alert = w.out().slice(w.out().search(/🔴 hermes: /u));
  expect(alert).toMatch(/auto-restart +not automatically: nothing supervises it/);
  expect(alert).not.toMatch(/yes, if the budget allows/);
  const history = await until(
    'history says why it was not restarted',
    async () => {
      const r = (await cli(['history'])).stdout;
      return /not restarted: nothing supervises it/.test(r) && r;
    },
    { timeoutMs: 30_000, everyMs: 500 },
  );
  expect(history).toMatch(/only when an operator asks/);
  // Its risk (tmux: nothing starts it after a reboot) asked no restart of anyone: no "not restarted" of its own.
  expect(history).not.toMatch(/a restart does not fix/);
  // Nothing started it by itself; the operator's restart starts the command it was started with, verified.
  expect((await findGatewayProcesses(makeTarget(home))).length).toBe(0);
  const r = await cli(['restart', 'hermes', '--yes']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  await until('healthy again', async () => (await cli(['check'])).code === 0, { timeoutMs: 60_000 });
}
