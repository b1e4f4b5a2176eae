// A day of looks at a Hermes home, one a minute on a clock of its own, in a process of its own (bench/forecast.ts
// starts it with the service's V8 flags): what one look gathers, the forecast check's time over it, the child processes
// the looks start, the RSS over the day and the heap retained after it. Its figures go to stdout as one line of JSON.
// Run in the bench's own process, the RSS also moved with what the benches before it left there: after the footprint
// bench's idle minutes V8 grew its young generation back from 20 to 32 MB during the day, +10 to +23 MB of RSS where
// the looks' heap retained under 1 MB (issue 62 item 3).
//   node --expose-gc --import tsx bench/lib/forecast-day.ts '{"home":…,"stateDir":…,"warm":300,"looks":1440}'
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch } from '../../src/watch/target.js';
import { detectors } from '../../src/detectors/index.js';
// The Hermes platforms' forecasts reach the forecast check through their registry, as in the daemon.
import '../../src/platforms/index.js';
import type { DetectSettings } from '../../src/evidence.js';
import type { Clock } from '../../src/util/clock.js';

export const SETTINGS: DetectSettings = {
  disconnectGraceMs: 90_000,
  storm: { disconnects: 5, withinMs: 600_000 },
  zombieAfterMs: 3_600_000,
  locale: 'en',
};

export interface DayFigures {
  looks: number;
  /** Child processes started per look. */
  perLook: number;
  /** The forecast check's time per look, ms. */
  detect: number[];
  /** RSS every tenth look, MB. */
  rss: number[];
  /** Heap held after the day more than before it (after gc), MB. */
  retained: number;
  samples: { disk: number; memory: number };
}

const MIN = 60_000;

/** Counts every child process this process starts, whoever starts it (execa, node:child_process). */
function countSpawns(): { count: () => number; restore: () => void } {
  const cp = createRequire(import.meta.url)('node:child_process') as Record<string, unknown>;
  const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];
  const saved = names.map((n) => [n, cp[n]] as const);
  let n = 0;
  for (const [name, fn] of saved)
    cp[name] = (...a: unknown[]) => {
      n++;
      return (fn as (...x: unknown[]) => unknown)(...a);
    };
  syncBuiltinESMExports();
  return {
    count: () => n,
    restore() {
      for (const [name, fn] of saved) cp[name] = fn;
      syncBuiltinESMExports();
    },
  };
}

async function day(o: { home: string; stateDir: string; warm: number; looks: number }): Promise<DayFigures> {
  const spawns = countSpawns();
  try {
    const config = resolveConfig(
      configSchema.parse({
        state_dir: o.stateDir,
        targets: [{ name: 'b', hermes_home: o.home, service: { manager: 'none' } }],
      }),
      undefined,
    );
    let t = Date.now();
    const clock: Clock = {
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
      timer: () => () => {},
    };
    const watch = createTargetWatch({ config, target: config.targets[0]!, log: pino({ level: 'silent' }), clock });
    const forecast = detectors.find((d) => d.check === 'forecast')!;
    const look = async () => {
      t += MIN;
      const ev = await watch.gather();
      if (!ev.process.alive || !ev.disk || !ev.memory)
        throw new Error('the sleeper gateway was not seen, or no sample');
      return ev;
    };
    // Warm: the first hours of looks take the process to its working size (JIT, allocator, buffers).
    for (let i = 0; i < o.warm; i++) await look();
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const spawned0 = spawns.count();
    const detect: number[] = [];
    const rss: number[] = [];
    let samples = { disk: 0, memory: 0 };
    for (let i = 0; i < o.looks; i++) {
      const ev = await look();
      const a = performance.now();
      forecast.detect(ev, SETTINGS);
      detect.push(performance.now() - a);
      samples = { disk: ev.disk!.samples.length, memory: ev.memory!.samples.length };
      if (i % 10 === 0) rss.push(process.memoryUsage().rss / 2 ** 20);
    }
    globalThis.gc?.();
    const retained = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    const perLook = (spawns.count() - spawned0) / o.looks;
    await watch.stop();
    return { looks: o.looks, perLook, detect, rss, retained, samples };
  } finally {
    spawns.restore();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.stdout.write(`${JSON.stringify(await day(JSON.parse(process.argv[2]!)))}\n`);
