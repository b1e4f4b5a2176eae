// log_flood on real files: a DingTalk reconnect storm (hermes-gateway-current.md §6) grows gateway.log by megabytes a
// minute, through a rotation; gatewatch reads only the new bytes, reports the rate and the repeating line (numbers
// masked, secrets redacted). A busy healthy log, a one-off burst and a storm that ended stay silent. Fake clock.
import { appendFile, mkdir, rename, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogTail, type LogTail } from '../../src/probes/log-tail.js';
import { createFloodMeter, normaliseLine, type FloodMeter } from '../../src/probes/log-flood.js';
import { runDetectors } from '../../src/detectors/index.js';
import { wordFinding } from '../../src/i18n.js';
import { createLogFilesSampler } from '../../src/watch/log-files.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch } from '../../src/watch/target.js';
import { buildEvidence, SETTINGS, stateFile } from '../helpers/evidence.js';
import { decideAutoRestart } from '../../src/actions/restart-policy.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { clockAt } from '../helpers/clock.js';
import { systemClock } from '../../src/util/clock.js';

const tails: LogTail[] = [];
afterEach(async () => {
  for (const t of tails.splice(0)) await t.stop();
  await cleanup();
});

const MiB = 1024 * 1024;
const T0 = new Date(2026, 8, 20, 9, 0, 0).getTime();
const TOKEN = 'dtk_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

/** One storm iteration, in the exact formats of the reference (§6 DingTalk), with a token in the error text. */
function stormLines(at: number, i: number): string {
  const ts = stamp(at);
  return (
    `${ts} WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: ConnectionClosedError(1011, 'keepalive ping timeout; access_token=${TOKEN}; conn ${100000 + i}')\n` +
    `${ts} INFO hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Reconnecting in 60s...\n`
  );
}

async function appendStorm(file: string, at: number, bytes: number, from: number): Promise<number> {
  const parts: string[] = [];
  let size = 0;
  for (let i = from; size < bytes; i++) {
    const l = stormLines(at, i);
    parts.push(l);
    size += Buffer.byteLength(l);
  }
  await appendFile(file, parts.join(''));
  return size;
}

async function follow(file: string, clock: { now: number }): Promise<{ tail: LogTail; meter: FloodMeter }> {
  const meter = createFloodMeter({ file, startedAt: clock.now });
  const tail = createLogTail({
    clock: systemClock,
    file,
    watch: false,
    onLines: (lines) => meter.push(lines, clock.now),
  });
  tails.push(tail);
  await tail.readNow(); // the catch-up read: follows from the end
  return { tail, meter };
}

/** The growth judged on an otherwise healthy gateway (the snapshot carries its own window). */
const judge = (growth: ReturnType<FloodMeter['snapshot']>, _now?: number) =>
  runDetectors(
    buildEvidence({
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: { logGrowth: growth! },
    }),
    SETTINGS,
  );

