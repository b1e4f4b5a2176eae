import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  goneNow,
  isAlive,
  parseProcStat,
  probeProcess,
  readBootTimeMs,
  setBootTimeMs,
} from '../../src/probes/process.js';
import {
  findGatewayProcesses,
  keptProcessTable,
  scanCmdlinesRead,
  scanReadLast,
} from '../../src/probes/gateway-scan.js';
import { PROC_BUFFERS_KEPT } from '../../src/util/read-capped.js';
import { makeFakes } from '../helpers/fake-supervisors.js';
import { poolRequestsDuring } from '../helpers/pool-requests.js';
import { until } from '../helpers/until.js';
import {
  canReusePids,
  cleanup,
  envWithout,
  exited,
  makeTarget,
  spawnIdle,
  spawnIdleAt,
  spawnUnreaped,
  startTicksOf,
  tempDir,
  trackPid,
  writeExecutable,
} from '../helpers/probe-procs.js';

const linux = process.platform === 'linux';

afterEach(cleanup);

async function pidFile(file: string, pid: number, startTime: number, argv = ['hermes_cli/main.py', 'gateway', 'run']) {
  await writeFile(file, JSON.stringify({ pid, kind: 'hermes-gateway', argv, start_time: startTime }));
}

describe.runIf(linux)('probeProcess', () => {
  it('reports a live gateway whose start time matches, with when it started', async () => {
    const home = await tempDir();
    const before = Date.now();
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    const pid = child.pid!;
    await pidFile(path.join(home, 'gateway.pid'), pid, await startTicksOf(pid));

    const ev = await probeProcess(makeTarget(home));
    expect(ev.alive).toBe(true);
    expect(ev.pid).toBe(pid);
    expect(ev.reason).toBeUndefined();
    expect(ev.cmdline).toContain('gateway run');
    expect(ev.pidFile?.kind).toBe('hermes-gateway');
    // Exact to /proc's hundredth of a second, whatever the boot's fraction (issue 56): within the spawn, ± two ticks.
    expect(ev.startedAt).toBeGreaterThanOrEqual(before - 20);
    expect(ev.startedAt).toBeLessThanOrEqual(Date.now() + 20);
  });

  it('reads the boot time to the hundredth, not in whole seconds as /proc/stat btime gives it', async () => {
    const boot = await readBootTimeMs();
    const btime = Number(/^btime\s+(\d+)$/m.exec(await readFile('/proc/stat', 'utf8'))![1]) * 1000;
    // btime is the boot truncated to its second: the exact boot lies in the second after it.
    expect(boot).toBeGreaterThanOrEqual(btime - 20);
    expect(boot).toBeLessThan(btime + 1_020);
  });

  it('reads the boot time when asked, not when a busy loop gets to the answer (a start is never in the future)', async () => {
    const had = await readBootTimeMs();
    try {
      setBootTimeMs(undefined);
      let answered = false;
      const asked = readBootTimeMs().finally(() => (answered = true));
      // The loop held 100 ms at a time while the answer came, as on a busy host (CI's fresh clone saw a process start
      // 82 ms past Date.now()): a boot read in one turn and dated in a later one is late by the turns between.
      for (let i = 0; i < 10 && !answered; i++) {
        await new Promise((r) => setImmediate(r));
        const until = Date.now() + 100;
        while (Date.now() < until);
      }
      const boot = (await asked)!;
      // The truth is bracketed by the clock read before and after /proc/uptime: a busy box may hold that read itself.
      const before = Date.now();
      const uptime = Math.round(Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0]) * 1000);
      const after = Date.now();
      expect(boot).toBeGreaterThanOrEqual(before - uptime - 30);
      expect(boot).toBeLessThanOrEqual(after - uptime + 30);
    } finally {
      setBootTimeMs(had);
    }
  });

  it('reads process starts against the boot time it is given (a test runs a verdict with the fraction both ways)', async () => {
    const home = await tempDir();
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await pidFile(path.join(home, 'gateway.pid'), child.pid!, await startTicksOf(child.pid!));
    const exact = (await probeProcess(makeTarget(home))).startedAt!;
    const boot = (await readBootTimeMs())!;
    try {
      setBootTimeMs(boot - 990);
      expect((await probeProcess(makeTarget(home))).startedAt).toBe(exact - 990);
    } finally {
      setBootTimeMs(boot);
    }
  });

  it('accepts a bare integer pid file', async () => {
    const home = await tempDir();
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writeFile(path.join(home, 'gateway.pid'), `${child.pid}\n`);
    const ev = await probeProcess(makeTarget(home));
    expect(ev).toMatchObject({ alive: true, pid: child.pid, pidFile: { pid: child.pid } });
  });

  it('says not running when the pid is dead', async () => {
    const home = await tempDir();
    const child = spawnIdle(['gateway', 'run'], process.env, process.execPath, 'process.exit(0)');
    const pid = child.pid!;
    await exited(child);
    await pidFile(path.join(home, 'gateway.pid'), pid, 12345);
    const ev = await probeProcess(makeTarget(home));
    expect(ev).toMatchObject({ alive: false, pid, reason: 'not running' });
  });

  it("a pid file's gateway with no HOME serves its own user's ~/.hermes: alive there, not another home", async () => {
    // runit's `chpst -u hermes` and supervisord's `user=hermes` start the gateway without HOME; gatewatch, run with
    // another HOME, took it for a gateway of its own ~/.hermes and said the target's gateway was not running.
    const looker = await tempDir();
    const own = path.join(os.userInfo().homedir, '.hermes');
    const child = spawnIdle(['gateway', 'run'], { HERMES_HOME: '~/.hermes' });
    await until('the gateway to run', async () =>
      (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).includes('gateway'),
    );
    const home = await tempDir();
    await pidFile(path.join(home, 'gateway.pid'), child.pid!, await startTicksOf(child.pid!));
    const ev = await probeProcess(
      { ...makeTarget(home), hermes_home: own, pid_file: path.join(home, 'gateway.pid') },
      {
        homedir: looker,
      },
    );
    expect(ev).toMatchObject({ alive: true, pid: child.pid });
  });

  it('says pid reused when the start time differs', async () => {
    const home = await tempDir();
    const child = spawnIdle(['gateway', 'run'], process.env);
    const pid = child.pid!;
    await pidFile(path.join(home, 'gateway.pid'), pid, (await startTicksOf(pid)) - 777);
    const ev = await probeProcess(makeTarget(home));
    expect(ev).toMatchObject({ alive: false, pid, reason: 'pid reused' });
  });

  it("a live gateway started with an empty environment is still listed, as serving its own user's ~/.hermes", async () => {
    // An exiting process reads an empty environment too, and is left out: this one still has its command line. With no
    // HOME, Hermes' `~` is its user's home in the password file (Python's expanduser), not the HOME of whoever looks:
    // runit's `chpst -u` and supervisord's `user=` start a gateway so. A test's stand-in with no HOME was taken for a
    // gateway of every other test's ~/.hermes (a full run's doctor, multiplex and footprint tests failed so).
    const home = await tempDir();
    const root = path.join(home, '.hermes');
    await mkdir(root, { recursive: true });
    const child = spawnIdle(['gateway', 'run'], {});
    await until('the gateway to run', async () =>
      (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).includes('gateway'),
    );
    const own = path.join(os.userInfo().homedir, '.hermes');
    const found = await findGatewayProcesses(makeTarget(own), { homedir: home });
    expect(found.map((p) => p.pid)).toContain(child.pid);
    const looker = await findGatewayProcesses(makeTarget(root), { homedir: home });
    expect(looker.map((p) => p.pid)).not.toContain(child.pid);
  });

  it('says not a gateway when the pid runs something else', async () => {
    const home = await tempDir();
    const child = spawnIdle(['something', 'else'], process.env);
    const pid = child.pid!;
    await pidFile(path.join(home, 'gateway.pid'), pid, await startTicksOf(pid));
    const ev = await probeProcess(makeTarget(home));
    expect(ev).toMatchObject({ alive: false, pid, reason: 'not a gateway' });
    expect(ev.cmdline).toContain('something else');
  });

  it('no pid file is quiet; a garbage pid file is explained', async () => {
    const home = await tempDir();
    const missing = await probeProcess(makeTarget(home));
    expect(missing).toMatchObject({ pidFile: null, alive: false, reason: 'no pid file' });
    expect(missing.pidFileError).toBeUndefined();

    await writeFile(path.join(home, 'gateway.pid'), '{"pid": "abc"');
    const bad = await probeProcess(makeTarget(home));
    expect(bad).toMatchObject({ pidFile: null, alive: false, reason: 'no pid file' });
    expect(bad.pidFileError).toMatch(/gateway\.pid/);
  });

  it('reads the start time right when the command name has spaces and parens', async () => {
    const dir = await tempDir();
    const exe = path.join(dir, 'gw) (x y');
    await symlink(process.execPath, exe);
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: dir }, exe);
    const pid = child.pid!;
    await pidFile(path.join(dir, 'gateway.pid'), pid, await startTicksOf(pid));
    const ev = await probeProcess(makeTarget(dir));
    expect(ev).toMatchObject({ alive: true, pid });
    expect(await isAlive(pid, await startTicksOf(pid))).toBe(true);
  });
});

