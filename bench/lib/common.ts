// Shared by the bench files: options, rows, percentiles, a healthy Hermes home, a capture channel, process sampling.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAsctime, formatRecord } from '../../src/demo/hermes-log.js';
import type { Alert, Channel, ChannelContext } from '../../src/types.js';

export type Mode = 'quick' | 'default' | 'full' | 'soak';

export interface BenchOptions {
  mode: Mode;
  /** Scale a trial count: quick runs a fraction, full runs more. */
  n(defaultCount: number, quickCount?: number): number;
  tmp: string;
  /** `--scenario=<word>`: a bench of several scenarios runs only those whose label contains one of the words. */
  scenarios?: string[];
}

/** One line of the summary table. `value` is what was measured, `goal` what it must meet; `ok` undefined = no goal. */
export interface Row {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  p99?: number;
  goal?: string;
  ok?: boolean;
  baseline?: number;
  ratio?: number;
  note?: string;
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
/** package.json's bin, what `gatewatch` on PATH runs (a cron line's `gatewatch check`): the one-shot looks run it. */
export const BIN = path.join(ROOT, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin.gatewatch);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1 < 0 ? 0 : Math.ceil((p / 100) * s.length) - 1)]!;
}

export const median = (v: number[]) => pct(v, 50);

/** A ratio readable at any size: ×4.5, ×0.25, 1/3300. */
export const ratio = (r: number | undefined) =>
  r === undefined || !Number.isFinite(r) ? '–' : r >= 0.1 ? `×${fmt(r)}` : `1/${Math.round(1 / r)}`;

export function fmt(v: number | undefined, unit = ''): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  const s = Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  return unit ? `${s} ${unit}` : s;
}

/** Print one row as the bench goes (the table at the end repeats them all). */
export function show(r: Row): Row {
  const p99 = r.p99 !== undefined ? `  p99 ${fmt(r.p99, r.unit)}` : '';
  const base = r.baseline !== undefined ? `  baseline ${fmt(r.baseline, r.unit)} (${ratio(r.ratio)})` : '';
  const goal = r.goal ? `  goal ${r.goal} ${r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED'}` : '';
  console.log(`   ${r.metric.padEnd(44)} ${fmt(r.value, r.unit)}${p99}${base}${goal}${r.note ? `  (${r.note})` : ''}`);
  return r;
}

export function requireBuild(): void {
  try {
    readFileSync(CLI);
  } catch {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
}

const HEALTHY = readFileSync(path.join(ROOT, 'test', 'fixtures', 'logs', 'healthy.log'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, 20);

/** The healthy start-up of test/fixtures/logs/healthy.log (real Hermes format), retimed to end `agoMs` before now. */
export function healthyLines(agoMs = 30_000): string[] {
  const t = Date.now() - agoMs - HEALTHY.length * 100;
  return HEALTHY.map((l, i) => formatAsctime(t + i * 100) + l.slice(23));
}

/** A Hermes home that looks healthy: `pid` running (a `… gateway run` process), both platforms connected. */
export function healthyHome(home: string, pid: number, extraLines: string[] = []): string {
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  writeFileSync(path.join(home, 'logs', 'gateway.log'), [...healthyLines(), ...extraLines].join('\n') + '\n');
  writeFileSync(path.join(home, 'gateway.pid'), String(pid));
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid,
      gateway_state: 'running',
      platforms: { feishu: { state: 'connected' }, qqbot: { state: 'connected' } },
      updated_at: new Date().toISOString(),
    }),
  );
  return home;
}

/**
 * A process whose cmdline reads `… gateway run`, as the process probe requires; it does nothing. With `home`, it serves
 * that Hermes home (HERMES_HOME in its environment, as the probe's "other home" check reads it): a shell blocked in its
 * `read` builtin (about 1 MB, no child of its own that a SIGKILL would orphan; it ends when our end of the pipe closes).
 */
export function sleeperGateway(home?: string): ChildProcess {
  if (home)
    return spawn('sh', ['-c', 'read x', 'gateway', 'run'], {
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, HERMES_HOME: home },
    });
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', 'gateway', 'run'], { stdio: 'ignore' });
}

/**
 * sleeperGateway's, holding `<home>/gateway.lock` for its life as Hermes v0.19 and later do (flock LOCK_EX, taken by
 * the gateway's own process: perl, which every Debian has, where node has no flock). It ends when our end of its pipe
 * closes.
 */
export function lockedGateway(home: string): ChildProcess {
  mkdirSync(home, { recursive: true });
  const code = `open(my $f, '>>', "$ENV{HERMES_HOME}/gateway.lock") or exit 3; flock($f, LOCK_EX) or exit 3; <STDIN>;`;
  return spawn('perl', ['-MFcntl=:flock', '-e', code, 'gateway', 'run'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, HERMES_HOME: home },
  });
}

/** `n` healthy Hermes homes under `dir`, each served by its own sleeper gateway. */
export function healthyHomes(dir: string, n: number, name = (i: number) => `h${i}`): { homes: string[]; kill(): void } {
  const gws: ChildProcess[] = [];
  const homes = Array.from({ length: n }, (_, i) => {
    const home = path.join(dir, name(i));
    const gw = sleeperGateway(home);
    gws.push(gw);
    return healthyHome(home, gw.pid!);
  });
  return { homes, kill: () => gws.forEach((g) => g.kill('SIGKILL')) };
}

/** The terminal QQ failure, exact format from the Hermes reference: nothing but a restart brings QQ back. */
export const terminalLine = (ms = Date.now()) =>
  formatRecord(ms, 'ERROR', 'gateway.platforms.qqbot.adapter', '[QQBot:102345678] Max reconnect attempts reached');

/** An in-process channel that records when each alert is handed to it. */
export function captureChannel(onAlert: (a: Alert, at: number) => void): Channel {
  return {
    name: 'bench',
    interactive: false,
    async start(_ctx: ChannelContext) {},
    async stop() {},
    async deliver(a) {
      onAlert(a, performance.now());
      return { status: 'sent' };
    },
    health: () => ({ name: 'bench', ok: true, summary: 'bench capture' }),
  };
}

/** RSS (KB → MB) and CPU ticks of a process from /proc; undefined once it is gone. */
export function procSample(pid: number): { rssMb: number; cpuSec: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return { rssMb: rss, cpuSec: ticks / clockTicks() };
  } catch {
    return undefined;
  }
}

let hz: number | undefined;
function clockTicks(): number {
  if (hz) return hz;
  try {
    hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    hz = 100;
  }
  return hz;
}
