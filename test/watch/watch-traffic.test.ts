// A busy gateway's message traffic is not judged line by line: on a healthy gateway an `inbound message` line cannot
// raise anything, and judging each burst cost a busy host 15 % of a core. Anything else in the log is still judged at
// once, and traffic is judged while a finding is open (it may prove a deaf socket alive). A log burst's evaluation may
// reuse a recent process scan, but never one that misses the gateway the pid file names now.
import { appendFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { formatAsctime, formatRecord } from '../../src/demo/hermes-log.js';
import { isTrafficLine } from '../../src/probes/log-traffic.js';
import { createTargetWatch, type TargetWatch } from '../../src/watch/target.js';
import type { Harness } from '../helpers/harness.js';
import { slowPoll, startLogOnlyApp } from '../helpers/log-only-app.js';
import { until } from '../helpers/until.js';
import { manualClock } from '../helpers/clock.js';
import { tailReadToEnd } from '../helpers/tail-read.js';

import { cleanup, exited, spawnIdle, tempDir, writeExecutable } from '../helpers/probe-procs.js';
import { systemClock } from '../../src/util/clock.js';

let h: Harness | undefined;
const watches: TargetWatch[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const w of watches.splice(0)) await w.stop();
  await cleanup();
});

const at = Date.UTC(2026, 10, 22, 8, 0, 0);
const rec = (level: Parameters<typeof formatRecord>[1], logger: string, msg: string) =>
  formatRecord(at, level, logger, msg);

describe('isTrafficLine', () => {
  it.each([
    [
      rec(
        'INFO',
        'gateway.run',
        "inbound message: platform=qqbot user=A37B chat=A37B msg='hi' reply_to_id=None reply_to_text=''",
      ),
      true,
    ],
    [
      rec('INFO', 'gateway.run', 'response ready: platform=qqbot chat=A37B time=2.1s api_calls=1 response=12 chars'),
      true,
    ],
    [
      `${formatAsctime(at)} INFO [20261122_080000_ab12cd34] gateway.run: inbound message: platform=feishu user=ou_x chat=oc_y msg='x'`,
      true,
    ],
    [
      rec(
        'INFO',
        'gateway.platforms.qqbot.adapter',
        "[QQBot:102345678] C2C message: id=ROBOT1.0_x content='hi' attachments=[]",
      ),
      true,
    ],
    [rec('INFO', 'gateway.platforms.qqbot.adapter', "[QQBot:102345678] Group message: id=x content='hi'"), true],
    // Not traffic: anything a detector may read.
    [rec('WARNING', 'gateway.run', "inbound message: platform=qqbot user=A37B chat=A37B msg='hi'"), false],
    [rec('ERROR', 'gateway.platforms.qqbot.adapter', '[QQBot:102345678] Max reconnect attempts reached'), false],
    [rec('INFO', 'gateway.platforms.qqbot.adapter', '[QQBot:102345678] Reconnected'), false],
    [rec('INFO', 'gateway.run', '✓ qqbot connected'), false],
    [rec('INFO', 'gateway.run', 'Starting Hermes Gateway...'), false],
    [rec('INFO', 'gateway.platforms.feishu', "[Feishu] C2C message: id=x content='not QQ'"), false],
    ['Traceback (most recent call last):', false],
    ['  File "/opt/hermes/gateway/run.py", line 4632, in _feishu_send_with_retry', false],
    ['', false],
    ['garbage \u0000\u0001 not a record', false],
  ])('%s → %s', (line, want) => {
    expect(isTrafficLine(line)).toBe(want);
  });
});

const inbound = (i: number) =>
  formatRecord(
    Date.now(),
    'INFO',
    'gateway.run',
    `inbound message: platform=feishu user=ou_x chat=oc_y msg='busy ${i}' reply_to_id=None reply_to_text=''`,
  );
/** The line the real v0.17 QQ adapter writes after every message it hears (real-v0.17-error-reply.log): read by no detector. */
const afterProcessing = () =>
  formatRecord(
    Date.now(),
    'INFO',
    'gateway.platforms.qqbot.adapter',
    '[QQBot:102345678] After processing: images=0, voice=0',
  );
const terminal = () =>
  formatRecord(
    Date.now(),
    'ERROR',
    'gateway.platforms.qqbot.adapter',
    '[QQBot:102345678] Max reconnect attempts reached',
  );

describe.runIf(process.platform === 'linux')('message traffic in the live log', () => {
  it('on a healthy gateway: no evaluation per burst of traffic or of lines no detector reads; any other line is judged at once; while a finding is open, traffic is judged too', async () => {
    const clock = manualClock();
    const started = await startLogOnlyApp(clock);
    h = started.h;
    const { p, log, checks } = started;
    expect(h.app.core.lastResult('default')!.findings).toEqual([]);
    const tail = h.app.watches.get('default')!;

    // Two seconds of a busy gateway: 10 bursts of traffic, each read by the tail. Nothing to judge.
    const quiet = checks.length;
    for (let i = 0; i < 10; i++) {
      appendFileSync(log, [0, 1, 2, 3, 4].map((j) => inbound(i * 5 + j)).join('\n') + '\n');
      await tailReadToEnd('the burst read', tail, log, clock);
      await clock.advance(200); // a burst every 200 ms
    }
    // A check held back by the burst window (or the liveness poll) would come within this second.
    await clock.advance(1_000);
    expect(checks.length).toBe(quiet);

    // A line no detector reads after each message (issue 56): nothing to judge either.
    for (let i = 0; i < 5; i++) {
      appendFileSync(log, [inbound(50 + i), afterProcessing()].join('\n') + '\n');
      await tailReadToEnd('the burst read', tail, log, clock);
      await clock.advance(200);
    }
    await clock.advance(1_000);
    expect(checks.length).toBe(quiet);

    // A line that is not traffic is judged at once, and the traffic before it with it.
    appendFileSync(log, terminal() + '\n');
    const alert = await p.next((a) => a.kind === 'open');
    expect(alert.reply.title).toMatch(/QQ/);
    expect(checks.length).toBeGreaterThan(quiet);
    expect(h.app.core.lastResult('default')!.evidence.log.run.some((r) => r.message.includes("msg='busy 49'"))).toBe(
      true,
    );

    // With a finding open, traffic is judged again.
    await until('the evaluation to end', () => h!.app.core.evaluatingSince('default') === undefined, slowPoll);
    const open = checks.length;
    appendFileSync(log, inbound(99) + '\n');
    await until(
      'traffic judged while a finding is open',
      async () => (await clock.advance(200), checks.length > open),
      slowPoll,
    );
  }, 40_000);
});

