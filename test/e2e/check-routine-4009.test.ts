// `gatewatch check` on a home whose log is the real Hermes v0.17 gateway's (test/fixtures/hermes/real-v0.17-routine-4009.log,
// retimed to end half a minute ago): six 4009 closes a minute apart, each resumed in 2 s, QQ connected. Routine: exit 0.
// And on a home where Hermes' last error says QQ cannot be reached while QQ answers from this host (issue 35 item 11).
import { execFile } from 'node:child_process';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { lineStamp, retimeLines } from '../helpers/retime.js';
import { cleanup, spawnIdle, startTicksOf, tempDir } from '../helpers/probe-procs.js';
import { CLI, TEST_DIR } from '../helpers/paths.js';
import { until } from '../helpers/until.js';

const run = promisify(execFile);

const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  await cleanup();
});

async function gatewatch(args: string[]) {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, GATEWATCH_LOG_LEVEL: 'error' },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

/** The real log, every line moved so that its last one was written `agoMs` before now. */
function retimed(
  agoMs: number,
  file = path.join(TEST_DIR, 'fixtures', 'hermes', 'real-v0.17-routine-4009.log'),
  count?: number,
): string {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, count);
  const shift = Date.now() - agoMs - lineStamp(lines.at(-1)!)!;
  return retimeLines(lines, (t) => t + shift).join('\n') + '\n';
}

describe('gatewatch check on the real v0.17 gateway resuming routine 4009s', () => {
  it('six resumed 4009s a minute apart, QQ connected: nothing found, exit 0', async () => {
    const home = await tempDir('gw-4009-');
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    const pid = gw.pid!;
    await writeFile(
      path.join(home, 'gateway.pid'),
      JSON.stringify({
        pid,
        kind: 'hermes-gateway',
        argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
        start_time: await startTicksOf(pid),
      }),
    );
    const now = new Date().toISOString();
    await writeFile(
      path.join(home, 'gateway_state.json'),
      JSON.stringify({
        pid,
        kind: 'hermes-gateway',
        gateway_state: 'running',
        exit_reason: null,
        restart_requested: false,
        active_agents: 0,
        platforms: { qqbot: { state: 'connected', error_code: null, error_message: null, updated_at: now } },
        updated_at: now,
      }),
    );
    await writeFile(path.join(home, 'logs', 'gateway.log'), retimed(30_000));
    const config = path.join(home, 'gatewatch.yaml');
    await writeFile(
      config,
      // A grace of a second: a process younger than its log's run is still starting (its own start unwritten) only
      // within the grace, and this stand-in gateway was spawned after the lines it is given.
      `state_dir: ${path.join(home, 'gw-state')}\ndetect: { disconnect_grace: 1s }\ntargets:\n  - name: default\n    hermes_home: ${home}\n    platforms: [qqbot]\n    service: { manager: none }\n`,
    );

    const r = await gatewatch(['check', '--config', config]);
    expect(r.stdout).not.toContain('disconnect_storm');
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('gatewatch check on a platform Hermes calls unreachable that answers from this host', () => {
  it('never says it cannot be reached: "answers again", Hermes reconnects it at its next retry', async () => {
    const api = net.createServer((c) => c.on('error', () => undefined));
    servers.push(api);
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const port = (api.address() as net.AddressInfo).port;
    const home = await tempDir('gw-answers-');
    await mkdir(path.join(home, 'logs'), { recursive: true });
    const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
    const spawnedAt = Date.now();
    const pid = gw.pid!;
    await writeFile(
      path.join(home, 'gateway.pid'),
      JSON.stringify({
        pid,
        kind: 'hermes-gateway',
        argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
        start_time: await startTicksOf(pid),
      }),
    );
    const now = new Date().toISOString();
    await writeFile(
      path.join(home, 'gateway_state.json'),
      JSON.stringify({
        pid,
        kind: 'hermes-gateway',
        gateway_state: 'degraded',
        exit_reason: null,
        restart_requested: false,
        active_agents: 0,
        platforms: {
          qqbot: { state: 'retrying', error_code: null, error_message: 'failed to connect', updated_at: now },
        },
        updated_at: now,
      }),
    );
    // qq-queued-retry.log up to its first failed retry ("next retry in 60s"), ending 10 s ago.
    await writeFile(
      path.join(home, 'logs', 'gateway.log'),
      retimed(10_000, path.join(TEST_DIR, 'fixtures', 'logs', 'qq-queued-retry.log'), 15),
    );
    const config = path.join(home, 'gatewatch.yaml');
    await writeFile(
      config,
      // A grace of a second: a process younger than its log's run is still starting (its own start unwritten) only
      // within the grace, and this stand-in gateway was spawned after the lines it is given.
      `state_dir: ${path.join(home, 'gw-state')}\ndetect: { disconnect_grace: 1s }\ntargets:\n  - name: default\n    hermes_home: ${home}\n    platforms: [qqbot]\n    service: { manager: none }\n    reachability: { qqbot: "http://127.0.0.1:${port}" }\n`,
    );

    await until('the stand-in gateway past the grace', () => Date.now() - spawnedAt > 1_500, {
      timeoutMs: 10_000,
      everyMs: 100,
    });
    const r = await gatewatch(['check', '--config', config]);
    expect(r.stdout).toContain('QQ answers again from this host; Hermes reconnects it at its next retry');
    expect(r.stdout).not.toMatch(/cannot be reached from this host/);
  });
});
