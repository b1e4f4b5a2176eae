// Child processes for the bench: wall time and peak RSS (VmHWM, written by a preload at exit) of one run.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Node preload: at exit, append this process's peak RSS in KB to $GW_BENCH_HWM, then the CPU it used (user + system, ms:
 * on a shared box the wall time of a short run is mostly other work's, its CPU much less so).
 */
const PRELOAD = `process.on('exit', () => { try { const s = require('fs').readFileSync('/proc/self/status', 'utf8'); const u = process.cpuUsage(); require('fs').appendFileSync(process.env.GW_BENCH_HWM, /VmHWM:\\s+(\\d+)/.exec(s)[1] + '\\n' + (u.user + u.system) / 1000 + '\\n'); } catch {} });\n`;

export interface Timed {
  wallMs: number;
  peakMb: number;
  /** User + system CPU of the process itself, ms. */
  cpuMs: number;
  code: number | null;
  stdout: string;
}

export function preloadFile(tmp: string): string {
  const f = path.join(tmp, 'hwm-preload.cjs');
  writeFileSync(f, PRELOAD);
  return f;
}

export async function timedRun(tmp: string, args: string[], env: Record<string, string> = {}): Promise<Timed> {
  const hwm = path.join(tmp, `hwm-${process.hrtime.bigint()}`);
  writeFileSync(hwm, '');
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--require', preloadFile(tmp), ...args], {
    env: { ...process.env, ...env, GW_BENCH_HWM: hwm },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stdout += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const wallMs = performance.now() - t0;
  const [hwmKb, cpuMs] = readFileSync(hwm, 'utf8').trim().split('\n').map(Number);
  return { wallMs, peakMb: hwmKb! / 1024, cpuMs: cpuMs!, code, stdout };
}

/**
 * A run of `gatewatch check` that says where its time went (GATEWATCH_DEBUG=1: src/util/steps.ts): each step's
 * milliseconds, summed over the lines that name them, beside the run's wall time, peak RSS and CPU.
 */
export async function steppedRun(
  tmp: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Timed & { steps: Record<string, number> }> {
  const r = await timedRun(tmp, args, { ...env, GATEWATCH_DEBUG: '1' });
  const steps: Record<string, number> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^gatewatch debug: steps (.*)$/.exec(line);
    if (!m) continue;
    for (const kv of m[1]!.split(' ')) {
      const [k, v] = kv.split('=');
      if (k && v) steps[k] = (steps[k] ?? 0) + Number(v);
    }
  }
  return { ...r, stdout: r.stdout.replace(/^gatewatch debug: .*\n/gm, ''), steps };
}
