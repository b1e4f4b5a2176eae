// The demo supervisor may only signal the demo gateway it started. gateway.pid can name any `gateway run` process
// (a real Hermes gateway, someone else's tool): pointed at such a home, `ctl stop` used to SIGTERM it and then SIGKILL
// its whole process group, and `ctl fail` sent it SIGUSR2. Real processes in a real process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healDemo, injectFault, restartDemo, startDemo, stopDemo } from '../../src/demo/supervisor.js';
import { startTicksOf, tempDir, cleanup } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const groups: ChildProcess[] = [];
afterEach(async () => {
  for (const c of groups.splice(0)) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await cleanup();
});

/**
 * A foreign `gateway run` leading its own process group, with a second process in that group. It logs every signal it
 * gets and survives SIGTERM (so a supervisor would escalate to SIGKILL).
 */
async function foreignGateway(): Promise<{ leader: ChildProcess; member: number; signals: string[] }> {
  const code = `
    for (const s of ['SIGTERM', 'SIGUSR2', 'SIGINT']) process.on(s, () => console.log('signal ' + s));
    const m = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    console.log('member ' + m.pid);
    setInterval(() => {}, 1000);`;
  const leader = spawn(process.execPath, ['-e', code, 'gateway', 'run'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  groups.push(leader);
  const signals: string[] = [];
  const member = await new Promise<number>((resolve) => {
    leader.stdout!.setEncoding('utf8').on('data', (d: string) => {
      for (const line of d.split('\n')) {
        const m = /^member (\d+)/.exec(line);
        if (m) resolve(Number(m[1]));
        if (line.startsWith('signal ')) signals.push(line.slice(7));
      }
    });
  });
  return { leader, member, signals };
}

/**
 * No signal reached the foreign gateway: one of the test's own (SIGINT) is sent last and waited for, so a signal sent
 * before it has been logged by then.
 */
async function signalledNothing(pid: number, signals: string[]): Promise<void> {
  process.kill(pid, 'SIGINT');
  await until('the marker signal logged', () => signals.includes('SIGINT'), { timeoutMs: 10_000, everyMs: 10 });
  expect(signals).toEqual(['SIGINT']);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(process.platform === 'linux')('demo supervisor', () => {
  it('does not stop, kill or signal a gateway it did not start', async () => {
    const home = await tempDir('gw-demo-');
    const { leader, member, signals } = await foreignGateway();
    const pid = leader.pid!;
    await writeFile(
      path.join(home, 'gateway.pid'),
      JSON.stringify({
        pid,
        kind: 'hermes-gateway',
        argv: ['x', 'gateway', 'run'],
        start_time: await startTicksOf(pid),
      }),
    );

    const stopped = await stopDemo(home, { timeoutMs: 300 });
    expect(stopped).toMatchObject({ ok: false, pid });
    expect(stopped.error).toMatch(/is not a demo gateway started for/);
    const fault = await injectFault(home, 'sigterm');
    expect(fault).toMatchObject({ ok: false, delivered: false });
    const restarted = await restartDemo(home, { stopTimeoutMs: 300 });
    expect(restarted.ok).toBe(false);

    await signalledNothing(pid, signals);
    expect(alive(pid)).toBe(true);
    expect(alive(member)).toBe(true);
  });

  it('heal and the update faults leave a foreign gateway, its home and a foreign updater alone', async () => {
    const home = await tempDir('gw-demo-');
    const { leader, member, signals } = await foreignGateway();
    const pid = leader.pid!;
    await writeFile(
      path.join(home, 'gateway.pid'),
      JSON.stringify({
        pid,
        kind: 'hermes-gateway',
        argv: ['x', 'gateway', 'run'],
        start_time: await startTicksOf(pid),
      }),
    );
    // A real `hermes update` whose updater has died left its claim: only the operator may clear it.
    await writeFile(path.join(home, '.hermes-update-in-progress'), `999999\n${Date.now() / 1000 - 3600}\n`);

    // Not a demo home (no .demo-options.json): heal touches nothing.
    let healed = await healDemo(home, { stopTimeoutMs: 300 });
    expect(healed.ok).toBe(false);
    expect(healed.error).toMatch(/not a demo home/);
    expect(existsSync(path.join(home, '.hermes-update-in-progress'))).toBe(true);
    // Even in a demo home, a gateway it did not start is refused before anything is removed.
    await writeFile(path.join(home, '.demo-options.json'), '{}\n');
    healed = await healDemo(home, { stopTimeoutMs: 300 });
    expect(healed).toMatchObject({ ok: false, done: [] });
    expect(healed.error).toMatch(/is not a demo gateway started for/);
    expect(existsSync(path.join(home, '.hermes-update-in-progress'))).toBe(true);
    for (const fault of ['update', 'update-stuck', 'wedged'] as const) {
      const r = await injectFault(home, fault, { updateWindowMs: 100 });
      expect(r, fault).toMatchObject({ ok: false, delivered: false });
    }

    await signalledNothing(pid, signals);
    expect(alive(pid)).toBe(true);
    expect(alive(member)).toBe(true);
  });

  it('still stops the demo gateway it started', async () => {
    const home = await tempDir('gw-demo-');
    const started = await startDemo(home);
    expect(started.ok, started.error).toBe(true);
    const stopped = await stopDemo(home);
    expect(stopped).toMatchObject({ ok: true, wasRunning: true, pid: started.pid, killed: false });
  });
});
