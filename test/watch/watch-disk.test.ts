// A target's gather reads the disk under its Hermes home every look, gateway running or not (one statfs, at most once
// a minute on the target's clock): the evidence the disk forecast judges.
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch, type TargetWatch } from '../../src/watch/target.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { manualClock } from '../helpers/clock.js';

const watches: TargetWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.stop();
  await cleanup();
});

describe('the disk in a gather', () => {
  it('is sampled each look, once a minute at most, for a gateway that is down too', async () => {
    const home = await tempDir();
    mkdirSync(path.join(home, 'logs'));
    writeFileSync(path.join(home, 'logs', 'gateway.log'), '');
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
    const watch = createTargetWatch({ config, target: config.targets[0]!, log: pino({ level: 'silent' }), clock });
    watches.push(watch);
    const first = await watch.gather();
    expect(first.process.alive).toBe(false);
    expect(first.disk).toMatchObject({ path: home, samples: [{ at: clock.now() }] });
    await clock.sleep(30_000);
    expect((await watch.gather()).disk!.samples).toHaveLength(1);
    await clock.sleep(31_000);
    expect((await watch.gather()).disk!.samples).toHaveLength(2);
  });

  it("and each file of its logs/ by its size: a storm in one gatewatch does not tail is log_flood's evidence", async () => {
    const home = await tempDir();
    mkdirSync(path.join(home, 'logs'));
    writeFileSync(path.join(home, 'logs', 'gateway.log'), '');
    const err = path.join(home, 'logs', 'gateway.error.log');
    writeFileSync(err, '');
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    const clock = manualClock(Date.parse('2026-09-21T08:00:00Z'));
    const watch = createTargetWatch({ config, target: config.targets[0]!, log: pino({ level: 'silent' }), clock });
    watches.push(watch);
    expect((await watch.gather()).logFiles).toBeUndefined();
    truncateSync(err, 8 * 1024 * 1024);
    await clock.sleep(61_000);
    expect((await watch.gather()).logFiles).toContainEqual({
      file: err,
      size: 8 * 1024 * 1024,
      bytes: 8 * 1024 * 1024,
      spanMs: 61_000,
      lastMinuteBytes: (8 * 1024 * 1024 * 60_000) / 61_000,
    });
  });
});