describe.runIf(linux)('probeProcess: whose gateway the pid file names', () => {
  it("a bare pid naming another profile's gateway (HERMES_HOME) is not this home's gateway", async () => {
    const root = await tempDir();
    const mine = path.join(root, 'profiles', 'coder');
    const other = path.join(root, 'profiles', 'ops');
    await mkdir(mine, { recursive: true });
    await mkdir(other, { recursive: true });
    const child = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: other });
    await writeFile(path.join(mine, 'gateway.pid'), `${child.pid}\n`);
    const ev = await probeProcess(makeTarget(mine));
    expect(ev).toMatchObject({ alive: false, pid: child.pid, reason: 'other home', otherHome: other });
    // The same process is the other profile's gateway.
    await writeFile(path.join(other, 'gateway.pid'), `${child.pid}\n`);
    expect((await probeProcess(makeTarget(other))).alive).toBe(true);
  });

  it('reads --profile / -p from argv when HERMES_HOME is not in the environment, as Hermes does', async () => {
    const fakeHome = await tempDir();
    const root = path.join(fakeHome, '.hermes');
    const coder = path.join(root, 'profiles', 'coder');
    await mkdir(coder, { recursive: true });
    const env = envWithout('HERMES_HOME', { HOME: fakeHome });
    const ops = spawnIdle(['--', '-p', 'ops', 'gateway', 'run'], env);
    const mine = spawnIdle(['--', '--profile', 'coder', 'gateway', 'run'], env);
    const opts = { homedir: fakeHome };
    await writeFile(path.join(coder, 'gateway.pid'), `${ops.pid}`);
    expect(await probeProcess(makeTarget(coder), opts)).toMatchObject({
      alive: false,
      reason: 'other home',
      otherHome: path.join(root, 'profiles', 'ops'),
    });
    await writeFile(path.join(coder, 'gateway.pid'), `${mine.pid}`);
    expect(await probeProcess(makeTarget(coder), opts)).toMatchObject({ alive: true, pid: mine.pid });
  });

  it("with neither, the default home, or the root's sticky active_profile", async () => {
    const fakeHome = await tempDir();
    const root = path.join(fakeHome, '.hermes');
    const coder = path.join(root, 'profiles', 'coder');
    await mkdir(coder, { recursive: true });
    const child = spawnIdle(['gateway', 'run'], envWithout('HERMES_HOME', { HOME: fakeHome }));
    const opts = { homedir: fakeHome };
    await writeFile(path.join(coder, 'gateway.pid'), `${child.pid}`);
    await writeFile(path.join(root, 'gateway.pid'), `${child.pid}`);
    expect(await probeProcess(makeTarget(coder), opts)).toMatchObject({
      alive: false,
      reason: 'other home',
      otherHome: root,
    });
    expect((await probeProcess(makeTarget(root), opts)).alive).toBe(true);
    // `hermes profile use coder`: a plain `hermes gateway run` then serves coder. It may also have been started before
    // the switch, so it still counts for the root; never for a third profile.
    await writeFile(path.join(root, 'active_profile'), 'coder\n');
    expect((await probeProcess(makeTarget(coder), opts)).alive).toBe(true);
    expect((await probeProcess(makeTarget(root), opts)).alive).toBe(true);
    const ops = path.join(root, 'profiles', 'ops');
    await mkdir(ops, { recursive: true });
    await writeFile(path.join(ops, 'gateway.pid'), `${child.pid}`);
    expect(await probeProcess(makeTarget(ops), opts)).toMatchObject({
      alive: false,
      reason: 'other home',
      otherHome: root,
    });
  });
});

