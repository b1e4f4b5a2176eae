// What the forecasts cost (issue 44 item 2): a day of looks, one a minute on a clock of the bench's own, at a real
// Hermes home with a live (sleeper) gateway, its growth sources full of files: the gather (the disk's statfs and the
// RSS sample among its probes) and the forecast check over what it gathered. Goals: no process spawned by a look (the
// samplers read /proc and statfs), the RSS flat over the day (the series are bounded), the check in well under a
// millisecond with full series; and the bounded walk of the growth sources, which runs at most every 30 minutes while
// the disk fills, in tens of milliseconds.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createTargetWatch } from '../src/watch/target.js';
import { detectors } from '../src/detectors/index.js';
// The Hermes platforms' forecasts reach the forecast check through their registry, as in the daemon.
import '../src/platforms/index.js';
import { growthDirSizes } from '../src/probes/disk.js';
import type { DetectSettings, Evidence } from '../src/evidence.js';
import type { Clock } from '../src/util/clock.js';
import { formatRecord } from '../src/demo/hermes-log.js';
import { parseLogText } from '../src/probes/log-parse.js';
import { healthyHome, median, pct, show, sleeperGateway, type BenchOptions, type Row } from './lib/common.js';

const MIN = 60_000;
const settings: DetectSettings = {
  disconnectGraceMs: 90_000,
  storm: { disconnects: 5, withinMs: 600_000 },
  zombieAfterMs: 3_600_000,
  locale: 'en',
};

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

/** The forecast check with full series: a day of a disk filling, six hours of RSS climbing, two hours of 4009s. */
function fullSeries(now: number): Evidence {
  const lines: string[] = [formatRecord(now - 3 * 3_600_000, 'INFO', 'gateway.run', 'Starting Hermes Gateway...')];
  for (let m = 120; m > 0; m--)
    lines.push(
      formatRecord(
        now - m * MIN,
        'WARNING',
        'gateway.platforms.qqbot.adapter',
        '[QQBot:102345678] WebSocket closed: code=4009 reason=Session timed out',
      ),
    );
  const run = parseLogText(`${lines.join('\n')}\n`);
  return {
    target: 'b',
    now,
    expectedPlatforms: ['qqbot'],
    process: { pidFile: { pid: process.pid }, alive: true, pid: process.pid, startedAt: run[0]!.ts },
    processes: [{ pid: process.pid, cmdline: 'python -m hermes_cli.main gateway run' }],
    service: { manager: 'none' },
    state: { pid: process.pid, gateway_state: 'running', platforms: { qqbot: { state: 'connected' } } },
    log: { file: 'gateway.log', run, previous: [], runStartSeen: true },
    slowTools: [],
    memory: {
      pid: process.pid,
      samples: Array.from({ length: 361 }, (_, i) => ({ at: now - (360 - i) * MIN, rssKib: (400 + i) * 1024 })),
      ceiling: { kib: 4096 * 1024, source: 'host', totalKib: 8192 * 1024 },
    },
    disk: {
      path: '/home/ops/.hermes',
      totalBytes: 100 * 2 ** 30,
      reservedBytes: 0,
      samples: Array.from({ length: 253 }, (_, i) => ({
        at: now - (i < 132 ? (1440 - i * 10) * MIN : (252 - i) * MIN),
        freeBytes: Math.round((40 - (i < 132 ? i * 10 : 1320 + (i - 132)) / 60) * 2 ** 30),
      })),
    },
  };
}

