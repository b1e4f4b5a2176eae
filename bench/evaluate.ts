// How long one full check of a target takes, and how much it delays the event loop that carries the chat channels'
// heartbeats (it must stay far below a heartbeat interval).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { configSchema, resolveConfig } from '../src/channels/config.js';
import { createApp } from '../src/app.js';

function pad(n: number) {
  return String(n).padStart(2, '0');
}

function bigLog(lines: number): string {
  const out: string[] = [];
  const t0 = Date.now() - lines * 1000;
  const stamp = (ms: number) => {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${String(d.getMilliseconds()).padStart(3, '0')}`;
  };
  out.push(`${stamp(t0)} INFO gateway.run: Starting Hermes Gateway...`);
  out.push(`${stamp(t0 + 1)} INFO gateway.run: ✓ feishu connected`);
  out.push(`${stamp(t0 + 2)} INFO gateway.run: ✓ qqbot connected`);
  out.push(`${stamp(t0 + 3)} INFO gateway.run: Gateway running with 2 platform(s)`);
  for (let i = 4; i < lines; i++) {
    const ts = stamp(t0 + i * 1000);
    if (i % 1800 === 0) {
      out.push(
        `${ts} WARNING gateway.platforms.qqbot.adapter: [QQBot:102345678] WebSocket closed: code=4009 reason=Session timed out`,
      );
      out.push(`${ts} INFO gateway.platforms.qqbot.adapter: [QQBot:102345678] Session resumed`);
    } else
      out.push(
        `${ts} INFO gateway.run: inbound message: platform=qqbot user=A37B chat=A37B msg='hello ${i}' reply_to_id=None reply_to_text=''`,
      );
  }
  return out.join('\n') + '\n';
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-eval-'));
  const home = path.join(dir, 'hermes');
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const text = bigLog(40_000);
  writeFileSync(path.join(home, 'logs', 'gateway.log'), text);
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid: process.pid,
      gateway_state: 'running',
      platforms: { feishu: { state: 'connected' }, qqbot: { state: 'connected' } },
    }),
  );
  const config = resolveConfig(
    configSchema.parse({
      state_dir: path.join(dir, 'state'),
      targets: [{ name: 'b', hermes_home: home, service: { manager: 'none' } }],
    }),
    undefined,
  );
  const app = await createApp(config, { log: pino({ level: 'silent' }), readOnly: true });

  const t0 = performance.now();
  await app.core.evaluate('b');
  const first = performance.now() - t0;

  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await app.core.evaluate('b');
    times.push(performance.now() - t);
  }
  h.disable();
  times.sort((a, b) => a - b);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  console.log(
    ` log ${(text.length / 1e6).toFixed(1)} MB, ${app.core.lastResult('b')!.evidence.log.run.length} run records kept`,
  );
  console.log(`   first check (history scan + probes)   ${first.toFixed(1)} ms`);
  console.log(
    `   later checks (n=50)                   p50 ${times[25]!.toFixed(1)} ms  p99 ${times[49]!.toFixed(1)} ms`,
  );
  console.log(
    `   event-loop delay during checks        p50 ${ms(h.percentile(50))} ms  p99 ${ms(h.percentile(99))} ms  max ${ms(h.max)} ms`,
  );
  await app.stop();
}
