// Figures for the log pipeline: append → onLines latency (fs.watch vs polling only), and the backward history scan.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogTail } from '../src/probes/log-tail.js';
import { readLogHistory } from '../src/probes/log-history.js';
import { systemClock } from '../src/util/clock.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

async function latency(
  dir: string,
  label: string,
  opts: { watch: boolean; pollMs: number; batchMs?: number },
  appends: number,
) {
  const file = path.join(dir, `${label.replace(/\W+/g, '-')}.log`);
  await fs.writeFile(file, '');
  const sent: number[] = [];
  const got: number[] = [];
  const tail = createLogTail({
    clock: systemClock,
    file,
    ...opts,
    onLines(lines) {
      const now = performance.now();
      for (const l of lines) {
        const i = Number(/ n=(\d+)$/.exec(l)?.[1]);
        if (Number.isInteger(i)) got[i] = now;
      }
    },
  });
  tail.start();
  await tail.readNow();
  const fh = await fs.open(file, 'a');
  try {
    for (let i = 0; i < appends; i++) {
      await fh.write(`2026-06-22 08:00:01,204 INFO gateway.run: bench n=${i}\n`);
      sent[i] = performance.now();
      await sleep(2 + Math.random() * 6);
    }
  } finally {
    await fh.close();
  }
  const until = Date.now() + opts.pollMs * 3 + 5000;
  while (got.filter((x) => x !== undefined).length < appends && Date.now() < until) await sleep(10);
  const st = tail.stats();
  await tail.stop();
  const lat = sent
    .map((t, i) => (got[i] ?? NaN) - t)
    .filter((x) => Number.isFinite(x))
    .sort((a, b) => a - b);
  console.log(
    `   ${label.padEnd(28)} n=${lat.length}/${appends}  p50 ${fmt(pct(lat, 50))}  p99 ${fmt(pct(lat, 99))}  max ${fmt(lat.at(-1)!)}  read passes ${st.passes}`,
  );
}

async function history(dir: string) {
  const file = path.join(dir, 'gateway.log');
  const rec = (i: number) =>
    `2026-06-22 09:00:00,000 INFO gateway.platforms.qqbot.adapter: [QQBot:1] C2C message: id=${i} content='hello there' attachments=None\n`;
  const start = '2026-06-22 08:00:01,204 INFO gateway.run: Starting Hermes Gateway...\n';
  let body = '';
  for (let i = 0; body.length < 5 * 1024 * 1024; i++) body += rec(i);
  const cases: [string, string][] = [
    ['start line at the top (full scan)', start + body],
    ['start line 100 KB from the end', body + start + body.slice(0, 100_000).replace(/^[^\n]*\n/, '')],
    ['no start line (budget-bound)', body],
  ];
  for (const [label, text] of cases) {
    await fs.writeFile(file, text);
    const times: number[] = [];
    let bytes = 0;
    let records = 0;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const h = await readLogHistory(file);
      times.push(performance.now() - t0);
      bytes = h.bytesRead;
      records = h.run.length;
    }
    times.sort((a, b) => a - b);
    const med = pct(times, 50);
    console.log(
      `   ${label.padEnd(36)} file ${(text.length / 1e6).toFixed(1)} MB  read ${(bytes / 1e6).toFixed(2)} MB  median ${fmt(med)}  ${(bytes / 1e6 / (med / 1000)).toFixed(0)} MB/s  run records kept ${records}`,
    );
  }
}

export default async function bench(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gw-bench-'));
  try {
    console.log(' append → onLines latency (500 appends, 2–8 ms apart):');
    // The daemon's: a line after a quiet spell is read at once, one within 250 ms of the last read waits for its window.
    await latency(dir, 'fs.watch + poll 1000 ms', { watch: true, pollMs: 1000 }, 500);
    await latency(dir, 'fs.watch, every event read', { watch: true, pollMs: 1000, batchMs: 0 }, 500);
    await latency(dir, 'polling only, 1000 ms', { watch: false, pollMs: 1000 }, 500);
    await latency(dir, 'polling only, 100 ms', { watch: false, pollMs: 100 }, 500);
    console.log(' backward history scan (5 runs each):');
    await history(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
