// The cheap liveness poll between scheduled checks must report a change, once, and nothing else: a live process in
// gateway.pid that is not a gateway (or is another home's) used to read as "process up" on every poll, and the
// evaluation it triggered reset it, so gatewatch evaluated every 2 s forever. A SIGKILLed gateway writes nothing: the
// liveness pulse is all that notices it, by a look between polls within a third of the interval (issue 62 item 5),
// also when it is a zombie or its pid is another process's already.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch, type TargetWatch } from '../../src/watch/target.js';
import {
  canReusePids,
  hasFlock,
  hasPerlFlock,
  cleanup,
  descriptorsOn,
  exited,
  spawnIdle,
  spawnIdleAt,
  spawnUnreaped,
  startTicksOf,
  tempDir,
} from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';
import { manualClock, type ManualClock } from '../helpers/clock.js';

const watches: TargetWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.stop();
  await cleanup();
});

/**
 * A watch whose change callback evaluates, as the app does; the reasons it was called with, when (on its clock), and
 * its clock. `interval`: liveness_interval, by default below the config minimum on purpose (many polls in little time).
 */
async function watchHome(
  home: string,
  interval = 10,
): Promise<{ calls: string[]; times: number[]; clock: ManualClock }> {
  const clock = manualClock();
  const config = resolveConfig(
    configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
    undefined,
  );
  config.liveness_interval = interval;
  const watch = createTargetWatch({ config, target: config.targets[0]!, log: pino({ level: 'silent' }), clock });
  watches.push(watch);
  const calls: string[] = [];
  const times: number[] = [];
  await watch.gather();
  await watch.start((why) => {
    calls.push(why);
    times.push(clock.now());
    void watch.gather();
  });
  return { calls, times, clock };
}

/** gateway.pid as Hermes writes it, naming `pid`. */
async function writePidFile(home: string, pid: number): Promise<void> {
  const record = {
    pid,
    kind: 'hermes-gateway',
    argv: ['hermes', 'gateway', 'run'],
    start_time: await startTicksOf(pid),
  };
  await writeFile(path.join(home, 'gateway.pid'), JSON.stringify(record));
}

/** The clock moved on in steps until the watch has said `why`. */
async function untilSaid(w: { calls: string[]; clock: ManualClock }, why: string): Promise<void> {
  await until(`the watch to say ${why}`, async () => (await w.clock.advance(10), w.calls.includes(why)), {
    timeoutMs: 10_000,
    everyMs: 10,
  });
}

describe.runIf(process.platform === 'linux')('liveness poll', () => {
  it('a live non-gateway process in gateway.pid triggers nothing until it exits, then one evaluation', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const stranger = spawnIdle(['some', 'daemon'], { ...process.env, HERMES_HOME: home });
    await writeFile(path.join(home, 'gateway.pid'), String(stranger.pid));
    const { calls, clock } = await watchHome(home);
    await clock.advance(500); // 50 polls
    expect(calls).toEqual([]);
    stranger.kill('SIGKILL');
    await exited(stranger);
    await until('the evaluation once the stranger is gone', async () => (await clock.advance(10), calls.length > 0), {
      timeoutMs: 10_000,
      everyMs: 10,
    });
    await clock.advance(300); // and no second one
    expect(calls).toEqual(['process gone']);
  });

  it("another home's gateway in gateway.pid triggers nothing either", async () => {
    const home = await tempDir();
    const other = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: other });
    await writeFile(path.join(home, 'gateway.pid'), String(gw.pid));
    const { calls, clock } = await watchHome(home);
    await clock.advance(500); // 50 polls: none may trigger
    expect(calls).toEqual([]);
  });

  // At the default interval: three polls and the looks between them find it alive and say nothing, the last poll has
  // just looked (the next is a whole interval away), and then the gateway goes.
  const gone = async (home: string, go: () => Promise<void>) => {
    const w = await watchHome(home, 2_000);
    await w.clock.advance(6_010);
    expect(w.calls).toEqual([]);
    const at = w.clock.now();
    await go();
    await untilSaid(w, 'process gone');
    await w.clock.advance(4_000); // and said once
    expect(w.calls).toEqual(['process gone']);
    return w.times[0]! - at;
  };

  // An open, a read and a close of the path each look were most of what a beat cost beside its wake-up (issue 62).
  it("the looks read the gateway's stat on one descriptor they hold, let go when it dies and when the watch stops", async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const stat = (pid: number) => `/proc/${pid}/stat`;
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writePidFile(home, gw.pid!);
    const w = await watchHome(home, 2_000);
    await w.clock.advance(700);
    const held = descriptorsOn(stat(gw.pid!));
    expect(held).toHaveLength(1);
    await w.clock.advance(6_000);
    expect(descriptorsOn(stat(gw.pid!))).toEqual(held);
    gw.kill('SIGKILL');
    await exited(gw);
    await untilSaid(w, 'process gone');
    expect(descriptorsOn(stat(gw.pid!))).toEqual([]);

    const again = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writePidFile(home, again.pid!);
    await watches.at(-1)!.gather();
    await w.clock.advance(700);
    expect(descriptorsOn(stat(again.pid!))).toHaveLength(1);
    await watches.at(-1)!.stop();
    expect(descriptorsOn(stat(again.pid!))).toEqual([]);
  });

  it('a SIGKILLed gateway is said gone within a third of the default interval, not at the next poll', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writePidFile(home, gw.pid!);
    const took = await gone(home, async () => {
      gw.kill('SIGKILL');
      await exited(gw);
    });
    expect(took).toBeLessThanOrEqual(2_000 / 3);
  });

  it('a killed gateway its parent has not reaped yet (a zombie) is said gone as soon', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const pid = await spawnUnreaped(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writePidFile(home, pid);
    const took = await gone(home, async () => {
      process.kill(pid, 'SIGKILL');
      await until('the zombie', async () => / Z /.test(await readFile(`/proc/${pid}/stat`, 'utf8')));
    });
    expect(took).toBeLessThanOrEqual(2_000 / 3);
  });

  it.runIf(canReusePids)('a killed gateway whose pid another process has taken is said gone as soon', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    const pid = gw.pid!;
    await writePidFile(home, pid);
    const ticks = await startTicksOf(pid);
    const took = await gone(home, async () => {
      gw.kill('SIGKILL');
      await exited(gw);
      await spawnIdleAt(pid, ticks, ['some', 'daemon'], process.env);
    });
    expect(took).toBeLessThanOrEqual(2_000 / 3);
  });
});

