// A healthy Hermes gateway as the live-log tests need it: a real `gateway run` process serving the home, its pid file
// and state file, and a healthy start-up (the fixture's, real format) retimed to a minute ago in gateway.log.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * Starts the gateway process (cleaned up by probe-procs' cleanup()) and writes the files; returns gateway.log's path.
 * `runAt`: when the start-up's first line was written (a minute ago by default), its lines 100 ms apart; `append`: after
 * the lives before it in gateway.log, as a gateway started again writes it.
 */
export async function healthyLiveGateway(
  home: string,
  o: { runAt?: number; append?: boolean } = {},
): Promise<{ log: string; pid: number; exited: Promise<unknown> }> {
  const runAt = o.runAt ?? Date.now() - 60_000;
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
  // Each platform's entry was written when the start-up's log says it connected.
  const connectedAt = (p: RegExp) => new Date(runAt + HEALTHY.findIndex((l) => p.test(l)) * 100).toISOString();
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid,
      gateway_state: 'running',
      platforms: {
        feishu: { state: 'connected', updated_at: connectedAt(/✓ feishu connected/) },
        qqbot: { state: 'connected', updated_at: connectedAt(/✓ qqbot connected/) },
      },
      updated_at: now,
    }),
  );
  const log = path.join(home, 'logs', 'gateway.log');
  (o.append ? appendFileSync : writeFileSync)(
    log,
    HEALTHY.map((l, i) => formatAsctime(runAt + i * 100) + l.slice(23)).join('\n') + '\n',
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
