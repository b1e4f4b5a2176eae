// The availability history at its bound: 90 days of a target with 6 platforms that each flap every 10 minutes
// (far more changes than a real gateway makes), 1,000 incidents and 1,000 restarts, compacted as the store saves it.
// Its size on disk, the time to load it at start (openHistory: read, check, keep) and the heap it holds; the figures of
// 30 days from it (what /uptime and each /metrics scrape compute); its picture; and a daemon's idle RSS with that
// history against one with none.
// Then the built daemon (the service's flags and malloc settings) on histories at and past the bound (issue 43: a file
// of the old bound, 7.4 MB, took it to 482 MB and held /healthz 3.4 s; a 28.6 MB one to 1.35 GB): its RSS beside a
// daemon with none, and the longest the loop was held from start to shutdown (the load, a /metrics scrape, the save at
// shutdown), read by a monitor loaded into the daemon (--import). Last, a daemon answering /uptime with its picture on
// Telegram (a fake on loopback) again and again: its RSS after the first picture, after its warm-up and after the last.
import { statSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { figures } from '../src/history/figures.js';
import { DAY_MS, emptyHistory, WINDOWS } from '../src/history/model.js';
import { compact, incidentOpened, incidentResolved, observe, restarted } from '../src/history/record.js';
import { historyFile, openHistory } from '../src/history/store.js';
import { writeJsonAtomic } from '../src/state/atomic.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startFakeTelegram } from '../test/fakes/telegram-server.js';
import { freePort } from '../test/helpers/ports.js';
import { chartPng } from '../src/delivery/chart-png.js';
import { DAEMON_MALLOC_ENV, DAEMON_NODE_FLAGS } from '../src/deploy/systemd.js';
import { uptimeChart } from '../src/history/chart.js';
import { HISTORY_VERSION, type Change, type TargetHistory } from '../src/history/model.js';
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

  // The picture of those 30 days (drawn by a child process: the first and the later ones cost the same).
  const chart = uptimeChart([h], {
    title: 'Uptime of default, last 30d',
    from: now - 30 * DAY_MS,
    to: now,
    locale: 'en',
  });
  let t = performance.now();
  await chartPng(chart);
  const firstDraw = performance.now() - t;
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

  // The built daemon on histories at and past the bound, one at a time (the loop's longest hold is measured).
  const none = await boundRun(o, 'none', undefined);
  const bounds: Row[] = [];
  for (const [name, label, file] of [
    ['bound', 'at its bound (100 platforms, 10,000 changes, 1,000 incidents and restarts)', big(100, 100)],
    ['old', 'a file of the old bound (7.2 MB: 100 platforms of 3,000 changes)', big(100, 3_000)],
    ['huge', 'a 28 MB file (100 platforms of 12,000 changes, long names)', big(100, 12_000, 80)],
  ] as const) {
    const run = await boundRun(o, name, file);
    bounds.push(
      show({
        bench: 'history',
        metric: `daemon, history ${label}: RSS more than with none`,
        value: run.rss - none.rss,
        unit: 'MB',
        goal: '≤ 30 MB',
        ok: run.rss - none.rss <= 30,
        note: `${(run.bytes / MB).toFixed(1)} MB on disk; peak ${run.peak.toFixed(0)} MB, none ${none.rss.toFixed(0)} MB`,
      }),
      show({
        bench: 'history',
        metric: `daemon, history ${label}: longest loop hold, start to shutdown`,
        value: run.loopMs,
        unit: 'ms',
        goal: '≤ 100 ms',
        ok: run.loopMs <= 100,
        note: `at ${(run.loopAt / 1000).toFixed(1)} s; none: ${none.loopMs.toFixed(0)} ms at ${(none.loopAt / 1000).toFixed(1)} s; load, a /metrics scrape, the save`,
      }),
    );
  }
  // The service's daemon warms up over its first pictures, once: 77 → 79 MB over the first 40, then 79 → 81 MB over the
  // next 350, where its live heap grew 0.25 MB over 200 (heap snapshots). V8 compiles what gets hot (its code space
  // 2.1 → 2.8 MB by the 15th) and malloc's arenas settle. What a picture keeps is read after that: from the 40th on.
  const pics = await pictureRun(o, DAEMON_NODE_FLAGS, o.n(200, 25), o.n(40, 5));
  // The same on node's defaults, as a daemon run by hand in a terminal runs: V8 grows its young generation for what
  // survives its collections, and a picture of 100 platforms was some 35 MB of short-lived arrays on the JS heap (the
  // target's merged changes worked out three times, the text strip walking every list again for each cell): +37 MB
  // over 40 pictures here, the young generation grown to 32 MB, where nothing was kept (issue 51 item 12).
  const byHand = await pictureRun(o, [], 41);

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
      metric: 'daemon idle RSS: 90 days of history vs none',
      value: grew,
      unit: 'MB',
      goal: '≤ 3 MB',
      ok: grew <= 3,
    }),
    ...bounds,
    show({
      bench: 'history',
      metric: 'daemon: RSS the first /uptime picture adds',
      value: pics.first - pics.before,
      unit: 'MB',
      note: `before ${pics.before.toFixed(0)} MB; drawn by a child process`,
    }),
    show({
      bench: 'history',
      metric: `daemon: RSS the next ${pics.warmUp - 1} /uptime pictures add (warm-up: code compiled as it gets hot)`,
      value: pics.warm - pics.first,
      unit: 'MB',
      note: `${pics.first.toFixed(0)} → ${pics.warm.toFixed(0)} MB`,
    }),
    show({
      bench: 'history',
      metric: `daemon: RSS after ${pics.count} /uptime pictures more than after the first ${pics.warmUp}`,
      value: pics.last - pics.warm,
      unit: 'MB',
      goal: '≤ 3 MB (flat)',
      ok: pics.last - pics.warm <= 3,
      note: `${pics.warm.toFixed(0)} → ${pics.last.toFixed(0)} MB; ${pics.msEach.toFixed(0)} ms a picture`,
    }),
    show({
      bench: 'history',
      metric: `daemon run by hand (node's defaults): RSS after ${byHand.count} /uptime pictures more than after the first`,
      value: byHand.last - byHand.first,
      unit: 'MB',
      goal: '≤ 15 MB',
      ok: byHand.last - byHand.first <= 15,
      note: `${byHand.first.toFixed(0)} → ${byHand.last.toFixed(0)} MB; ${byHand.msEach.toFixed(0)} ms a picture`,
    }),
  ];
}