/**
 * A stand-in gateway that holds `<home>/gateway.lock` as Hermes does (flock LOCK_EX for its life), and lets go of it
 * early on SIGUSR2 (the lock closed, the process on).
 */
async function lockHolder(home: string, o: { late?: boolean } = {}): Promise<ChildProcess> {
  // late: the lock taken only at SIGUSR1, as a gateway takes it a moment after it writes its pid file.
  const code = `
    const fs = require('fs');
    let fd = fs.openSync(process.env.HERMES_HOME + '/gateway.lock', 'a');
    const take = () => require('child_process').spawnSync('flock', ['-n', '-x', '3'], { stdio: ['ignore', 'ignore', 'ignore', fd] }).status === 0 || process.exit(3);
    if (${!o.late}) take();
    process.on('SIGUSR1', () => take() && console.log('taken'));
    process.on('SIGUSR2', () => fs.closeSync(fd));
    console.log('held');
    setInterval(() => {}, 1e9);`;
  const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home }, process.execPath, code);
  await new Promise<void>((resolve, reject) => {
    gw.stdout!.once('data', () => resolve());
    gw.once('exit', (c) => reject(new Error(`the stand-in could not take the lock (${c})`)));
  });
  await writePidFile(home, gw.pid!);
  return gw;
}

/**
 * A stand-in gateway whose own process takes `<home>/gateway.lock` (flock LOCK_EX, as Hermes' Python does: /proc/locks
 * names the gateway itself), in perl, which every Debian has (perl-base): node has no flock of its own.
 */
async function ownLockHolder(home: string): Promise<ChildProcess> {
  const code = `open(my $f, '>>', "$ENV{HERMES_HOME}/gateway.lock") or exit 3; flock($f, LOCK_EX | LOCK_NB) or exit 3; $| = 1; print "held\\n"; sleep 600;`;
  const gw = spawn('perl', ['-MFcntl=:flock', '-e', code, 'gateway', 'run'], {
    env: { ...process.env, HERMES_HOME: home },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  holders.push(gw);
  await new Promise<void>((resolve, reject) => {
    gw.stdout!.once('data', () => resolve());
    gw.once('exit', (c) => reject(new Error(`the stand-in could not take the lock (${c})`)));
    gw.once('error', reject);
  });
  await writePidFile(home, gw.pid!);
  return gw;
}
const holders: ChildProcess[] = [];
afterEach(() => {
  for (const h of holders.splice(0)) h.kill('SIGKILL');
});

/** The `flock` waits this test process has started on `home`'s gateway.lock (the watch's). */
function flockWaits(home: string): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [comm, rest] = [
        stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        stat.slice(stat.lastIndexOf(')') + 2),
      ];
      if (comm !== 'flock' || Number(rest.split(' ')[1]) !== process.pid) continue;
      if (readlinkSync(`/proc/${pid}/fd/3`) === path.join(home, 'gateway.lock')) n++;
    } catch {}
  }
  return n;
}

