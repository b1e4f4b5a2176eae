// End to end, issue 7 item 1: the gateway starts while its platforms' servers cannot be reached and Hermes logs the real
// `Gateway started with no connected platforms — 2 platform(s) queued for retry: feishu: …; qqbot: QQ startup failed: …`.
// gatewatch (`run --console` on the demo gateway) must name the platforms, not their error texts, hold restarts while
// Hermes retries, announce the recovery once they connect, and never restart the connected gateway afterwards.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSettingsEnv, startConsoleCli, endCli } from '../helpers/console-cli.js';
import { until } from '../helpers/until.js';
import { injectFault, stopDemo } from '../../src/demo/index.js';
import { freePort } from '../helpers/ports.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHomeDir: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHomeDir) await stopDemo(demoHomeDir).catch(() => undefined);
});

describe('gatewatch run --console: a gateway that starts with its platforms queued for retry', () => {
  it('holds restarts while Hermes retries, resolves once they connect, and never restarts the connected gateway', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-queued-'));
    const stateDir = path.join(home, '.local', 'state', 'gatewatch');
    demoHomeDir = path.join(stateDir, 'demo-hermes');
    // The network is down when the demo gateway first starts; it comes back 40 s later: later than the demo's own 15 s
    // (at the start of a full run, on two loaded cores, gatewatch's first look came after 25 s once and saw no outage),
    // sooner than this test's 60 s disconnect_grace (past it, each platform would also be platform_down).
    expect((await injectFault(demoHomeDir, 'network-down-start')).ok).toBe(true);

    // The demo's settings but for the pace: a 2 s cooldown and a check every second (the demo: 20 s and every 10 s), and a
    // disconnect grace past the network's return.
    // Its /metrics counts the checks: what the end waits for instead of a fixed window.
    const port = await freePort();
    const cli = startConsoleCli(home, ['run', '--console'], {
      env: {
        ...demoSettingsEnv({
          remediate: { cooldown: '2s' },
          schedule: '* * * * * *',
          detect: { disconnect_grace: '60s' },
          http: { listen: `127.0.0.1:${port}` },
        }),
        GATEWATCH_DEMO_NETWORK_BACK: '40s',
      },
    });
    child = cli.child;
    let at = await cli.waitFor(/watching the DEMO gateway/);

    // Announced per platform, with the cause and without a restart.
    at = await cli.waitFor(
      /🟠 demo: QQ cannot be reached from this host; Hermes keeps retrying/,
      at,
      undefined,
      90_000,
    );
    expect(cli.out()).toMatch(/🟠 demo: Feishu cannot be reached from this host; Hermes keeps retrying/);
    expect(cli.out()).not.toMatch(/demo: (feishu|qqbot): .* failed to connect at startup/);

    // Hermes' watcher connects them: a green recovery, and /status is healthy.
    at = await cli.waitFor(/✅ demo: QQ is back: Hermes reconnected it/, at, undefined, 60_000);
    at = await cli.waitFor(/demo: healthy[^🔴🟠]*QQ\s+connected/u, at, '/status');

    // Four more checks, a second apart, the last past the restart cooldown (2 s): still no restart.
    const checks = async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return [...text.matchAll(/^gatewatch_checks_total\{[^}]*target="demo"[^}]*\} (\d+)/gm)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    };
    const before = await checks();
    await until('four more checks', async () => (await checks()) >= before + 4, { timeoutMs: 60_000, everyMs: 200 });
    const audit = (await readFile(path.join(stateDir, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; check?: string; detail?: Record<string, unknown> });
    expect(
      audit
        .filter((r) => r.type.startsWith('restart.'))
        .map((r) => `${r.type} ${r.check ?? ''} ${JSON.stringify(r.detail)}`),
    ).toEqual([]);
    const opened = audit.filter((r) => r.type === 'alert.open').map((r) => r.check);
    expect(opened.sort()).toEqual(['startup_incomplete', 'startup_incomplete']);
    expect(cli.out()).not.toMatch(/Restarting demo|Restarted demo|Giving up/);
    await cli.waitFor(/demo: healthy[^🔴🟠]*QQ\s+connected/u, cli.out().length, '/status');
  }, 180_000);
});