describe.runIf(process.platform === 'linux')('process scan reuse for a log burst', () => {
  it('reuses a recent scan only while it still holds the gateway the pid file names; a restart is scanned afresh', async () => {
    const home = await tempDir();
    const config = resolveConfig(
      configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service: { manager: 'none' } }] }),
      undefined,
    );
    const watch = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
    });
    watches.push(watch);
    const env = { ...process.env, HERMES_HOME: home };
    const first = spawnIdle(['gateway', 'run'], env);
    await writeFile(path.join(home, 'gateway.pid'), String(first.pid));
    expect((await watch.gather()).processes.map((p) => p.pid)).toEqual([first.pid]);
    expect((await watch.gather({ quick: true })).processes.map((p) => p.pid)).toEqual([first.pid]);

    // A restart: the old gateway is gone and the pid file names a new one. A quick gather must not report the dead one.
    first.kill('SIGKILL');
    await exited(first);
    const second = spawnIdle(['gateway', 'run'], env);
    await writeFile(path.join(home, 'gateway.pid'), String(second.pid));
    const ev = await watch.gather({ quick: true });
    expect(ev.process.pid).toBe(second.pid);
    expect(ev.processes.map((p) => p.pid)).toEqual([second.pid]);

    // A second gateway beside it: a full gather (schedule, process change, command) always finds it.
    const third = spawnIdle(['gateway', 'run'], env);
    expect((await watch.gather()).processes.map((p) => p.pid).sort()).toEqual([second.pid, third.pid].sort());
  });
});

describe.runIf(process.platform === 'linux')('service manager asked once per change, not per log burst', () => {
  it('a burst reuses the last answer while the gateway is the same process; a new pid, the schedule and commands ask again', async () => {
    const home = await tempDir();
    const calls = path.join(home, 'is-active.calls');
    const isActive = path.join(home, 'is-active.sh');
    await writeExecutable(isActive, `#!/bin/sh\necho x >> '${calls}'\nexit 0\n`);
    const config = resolveConfig(
      configSchema.parse({
        targets: [{ name: 'test', hermes_home: home, service: { manager: 'command', is_active: [isActive] } }],
      }),
      undefined,
    );
    let clock = 0;
    const watch = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
      monotonic: () => clock,
    });
    watches.push(watch);
    const asked = async () => (await readFile(calls, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    const env = { ...process.env, HERMES_HOME: home };
    const first = spawnIdle(['gateway', 'run'], env);
    await writeFile(path.join(home, 'gateway.pid'), String(first.pid));

    expect((await watch.gather()).service.active).toBe(true);
    for (let i = 0; i < 20; i++) await watch.gather({ quick: true });
    expect(await asked()).toBe(1);

    // The gateway was restarted: the next burst asks again.
    first.kill('SIGKILL');
    await exited(first);
    const second = spawnIdle(['gateway', 'run'], env);
    await writeFile(path.join(home, 'gateway.pid'), String(second.pid));
    await watch.gather({ quick: true });
    expect(await asked()).toBe(2);
    // The schedule (a full gather) asks again, unless the same live process was just said to be running: a restart's
    // verification or commands typed in a row do not spawn the manager several times a second.
    await watch.gather();
    expect(await asked()).toBe(2);
    clock += 2_000;
    await watch.gather();
    expect(await asked()).toBe(3);
    clock += 1_000;
    await watch.gather();
    expect(await asked()).toBe(3);
  });

  it('a full gather asks again at once when the last answer was not running', async () => {
    const home = await tempDir();
    const calls = path.join(home, 'is-active.calls');
    const isActive = path.join(home, 'is-active.sh');
    // systemctl is-active's exit status for a unit that is not active.
    await writeExecutable(isActive, `#!/bin/sh\necho x >> '${calls}'\nexit 3\n`);
    const config = resolveConfig(
      configSchema.parse({
        targets: [{ name: 'test', hermes_home: home, service: { manager: 'command', is_active: [isActive] } }],
      }),
      undefined,
    );
    const watch = createTargetWatch({
      clock: systemClock,
      config,
      target: config.targets[0]!,
      log: pino({ level: 'silent' }),
      monotonic: () => 0,
    });
    watches.push(watch);
    const asked = async () => (await readFile(calls, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    const idle = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await writeFile(path.join(home, 'gateway.pid'), String(idle.pid));
    expect((await watch.gather()).service.active).toBe(false);
    await watch.gather();
    expect(await asked()).toBe(2);
    idle.kill('SIGKILL');
    await exited(idle);
  });
});
