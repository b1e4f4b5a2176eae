// A healthy Hermes gateway as the live-log tests need it: a real `gateway run` process serving the home, its pid file
// and state file, and a healthy start-up (the fixture's, real format) retimed to a minute ago in gateway.log.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAsctime } from '../../src/demo/hermes-log.js';
import { readBootTimeMs } from '../../src/probes/process.js';
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
 * `runAt`: when the start-up's first line was written (a minute ago by default), its lines 100 ms apart; `'start'`: as a
 * gateway that has just started writes it, its first line at its process's start and its last by now (a life whose
 * log begins before its process is none Hermes writes); `append`: after the lives before it in gateway.log, as a
 * gateway started again writes it; `first`: a line its boot writes before `Starting Hermes Gateway...` (v0.20.2's report
 * of the life before), at the run's first moment.
 */
export async function healthyLiveGateway(
  home: string,
  o: { runAt?: number | 'start'; append?: boolean; first?: (at: number) => string } = {},
): Promise<{ log: string; pid: number; runAt: number; exited: Promise<unknown> }> {
  const gw = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
  const pid = gw.pid!;
  const exited = new Promise((resolve) => gw.once('exit', resolve));
  const ticks = await startTicksOf(pid);
  const boot = o.runAt === 'start' ? await readBootTimeMs() : undefined;
  const runAt =
    o.runAt === 'start' ? (boot === undefined ? Date.now() : boot + ticks * 10) : (o.runAt ?? Date.now() - 60_000);
  const step = o.runAt === 'start' ? Math.min(100, Math.max(0, Date.now() - runAt) / HEALTHY.length) : 100;
  writeFileSync(
    path.join(home, 'gateway.pid'),
    JSON.stringify({
      pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes', 'gateway', 'run'],
      start_time: ticks,
    }),
  );
  const now = new Date().toISOString();
  // Each platform's entry was written when the start-up's log says it connected.
  const connectedAt = (p: RegExp) => new Date(runAt + HEALTHY.findIndex((l) => p.test(l)) * step).toISOString();
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
    [
      ...(o.first ? [o.first(runAt)] : []),
      ...HEALTHY.map((l, i) => formatAsctime(Math.round(runAt + i * step)) + l.slice(23)),
    ].join('\n') + '\n',
  );
  return { log, pid, runAt, exited };
}

/**
 * A healthy home for one-shot checks, without the fixture's start-up: a sleeping `… gateway run` serving it (the
 * caller kills it), a pid file holding its pid, `platforms` connected (Feishu and QQ unless named), and gateway.log
 * holding `logText`.
 */
export function idleGatewayHome(home: string, logText = '', platforms = ['feishu', 'qqbot']): ChildProcess {
  mkdirSync(path.join(home, 'logs'), { recursive: true });
  // A shell reading its stdin, as spawnIdle's stand-ins: its argv ends `gateway run`, at a hundredth of a node's start.
  const gateway = spawn('/bin/sh', ['-c', 'read _', 'gateway', 'run'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, HERMES_HOME: home },
  });
  writeFileSync(path.join(home, 'logs', 'gateway.log'), logText);
  writeFileSync(path.join(home, 'gateway.pid'), String(gateway.pid));
  writeFileSync(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid: gateway.pid,
      gateway_state: 'running',
      platforms: Object.fromEntries(platforms.map((p) => [p, { state: 'connected' }])),
      updated_at: new Date().toISOString(),
    }),
  );
  return gateway;
}