export default async function bench(o: BenchOptions): Promise<Row[]> {
  const dir = path.join(o.tmp, 'forecast');
  const home = path.join(dir, 'hermes');
  const gw = sleeperGateway(home);
  healthyHome(home, gw.pid!);
  // Growth sources as a busy home has them: a job's outputs (#52383: ~1,500 files), snapshots, rotated logs.
  for (const d of ['cron/output/job1', 'cron/output/job2', 'state-snapshots/s1'])
    mkdirSync(path.join(home, d), { recursive: true });
  for (let i = 0; i < 2_000; i++)
    writeFileSync(path.join(home, 'cron', 'output', `job${1 + (i % 2)}`, `${i}.md`), 'x'.repeat(512));
  for (let i = 0; i < 40; i++) writeFileSync(path.join(home, 'state-snapshots', 's1', `f${i}`), 'y'.repeat(4096));
  const rows: Row[] = [];
  const spawns = countSpawns();
  try {
    const config = resolveConfig(
      configSchema.parse({
        state_dir: path.join(dir, 'state'),
        targets: [{ name: 'b', hermes_home: home, service: { manager: 'none' } }],
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
    for (let i = 0; i < o.n(300, 120); i++) await look();
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const spawned0 = spawns.count();
    const looks = o.n(1440, 300);
    const detect: number[] = [];
    const rss: number[] = [];
    let samples = { disk: 0, memory: 0 };
    for (let i = 0; i < looks; i++) {
      const ev = await look();
      const a = performance.now();
      forecast.detect(ev, settings);
      detect.push(performance.now() - a);
      samples = { disk: ev.disk!.samples.length, memory: ev.memory!.samples.length };
      if (i % 10 === 0) rss.push(process.memoryUsage().rss / 2 ** 20);
    }
    globalThis.gc?.();
    const retained = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    const tenth = Math.max(1, Math.floor(rss.length / 10));
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const first = mean(rss.slice(0, tenth));
    const last = mean(rss.slice(-tenth));
    const perLook = (spawns.count() - spawned0) / looks;
    console.log(
      `   after ${looks} looks (${(looks / 60).toFixed(0)} h): ${samples.disk} disk samples, ${samples.memory} RSS samples kept; RSS ${first.toFixed(1)} → ${last.toFixed(1)} MB`,
    );
    rows.push(
      show({
        bench: 'forecast',
        metric: `processes started per look (n=${looks})`,
        value: perLook,
        unit: '',
        goal: '0',
        ok: perLook === 0,
      }),
      show({
        bench: 'forecast',
        metric: `RSS, last 10 % vs first 10 % of ${(looks / 60).toFixed(0)} h of looks`,
        value: last - first,
        unit: 'MB',
        baseline: first,
        ratio: last / first,
        goal: '≤ +5 % (flat)',
        ok: (last - first) / first <= 0.05,
      }),
      show({
        bench: 'forecast',
        metric: `heap retained after ${(looks / 60).toFixed(0)} h of looks (after gc)`,
        value: retained,
        unit: 'MB',
        goal: '≤ 1 MB',
        ok: retained <= 1,
      }),
      show({
        bench: 'forecast',
        metric: 'forecast check per look, gathered home',
        value: median(detect),
        p99: pct(detect, 99),
        unit: 'ms',
      }),
    );
    // Full series (a day of disk samples, six hours of RSS, two hours of 4009 once a minute): the fits' worst case.
    const full = fullSeries(Date.now());
    const fired = forecast.detect(full, settings).map((f) => f.cause);
    if (!fired.includes('disk') || !fired.includes('qq_4009')) throw new Error(`full series: ${fired.join(', ')}`);
    const times: number[] = [];
    for (let i = 0; i < o.n(2_000, 400); i++) {
      const a = performance.now();
      forecast.detect({ ...full, now: full.now + i }, settings);
      times.push(performance.now() - a);
    }
    rows.push(
      show({
        bench: 'forecast',
        metric: 'forecast check, full series (3 forecasts firing)',
        value: median(times),
        p99: pct(times, 99),
        unit: 'ms',
        goal: '≤ 1 ms',
        ok: median(times) <= 1,
      }),
    );
    const walks: number[] = [];
    for (let i = 0; i < o.n(20, 5); i++) {
      const a = performance.now();
      await growthDirSizes(home);
      walks.push(performance.now() - a);
    }
    rows.push(
      show({
        bench: 'forecast',
        metric: 'growth sources walk (2,040 files; ≤ 1 per 30 min)',
        value: median(walks),
        p99: pct(walks, 99),
        unit: 'ms',
        goal: '≤ 250 ms',
        ok: median(walks) <= 250,
      }),
    );
    await watch.stop();
  } finally {
    spawns.restore();
    gw.kill('SIGKILL');
  }
  return rows;
}
