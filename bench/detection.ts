// 1. Detection latency: a terminal failure line appended to gateway.log → the alert handed to a channel (the real
// app in-process: live log tail, detectors, incidents, outbox; a capture channel notes when the alert reaches it).
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Alert } from '../src/types.js';
import {
  captureChannel,
  healthyHomes,
  median,
  pct,
  show,
  sleep,
  terminalLine,
  type BenchOptions,
  type Row,
} from './lib/common.js';
import { startApp } from './lib/app.js';

const CRON_MEAN_MS = 150_000; // a */5 cron watchdog: a failure waits on average half the period…
const CRON_WORST_MS = 300_000; // …and at worst the whole period.

export default async function bench(o: BenchOptions): Promise<Row[]> {
  const trials = o.n(100, 20);
  const { homes, kill } = healthyHomes(path.join(o.tmp, 'detect'), trials);
  try {
    const got = new Map<string, number>();
    const ch = captureChannel((a: Alert, at) => {
      if (a.kind === 'open' && !got.has(a.target)) got.set(a.target, at);
    });
    const { app } = await startApp(
      o.tmp,
      homes.map((h, i) => ({
        name: `t${i}`,
        hermes_home: h,
        platforms: ['feishu', 'qqbot'],
        service: { manager: 'none' },
      })),
      { channels: [ch] },
    );
    await sleep(1_000); // the start-up evaluations settle
    const lat: number[] = [];
    for (let i = 0; i < trials; i++) {
      const t0 = performance.now();
      appendFileSync(path.join(homes[i]!, 'logs', 'gateway.log'), terminalLine() + '\n');
      const deadline = Date.now() + 5_000;
      while (!got.has(`t${i}`) && Date.now() < deadline) await sleep(2);
      lat.push((got.get(`t${i}`) ?? NaN) - t0);
      await sleep(50 + Math.random() * 100);
    }
    await app.stop();
    const missed = lat.filter((x) => !Number.isFinite(x)).length;
    const ok = lat.filter(Number.isFinite);
    const p50 = median(ok);
    const p99 = pct(ok, 99);
    return [
      show({
        bench: 'detection',
        metric: `log line → alert (n=${trials}${missed ? `, ${missed} missed in 5 s` : ''})`,
        value: p50,
        p99,
        unit: 'ms',
        goal: 'p50 ≤ 100 ms, p99 ≤ 500 ms',
        ok: !missed && p50 <= 100 && p99 <= 500,
        baseline: CRON_MEAN_MS,
        ratio: p50 / CRON_MEAN_MS,
        note: `5-min cron: mean ${CRON_MEAN_MS / 1000} s, worst ${CRON_WORST_MS / 1000} s (computed)`,
      }),
    ];
  } finally {
    kill();
  }
}