/** `platforms` platforms of `n` changes each over the last 89 days, names padded by `pad`: as a file holds them. */
function big(platforms: number, n: number, pad = 0): TargetHistory {
  const now = Date.now();
  const t0 = now - 89 * DAY_MS;
  const states = ['up', 'down', 'deaf', 'up', 'unknown'] as const;
  return {
    version: HISTORY_VERSION,
    target: 'default',
    since: t0,
    seenAt: now - 1_000,
    platforms: Object.fromEntries(
      Array.from({ length: platforms }, (_, p) => [
        `platform_${String(p).padStart(3, '0')}${'x'.repeat(pad)}`,
        Array.from({ length: n }, (_, i): Change => [t0 + Math.floor((i * 89 * DAY_MS) / n) + p, states[i % 5]!]),
      ]),
    ),
    incidents: Array.from({ length: 1_000 }, (_, i) => ({
      id: `qq_reconnect_exhausted:${i}`,
      check: 'qq_reconnect_exhausted',
      platform: `platform_${String(i % platforms).padStart(3, '0')}`,
      title: 'QQ gave up reconnecting after its attempts ran out',
      severity: 'critical' as const,
      firstAt: t0 + i * 7e6,
      alertAt: t0 + i * 7e6 + 30_000,
      recoveredAt: t0 + i * 7e6 + 300_000,
    })),
    restarts: Array.from({ length: 1_000 }, (_, i) => ({ at: t0 + i * 7e6 + 60_000, ok: true, actor: 'gatewatch' })),
  };
}

/**
 * Loaded into the daemon: the longest the event loop was held, written to GW_LOOP_FILE (and at exit), with when the
 * longest gap between two ticks of a 10 ms timer began (ms since the process started): the start-up's modules and
 * config take a turn of their own, which a daemon with no history holds as long.
 */
const LOOP_MONITOR = `import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
let last = performance.now();
let worst = { ms: 0, at: 0 };
setInterval(() => {
  const now = performance.now();
  if (now - last > worst.ms) worst = { ms: now - last, at: last };
  last = now;
}, 10).unref();
const write = () => writeFileSync(process.env.GW_LOOP_FILE, \`\${h.max / 1e6} \${worst.at}\`);
setInterval(write, 500).unref();
process.on('exit', write);
`;

/**
 * The built daemon with http on loopback and a Hermes home that looks healthy: with the service's flags, or none (run
 * by hand: `gatewatch run`, `npx gatewatch run`, `gatewatch demo` in a terminal).
 */
