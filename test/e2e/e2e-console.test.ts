// End to end, as a newcomer runs it: `gatewatch run --console` with no config starts the demo gateway; a crash is
// injected; the alert appears on stdout, gatewatch restarts the gateway and verifies it, and /status shows it.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleCli, endCli } from '../helpers/console-cli.js';
import { stopDemo } from '../../src/demo/index.js';
import { cleanup, spawnIdle } from '../helpers/probe-procs.js';
import { processesWith } from '../helpers/run-tmp.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHomeDir: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHomeDir) await stopDemo(demoHomeDir).catch(() => undefined);
  await cleanup();
});

describe('gatewatch run --console against the demo gateway', () => {
  it('alerts on a crash, restarts and verifies, and /status shows the restart', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-'));
    demoHomeDir = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
    const cli = startConsoleCli(home, ['run', '--console']);
    child = cli.child;
    await cli.waitFor(/watching the DEMO gateway/);
    let at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, 0, '/status');
    const pidBefore = Number(/running pid (\d+)/.exec(cli.out())![1]);

    // Break it from the console itself: the gateway is SIGKILLed and writes nothing, as a crash or the OOM killer would.
    cli.send('/demo fail crash');
    at = await cli.waitFor(/Injected crash into the demo gateway/, at);
    at = await cli.waitFor(/🔴 demo: Gateway died without a shutdown/, at);
    at = await cli.waitFor(/✅ Restarted demo: verified in/, at);
    at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected[^🔴]*last restart\s+\S+ \S+ ✓ gatewatch/u, at, '/status');
    const pidAfter = Number([...cli.out().matchAll(/running pid (\d+)/g)].at(-1)![1]);
    expect(pidAfter).not.toBe(pidBefore);

    // Every step is in the audit log.
    const audit = (await readFile(path.join(home, '.local', 'state', 'gatewatch', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const types = audit.map((r) => r.type);
    expect(types).toContain('alert.open');
    expect(types).toContain('restart.begin');
    expect(types).toContain('restart.ok');
    expect(types).toContain('command');
    for (const r of audit)
      expect(Object.keys(r)).toEqual(['ts', 'type', 'target', 'check', 'severity', 'actor', 'detail']);
    // The playground's gateway goes with the daemon, and nothing else of it stays.
    await endCli(child);
    expect(processesWith(`HOME=${home}`, process.ppid)).toEqual([]);
  });

  it('says so when the demo gateway cannot be started, and why', async () => {
    // The demo's gateway.pid names a live gateway that is not the demo's (another home's): the demo will not touch
    // it, so it does not start.
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-'));
    demoHomeDir = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
    mkdirSync(demoHomeDir, { recursive: true });
    const other = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: path.join(home, 'elsewhere') });
    writeFileSync(path.join(demoHomeDir, 'gateway.pid'), JSON.stringify({ pid: other.pid, kind: 'hermes-gateway' }));
    const cli = startConsoleCli(home, ['run', '--console']);
    child = cli.child;
    await cli.waitFor(
      new RegExp(
        `The demo gateway did not start: pid ${other.pid} in \\S+gateway\\.pid is not a demo gateway started for`,
      ),
      0,
      undefined,
      20_000,
    );
    expect(other.exitCode).toBeNull();
    // Stopped at once, as it started: nothing it began (the restart its first look asked for) is left behind it.
    await endCli(child);
    expect(processesWith(`HOME=${home}`, process.ppid)).toEqual([]);
  });
});
