// A gateway nothing supervises (WSL2 without systemd, Termux, a gateway run by hand): real processes started under
// nohup, tmux and in a session of their own; gatewatch reads how each was started while it lives, says so when it is
// gone, and starts the same command again detached from any terminal.
import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restartViaSupervisor } from '../../src/actions/supervisor.js';
import { restartGate } from '../../src/actions/restart-policy.js';
import type { ServiceEvidence } from '../../src/evidence.js';
import { policyInput } from '../helpers/policy-input.js';
import { findGatewayProcesses } from '../../src/probes/gateway-scan.js';
import { probeService } from '../../src/probes/service.js';
import { systemClock } from '../../src/util/clock.js';
import { cleanup, makeTarget, spawnIdle, startTicksOf, tempDir, trackPid } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const IDLE = 'setInterval(() => {}, 1e6)';
const linux = process.platform === 'linux';
const hasTmux = linux && spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
// Hermes is Python, which keeps the SIGHUP nohup ignores (node resets every disposition at its start).
const python = linux
  ? spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout?.trim()
  : undefined;
const PY_IDLE = 'import time\nwhile True: time.sleep(3600)';

const decideRestartGate = (service: ServiceEvidence) => restartGate(policyInput([], { service }), 0);

afterEach(async () => {
  // The gateways gatewatch started again are nobody's children: found by their home and ended here.
  await cleanup();
});

async function recordPid(home: string, pid: number): Promise<void> {
  await writeFile(
    path.join(home, 'gateway.pid'),
    JSON.stringify({ pid, kind: 'hermes-gateway', argv: ['gateway', 'run'], start_time: await startTicksOf(pid) }),
  );
}

async function endAll(home: string): Promise<void> {
  for (const p of await findGatewayProcesses(makeTarget(home))) {
    trackPid(p.pid);
    process.kill(p.pid, 'SIGKILL');
  }
}

describe.runIf(linux)('a gateway nothing supervises', () => {
  it.runIf(!!python)('started with nohup: said so, and started again by gatewatch once it is gone', async () => {
    const home = await tempDir();
    const gw = spawn('nohup', [python!, '-c', PY_IDLE, 'gateway', 'run'], {
      env: { ...process.env, HERMES_HOME: home },
      stdio: 'ignore',
      cwd: home,
    });
    trackPid(gw.pid!);
    // nohup execs the gateway: the same pid, SIGHUP ignored. nohup's own command line (`nohup python … gateway run`)
    // reads as a gateway's too, before it has set SIGHUP aside: the exec is done when the program is python.
    await until(
      'nohup has exec-ed the gateway',
      async () =>
        (await readFile(`/proc/${gw.pid}/cmdline`, 'utf8')).split('\0')[0] === python &&
        (await findGatewayProcesses(makeTarget(home))).some((p) => p.pid === gw.pid),
    );
    await recordPid(home, gw.pid!);
    const target = makeTarget(home, { service: { manager: 'none', scope: 'user' } });
    const live = await probeService(target);
    expect(live.origin).toMatchObject({ via: 'nohup', alive: true, pid: gw.pid });
    expect(live.origin!.argv.slice(-2)).toEqual(['gateway', 'run']);
    // Alive, it is not gatewatch's to restart.
    expect(decideRestartGate(live)?.code).toBe('no_supervisor');

    process.kill(gw.pid!, 'SIGKILL');
    await until('the gateway is gone', async () => (await findGatewayProcesses(target)).length === 0);
    const gone = await probeService(target);
    expect(gone.origin).toMatchObject({ via: 'nohup', alive: false });
    expect(decideRestartGate(gone)).toBeNull();
    try {
      const r = await restartViaSupervisor(target, gone, { clock: systemClock });
      expect(r, r.detail).toMatchObject({ ok: true });
      const again = await until('the same command runs again', async () => (await findGatewayProcesses(target))[0]);
      expect(again.pid).not.toBe(gw.pid);
      // In a session of its own: no terminal, no parent shell to take it down.
      const stat = (await import('node:fs')).readFileSync(`/proc/${again.pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      expect(Number(f[3])).toBe(again.pid); // session id = its own pid (setsid)
      expect(Number(f[4])).toBe(0); // no controlling terminal
    } finally {
      await endAll(home);
    }
  });

  it.runIf(hasTmux)('started in tmux: said so', async () => {
    const home = await tempDir();
    const sock = path.join(home, 'tmux.sock');
    spawnSync('tmux', [
      '-S',
      sock,
      'new-session',
      '-d',
      `HERMES_HOME=${home} ${process.execPath} -e '${IDLE}' gateway run`,
    ]);
    try {
      const gw = await until('the gateway runs in tmux', async () => (await findGatewayProcesses(makeTarget(home)))[0]);
      await recordPid(home, gw.pid);
      const ev = await probeService(makeTarget(home, { service: { manager: 'none', scope: 'user' } }));
      expect(ev.origin).toMatchObject({ via: 'tmux', alive: true });
      // Nothing starts it after a reboot: said once while it runs.
      expect(ev.risks).toEqual(['terminal_reboot']);
    } finally {
      spawnSync('tmux', ['-S', sock, 'kill-server']);
      await endAll(home);
    }
  });

  it('the pid record the look already read is the one judged: gateway.pid is not read again', async () => {
    const home = await tempDir();
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home }, process.execPath, IDLE);
    await until('the gateway runs', async () => (await findGatewayProcesses(makeTarget(home))).length === 1);
    // The look read this record; the file is gone since (or was never there): the record given decides.
    const target = makeTarget(home, { service: { manager: 'none', scope: 'user' } });
    const live = await probeService(target, { pidRecord: { pid: gw.pid!, start_time: await startTicksOf(gw.pid!) } });
    expect(live.origin).toMatchObject({ alive: true, pid: gw.pid, via: 'background' });
    // A look that read no record: the origin last seen, not alive, though a file is there now.
    await recordPid(home, gw.pid!);
    expect((await probeService(target, { pidRecord: null })).origin).toMatchObject({ alive: false, pid: gw.pid });
    expect((await probeService(target)).origin).toMatchObject({ alive: true, pid: gw.pid });
  });

  it('never seen alive: nothing to start again, and no restart', async () => {
    const home = await tempDir();
    const ev = await probeService(makeTarget(home, { service: { manager: 'none', scope: 'user' } }));
    expect(ev.origin).toBeUndefined();
    expect(decideRestartGate(ev)?.code).toBe('no_supervisor');
  });
});
