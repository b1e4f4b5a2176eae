// The availability history at its bound: 90 days of a target with 6 platforms that each flap every 10 minutes
// (far more changes than a real gateway makes), 1,000 incidents and 1,000 restarts, compacted as the store saves it.
// Its size on disk, the time to load it at start (openHistory: read, check, keep) and the heap it holds; the figures of
// 30 days from it (what /uptime and each /metrics scrape compute); its picture (the first draw loads the renderer); and
// a daemon's idle RSS with that history against one with none.
import { statSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { figures } from '../src/history/figures.js';
import { DAY_MS, emptyHistory, WINDOWS } from '../src/history/model.js';
import { compact, incidentOpened, incidentResolved, observe, restarted } from '../src/history/record.js';
import { historyFile, openHistory } from '../src/history/store.js';
import { writeJsonAtomic } from '../src/state/atomic.js';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chartPng } from '../src/delivery/chart-png.js';
import { DAEMON_NODE_FLAGS } from '../src/deploy/systemd.js';
import { uptimeChart } from '../src/history/chart.js';
import type { TargetHistory } from '../src/history/model.js';
import {
  CLI,
  healthyHome,
  median,
  procSample,
  requireBuild,
  show,
  sleep,
  sleeperGateway,
  type BenchOptions,
  type Row,
} from './lib/common.js';

const PLATFORMS = ['qqbot', 'feishu', 'telegram', 'discord', 'slack', 'weixin'];
const MIN = 60_000;

export default async function bench(o: BenchOptions): Promise<Row[]> {
  const now = Date.UTC(2026, 10, 25);
  const t0 = now - 90 * DAY_MS;
  const h = emptyHistory('default', t0);
  for (let t = t0; t < now; t += 10 * MIN) {
    observe(h, Object.fromEntries(PLATFORMS.map((p) => [p, 'up'])), t);
    observe(h, Object.fromEntries(PLATFORMS.map((p, i) => [p, i % 2 ? 'down' : 'deaf'])), t + 9 * MIN);
  }
  for (let i = 0; i < 1_000; i++) {
    const at = t0 + i * ((90 * DAY_MS) / 1_000);
    incidentOpened(h, {
      id: `i${i}`,
      check: 'qq_reconnect_exhausted',
      platform: 'qqbot',
      title: 'QQ gave up reconnecting',
      severity: 'critical',
      firstAt: at,
      alertAt: at + 30_000,
    });
    incidentResolved(h, `i${i}`, at + 5 * MIN);
    restarted(h, { at: at + 60_000, ok: true, actor: 'gatewatch' });
  }
  compact(h, now);
  const stateDir = path.join(o.tmp, 'history-bench');
  await writeJsonAtomic(historyFile(stateDir, 'default'), h);
  const bytes = statSync(historyFile(stateDir, 'default')).size;
  const log = pino({ level: 'silent' });
  const clock = { now: () => now, sleep: async () => {}, timer: () => () => {} };
  const loads: number[] = [];
  let heap = 0;
  for (let i = 0; i < o.n(9, 3); i++) {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const t = performance.now();
    const store = await openHistory({ stateDir, targets: ['default'], log, clock });
    loads.push(performance.now() - t);
    global.gc?.();
    heap = Math.max(heap, process.memoryUsage().heapUsed - before);
    store.stop();
    if (!store.get('default').platforms.qqbot) throw new Error('history not loaded');
  }
  const figs: number[] = [];
  for (let i = 0; i < o.n(9, 3); i++) {
    const t = performance.now();
    figures(h, WINDOWS['30d'], now);
    figs.push(performance.now() - t);
  }
  const MB = 1024 * 1024;

  // The picture of those 30 days: the first draw loads the renderer and the font (what it adds to a daemon that draws
  // one); later draws reuse them.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const chart = uptimeChart([h], {
    title: 'Uptime of default, last 30d',
    from: now - 30 * DAY_MS,
    to: now,
    locale: 'en',
  });
  let t = performance.now();
  await chartPng(chart);
  const firstDraw = performance.now() - t;
  global.gc?.();
  const rssAfter = process.memoryUsage().rss;
  const draws: number[] = [];
  for (let i = 0; i < o.n(9, 3); i++) {
    t = performance.now();
    await chartPng(chart);
    draws.push(performance.now() - t);
  }

  // A daemon at its bound against one with no history: idle RSS after the warm-up, beside each other.
  requireBuild();
  const idle = await Promise.all([
    idleRss(o, path.join(o.tmp, 'history-daemon-full'), h),
    idleRss(o, path.join(o.tmp, 'history-daemon-none'), undefined),
  ]);
  const grew = idle[0] - idle[1];
  return [
    show({
      bench: 'history',
      metric: '90 days, 6 flapping platforms: size on disk',
      value: bytes / MB,
      unit: 'MB',
      goal: '≤ 1 MB',
      ok: bytes <= MB,
    }),
    show({
      bench: 'history',
      metric: '90 days: load at start',
      value: median(loads),
      unit: 'ms',
      goal: '≤ 100 ms',
      ok: median(loads) <= 100,
    }),
    show({
      bench: 'history',
      metric: '90 days: heap held',
      value: heap / MB,
      unit: 'MB',
      goal: '≤ 4 MB',
      ok: heap <= 4 * MB,
    }),
    show({ bench: 'history', metric: '30-day figures from it', value: median(figs), unit: 'ms' }),
    show({
      bench: 'history',
      metric: '30-day picture: first draw (renderer and font loaded)',
      value: firstDraw,
      unit: 'ms',
    }),
    show({ bench: 'history', metric: '30-day picture: each draw after', value: median(draws), unit: 'ms' }),
    show({
      bench: 'history',
      metric: 'RSS the first picture adds (renderer, font)',
      value: (rssAfter - rssBefore) / MB,
      unit: 'MB',
    }),
    show({
      bench: 'history',
      metric: 'daemon idle RSS: 90 days of history vs none',
      value: grew,
      unit: 'MB',
      goal: '≤ 3 MB',
      ok: grew <= 3,
    }),
  ];
}

/** `gatewatch run` (the service's flags) on a healthy quiet gateway, with `history` as its target's file; median RSS after the warm-up. */
async function idleRss(o: BenchOptions, dir: string, history: TargetHistory | undefined): Promise<number> {
  const gw = sleeperGateway(path.join(dir, 'hermes'));
  const home = healthyHome(path.join(dir, 'hermes'), gw.pid!);
  const stateDir = path.join(dir, 'state');
  if (history) await writeJsonAtomic(historyFile(stateDir, 'default'), history);
  const config = path.join(dir, 'gatewatch.yaml');
  writeFileSync(
    config,
    `state_dir: ${stateDir}\ntargets:\n  - { name: default, hermes_home: ${home}, platforms: [feishu, qqbot], service: { manager: none } }\nchannels:\n  console: {}\n`,
  );
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, CLI, 'run', '--config', config, '--console'], {
    env: { ...process.env, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  try {
    await sleep(o.mode === 'quick' ? 8_000 : 30_000);
    const rss: number[] = [];
    for (let i = 0; i < (o.mode === 'quick' ? 5 : 20); i++) {
      const s = procSample(child.pid!);
      if (s) rss.push(s.rssMb);
      await sleep(1_000);
    }
    return median(rss);
  } finally {
    // Gone before the bench's folder is removed: its last save at shutdown would race the removal.
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    gw.kill('SIGKILL');
    await exited;
  }
}
