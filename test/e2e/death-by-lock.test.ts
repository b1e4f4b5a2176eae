// The built daemon hears a SIGKILLed gateway through gateway.lock, which Hermes holds for its gateway's life and the
// kernel lets go of at its death (src/probes/lock-wait.ts). With its liveness beats 20 minutes apart and its schedule
// hourly, nothing else it does would see the death within the hour: the gateway writes nothing as it dies. Killed twice,
// its second life waited on as its first.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoScriptPath } from '../../src/demo/index.js';
import { cleanup, hasFlock, hasPerlFlock, tempDir, trackPid } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';
import { watchedDaemon } from '../helpers/watched-daemon.js';

const ends: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  while (ends.length) await ends.pop()!();
  await cleanup();
});

/** The time an alert's `since  11-30 07:09:34` names, in this year (the daemon says it in this host's zone). */
function sinceOf(alert: string, near: number): number {
  const m = /since\s+(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(alert);
  expect(m, alert).not.toBeNull();
  const [, mo, d, h, mi, sec] = m!.map(Number);
  return new Date(new Date(near).getFullYear(), mo! - 1, d, h, mi, sec).getTime() + 500;
}

/**
 * The demo gateway of `home`, started by hand, once it has connected. `ownLock`: its own process holds gateway.lock, as
 * Hermes' Python takes it (/proc/locks names the gateway): perl takes the lock on a descriptor kept across its exec of
 * the gateway, whose own `flock -n` then finds it held and goes on (node has no flock of its own).
 */
async function gateway(home: string, o: { ownLock?: boolean } = {}): Promise<number> {
  const demo = [process.execPath, demoScriptPath('gateway'), 'gateway', 'run', '--home', home];
  const take = `$^F = 255; open(my $f, '>>', "$ENV{HERMES_HOME}/gateway.lock") or exit 3; flock($f, LOCK_EX) or exit 3; exec @ARGV`;
  await mkdir(home, { recursive: true });
  const [exe, ...args] = o.ownLock ? ['perl', '-MFcntl=:flock', '-e', take, ...demo] : demo;
  const child = spawn(exe!, args, {
    env: { ...process.env, HERMES_HOME: home },
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  trackPid(child.pid!);
  await until('the gateway connected', async () => {
    const state = JSON.parse(await readFile(path.join(home, 'gateway_state.json'), 'utf8').catch(() => '{}'));
    return (
      state.pid === child.pid && state.gateway_state === 'running' && state.platforms?.qqbot?.state === 'connected'
    );
  });
  return child.pid!;
}

describe.runIf(hasFlock)('a gateway killed while the daemon waits on its lock', () => {
  it('is said down at once, twice, with no liveness beat or scheduled look due', { timeout: 240_000 }, async () => {
    const home = path.join(await tempDir('gw-lock-'), 'home');
    let pid = await gateway(home);
    const w = await watchedDaemon(
      home,
      ends,
      {},
      { schedule: '0 0 * * * *', liveness_interval: '1h', remediate: { auto_restart: false } },
    );
    for (const round of [1, 2]) {
      await until('the daemon sees it healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
      const before = (w.out().match(/🔴 hermes: /gu) ?? []).length;
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      await until(`death ${round} said`, () => (w.out().match(/🔴 hermes: /gu) ?? []).length > before, {
        timeoutMs: 60_000,
        everyMs: 100,
      });
      const alert = w.out().slice(w.out().lastIndexOf('🔴 hermes: '));
      expect(alert).toMatch(/^🔴 hermes: Gateway died without a shutdown/u);
      // Down from the kill, by the wall clock, to the second the alert says it in.
      expect(Math.abs(sinceOf(alert, killedAt) - killedAt), alert).toBeLessThanOrEqual(1_500);
      if (round === 2) break;
      pid = await gateway(home);
      const backAt = Date.now();
      // Back and said so: a death before the recovery is the same incident's, not a second one.
      await until('the recovery said', () => /✅ hermes/u.test(w.out()), { timeoutMs: 60_000, everyMs: 100 });
      // Its downtime is the kill to the gateway connected again, not a beat's or a look's time.
      const back = w.out().slice(w.out().lastIndexOf('✅ hermes'));
      const down = Number(/downtime\s+(\d+)s\b/.exec(back)?.[1]);
      expect(Math.abs(down * 1000 - (backAt - killedAt)), back).toBeLessThanOrEqual(2_000);
    }
  });
});

// Through the built daemon on the default liveness_interval (2 s), by the wall clock: a gateway whose own process holds
// its lock wakes the daemon at its death, so the looks between polls stop (its debug log says the pulse's beats a
// poll); its SIGKILL is still said dated to the kill, and the looks come back once nothing waits on a lock.
describe.runIf(hasFlock && hasPerlFlock)('a gateway whose own process holds gateway.lock, as Hermes does', () => {
  it('has the daemon beat once a poll, and still says its SIGKILL from the kill', { timeout: 240_000 }, async () => {
    const home = path.join(await tempDir('gw-ownlock-'), 'home');
    const pid = await gateway(home, { ownLock: true });
    const locks = await readFile('/proc/locks', 'utf8');
    expect(locks).toMatch(new RegExp(`^\\d+: FLOCK\\s+\\S+\\s+WRITE ${pid} `, 'm'));
    const w = await watchedDaemon(
      home,
      ends,
      { GATEWATCH_LOG_LEVEL: 'debug' },
      { schedule: '0 0 * * * *', remediate: { auto_restart: false } },
    );
    const paced = (n: number) => (w.out().match(new RegExp(`"beatsPerPoll":${n}\\b`, 'g')) ?? []).length;
    await until('the daemon sees it healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 60_000 });
    await until('the pulse beats once a poll', () => paced(1) > 0, { timeoutMs: 60_000, everyMs: 100 });
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await until('the death said', () => /🔴 hermes: /u.test(w.out()), { timeoutMs: 60_000, everyMs: 100 });
    const alert = w.out().slice(w.out().indexOf('🔴 hermes: '));
    expect(alert).toMatch(/^🔴 hermes: Gateway died without a shutdown/u);
    expect(Math.abs(sinceOf(alert, killedAt) - killedAt), alert).toBeLessThanOrEqual(1_500);
    // Nothing waits on a lock now: three beats a poll again, for the life that comes next.
    await until('the pulse beats three times a poll', () => paced(3) > 0, { timeoutMs: 60_000, everyMs: 100 });
  });
});
