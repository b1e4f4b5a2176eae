// A gateway starting slowly on a busy host (issue 42 item 10): its process exists seconds before it writes gateway.pid
// or its first log line, and on a starved host a gather takes seconds too. A gather that looked at the processes before
// it started and read the log after must not call it dead: the log still ends with the previous life's `Received
// SIGTERM`, the state file still says `running`, and that read as "stopped by SIGTERM" (state_stale_running) and was
// restarted. Real processes and files; the clock is the test's; the slow parts are made slow on purpose.
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch, type TargetWatch } from '../../src/watch/target.js';
import { runDetectors } from '../../src/detectors/index.js';
import { cleanup, spawnIdle, tempDir, writeExecutable } from '../helpers/probe-procs.js';
import { manualClock } from '../helpers/clock.js';
import { until } from '../helpers/until.js';
import { fixtureText, localTime, SETTINGS, stateFile } from '../helpers/evidence.js';

const watches: TargetWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.stop();
  await cleanup();
});

const DEATHS = ['state_stale_running', 'process_down', 'gateway_stopped'];

/**
 * A home whose gateway was stopped by a SIGTERM that was not a planned stop (the log ends with it, gateway_state.json
 * still says `running`, gateway.pid is gone), as the moment before its supervisor starts it again.
 */
async function stoppedHome(): Promise<string> {
  const home = await tempDir();
  await mkdir(path.join(home, 'logs'), { recursive: true });
  await writeFile(path.join(home, 'logs', 'gateway.log'), fixtureText('sigterm.log'));
  await writeFile(
    path.join(home, 'gateway_state.json'),
    JSON.stringify(stateFile('running', { feishu: 'disconnected', qqbot: 'disconnected' })),
  );
  return home;
}

function watchOf(home: string, service: Record<string, unknown>) {
  const config = resolveConfig(
    configSchema.parse({ targets: [{ name: 'test', hermes_home: home, service, platforms: ['feishu', 'qqbot'] }] }),
    undefined,
  );
  // Ten seconds after the old gateway's last line.
  const clock = manualClock(localTime('2026-06-24 09:41:51'));
  let mono = 0;
  const watch = createTargetWatch({
    config,
    target: config.targets[0]!,
    log: pino({ level: 'silent' }),
    clock,
    monotonic: () => mono,
  });
  watches.push(watch);
  return { watch, clock, tick: (ms: number) => void (mono += ms) };
}

const deaths = (ev: Parameters<typeof runDetectors>[0]) =>
  runDetectors(ev, SETTINGS).filter((f) => DEATHS.includes(f.check));

describe.runIf(process.platform === 'linux')('a gateway starting while gatewatch looks', () => {
  it('the process scan ran before it started, the log was read after: it is seen, not called dead', async () => {
    const home = await stoppedHome();
    const marks = await tempDir('gw-marks-');
    // The service manager is asked in the middle of the gather, after the process table was listed: it stands for
    // everything slow in a gather on a starved host (it is held until the gateway has started).
    const isActive = path.join(marks, 'is-active.sh');
    await writeExecutable(
      isActive,
      `#!/bin/sh\n: > "${marks}/asked"\nwhile [ ! -e "${marks}/go" ]; do sleep 0.02; done\nexit 0\n`,
    );
    const { watch } = watchOf(home, { manager: 'command', is_active: [isActive], restart: ['/bin/true'] });

    const gathered = watch.gather();
    await until('the gather to ask the service manager', () => existsSync(path.join(marks, 'asked')), {
      timeoutMs: 20_000,
      everyMs: 10,
    });
    // Its supervisor starts it again: the new process runs, its gateway.pid and its first line are still to come.
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await until('the new gateway to run', () => existsSync(`/proc/${gw.pid}/cmdline`), { timeoutMs: 5_000 });
    await writeFile(path.join(marks, 'go'), '');
    const ev = await gathered;

    expect(deaths(ev)).toEqual([]);
    expect(ev.processes.map((p) => p.pid)).toContain(gw.pid);
  });

  it("a log burst's quick look in the moments before the new gateway writes gateway.pid does not call it dead", async () => {
    const home = await stoppedHome();
    const { watch, tick } = watchOf(home, { manager: 'none' });
    // The look that found it gone: no gateway process on the host.
    const gone = await watch.gather();
    expect(gone.processes).toEqual([]);
    expect(deaths(gone).map((f) => f.check)).toEqual(['state_stale_running']);

    // A moment later its supervisor has started it again; a line of the log (any writer's) asks for a quick look, which
    // may reuse a process scan a few seconds old.
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    await until('the new gateway to run', () => existsSync(`/proc/${gw.pid}/cmdline`), { timeoutMs: 5_000 });
    tick(3_000);
    const ev = await watch.gather({ quick: true });

    expect(deaths(ev)).toEqual([]);
    expect(ev.processes.map((p) => p.pid)).toContain(gw.pid);
  });
});