describe('parseProcStat', () => {
  it('splits after the last paren', () => {
    const line = '4242 (a) b (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 8843121 1000 10';
    expect(parseProcStat(line)).toEqual({ pid: 4242, comm: 'a) b (c', state: 'S', ppid: 1, startTicks: 8843121 });
    expect(parseProcStat('garbage')).toBeNull();
  });
});

describe.runIf(linux)('isAlive', () => {
  it('is true for the right pid and start time, false for a reused pid or after exit', async () => {
    const child = spawnIdle(['gateway', 'run'], process.env);
    const pid = child.pid!;
    const ticks = await startTicksOf(pid);
    expect(await isAlive(pid, ticks)).toBe(true);
    expect(await isAlive(pid)).toBe(true);
    expect(await isAlive(pid, ticks + 1)).toBe(false);
    child.kill('SIGKILL');
    await exited(child);
    expect(await isAlive(pid, ticks)).toBe(false);
    // Never a process-group signal from a bad pid.
    expect(await isAlive(0)).toBe(false);
    expect(await isAlive(-1)).toBe(false);
  });
});

// The liveness look between polls (issue 62 item 5): in the same turn, and it must not take a process that is no longer
// the gateway for it.
describe.runIf(linux)('goneNow', () => {
  it('is false for the process at its start time, true once it has exited', async () => {
    const child = spawnIdle(['gateway', 'run'], process.env);
    const pid = child.pid!;
    const ticks = await startTicksOf(pid);
    expect(goneNow(pid, ticks)).toBe(false);
    expect(goneNow(pid)).toBe(false);
    child.kill('SIGKILL');
    await exited(child);
    expect(goneNow(pid, ticks)).toBe(true);
    expect(goneNow(0)).toBe(true);
  });

  it('takes a killed process its parent has not reaped (a zombie) for gone, which a signal 0 still reaches', async () => {
    const pid = await spawnUnreaped(['gateway', 'run'], process.env);
    const ticks = await startTicksOf(pid);
    expect(goneNow(pid, ticks)).toBe(false);
    process.kill(pid, 'SIGKILL');
    await until('the zombie', async () => / Z /.test(await readFile(`/proc/${pid}/stat`, 'utf8')));
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect(goneNow(pid, ticks)).toBe(true);
  });

  it.runIf(canReusePids)('takes a pid another process was given since for gone', async () => {
    const child = spawnIdle(['gateway', 'run'], process.env);
    const pid = child.pid!;
    const ticks = await startTicksOf(pid);
    child.kill('SIGKILL');
    await exited(child);
    const other = await spawnIdleAt(pid, ticks, ['other'], process.env);
    expect(other.pid).toBe(pid);
    expect(goneNow(pid, await startTicksOf(pid))).toBe(false);
    expect(goneNow(pid, ticks)).toBe(true);
  });
});

