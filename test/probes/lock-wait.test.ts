// The wait on a gateway's lock (src/probes/lock-wait.ts) as the host's tools and /proc give it: a holder listed past
// /proc/locks' first page is seen, and a setpriv that cannot set the death signal is not asked again.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockHeld, lockHolders, waitUnlocked } from '../../src/probes/lock-wait.js';
import { hasFlock, hasPerlFlock, tempDir, writeExecutable } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const holders: ChildProcess[] = [];
afterEach(() => {
  for (const h of holders.splice(0)) h.kill('SIGKILL');
});

/** `file` locked (LOCK_EX) by a process of its own. */
async function hold(file: string): Promise<ChildProcess> {
  writeFileSync(file, '');
  // The shell takes it on a descriptor of its own and becomes the sleep that keeps it: killed, the lock goes with it.
  const h = spawn('sh', ['-c', 'exec 3>>"$0"; flock -x 3; exec sleep 600', file], { stdio: 'ignore' });
  holders.push(h);
  return h;
}

describe.runIf(hasFlock)('the lock of a gateway', () => {
  it('is seen held when /proc/locks lists it past its first page (a host with many locks)', async () => {
    const dir = await tempDir('gw-locks-');
    const files = Array.from({ length: 120 }, (_, i) => path.join(dir, `l${i}`));
    for (const f of files) await hold(f);
    const last = files.at(-1)!;
    await until('every lock taken', async () => (await Promise.all(files.map(lockHeld))).every(Boolean), {
      timeoutMs: 30_000,
    });
    expect(await lockHeld(last)).toBe(true);
    expect(await lockHeld(path.join(dir, 'none'))).toBeUndefined();
    writeFileSync(path.join(dir, 'free'), '');
    expect(await lockHeld(path.join(dir, 'free'))).toBe(false);
  });

  it.runIf(hasPerlFlock)(
    "names the process that took the lock: a gateway's own (Hermes' Python), not one it only shares a descriptor with",
    async () => {
      const dir = await tempDir('gw-holders-');
      const own = path.join(dir, 'own.lock');
      // The lock taken by the process that keeps it, as Hermes takes gateway.lock (perl: every Debian has it).
      const h = spawn(
        'perl',
        ['-MFcntl=:flock', '-e', 'open(my $f, ">>", $ARGV[0]) or exit 3; flock($f, LOCK_EX) or exit 3; sleep 600', own],
        {
          stdio: 'ignore',
        },
      );
      holders.push(h);
      await until('the lock taken', async () => (await lockHolders(own))?.length === 1);
      expect(await lockHolders(own)).toEqual([h.pid]);
      // hold()'s: flock(1), a child of the shell that keeps it, took it and is gone.
      const shared = path.join(dir, 'shared.lock');
      const s = await hold(shared);
      await until('the lock taken', async () => (await lockHolders(shared))?.length === 1);
      expect(await lockHolders(shared)).not.toContain(s.pid);
      writeFileSync(path.join(dir, 'free'), '');
      expect(await lockHolders(path.join(dir, 'free'))).toEqual([]);
      expect(await lockHolders(path.join(dir, 'none'))).toBeUndefined();
    },
  );

  it('a waiter that cannot start says its wait was not granted (no exit follows a failed spawn)', async () => {
    const dir = await tempDir('gw-nostart-');
    const bin = path.join(dir, 'bin');
    // Found and executable, but the kernel cannot run it: spawn fails (ENOENT), and no exit event ever comes.
    await writeExecutable(path.join(bin, 'flock'), '#!/nonexistent/interpreter\n');
    const file = path.join(dir, 'gateway.lock');
    const holder = await hold(file);
    await until('the lock taken', async () => (await lockHeld(file)) === true);
    const ends: boolean[] = [];
    const cancel = await waitUnlocked(file, (g) => ends.push(g), { PATH: bin });
    expect(cancel).toBeDefined();
    await until('the wait said to have ended', async () => ends.length === 1);
    expect(ends).toEqual([false]);
    holder.kill('SIGKILL');
  });

  it('a setpriv that refuses --pdeathsig: the wait says it was not granted, and the next goes without it', async () => {
    const dir = await tempDir('gw-setpriv-');
    const bin = path.join(dir, 'bin');
    await writeExecutable(
      path.join(bin, 'setpriv'),
      '#!/bin/sh\necho "setpriv: unrecognized option --pdeathsig" >&2\nexit 1\n',
    );
    const flockDir = path.dirname(spawnSync('sh', ['-c', 'command -v flock'], { encoding: 'utf8' }).stdout.trim());
    const env = { PATH: `${bin}:${flockDir}` };
    const file = path.join(dir, 'gateway.lock');
    const holder = await hold(file);
    await until('the lock taken', async () => (await lockHeld(file)) === true);
    const ends: boolean[] = [];
    await waitUnlocked(file, (g) => ends.push(g), env);
    await until('the first wait ended', async () => ends.length === 1);
    expect(ends).toEqual([false]);
    const cancel = await waitUnlocked(file, (g) => ends.push(g), env);
    expect(cancel).toBeDefined();
    holder.kill('SIGKILL');
    await until('the second wait granted', async () => ends.length === 2);
    expect(ends).toEqual([false, true]);
  });

  const realSetpriv = spawnSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).stdout.trim();
  it.runIf(realSetpriv)(
    'a waiter somebody killed says nothing of setpriv: the next wait still dies with the daemon',
    async () => {
      const dir = await tempDir('gw-setpriv-killed-');
      const bin = path.join(dir, 'bin');
      const started = path.join(dir, 'started');
      // setpriv as the host has it, each start noted (its pid: the flock it execs keeps it).
      await writeExecutable(path.join(bin, 'setpriv'), `#!/bin/sh\necho $$ >> ${started}\nexec ${realSetpriv} "$@"\n`);
      const flockDir = path.dirname(spawnSync('sh', ['-c', 'command -v flock'], { encoding: 'utf8' }).stdout.trim());
      const env = { PATH: `${bin}:${flockDir}:/usr/bin:/bin` };
      const file = path.join(dir, 'gateway.lock');
      const holder = await hold(file);
      await until('the lock taken', async () => (await lockHeld(file)) === true);
      const ends: boolean[] = [];
      const pids = async () => (await readFile(started, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      await waitUnlocked(file, (g) => ends.push(g), env);
      await until('the first waiter started', async () => (await pids()).length === 1);
      process.kill(Number((await pids())[0]), 'SIGKILL');
      await until('the first wait ended', async () => ends.length === 1);
      expect(ends).toEqual([false]);
      const cancel = await waitUnlocked(file, (g) => ends.push(g), env);
      await until('the second waiter started', async () => (await pids()).length === 2);
      holder.kill('SIGKILL');
      await until('the second wait granted', async () => ends.length === 2);
      expect(ends).toEqual([false, true]);
      cancel?.();
    },
  );
});
