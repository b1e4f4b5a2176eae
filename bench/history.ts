// The availability history at its bound: 90 days of a target with 6 platforms that each flap every 10 minutes
// (far more changes than a real gateway makes), 1,000 incidents and 1,000 restarts, compacted as the store saves it.
// Its size on disk, the time to load it at start (openHistory: read, check, keep) and the heap it holds; the figures of
// 30 days from it (what /uptime and each /metrics scrape compute).
import { statSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { figures } from '../src/history/figures.js';
import { DAY_MS, emptyHistory, WINDOWS } from '../src/history/model.js';
import { compact, incidentOpened, incidentResolved, observe, restarted } from '../src/history/record.js';
import { historyFile, openHistory } from '../src/history/store.js';
import { writeJsonAtomic } from '../src/state/atomic.js';
import { median, show, type BenchOptions, type Row } from './lib/common.js';

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
  ];
}
