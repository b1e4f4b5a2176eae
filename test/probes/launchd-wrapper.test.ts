// launchd today (hermes-gateway-current.md §5, trap 7): launchd → [osascript] → the stderr_timestamp wrapper (launchd's
// pid) → the gateway (`gateway run --external-supervisor`, which writes gateway.pid). Both wrapper and child argv contain
// `gateway run`: one gateway, never duplicates. And the respawn-storm breaker: during its back-off the process lives
// without a gateway.pid, which must not read as "down, restart it". Real processes, real homes.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeProcess } from '../../src/probes/process.js';
import { findGatewayProcesses } from '../../src/probes/gateway-scan.js';
import { runDetectors } from '../../src/detectors/index.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { buildEvidence, SETTINGS, stateFile } from '../helpers/evidence.js';
import { cleanup, makeTarget, spawnIdle, startTicksOf, tempDir, trackPid } from '../helpers/probe-procs.js';

const linux = process.platform === 'linux';
afterEach(cleanup);

/** A node process that spawns `argv` (another node process) and prints its pid; stays alive like the real wrapper. */
const spawner = (childArgs: string[]) =>
  `const c = require('child_process').spawn(process.execPath, ${JSON.stringify(childArgs)}, { stdio: ['ignore', 'pipe', 'ignore'] });
   c.stdout.on('data', (d) => process.stdout.write(d));
   console.log(c.pid); setInterval(() => {}, 1000);`;

const IDLE = 'setInterval(() => {}, 1000)';

describe.runIf(linux)('launchd process tree (osascript → stderr_timestamp wrapper → gateway)', () => {
  it('is one gateway: the child; no duplicate_processes finding', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const py = '/Users/ops/.hermes/hermes-agent/venv/bin/python';
    // The argv shapes of the reference (§5), after `--` so node leaves them alone.
    const gatewayArgs = ['-e', IDLE, '--', '-m', 'hermes_cli.main', 'gateway', 'run', '--external-supervisor'];
    const wrapperArgs = [
      '-e',
      spawner(gatewayArgs),
      '--',
      '-m',
      'hermes_cli.stderr_timestamp',
      '--error-log',
      path.join(home, 'logs', 'gateway.error.log'),
      '--',
      py,
      '-m',
      'hermes_cli.main',
      'gateway',
      'run',
      '--external-supervisor',
    ];
    // osascript -e 'do shell script "exec hermes gateway run"': one argv element, not a `gateway run` process itself.
    const top = spawnIdle(
      ['do shell script "exec hermes gateway run"'],
      { ...process.env, HERMES_HOME: home },
      process.execPath,
      spawner(wrapperArgs),
    );
    const pids: number[] = [];
    await new Promise<void>((resolve) =>
      top.stdout!.on('data', (d: Buffer) => {
        for (const n of String(d).split('\n').filter(Boolean)) pids.push(Number(n));
        if (pids.length >= 2) resolve();
      }),
    );
    const [wrapperPid, gatewayPid] = pids as [number, number];
    trackPid(wrapperPid);
    trackPid(gatewayPid);
    // The gateway (the child) writes gateway.pid, as Hermes does.
    await writeFile(
      path.join(home, 'gateway.pid'),
      JSON.stringify({
        pid: gatewayPid,
        kind: 'hermes-gateway',
        argv: ['hermes_cli/main.py', 'gateway', 'run', '--external-supervisor'],
        start_time: await startTicksOf(gatewayPid),
      }),
    );

    const target = makeTarget(home);
    const [proc, processes] = await Promise.all([probeProcess(target), findGatewayProcesses(target)]);
    expect(proc).toMatchObject({ alive: true, pid: gatewayPid });
    expect(processes.map((p) => p.pid)).toEqual([gatewayPid]);
    expect(processes[0]!.cmdline).toContain('--external-supervisor');
    expect(processes.map((p) => p.pid)).not.toContain(wrapperPid);

    const ev = buildEvidence({
      log: 'healthy.log',
      state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
      overrides: { process: proc, processes },
    });
    const found = runDetectors(ev, SETTINGS);
    expect(found.map((f) => f.check)).not.toContain('duplicate_processes');
    expect(found).toEqual([]);
  });

  it('two independent gateways of one home (launchd plus a manual run) are still duplicates', async () => {
    const home = await tempDir();
    const env = { ...process.env, HERMES_HOME: home };
    const a = spawnIdle(['--', '-m', 'hermes_cli.main', 'gateway', 'run', '--external-supervisor'], env);
    const b = spawnIdle(['--', '-m', 'hermes_cli.main', 'gateway', 'run', '--replace'], env);
    const processes = await findGatewayProcesses(makeTarget(home));
    expect(processes.map((p) => p.pid).sort()).toEqual([a.pid, b.pid].sort());
    const found = runDetectors(
      buildEvidence({
        log: 'healthy.log',
        state: stateFile('running', { feishu: 'connected', qqbot: 'connected' }),
        overrides: { processes },
      }),
      SETTINGS,
    );
    expect(found.map((f) => f.check)).toContain('duplicate_processes');
  });
});

describe.runIf(linux)('respawn-storm breaker back-off: alive without gateway.pid', () => {
  const BREAKER =
    '2026-07-02 10:03:10,500 WARNING hermes_cli.gateway: Gateway (re)started 6 times in 98s — backing off 40s to break a respawn storm.';

  it('reports respawn_storm (never restart), not process_down, while the breaker sleeps', async () => {
    const home = await tempDir();
    // The sleeping `gateway run`: alive, no gateway.pid yet (the breaker runs before the pid file is claimed).
    spawnIdle(['--', '-m', 'hermes_cli.main', 'gateway', 'run'], { ...process.env, HERMES_HOME: home });
    const target = makeTarget(home);
    const [proc, processes] = await Promise.all([probeProcess(target), findGatewayProcesses(target)]);
    expect(proc).toMatchObject({ alive: false, reason: 'no pid file' });
    expect(processes).toHaveLength(1);
    const ev = buildEvidence({
      log: 'healthy.log',
      state: stateFile('stopped', {}),
      now: '2026-07-02 10:03:30',
      overrides: {
        process: proc,
        processes,
        hermes: {
          version: { source: 'none', generation: 'current', restampsUpdatedAt: false },
          agentOnly: parseLogText(BREAKER),
        },
      },
    });
    const found = runDetectors(ev, SETTINGS);
    expect(found.map((f) => f.check)).toEqual(['respawn_storm']);
    expect(found[0]!.restart).toBe('never');
    expect(found[0]!.evidence.join('\n')).toContain('backing off 40s');
  });

  it('near miss: the same dead gateway with no breaker line is process_down (restart helps)', async () => {
    const home = await tempDir();
    const target = makeTarget(home);
    const [proc, processes] = await Promise.all([probeProcess(target), findGatewayProcesses(target)]);
    const ev = buildEvidence({
      log: 'healthy.log',
      state: stateFile('stopped', {}),
      now: '2026-07-02 10:03:30',
      overrides: {
        process: proc,
        processes,
        hermes: { version: { source: 'none', generation: 'current', restampsUpdatedAt: false } },
      },
    });
    const found = runDetectors(ev, SETTINGS);
    expect(found.map((f) => f.check)).not.toContain('respawn_storm');
    expect(found.some((f) => f.restart === 'helps')).toBe(true);
  });
});