describe.runIf(linux)('findGatewayProcesses', () => {
  it('finds duplicates of the same home and not those of another home', async () => {
    const homeA = await tempDir();
    const homeB = await tempDir();
    const a1 = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: homeA });
    const a2 = spawnIdle(['gateway', 'run', '--replace'], { ...process.env, HERMES_HOME: homeA });
    const b1 = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: homeB });
    spawnIdle(['gateway', 'status'], { ...process.env, HERMES_HOME: homeA });

    const inA = await findGatewayProcesses(makeTarget(homeA));
    expect(inA.map((p) => p.pid)).toEqual([a1.pid!, a2.pid!].sort((x, y) => x - y));
    expect(inA.every((p) => p.cmdline.includes('gateway run') && typeof p.startedAt === 'number')).toBe(true);
    const inB = await findGatewayProcesses(makeTarget(homeB));
    expect(inB.map((p) => p.pid)).toEqual([b1.pid]);
  });

  it('uses --profile, then the default ~/.hermes, when HERMES_HOME is not in the environment', async () => {
    const fakeHome = await tempDir();
    const root = path.join(fakeHome, '.hermes');
    await mkdir(path.join(root, 'profiles', 'coder'), { recursive: true });
    const env = { ...envWithout('HERMES_HOME'), HOME: fakeHome };
    const coder = spawnIdle(['--', '--profile', 'coder', 'gateway', 'run'], env);
    const dflt = spawnIdle(['gateway', 'run'], env);

    const opts = { homedir: fakeHome };
    const inCoder = await findGatewayProcesses(
      makeTarget(path.join(root, 'profiles', 'coder'), { profile: 'coder' }),
      opts,
    );
    expect(inCoder.map((p) => p.pid)).toEqual([coder.pid]);
    const inRoot = (await findGatewayProcesses(makeTarget(root), opts)).map((p) => p.pid);
    expect(inRoot).toEqual([dflt.pid]);
  });

  it("a gateway with another HOME and no HERMES_HOME serves that HOME's ~/.hermes, not the caller's", async () => {
    // What failed CI once: `gatewatch doctor` with HOME set to a test's home counted another test's gateways (their
    // own HOME, no HERMES_HOME) as duplicates of its ~/.hermes.
    const mine = await tempDir();
    const theirs = await tempDir();
    for (const h of [mine, theirs]) await mkdir(path.join(h, '.hermes'), { recursive: true });
    const ours = spawnIdle(['gateway', 'run'], { ...envWithout('HERMES_HOME'), HOME: mine });
    const other = spawnIdle(['gateway', 'run'], { ...envWithout('HERMES_HOME'), HOME: theirs });
    const inMine = await findGatewayProcesses(makeTarget(path.join(mine, '.hermes')), { homedir: mine });
    expect(inMine.map((p) => p.pid)).toEqual([ours.pid]);
    const inTheirs = await findGatewayProcesses(makeTarget(path.join(theirs, '.hermes')), { homedir: mine });
    expect(inTheirs.map((p) => p.pid)).toEqual([other.pid]);
  });

  it('gives each of many targets checked at once its own gateways, from one shared look at the process table', async () => {
    const homes = await Promise.all(Array.from({ length: 8 }, () => tempDir()));
    const gws = homes.map((home) => spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home }));
    const fakeHome = await tempDir();
    const root = path.join(fakeHome, '.hermes');
    await mkdir(path.join(root, 'profiles', 'coder'), { recursive: true });
    const coder = spawnIdle(['--', '--profile', 'coder', 'gateway', 'run'], {
      ...envWithout('HERMES_HOME'),
      HOME: fakeHome,
    });
    for (let round = 0; round < 3; round++) {
      // All at once, as a scheduled round runs them; one of them resolves homes against another home directory.
      const all = await Promise.all([
        ...homes.map((h) => findGatewayProcesses(makeTarget(h))),
        findGatewayProcesses(makeTarget(path.join(root, 'profiles', 'coder'), { profile: 'coder' }), {
          homedir: fakeHome,
        }),
      ]);
      const inCoder = all.pop();
      const found = all;
      expect(found.map((f) => f.map((p) => p.pid))).toEqual(gws.map((g) => [g.pid]));
      expect(inCoder!.map((p) => p.pid)).toEqual([coder.pid]);
    }
    // One gateway gone: the next round no longer lists it, and still lists the others.
    gws[3]!.kill('SIGKILL');
    await exited(gws[3]!);
    const after = await Promise.all(homes.map((h) => findGatewayProcesses(makeTarget(h))));
    expect(after.map((f) => f.map((p) => p.pid))).toEqual(gws.map((g, i) => (i === 3 ? [] : [g.pid])));
  });

  it('counts a wrapper and the gateway it launched once', async () => {
    const home = await tempDir();
    const code = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'gateway', 'run'], { stdio: 'ignore' });
      console.log(c.pid); setInterval(() => {}, 1000);`;
    const wrapper = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home }, process.execPath, code);
    const childPid = await new Promise<number>((resolve) =>
      wrapper.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
    );
    trackPid(childPid);

    const found = await findGatewayProcesses(makeTarget(home));
    expect(found.map((p) => p.pid)).toEqual([childPid]);
  });
});

describe('on macOS (ps, faked on PATH)', () => {
  const mac = (env: NodeJS.ProcessEnv, homedir?: string) => ({
    platform: 'darwin' as NodeJS.Platform,
    env,
    ...(homedir ? { homedir } : {}),
  });

  it('compares start_time (create_time*100) with ps lstart and reads the command', async () => {
    const fakes = await makeFakes();
    const home = await tempDir();
    const startedAt = new Date(2026, 5, 2, 8, 0, 3).getTime();
    await fakes.answer('ps', 'lstart=,command=', {
      out: 'Tue Jun  2 08:00:03 2026     /usr/bin/python3 -m hermes_cli.main gateway run --replace\n',
    });
    const file = path.join(home, 'gateway.pid');
    // psutil's create_time has sub-second precision; ps shows whole seconds.
    await pidFile(file, 4242, Math.round(startedAt / 10) + 37);
    const ev = await probeProcess(makeTarget(home), mac(fakes.env));
    expect(ev).toMatchObject({
      alive: true,
      pid: 4242,
      startedAt,
      cmdline: '/usr/bin/python3 -m hermes_cli.main gateway run --replace',
    });
    expect(await fakes.calls('ps')).toEqual([['-o', 'lstart=,command=', '-p', '4242']]);

    await pidFile(file, 4242, Math.round(startedAt / 10) - 360_000);
    expect(await probeProcess(makeTarget(home), mac(fakes.env))).toMatchObject({ alive: false, reason: 'pid reused' });

    await fakes.answer('ps', 'lstart=,command=', { out: '', rc: 1 });
    expect(await probeProcess(makeTarget(home), mac(fakes.env))).toMatchObject({ alive: false, reason: 'not running' });
  });

  it('a ps that times out tells nothing: the gateway is unknown, never "not running", and its table is not empty', async () => {
    // On a starved host ps may not answer within the probe's bound: that is no answer, not "no such process".
    const dir = await tempDir('gw-slow-ps-');
    await writeExecutable(path.join(dir, 'ps'), '#!/bin/sh\nexec sleep 5\n');
    const slow = { ...mac({ ...process.env, PATH: [dir, '/usr/bin', '/bin'].join(path.delimiter) }), timeoutMs: 200 };
    const home = await tempDir();
    await pidFile(path.join(home, 'gateway.pid'), 4242, 178_000_000);
    const ev = await probeProcess(makeTarget(home), slow);
    expect(ev).toMatchObject({ alive: false, pid: 4242, reason: 'unknown' });
    expect(ev.error).toMatch(/^ps: timed out/);
    // The 2 s poll asks the same for the gateway it knows: no answer is not a death (its caller keeps what it knew).
    await expect(isAlive(process.pid, 178_000_000, slow)).rejects.toThrow(/ps: timed out/);
    await expect(findGatewayProcesses(makeTarget(home), slow)).rejects.toThrow(/ps: timed out/);
  });

  it('finds gateway processes per home from ps -axo', async () => {
    const fakes = await makeFakes();
    const fakeHome = await tempDir();
    await fakes.answer('ps', 'pid=,ppid=,lstart=,command=', {
      out: [
        '    1     0 Mon Jun  1 07:00:00 2026     /sbin/launchd',
        '  501     1 Tue Jun  2 08:00:03 2026     /usr/bin/python3 -m hermes_cli.main gateway run --replace',
        '  777     1 Tue Jun  2 09:00:00 2026     /usr/bin/python3 -m hermes_cli.main --profile coder gateway run --replace',
        '  888   640 Tue Jun  2 09:30:00 2026     /usr/bin/python3 /Users/ops/.local/bin/hermes gateway run',
        '  889   640 Tue Jun  2 09:31:00 2026     /usr/bin/python3 /Users/ops/.local/bin/hermes gateway status',
      ].join('\n'),
    });
    const root = path.join(fakeHome, '.hermes');
    const inRoot = await findGatewayProcesses(makeTarget(root), mac(fakes.env, fakeHome));
    expect(inRoot).toEqual([
      {
        pid: 501,
        cmdline: '/usr/bin/python3 -m hermes_cli.main gateway run --replace',
        startedAt: new Date(2026, 5, 2, 8, 0, 3).getTime(),
      },
      {
        pid: 888,
        cmdline: '/usr/bin/python3 /Users/ops/.local/bin/hermes gateway run',
        startedAt: new Date(2026, 5, 2, 9, 30, 0).getTime(),
      },
    ]);
    const inCoder = await findGatewayProcesses(
      makeTarget(path.join(root, 'profiles', 'coder'), { profile: 'coder' }),
      mac(fakes.env, fakeHome),
    );
    expect(inCoder.map((p) => p.pid)).toEqual([777]);
  });
});

/** Buffers of `size` bytes Node is asked for while `work` runs (what a read that brings none of its own takes). */
async function buffersTaken<T>(size: number, work: () => Promise<T>): Promise<{ value: T; taken: number }> {
  const names = ['allocUnsafe', 'allocUnsafeSlow'] as const;
  const saved = names.map((n) => Buffer[n]);
  let taken = 0;
  for (const [i, n] of names.entries())
    Buffer[n] = (bytes: number) => {
      if (bytes === size) taken++;
      return saved[i]!.call(Buffer, bytes);
    };
  try {
    return { value: await work(), taken };
  } finally {
    for (const [i, n] of names.entries()) Buffer[n] = saved[i]!;
  }
}

describe.runIf(linux)('a scan of every process', () => {
  it("reads a few processes at a time, into the kept buffers: no new buffer a process's command line", async () => {
    // Processes enough that a scan reading them all at once runs out of kept buffers, whatever else runs here.
    for (let i = 0; i < 40; i++) spawnIdle(['idle', String(i)], process.env);
    const home = await tempDir();
    await findGatewayProcesses(makeTarget(home)); // the kept buffers made, once
    const { value, taken } = await buffersTaken(4096, () => findGatewayProcesses(makeTarget(home)));
    expect(value).toEqual([]);
    // Anything else of this worker that reads /proc meanwhile may hold some of the kept ones (CI saw 2): never more
    // than the scan reads at once, where a buffer a read would be two a process (80 here).
    expect(taken).toBeLessThanOrEqual(PROC_BUFFERS_KEPT);
  });

  it('reads again only processes it has not read: new ones, or ones that exec since; a gateway found is found again', async () => {
    const idle = Array.from({ length: 30 }, (_, i) => spawnIdle(['idle', String(i)], process.env));
    const home = await tempDir();
    const gws = Array.from({ length: 30 }, () => spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home }));
    const pids = gws.map((g) => g.pid).sort((a, b) => a! - b!);
    // Each its shell already: one a busy box had not yet exec-ed at the first scan is rightly read again at the second.
    const ours = [...idle, ...gws].map((c) => c.pid!);
    await until('every stand-in has exec-ed', async () =>
      (await Promise.all(ours.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')))).every((c) =>
        c.includes('read _'),
      ),
    );
    expect((await findGatewayProcesses(makeTarget(home))).map((p) => p.pid)).toEqual(pids);
    const before = scanCmdlinesRead();
    expect((await findGatewayProcesses(makeTarget(home))).map((p) => p.pid)).toEqual(pids);
    // What started between the two scans is read (on a busy box, however many), not the 60 read already.
    expect(ours.filter((pid) => scanReadLast().has(pid))).toEqual([]);
    expect(scanCmdlinesRead() - before).toBe(scanReadLast().size);
    gws[1]!.kill('SIGKILL');
    await exited(gws[1]!);
    expect((await findGatewayProcesses(makeTarget(home))).map((p) => p.pid)).toEqual(
      pids.filter((p) => p !== gws[1]!.pid),
    );
  });

  it('finds a process it judged once it has exec-ed a `gateway run` (the same pid and start)', async () => {
    const home = await tempDir();
    const child = spawn('/bin/sh', ['-c', 'read _; exec /bin/sh -c "read _" sh gateway run'], {
      env: { ...process.env, HERMES_HOME: home },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    trackPid(child.pid!);
    await until('the shell reads its stdin', async () => (await readFile(`/proc/${child.pid}/cmdline`)).length > 0);
    expect(await findGatewayProcesses(makeTarget(home))).toEqual([]);
    child.stdin!.write('\n');
    // The shell's own command line names `gateway` too: the exec is done when the script is the new one's.
    await until(
      'the exec',
      async () => (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).split('\0')[2] === 'read _',
    );
    expect((await findGatewayProcesses(makeTarget(home))).map((p) => p.pid)).toEqual([child.pid]);
    child.kill('SIGKILL');
  });

  it.runIf(canReusePids)('finds a gateway that took the pid of a process it judged', async () => {
    const home = await tempDir();
    const first = spawnIdle(['idle'], process.env);
    const pid = first.pid!;
    const ticks = await startTicksOf(pid);
    expect(await findGatewayProcesses(makeTarget(home))).toEqual([]);
    first.kill('SIGKILL');
    await exited(first);
    const reused = await spawnIdleAt(pid, ticks, ['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    if (!reused.child) return; // another process of the host took the pid first: no gateway of ours runs there
    expect((await findGatewayProcesses(makeTarget(home))).map((p) => p.pid)).toEqual([pid]);
  });

  it('a one-shot table (gatewatch check) tells the processes that are no gateway in this turn: no round trip through the thread pool for each', async () => {
    for (let i = 0; i < 40; i++) spawnIdle(['idle', String(i)], process.env);
    const home = await tempDir();
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await until('the gateway runs', async () =>
      (await readFile(`/proc/${gw.pid}/cmdline`, 'utf8')).includes('gateway'),
    );
    const { value, requests } = await poolRequestsDuring(() =>
      findGatewayProcesses(makeTarget(home), {}, keptProcessTable()),
    );
    expect(value.map((p) => p.pid)).toEqual([gw.pid]);
    // The same as the daemon's scan finds, process for process.
    const { value: scanned, requests: each } = await poolRequestsDuring(() => findGatewayProcesses(makeTarget(home)));
    expect(scanned).toEqual(value);
    // The daemon's scan sends three requests for each process at least (its 40 idle ones among them); the table's go to
    // the `gateway run` processes alone (ours, and whatever else runs here), read a few files each as ever.
    expect(each).toBeGreaterThan(3 * 40);
    expect(requests, `${each} requests in the daemon's scan`).toBeLessThan(each / 2);
  });
});