// Beats 20 s apart: what says a death within the 100 ms the clock is moved is the gateway's lock, not a beat.
describe.runIf(hasFlock)('a gateway that holds gateway.lock, as Hermes does', () => {
  /** The clock moved by at most 100 ms, a few ms at a time, until the watch has said `why` once more than `before`. */
  const saidAgain = (w: { calls: string[]; clock: ManualClock }, why: string, before: number) => {
    const from = w.clock.now();
    return until(`the watch to say ${why} at once`, async () => {
      if (w.clock.now() - from < 100) await w.clock.advance(5);
      return w.calls.filter((c) => c === why).length > before;
    });
  };

  it('is said gone the moment it is killed, and its next life too', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    let gw = await lockHolder(home);
    const w = await watchHome(home, 60_000);
    for (const round of [0, 1]) {
      if (round) {
        gw = await lockHolder(home);
        // As the pulse's `process up` would have it: a look, which waits on this life.
        await watches.at(-1)!.gather();
      }
      await until('the watch waits on the lock', async () => flockWaits(home) === 1);
      gw.kill('SIGKILL');
      await saidAgain(w, 'process gone', round);
      await until('the wait has ended', async () => flockWaits(home) === 0);
    }
  });

  it('a gateway seen before it takes its lock is waited on once it holds it', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const gw = await lockHolder(home, { late: true });
    const w = await watchHome(home, 60_000);
    await w.clock.advance(100);
    expect(flockWaits(home)).toBe(0);
    const taken = new Promise((r) => gw.stdout!.once('data', r));
    gw.kill('SIGUSR1');
    await taken;
    // The next look (the gateway's start-up lines are news): it holds its lock now.
    await watches.at(-1)!.gather();
    await until('the watch waits on the lock', async () => flockWaits(home) === 1);
    gw.kill('SIGKILL');
    await saidAgain(w, 'process gone', 0);
  });

  it('a watch stopped: its wait ends, and a look that finishes after the stop arms none', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    await lockHolder(home);
    await watchHome(home, 60_000);
    const watch = watches.at(-1)!;
    await until('the watch waits on the lock', async () => flockWaits(home) === 1);
    await watch.stop();
    await until('its wait ended', async () => flockWaits(home) === 0);
    await watch.gather();
    // Nothing to wait for but nothing: a while of looking at the process table sees no wait begin.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setImmediate(r));
      expect(flockWaits(home)).toBe(0);
    }
  });

  it('a lock let go while the gateway lives says nothing, and is not waited on again; the beats see its death', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const gw = await lockHolder(home);
    const w = await watchHome(home, 60_000);
    await until('the watch waits on the lock', async () => flockWaits(home) === 1);
    gw.kill('SIGUSR2');
    await until('the wait has ended', async () => flockWaits(home) === 0);
    await w.clock.advance(100);
    await watches.at(-1)!.gather();
    expect(w.calls).toEqual([]);
    expect(flockWaits(home)).toBe(0);
    gw.kill('SIGKILL');
    await exited(gw);
    await until('a beat to see it gone', async () => (await w.clock.advance(1_000), w.calls.includes('process gone')));
    expect(w.calls).toEqual(['process gone']);
  });

  it.runIf(hasPerlFlock)(
    'whose own process holds it: the looks between polls stop while it is waited on, its death is said at once',
    async () => {
      const home = await tempDir();
      await mkdir(path.join(home, 'logs'), { recursive: true });
      const gw = await ownLockHolder(home);
      const w = await watchHome(home, 2_000);
      await until('the watch waits on the lock', async () => flockWaits(home) === 1);
      // The next poll finds it waited on: from then on a beat is a poll, every liveness_interval.
      await w.clock.advance(2_100);
      expect(w.clock.armed()).toContain(2_000);
      expect(w.clock.armed()).not.toContain(2_000 / 3);
      gw.kill('SIGKILL');
      await saidAgain(w, 'process gone', 0);
      // Gone, nothing waits on it: the looks are back from the next poll on, for the life that comes next.
      await w.clock.advance(2_100);
      expect(w.clock.armed()).toContain(2_000 / 3);
    },
  );

  it('held through a descriptor another process locked (/proc/locks names that one): the looks go on', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    await lockHolder(home);
    const w = await watchHome(home, 2_000);
    await until('the watch waits on the lock', async () => flockWaits(home) === 1);
    await w.clock.advance(4_000);
    expect(w.clock.armed()).toContain(2_000 / 3);
  });
});
