// Issue 55 item 1 through the built daemon: the demo gateway starts while the network is down (`network-down-start`),
// with the playground's own disconnect grace (30 s) and the network back only after 60 s. The start-up's warning for
// each platform turns into the platform's own outage at the grace: that is not a recovery. Every ✅ the console prints
// comes after its platform connected (as the demo's log dates it), and each platform's story ends in one.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSettingsEnv, endCli, startConsoleCli } from '../helpers/console-cli.js';
import { injectFault, stopDemo } from '../../src/demo/index.js';
import { parseLogText } from '../../src/probes/log-parse.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHome: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHome) await stopDemo(demoHome).catch(() => undefined);
});

/** When the demo's log says the platform connected (its first `✓ <platform> connected`/`reconnected`). */
function connectedAt(home: string, platform: string): number | undefined {
  const records = parseLogText(readFileSync(path.join(home, 'logs', 'gateway.log'), 'utf8'));
  return records.find((r) => new RegExp(`^✓ ${platform} (re)?connected`).test(r.message))?.ts;
}

describe('gatewatch run --console: the network down at start, back after the grace', () => {
  it('says nothing is back before it is, and each platform recovers once', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-early-'));
    demoHome = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
    expect((await injectFault(demoHome, 'network-down-start')).ok).toBe(true);
    // Each printed alert, stamped when it was printed.
    const printed: { at: number; text: string }[] = [];
    const cli = startConsoleCli(home, ['run', '--console'], {
      env: { ...demoSettingsEnv({ schedule: '*/2 * * * * *' }), GATEWATCH_DEMO_NETWORK_BACK: '60s' },
    });
    child = cli.child;
    let seen = 0;
    cli.child.stdout.on('data', () => {
      const out = cli.out();
      for (const line of out.slice(seen).split('\n').slice(0, -1)) printed.push({ at: Date.now(), text: line });
      seen = out.lastIndexOf('\n') + 1;
    });
    await cli.waitFor(/watching the DEMO gateway/);
    // Both platforms back and recovered: one ✅ each.
    await cli.waitFor(
      /✅[^\n]*(QQ|qqbot)[\s\S]*✅[^\n]*(Feishu|feishu)|✅[^\n]*(Feishu|feishu)[\s\S]*✅[^\n]*(QQ|qqbot)/u,
      0,
      undefined,
      150_000,
    );
    const greens = printed.filter((p) => p.text.startsWith('✅'));
    for (const [platform, name] of [
      ['qqbot', /QQ|qqbot/],
      ['feishu', /Feishu|feishu/],
    ] as const) {
      const mine = greens.filter((g) => name.test(g.text));
      expect(
        mine.map((g) => g.text),
        cli.out(),
      ).toHaveLength(1);
      const up = connectedAt(demoHome, platform);
      expect(up, cli.out()).toBeDefined();
      expect(mine[0]!.at, cli.out()).toBeGreaterThanOrEqual(up!);
    }
  }, 240_000);
});