async function startDaemon(
  dir: string,
  history: TargetHistory | undefined,
  extra = '',
  flags: readonly string[] = DAEMON_NODE_FLAGS,
): Promise<{ child: ChildProcess; gw: ChildProcess; base: string; loopFile: string; bytes: number }> {
  mkdirSync(dir, { recursive: true });
  const gw = sleeperGateway(path.join(dir, 'hermes'));
  const home = healthyHome(path.join(dir, 'hermes'), gw.pid!);
  const stateDir = path.join(dir, 'state');
  let bytes = 0;
  if (history) {
    mkdirSync(path.join(stateDir, 'history'), { recursive: true });
    const text = JSON.stringify(history);
    writeFileSync(historyFile(stateDir, 'default'), text);
    bytes = text.length;
  }
  const port = await freePort();
  const config = path.join(dir, 'gatewatch.yaml');
  writeFileSync(
    config,
    `state_dir: ${stateDir}\nhttp: { listen: "127.0.0.1:${port}" }\ntargets:\n  - { name: default, hermes_home: ${home}, platforms: [feishu, qqbot], service: { manager: none } }\n${extra || 'channels:\n  console: {}\n'}`,
  );
  const monitor = path.join(dir, 'loop-monitor.mjs');
  writeFileSync(monitor, LOOP_MONITOR);
  const loopFile = path.join(dir, 'loop-max');
  const child = spawn(process.execPath, [...flags, CLI, 'run', '--config', config, ...(extra ? [] : ['--console'])], {
    env: {
      ...process.env,
      // Through NODE_OPTIONS, not the command line: the executable knows the service by its exact flags (src/main.ts),
      // and a daemon given one more ran without the service's code cache, its start a turn twice as long.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${monitor}`.trim(),
      // The service's malloc settings with its flags: run by hand, glibc's defaults.
      ...(flags === DAEMON_NODE_FLAGS ? DAEMON_MALLOC_ENV : {}),
      GATEWATCH_CONFIG: '',
      GATEWATCH_LOG_LEVEL: 'warn',
      GW_LOOP_FILE: loopFile,
    },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the daemon exited (${child.exitCode}) before it answered /healthz`);
    if (Date.now() > deadline) throw new Error('the daemon did not answer /healthz within 60 s');
    const up = await fetch(`${base}/healthz`).then(
      () => true,
      () => false,
    );
    if (up) break;
    await sleep(100);
  }
  return { child, gw, base, loopFile, bytes };
}

async function stopDaemon(d: { child: ChildProcess; gw: ChildProcess }): Promise<void> {
  const exited = new Promise((r) => d.child.once('exit', r));
  d.child.kill('SIGTERM');
  await exited;
  d.gw.kill('SIGKILL');
}

async function rssOf(pid: number, samples: number): Promise<number> {
  const rss: number[] = [];
  for (let i = 0; i < samples; i++) {
    const s = procSample(pid);
    if (s) rss.push(s.rssMb);
    await sleep(500);
  }
  return median(rss);
}

/** One daemon's RSS once it runs (a /metrics scrape included) and the loop's longest hold from start to shutdown. */
async function boundRun(
  o: BenchOptions,
  name: string,
  history: TargetHistory | undefined,
): Promise<{ rss: number; peak: number; loopMs: number; loopAt: number; bytes: number }> {
  const d = await startDaemon(path.join(o.tmp, `history-bound-${name}`), history);
  try {
    await sleep(o.mode === 'quick' ? 2_000 : 5_000);
    await (await fetch(`${d.base}/metrics`)).text();
    const rss = await rssOf(d.child.pid!, o.mode === 'quick' ? 4 : 10);
    const peak = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${d.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    await stopDaemon(d);
    const [loopMs, loopAt] = readFileSync(d.loopFile, 'utf8').split(' ').map(Number);
    return { rss, peak, loopMs: loopMs!, loopAt: loopAt!, bytes: d.bytes };
  } finally {
    d.child.kill('SIGKILL');
    d.gw.kill('SIGKILL');
  }
}

/**
 * /uptime on Telegram, answered with its picture, `count` times one after another; RSS before, after the first, after
 * the first `warmUp` and after the last.
 */
async function pictureRun(
  o: BenchOptions,
  flags: readonly string[] = DAEMON_NODE_FLAGS,
  count = o.n(160, 20),
  warmUp = 1,
): Promise<{
  before: number;
  first: number;
  warm: number;
  last: number;
  count: number;
  warmUp: number;
  msEach: number;
}> {
  const token = '7012345678:AAHbench-token-0123456789abcdefghij';
  const tg = await startFakeTelegram({ token });
  const user = { id: 111, is_bot: false, first_name: 'Alice' };
  const chat = { id: 111, type: 'private' as const, first_name: 'Alice' };
  tg.addChat(chat);
  const d = await startDaemon(
    path.join(o.tmp, `history-pictures-${flags.length ? 'service' : 'by-hand'}`),
    big(100, 100),
    `operators:\n  - { name: alice, role: admin, telegram_id: "111" }\nchannels:\n  telegram: { bot_token: "${token}", api_base: "${tg.base}", alert_to: [{ chat_id: 111 }] }\n`,
    flags,
  );
  const photos = () => tg.state.messages.filter((m) => m.photo).length;
  const ask = async () => {
    const had = photos();
    tg.userMessage({ from: user, chat, text: '/uptime' });
    await tg.waitFor(() => photos() > had, 60_000, 'the /uptime picture');
  };
  try {
    await sleep(3_000);
    const before = await rssOf(d.child.pid!, 6);
    await ask();
    const first = await rssOf(d.child.pid!, 6);
    for (let i = 1; i < warmUp; i++) await ask();
    const warm = warmUp > 1 ? await rssOf(d.child.pid!, 6) : first;
    const t = performance.now();
    for (let i = warmUp; i < count; i++) await ask();
    const msEach = (performance.now() - t) / Math.max(1, count - warmUp);
    const last = await rssOf(d.child.pid!, 6);
    return { before, first, warm, last, count, warmUp, msEach };
  } finally {
    await stopDaemon(d).catch(() => undefined);
    await tg.close();
  }
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
    env: { ...process.env, ...DAEMON_MALLOC_ENV, GATEWATCH_CONFIG: '', GATEWATCH_LOG_LEVEL: 'warn' },
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
