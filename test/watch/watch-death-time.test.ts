// When a gateway died, as gatewatch saw it (issue 35 item 10): its liveness poll looks at the process every
// liveness_interval, so the death lies between its last sight of the process alive and the first sight of it dead. The
// gather that finds it dead carries both sights; the clock is the test's, the process and its death real.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch, type TargetWatch } from '../../src/watch/target.js';
import { cleanup, exited, spawnIdle, startTicksOf, tempDir } from '../helpers/probe-procs.js';
import { clockAt, manualClock } from '../helpers/clock.js';
import { until } from '../helpers/until.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { runDetectors } from '../../src/detectors/index.js';
import { SETTINGS } from '../helpers/evidence.js';

const watches: TargetWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.stop();
  await cleanup();
});

describe.runIf(process.platform === 'linux')('the time of a death', () => {
  it('a SIGKILLed gateway: the gather that finds it dead says when the poll last saw it alive and first saw it gone', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    await writeFile(path.join(home, 'logs', 'gateway.log'), '');
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writeFile(
      path.join(home, 'gateway.pid'),
      JSON.stringify({
        pid: gw.pid,
        kind: 'hermes-gateway',
        argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
        start_time: await startTicksOf(gw.pid!),
      }),
    );

    const clock = manualClock(Date.parse('2026-11-25T02:20:00Z'));
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    config.liveness_interval = 10; // below the config minimum on purpose: many polls in little time
    const watch = createTargetWatch({ config, target: config.targets[0]!, log: pino({ level: 'silent' }), clock });
    watches.push(watch);
    const calls: string[] = [];
    const first = await watch.gather();
    expect(first.process.alive).toBe(true);
    expect(first.process.lastSeenAlive).toBeUndefined();
    await watch.start((why) => calls.push(why));

    // Nine minutes of polls; the last one that saw it alive was at 02:29:26.
    await clock.sleep(9 * 60_000 + 26_000);
    const lastSight = clock.now();
    await clock.sleep(1_900); // 02:29:27.9: SIGKILL
    const killAt = clock.now();
    gw.kill('SIGKILL');
    await exited(gw);
    await until('the poll to see it gone', async () => (await clock.advance(10), calls.includes('process gone')), {
      timeoutMs: 10_000,
      everyMs: 10,
    });
    const noticed = clock.now();
    const dead = await watch.gather();
    expect(dead.process.alive).toBe(false);
    // The poll may have looked once more at 02:29:27.9 (the same clock time as the kill) and found it alive: either
    // way the last sight lies before the death, and never earlier than the last poll before it.
    expect(dead.process.lastSeenAlive).toBeGreaterThanOrEqual(lastSight);
    expect(dead.process.lastSeenAlive).toBeLessThanOrEqual(lastSight + 1_900);
    // The first sight of it gone is the poll that noticed: after the kill (issue 42 item 2), and the gather after it
    // keeps that time rather than its own.
    expect(dead.process.goneSeenAt).toBeGreaterThanOrEqual(killAt);
    expect(dead.process.goneSeenAt).toBeLessThanOrEqual(noticed);
    expect(dead.process.goneSeenAt).toBeGreaterThanOrEqual(dead.process.lastSeenAlive!);
  });
});

describe.runIf(process.platform === 'linux')('the time of a death a gather finds before the liveness poll', () => {
  it('is the first look that saw it gone, within the evidence of that gather: never after its own now', async () => {
    // On a loaded box the gather's second look (taken after the log is read, to tell a death from a gateway starting)
    // answered after the evidence's `now`: the sight of it gone was later than the evidence, a detector took the last
    // sight alive instead, and the death was dated before the kill (death-v020: "kill→since -110 ms").
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    await writeFile(path.join(home, 'logs', 'gateway.log'), '');
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writeFile(
      path.join(home, 'gateway.pid'),
      JSON.stringify({
        pid: gw.pid,
        kind: 'hermes-gateway',
        argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
        start_time: await startTicksOf(gw.pid!),
      }),
    );
    // Real timers; each reading of the time a millisecond after the one before, as on a box that is slow to answer.
    let t = Date.parse('2026-11-25T02:20:00Z');
    const clock = clockAt(() => (t += 1));
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    const watch = createTargetWatch({ config, target: config.targets[0]!, log: pino({ level: 'silent' }), clock });
    watches.push(watch);
    expect((await watch.gather()).process.alive).toBe(true);
    const killAt = t;
    gw.kill('SIGKILL');
    await exited(gw);
    const dead = await watch.gather();
    expect(dead.process.alive).toBe(false);
    expect(dead.process.goneSeenAt).toBeGreaterThan(killAt);
    expect(dead.process.goneSeenAt).toBeLessThanOrEqual(dead.now);
  });
});

// Issue 77: on a busy box one SIGKILL in six was dated by the log's last line, 21 s before the kill, though gatewatch
// had seen the process alive a second before it. A supervisor started the next gateway at once and wrote gateway.pid
// naming it before it had exec'd into `gateway run`; the liveness poll ran late, so the gather was the first to look,
// and found the record naming a process that is no gateway (yet): the sights of the one that died were left out.
describe.runIf(process.platform === 'linux')(
  'a quiet gateway killed, its next start already recorded, the poll late',
  () => {
    it('is dated by gatewatch’s sights of the one it watched, between its last sight alive and the look, not the log', async () => {
      const home = await tempDir();
      await mkdir(path.join(home, 'logs'), { recursive: true });
      const clock = manualClock(Date.now());
      // Quiet: its last line a minute old.
      const { pid, exited: gone } = await healthyLiveGateway(home, { runAt: clock.now() - 60_000 });
      const config = resolveConfig(
        configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
        undefined,
      );
      const watch = createTargetWatch({ config, target: config.targets[0]!, log: pino({ level: 'silent' }), clock });
      watches.push(watch);
      expect((await watch.gather()).process.alive).toBe(true);
      await watch.start(() => undefined);
      // Polls that see it alive, the last within a poll (2 s) of the clock's time now.
      await clock.advance(6_000);
      const now = clock.now();
      // The kill; the supervisor's next start names a process that has not exec'd yet; no poll or look runs meanwhile.
      process.kill(pid, 'SIGKILL');
      await gone;
      const next = spawnIdle(['python3', '-c', 'pass'], { ...process.env, HERMES_HOME: home });
      await writeFile(
        path.join(home, 'gateway.pid'),
        JSON.stringify({ pid: next.pid, kind: 'hermes-gateway', start_time: await startTicksOf(next.pid!) }),
      );
      const ev = await watch.gather();
      expect(ev.process).toMatchObject({ alive: false, pid: next.pid, reason: 'not a gateway' });
      const lastSight = ev.process.lastSeenAlive!;
      expect(lastSight).toBeGreaterThanOrEqual(now - 2_000);
      expect(lastSight).toBeLessThanOrEqual(now);
      expect(ev.process.goneSeenAt).toBeGreaterThanOrEqual(now);
      const death = runDetectors(ev, SETTINGS).find((f) => f.check === 'state_stale_running');
      expect(death, JSON.stringify(runDetectors(ev, SETTINGS).map((f) => f.check))).toBeDefined();
      // Within the sights, never by the log's last line a minute before.
      expect(death!.since).toBeGreaterThanOrEqual(lastSight);
      expect(death!.since).toBeLessThanOrEqual(ev.process.goneSeenAt!);
      expect(death!.sinceSeen).toBe(true);
      expect(death!.sinceIsLastSign).toBeUndefined();
    });
  },
);
