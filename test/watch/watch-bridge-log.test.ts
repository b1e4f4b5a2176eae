// WhatsApp's bridge writes its login QR codes (each good for ~20 s) and `✅ WhatsApp connected!` to bridge.log, which
// the live log tail does not follow: the liveness poll sees a write there and asks for an evaluation at once.
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch, type TargetWatch } from '../../src/watch/target.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';
import { systemClock } from '../../src/util/clock.js';
import { manualClock } from '../helpers/clock.js';

const watches: TargetWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.stop();
  await cleanup();
});

describe('bridge.log in the live watch', () => {
  it('a write to bridge.log is news within a liveness poll, once per write', async () => {
    const home = await tempDir();
    const bridgeLog = path.join(home, 'platforms', 'whatsapp', 'bridge.log');
    await mkdir(path.dirname(bridgeLog), { recursive: true });
    await writeFile(bridgeLog, '🌉 WhatsApp bridge listening on port 3000 (mode: bot)\n');
    const config = resolveConfig(
      configSchema.parse({
        targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }],
        liveness_interval: '500ms',
      }),
      undefined,
    );
    const watch = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
    });
    watches.push(watch);
    const why: string[] = [];
    await watch.start((w) => void why.push(w));
    await appendFile(bridgeLog, '\n📱 Scan this QR code with WhatsApp on your phone:\n\n');
    await until('the write seen', () => why.length > 0, { timeoutMs: 5_000, everyMs: 50 });
    // One piece of news per write, however many polls pass over the unchanged file in between.
    await appendFile(bridgeLog, '✅ WhatsApp connected!\n');
    await until('the second write seen', () => why.length > 1, { timeoutMs: 5_000, everyMs: 50 });
    expect(why).toEqual(['log', 'log']);
  });

  // Issue 62: a stat is a round trip through libuv's threads, and at every poll it woke the idle daemon twice more
  // for a file most homes never have. Without one, it is asked at the log tail's backstop beats (every ~5 s).
  it('a home without bridge.log is asked for one at the backstop beats, not at every poll', async () => {
    const home = await tempDir();
    const bridgeLog = path.join(home, 'platforms', 'whatsapp', 'bridge.log');
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    const clock = manualClock();
    const watch = createTargetWatch({ clock, config, target: config.targets[0]!, log: pino({ level: 'silent' }) });
    watches.push(watch);
    const why: string[] = [];
    await watch.start((w) => void why.push(w));
    const started = clock.now();
    await mkdir(path.dirname(bridgeLog), { recursive: true });
    await writeFile(bridgeLog, '\n📱 Scan this QR code with WhatsApp on your phone:\n\n');
    await clock.advance(4_000); // two polls
    expect(why).toEqual([]);
    await until('the new bridge.log seen', async () => (await clock.advance(100), why.length > 0), {
      timeoutMs: 5_000,
      everyMs: 10,
    });
    expect(clock.now() - started).toBeLessThanOrEqual(5_000 + 2_000 / 3);
    // Once there, every poll asks.
    const at = clock.now();
    await appendFile(bridgeLog, '✅ WhatsApp connected!\n');
    await until('the second write seen', async () => (await clock.advance(100), why.length > 1), {
      timeoutMs: 5_000,
      everyMs: 10,
    });
    expect(clock.now() - at).toBeLessThanOrEqual(2_100);
    expect(why).toEqual(['log', 'log']);
  });
});