describe('log_flood', () => {
  it('a storm of 1.5 MB/min through a rotation: rate, masked and redacted line, only new bytes read', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gateway.log');
    // A big history that must never be read again.
    await writeFile(
      file,
      `${stamp(T0 - 3600_000)} INFO gateway.run: Starting Hermes Gateway...\n`.padEnd(8 * MiB, '#') + '\n',
    );
    const clock = { now: T0 };
    const { tail, meter } = await follow(file, clock);
    const readAtStart = tail.stats().bytesRead;
    let written = 0;
    for (let min = 1; min <= 10; min++) {
      clock.now = T0 + min * 60_000;
      written += await appendStorm(file, clock.now - 1000, 1.5 * MiB, min * 10_000);
      if (min === 6) {
        // Hermes' RotatingFileHandler: gateway.log → gateway.log.1, a fresh gateway.log. The storm goes on in it.
        await rename(file, `${file}.1`);
        written += await appendStorm(file, clock.now - 500, 0.2 * MiB, 900_000);
      }
      await tail.readNow();
    }
    // Only the new bytes were read (plus the last-line probe of the catch-up), never the 8 MB history.
    expect(tail.stats().bytesRead - readAtStart).toBeLessThanOrEqual(written);
    expect(tail.stats().bytesRead).toBeLessThan(written + 128 * 1024);

    const g = meter.snapshot(clock.now)!;
    expect(g.bytes).toBe(written);
    expect(g.spanMs).toBe(10 * 60_000);
    const found = judge(g, clock.now);
    expect(found.map((f) => f.check)).toEqual(['log_flood']);
    const f = found[0]!;
    expect(f.severity).toBe('warning');
    expect(f.restart).toBe('wait');
    expect(f.title).toMatch(/^Gateway log grows 1\.[5-7] MB\/min$/);
    const text = [f.title, f.explanation, f.action, ...f.evidence].join('\n');
    expect(text).toContain(
      "[Dingtalk] Stream client error: ConnectionClosedError(#, 'keepalive ping timeout; access_token=***",
    );
    expect(text).not.toContain(TOKEN);
    expect(f.evidence[1]).toMatch(/^most repeated \(\d+ of \d+ lines sampled\): .*conn #'\)$/);

    // zh-CN speaks the same numbers.
    const zh = runDetectors(
      buildEvidence({
        log: 'healthy.log',
        state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
        overrides: { logGrowth: g },
      }),
      { ...SETTINGS, locale: 'zh-CN' },
    );
    expect(zh[0]!.title).toBe(`网关日志每分钟增长 ${f.title.match(/([\d.]+) MB/)![1]} MB`);
  });

  it('near miss: a busy healthy gateway (30 KB/min for an hour) stays silent', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gateway.log');
    await writeFile(file, '');
    const clock = { now: T0 };
    const { tail, meter } = await follow(file, clock);
    for (let min = 1; min <= 60; min++) {
      clock.now = T0 + min * 60_000;
      await appendStorm(file, clock.now, 30 * 1024, min * 100);
      await tail.readNow();
    }
    const g = meter.snapshot(clock.now)!;
    expect(g.bytes).toBeGreaterThan(250 * 1024);
    expect(judge(g, clock.now)).toEqual([]);
  });

  it('near miss: one 4 MB traceback burst, and a storm that ended three minutes ago, stay silent', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gateway.log');
    await writeFile(file, '');
    const clock = { now: T0 };
    const { tail, meter } = await follow(file, clock);
    clock.now = T0 + 60_000;
    await appendStorm(file, clock.now, 4 * MiB, 0);
    await tail.readNow();
    clock.now = T0 + 6 * 60_000;
    expect(judge(meter.snapshot(clock.now), clock.now)).toEqual([]);

    // Then a real storm for 7 minutes, which stops.
    for (let min = 7; min <= 13; min++) {
      clock.now = T0 + min * 60_000;
      await appendStorm(file, clock.now, 1.5 * MiB, min * 10_000);
      await tail.readNow();
    }
    expect(judge(meter.snapshot(clock.now), clock.now).map((f) => f.check)).toEqual(['log_flood']);
    clock.now += 3 * 60_000;
    expect(judge(meter.snapshot(clock.now), clock.now)).toEqual([]);
  });

  it('near miss: copytruncate restarts the file; the bytes after it count once, nothing is re-read', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gateway.log');
    await writeFile(file, '');
    const clock = { now: T0 };
    const { tail, meter } = await follow(file, clock);
    clock.now += 60_000;
    const before = await appendStorm(file, clock.now, 100 * 1024, 0);
    await tail.readNow();
    await writeFile(file, ''); // truncated in place
    clock.now += 60_000;
    const after = await appendStorm(file, clock.now, 50 * 1024, 500);
    await tail.readNow();
    const g = meter.snapshot(clock.now)!;
    expect(g.bytes).toBe(before + after);
    expect(tail.stats().bytesRead).toBeLessThanOrEqual(before + after);
  });

  it('the live target watch feeds it from its tailer (gather() carries the growth)', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const file = path.join(home, 'logs', 'gateway.log');
    await writeFile(file, `${stamp(T0)} INFO gateway.run: Starting Hermes Gateway...\n`);
    const clock = { now: T0 };
    const config = resolveConfig(
      configSchema.parse({
        targets: [{ name: 'default', hermes_home: home, service: { manager: 'none' } }],
        state_dir: path.join(home, '..', 'gw-state-flood'),
      }),
      undefined,
    );
    const w = createTargetWatch({
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
      clock: clockAt(() => clock.now),
    });
    try {
      await w.gather();
      for (let min = 1; min <= 6; min++) {
        clock.now = T0 + min * 60_000;
        await appendStorm(file, clock.now, 1.2 * MiB, min * 10_000);
        await w.gather();
      }
      const ev = await w.gather();
      expect(ev.logGrowth?.spanMs).toBe(6 * 60_000);
      expect(ev.logGrowth!.bytes).toBeGreaterThan(6 * 1.2 * MiB - 1);
      expect(ev.logGrowth!.top?.line).toMatch(
        /^WARNING hermes_plugins\.dingtalk_platform\.adapter: \[Dingtalk\] Stream client error/,
      );
    } finally {
      await w.stop();
    }
  });
});

