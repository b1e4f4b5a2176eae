// What the forecasts cost (issue 44 item 2): a day of looks, one a minute on a clock of the bench's own (in a process
// of its own with the service's V8 flags: bench/lib/forecast-day.ts), at a real Hermes home with a live (sleeper) gateway, its growth sources full of files: the gather (the disk's statfs and the
// RSS sample among its probes) and the forecast check over what it gathered. Goals: no process spawned by a look (the
// samplers read /proc and statfs), the RSS flat over the day (the series are bounded), the check in well under a
// millisecond with full series; and the bounded walk of the growth sources, which runs at most every 30 minutes while
// the disk fills, in tens of milliseconds.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { detectors } from '../src/detectors/index.js';
// The Hermes platforms' forecasts reach the forecast check through their registry, as in the daemon.
import '../src/platforms/index.js';
import { DAEMON_NODE_FLAGS } from '../src/deploy/systemd.js';
import { growthDirSizes } from '../src/probes/disk.js';
import type { Evidence } from '../src/evidence.js';
import { formatRecord } from '../src/demo/hermes-log.js';
import { parseLogText } from '../src/probes/log-parse.js';
import { healthyHome, median, pct, ROOT, show, sleeperGateway, type BenchOptions, type Row } from './lib/common.js';
import { SETTINGS, type DayFigures } from './lib/forecast-day.js';

const MIN = 60_000;

/** bench/lib/forecast-day.ts in a process of its own, with the service's V8 flags. */
async function dayOfLooks(o: { home: string; stateDir: string; warm: number; looks: number }): Promise<DayFigures> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      ...DAEMON_NODE_FLAGS,
      '--expose-gc',
      '--import',
      'tsx',
      path.join(ROOT, 'bench', 'lib', 'forecast-day.ts'),
      JSON.stringify(o),
    ],
    { cwd: ROOT, maxBuffer: 16 * 2 ** 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as DayFigures;
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
  const forecast = detectors.find((d) => d.check === 'forecast')!;
  try {
    // The day of looks in a process of its own, with the service's flags (bench/lib/forecast-day.ts says why).
    const d = await dayOfLooks({
      home,
      stateDir: path.join(dir, 'state'),
      warm: o.n(300, 120),
      looks: o.n(1440, 300),
    });
    const { looks, detect, rss, samples } = d;
    const tenth = Math.max(1, Math.floor(rss.length / 10));
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const first = mean(rss.slice(0, tenth));
    const last = mean(rss.slice(-tenth));
    console.log(
      `   after ${looks} looks (${(looks / 60).toFixed(0)} h): ${samples.disk} disk samples, ${samples.memory} RSS samples kept; RSS ${first.toFixed(1)} → ${last.toFixed(1)} MB`,
    );
    rows.push(
      show({
        bench: 'forecast',
        metric: `processes started per look (n=${looks})`,
        value: d.perLook,
        unit: '',
        goal: '0',
        ok: d.perLook === 0,
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
        note: "a process of its own, the service's V8 flags",
      }),
      show({
        bench: 'forecast',
        metric: `heap retained after ${(looks / 60).toFixed(0)} h of looks (after gc)`,
        value: d.retained,
        unit: 'MB',
        goal: '≤ 1 MB',
        ok: d.retained <= 1,
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
    const fired = forecast.detect(full, SETTINGS).map((f) => f.cause);
    if (!fired.includes('disk') || !fired.includes('qq_4009')) throw new Error(`full series: ${fired.join(', ')}`);
    const times: number[] = [];
    for (let i = 0; i < o.n(2_000, 400); i++) {
      const a = performance.now();
      forecast.detect({ ...full, now: full.now + i }, SETTINGS);
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
  } finally {
    gw.kill('SIGKILL');
  }
  return rows;
}
