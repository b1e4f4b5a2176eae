// What the detectors cost per glance on a busy gateway: the whole table (runDetectors) over a run of 2,000 records of
// message traffic with replies, QQ's 4009 cycles and a few platform lines, judged as a glance judges it (a fresh
// Evidence over records that keep their per-record facts). Issue 33 added a dozen detectors: this row holds their cost.
import { parseLogText, splitRuns } from '../src/probes/log-parse.js';
import { runDetectors } from '../src/detectors/index.js';
import type { DetectSettings, Evidence } from '../src/evidence.js';
import type { BenchOptions, Row } from './lib/common.js';
import '../src/platforms/index.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
};

export function busyRun(records: number, now: number): string {
  const t0 = now - records * 1000;
  const out = [
    `${stamp(t0)} INFO gateway.run: Starting Hermes Gateway...`,
    `${stamp(t0 + 1)} INFO gateway.run: ✓ feishu connected`,
    `${stamp(t0 + 2)} INFO gateway.run: ✓ qqbot connected`,
    `${stamp(t0 + 3)} INFO gateway.run: ✓ telegram connected`,
    `${stamp(t0 + 4)} INFO gateway.run: Gateway running with 3 platform(s)`,
  ];
  for (let i = 5; i < records; i++) {
    const ts = stamp(t0 + i * 1000);
    if (i % 600 === 0)
      out.push(
        `${ts} WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket closed: code=4009 reason=Session timed out`,
        `${ts} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Session resumed`,
      );
    else if (i % 2)
      out.push(
        `${ts} INFO gateway.run: inbound message: platform=telegram user=58123 chat=${i % 7} msg='hello ${i}' reply_to_id=None reply_to_text=''`,
      );
    else
      out.push(
        `${ts} INFO gateway.run: response ready: platform=telegram chat=${(i - 1) % 7} time=4.2s api_calls=2 response=120 chars`,
      );
  }
  return out.join('\n') + '\n';
}

export default async function bench(o: BenchOptions): Promise<Row[]> {
  const now = Date.now();
  const { run, previous, runStartSeen } = splitRuns(parseLogText(busyRun(2_000, now)));
  const state = {
    pid: process.pid,
    gateway_state: 'running',
    platforms: { feishu: { state: 'connected' }, qqbot: { state: 'connected' }, telegram: { state: 'connected' } },
  };
  const base: Evidence = {
    target: 'b',
    now,
    expectedPlatforms: ['feishu', 'qqbot', 'telegram'],
    process: { pidFile: { pid: process.pid }, alive: true, pid: process.pid, startedAt: run[0]!.ts },
    processes: [{ pid: process.pid, cmdline: 'python -m hermes_cli.main gateway run' }],
    service: { manager: 'none' },
    state,
    log: { file: 'gateway.log', run, previous, runStartSeen },
    slowTools: [],
  };
  const settings: DetectSettings = {
    disconnectGraceMs: 90_000,
    storm: { disconnects: 5, withinMs: 600_000 },
    zombieAfterMs: 3_600_000,
    locale: 'en',
  };
  // Warm: the records' own facts are computed once, as the run tracker keeps them across glances.
  for (let i = 0; i < 20; i++) runDetectors({ ...base }, settings);
  const times: number[] = [];
  for (let i = 0; i < o.n(200); i++) {
    const t = performance.now();
    const found = runDetectors({ ...base, now: now + i }, settings);
    times.push(performance.now() - t);
    if (found.length) throw new Error(`a healthy busy run is judged: ${found.map((f) => f.check).join(', ')}`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p99 = times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!;
  console.log(`   runDetectors over 2,000 busy records: median ${median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
  return [
    {
      bench: 'detectors',
      metric: 'detector table per glance, 2,000 busy records',
      value: median,
      p99,
      unit: 'ms',
      goal: '≤ 2 ms',
      ok: median <= 2,
    },
  ];
}
