// The cheap liveness poll between scheduled checks must report a change, once, and nothing else: a live process in
// gateway.pid that is not a gateway (or is another home's) used to read as "process up" on every poll, and the
// evaluation it triggered reset it, so gatewatch evaluated every 2 s forever.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch, type TargetWatch } from '../../src/watch/target.js';
import { cleanup, exited, spawnIdle, tempDir } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';
import { manualClock, type ManualClock } from '../helpers/clock.js';

const watches: TargetWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.stop();
  await cleanup();
});

/** A watch whose change callback evaluates, as the app does; the reasons it was called with, and its clock. */
async function watchHome(home: string): Promise<{ calls: string[]; clock: ManualClock }> {
  const clock = manualClock();
  const config = resolveConfig(
    configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
    undefined,
  );
  config.liveness_interval = 10; // below the config minimum on purpose: many polls in little time
  const watch = createTargetWatch({ config, target: config.targets[0]!, log: pino({ level: 'silent' }), clock });
  watches.push(watch);
  const calls: string[] = [];
  await watch.gather();
  await watch.start((why) => {
    calls.push(why);
    void watch.gather();
  });
  return { calls, clock };
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
});
