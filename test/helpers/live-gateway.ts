// A healthy Hermes gateway as the live-log tests need it: a real `gateway run` process serving the home, its pid file
// and state file, and a healthy start-up (the fixture's, real format) retimed to a minute ago in gateway.log.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { spawnIdle, startTicksOf } from './probe-procs.js';

const HEALTHY = readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'logs', 'healthy.log'),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .slice(0, 20);

/** Starts the gateway process (cleaned up by probe-procs' cleanup()) and writes the files; returns gateway.log's path. */
export async function healthyLiveGateway(
  home: string,
): Promise<{ log: string; pid: number; exited: Promise<unknown> }> {
  const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
  const pid = gw.pid!;
  const exited = new Promise((resolve) => gw.once('exit', resolve));
  writeFileSync(
    path.join(home, 'gateway.pid'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes', 'gateway', 'run'],
      start_time: await startTicksOf(pid),
    }),
  );
  const now = new Date().toISOString();
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid,
      gateway_state: 'running',
      platforms: { feishu: { state: 'connected', updated_at: now }, qqbot: { state: 'connected', updated_at: now } },
      updated_at: now,
    }),
  );
  const log = path.join(home, 'logs', 'gateway.log');
  writeFileSync(
    log,
    HEALTHY.map((l, i) => formatAsctime(Date.now() - 60_000 + i * 100) + l.slice(23)).join('\n') + '\n',
  );
  return { log, pid, exited };
}

/**
 * A healthy home for one-shot checks, without the fixture's start-up: a sleeping `… gateway run` serving it (the
 * caller kills it), a pid file holding its pid, both platforms connected, and gateway.log holding `logText`.
 */
export function idleGatewayHome(home: string, logText = ''): ChildProcess {
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  const gateway = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', 'gateway', 'run'], {
    stdio: 'ignore',
    env: { ...process.env, HERMES_HOME: home },
  });
  writeFileSync(path.join(home, 'logs', 'gateway.log'), logText);
  writeFileSync(path.join(home, 'gateway.pid'), String(gateway.pid));
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid: gateway.pid,
      gateway_state: 'running',
      platforms: { feishu: { state: 'connected' }, qqbot: { state: 'connected' } },
      updated_at: new Date().toISOString(),
    }),
  );
  return gateway;
}