describe("log_flood says the disk's time left at its rate (issue 60 item 4)", () => {
  const GiB = 1024 * MiB;
  /** A disk of 40 GiB with 20 GiB free: Hermes calls it critical under 1 GiB (95 % used, under 1 GB free). */
  const disk = (home: string, at: number) => ({
    path: home,
    totalBytes: 40 * GiB,
    reservedBytes: 0,
    samples: [{ at, freeBytes: 20 * GiB }],
  });

  it('a DingTalk storm in gateway.log at 2 MB/min: the rate, the routine and the time to full', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gateway.log');
    await writeFile(file, `${stamp(T0 - 60_000)} INFO gateway.run: Starting Hermes Gateway...\n`);
    const clock = { now: T0 };
    const { tail, meter } = await follow(file, clock);
    for (let min = 1; min <= 10; min++) {
      clock.now = T0 + min * 60_000;
      await appendStorm(file, clock.now - 1000, 2 * MiB, min * 10_000);
      await tail.readNow();
    }
    const ev = buildEvidence({
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: { now: clock.now, logGrowth: meter.snapshot(clock.now)!, disk: disk(dir, clock.now) },
    });
    const [f] = runDetectors(ev, SETTINGS).filter((x) => x.check === 'log_flood');
    expect(f!.title).toMatch(/^Gateway log grows 2\.\d MB\/min$/);
    expect(f!.explanation).toMatch(
      /a busy healthy gateway writes kilobytes a minute\)\. At this rate the disk under the home \(20\.0 GB free\) falls under Hermes' critical line \(1\.0 GB free\) in about 6 days \d+ h and is full in about 7 days\./,
    );
    expect(wordFinding('zh-CN', f!).explanation).toMatch(
      /按此速度，Hermes 目录所在磁盘（剩余 20\.0 GB）约 6 天 \d+ 小时后低于/,
    );
    expect(f!.evidence.at(-1)).toMatch(
      /^the disk under .*: 20\.0 GB free, Hermes critical under 1\.0 GB; at 2\.\d MB\/min/,
    );
  });

  it('a file beside it by its size, 12 MB/min (gateway.error.log): the time to full too', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'));
    const err = path.join(home, 'logs', 'gateway.error.log');
    await writeFile(err, '');
    const sampler = createLogFilesSampler();
    let now = T0;
    for (let m = 0; m <= 10; m++, now += 60_000) {
      await truncate(err, m * 12 * MiB);
      await sampler.sample(home, now);
    }
    now -= 60_000;
    const ev = buildEvidence({
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: { now, logFiles: await sampler.sample(home, now), disk: disk(home, now) },
    });
    const [f] = runDetectors(ev, SETTINGS).filter((x) => x.check === 'log_flood');
    expect(f!.text?.key).toBe('finding.log_flood.file');
    expect(f!.explanation).toContain(
      "(12.0 MB/min, 720 MB an hour; a busy healthy gateway writes kilobytes a minute). At this rate the disk under the home (20.0 GB free) falls under Hermes' critical line (1.0 GB free) in about 27 h and is full in about 28 h.",
    );
    expect(wordFinding('zh-CN', f!).explanation).toContain(
      '约 27 小时后低于 Hermes 的临界线（剩余 1.0 GB），约 28 小时后写满',
    );
  });
});

describe('log_flood with other causes (sequences)', () => {
  const g = {
    file: '/home/ops/.hermes/logs/gateway.log',
    bytes: 30 * MiB,
    lines: 150_000,
    spanMs: 10 * 60_000,
    lastMinuteBytes: 3 * MiB,
    top: {
      line: 'WARNING hermes_plugins.dingtalk_platform.adapter: [Dingtalk] Stream client error: x',
      sample: 'x',
      count: 900,
      sampled: 1800,
    },
  };
  const policy = { autoRestart: true, maxRestarts: 3, windowMs: 3600_000, cooldownMs: 0 };

  it('a flood never blocks the restart a wedged loop needs, and never asks for one itself', () => {
    const wedged = buildEvidence({
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: {
        logGrowth: g,
        hermes: {
          version: { source: 'identify', generation: 'current', restampsUpdatedAt: false },
          control: { outcome: 'silent', waitedMs: 2001 },
        },
      },
    });
    const found = runDetectors(wedged, SETTINGS);
    expect(found.map((f) => f.check).sort()).toEqual(['gateway_unresponsive', 'log_flood']);
    const base = {
      target: 'default',
      service: { manager: 'systemd' as const, name: 'hermes-gateway.service', active: true, state: 'active/running' },
      history: [],
      inProgress: false,
      escalated: false,
      now: wedged.now,
    };
    expect(decideAutoRestart({ ...base, findings: found }, policy)).toMatchObject({
      action: 'restart',
      checks: ['gateway_unresponsive'],
    });
    expect(decideAutoRestart({ ...base, findings: found.filter((f) => f.check === 'log_flood') }, policy)).toEqual({
      action: 'none',
    });
  });

  it('the gateway is down: the flood is moot (the down cause alone is reported)', () => {
    const down = buildEvidence({
      log: 'healthy.log',
      alive: false,
      state: stateFile('stopped', {}),
      overrides: { logGrowth: g },
    });
    expect(runDetectors(down, SETTINGS).map((f) => f.check)).not.toContain('log_flood');
  });
});

describe('normaliseLine', () => {
  it('masks the timestamp, numbers, uuids and hex ids so repeats collapse', () => {
    const a = normaliseLine(
      '2026-09-20 09:10:00,123 WARNING x: [Wecom] Reconnect failed: req 4f1c2a9b8e7d id=6b1f6f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b after 30s',
    );
    const b = normaliseLine(
      '2026-09-20 09:11:07,999 WARNING x: [Wecom] Reconnect failed: req 77aa10ff23 id=00000000-1111-2222-3333-444444444444 after 60s',
    );
    expect(a).toBe(b);
    expect(a).toBe('WARNING x: [Wecom] Reconnect failed: req <id> id=<id> after #s');
  });
});
