// "Cannot be reached from this host" through the built daemon, on the wall clock, against the demo gateway: the gateway
// is killed and started again with its network down (Hermes queues both platforms for retry, and gatewatch's own probe
// of their servers is refused), /status says so; 8 s after its start the network is back and Hermes connects both.
// The next /status, well inside the failed probe's 30 s cache, says nothing of an unreachable platform. Every look
// drops a failed probe of a platform this life connected since (reachability's seen()); before it, the judgement the
// reconnect lines set off did it (a restart's probe forgot every connected platform), so this passed then too: it
// holds what an operator reads through the built daemon, whichever part does it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { demoTargetConfig, injectFault, startDemo, stopDemo } from '../../src/demo/index.js';
import { parseLogText } from '../../src/probes/log-parse.js';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { refusedPort } from '../helpers/ports.js';
import { until } from '../helpers/until.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
const networkBack = process.env.GATEWATCH_DEMO_NETWORK_BACK;
afterEach(async () => {
  if (networkBack === undefined) delete process.env.GATEWATCH_DEMO_NETWORK_BACK;
  else process.env.GATEWATCH_DEMO_NETWORK_BACK = networkBack;
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
});

const pidOf = (home: string): number => {
  const raw = readFileSync(path.join(home, 'gateway.pid'), 'utf8').trim();
  return raw.startsWith('{') ? JSON.parse(raw).pid : Number(raw);
};

/** When the demo's log says both platforms reconnected after its start at or after `after` (epoch ms). */
function reconnected(home: string, after: number): number | undefined {
  const records = parseLogText(readFileSync(path.join(home, 'logs', 'gateway.log'), 'utf8'));
  const start = records.findIndex((r) => r.ts >= after && r.message === 'Starting Hermes Gateway...');
  if (start < 0) return undefined;
  const both = records.slice(start).filter((r) => /^✓ (feishu|qqbot) reconnected successfully$/.test(r.message));
  return both.length >= 2 ? both[1]!.ts : undefined;
}

describe('reachability from this host, through the daemon, on the wall clock', () => {
  it('a platform Hermes connected after a failed probe is not said to be unreachable', {
    timeout: 150_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-reach-e2e-'));
    demoHome = path.join(home, 'demo-hermes');
    expect((await startDemo(demoHome)).ok).toBe(true);
    const endpoint = `http://127.0.0.1:${await refusedPort()}`;
    const config = path.join(home, 'gatewatch.json');
    writeFileSync(
      config,
      JSON.stringify({
        state_dir: path.join(home, 'state'),
        remediate: { auto_restart: false },
        targets: [{ ...demoTargetConfig(demoHome), reachability: { qqbot: endpoint, feishu: endpoint } }],
      }),
    );
    const cli = startConsoleCli(home, ['run', '--console', '--config', config], { waitMs: 60_000 });
    child = cli.child;
    let at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, 0, '/status');

    // Killed, and started again from outside with its network down for its first 8 s.
    expect((await injectFault(demoHome, 'network-down-start')).ok).toBe(true);
    const killedAt = Date.now();
    process.kill(pidOf(demoHome), 'SIGKILL');
    at = await cli.waitFor(/🔴 demo: Gateway died/, at);
    process.env.GATEWATCH_DEMO_NETWORK_BACK = '8s';
    expect((await startDemo(demoHome)).ok).toBe(true);
    at = await cli.waitFor(/reachability from this host\s+[^\n]*cannot be reached/, at, '/status');
    const saidUnreachable = Date.now();

    const back = await until('both platforms reconnected', () => reconnected(demoHome!, killedAt), {
      timeoutMs: 60_000,
      everyMs: 100,
    });
    // The first /status after that which shows both connected: nothing unreachable in it.
    const from = cli.out().length;
    await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, from, '/status');
    const healthyAt = Date.now();
    const status = cli.out().slice(from);
    const block = status.slice(status.lastIndexOf('demo: healthy'));
    expect(block.split('\n\n')[0]).not.toMatch(/cannot be reached/);
    // Inside the 30 s the failed probe's answer was kept: before, that /status still said "cannot be reached".
    expect(healthyAt - saidUnreachable, JSON.stringify({ saidUnreachable, back, healthyAt })).toBeLessThan(28_000);
  });
});
