// `gatewatch check` on failures that are slow and steady (issue 42 item 7): their evidence comes once an hour, or once
// every half hour across the gateway's restarts, and only its repetition over hours says what it is. agent.log holds
// it all (every gateway component's lines and the SDKs' own): it is read over hours, not the current run alone.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatRecord } from '../../src/demo/hermes-log.js';
import { runCliHere } from '../helpers/cli-run.js';
import { larkChurnLines } from '../helpers/lark-churn.js';
import { idleGatewayHome } from '../helpers/live-gateway.js';
import { cleanup, tempDir, trackPid } from '../helpers/probe-procs.js';

afterEach(cleanup);

const HOUR = 3_600_000;

/** A home served by a live stand-in gateway, its logs and state as given; the check's output and exit code. */
async function check(o: { gatewayLog: string[]; agentLog: string[]; platforms: Record<string, string> }) {
  const home = await tempDir('gw-slow-');
  const gateway = idleGatewayHome(home, `${o.gatewayLog.join('\n')}\n`);
  trackPid(gateway.pid!);
  await writeFile(
    path.join(home, 'gateway_state.json'),
    JSON.stringify({
      pid: gateway.pid,
      gateway_state: 'running',
      platforms: Object.fromEntries(Object.entries(o.platforms).map(([p, state]) => [p, { state }])),
    }),
  );
  await writeFile(path.join(home, 'logs', 'agent.log'), `${o.agentLog.join('\n')}\n`);
  const config = path.join(home, 'gatewatch.yaml');
  await writeFile(
    config,
    `state_dir: ${path.join(home, 'gw-state')}\ntargets:\n  - name: default\n    hermes_home: ${home}\n    platforms: [${Object.keys(o.platforms).join(', ')}]\n    service: { manager: none }\n`,
  );
  return runCliHere(home, ['check', '--config', config]);
}

describe('gatewatch check on slow, steady failures', () => {
  it("Weixin: one cron delivery an hour refused for a day, a restart in between: the user's session is stale", async () => {
    const now = Date.now();
    const W = 'gateway.platforms.weixin';
    const start = (t: number) => [
      formatRecord(t, 'INFO', 'gateway.run', 'Starting Hermes Gateway...'),
      formatRecord(t + 900, 'INFO', W, '[Weixin] Connected account=wxid_bot base=https://ilinkai.weixin.qq.com'),
      formatRecord(t + 1000, 'INFO', 'gateway.run', '✓ weixin connected'),
      formatRecord(t + 1100, 'INFO', 'gateway.run', 'Gateway running with 1 platform(s)'),
    ];
    const refused = (t: number) => [
      formatRecord(t, 'WARNING', W, '[Weixin] rate limited for o9cq80_u1x; backing off 3.0s before retry'),
      formatRecord(
        t + 3100,
        'ERROR',
        W,
        '[Weixin] send failed to=o9cq80_u1x: iLink sendmessage rate limited; cooldown active for 10.0s',
      ),
    ];
    // A day of the hourly cron refused; restarted 90 min ago (a restart does not renew the session): one refusal since.
    const restart = now - 90 * 60_000;
    const before = [...start(now - 26 * HOUR)];
    for (let h = 25; h >= 2; h--) before.push(...refused(now - h * HOUR - 20 * 60_000));
    const current = [...start(restart), ...refused(now - 20 * 60_000)];
    const r = await check({
      gatewayLog: current,
      agentLog: [...before, ...current],
      platforms: { weixin: 'connected' },
    });
    expect(r.stdout).toContain('Weixin cannot send: the session went stale (shown as a rate limit)');
    expect(r.stdout).toMatch(/refused 25 sends to one user/);
    expect(r.stdout).toContain('gatewatch does not restart for this');
    expect(r.code).toBe(2);
  });

  it('Feishu: restarted from outside after each Lark loop exit, every 30 min for 19 h: a slow respawn storm', async () => {
    const now = Date.now();
    const lines = larkChurnLines(now - 38 * 30 * 60_000 - 10 * 60_000, 39);
    const current = lines.slice(lines.map((l) => l.includes('Starting Hermes Gateway...')).lastIndexOf(true));
    const r = await check({ gatewayLog: current, agentLog: lines, platforms: { feishu: 'connected' } });
    expect(r.stdout).toContain('🟠 The gateway is restarted after each Feishu link drop');
    expect(r.stdout).toMatch(/38 restarts in 18h 40m/);
    expect(r.stdout).toContain('gatewatch does not restart for this');
    expect(r.code).toBe(1);
  });
});
