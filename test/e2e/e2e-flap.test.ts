// End to end, as a newcomer plays with the demo: `gatewatch run --console`, the same fault twice within the flap
// window, then other faults. Every recovery is green and the last word is a recovery, never a red "Flapping"; the demo
// does not run out of restart budget; /history reads as what happened; a /restart typed here prints its result once.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSettingsEnv, startConsoleCli, endCli } from '../helpers/console-cli.js';
import { stopDemo } from '../../src/demo/index.js';
import { until } from '../helpers/until.js';

let child: ChildProcessWithoutNullStreams | undefined;
let demoHomeDir: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHomeDir) await stopDemo(demoHomeDir).catch(() => undefined);
});

describe('gatewatch run --console: faults played in a row', () => {
  it('a crash twice in the flap window ends green; four faults do not exhaust the demo budget; one message per restart', {
    timeout: 120_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-flap-'));
    demoHomeDir = path.join(home, '.local', 'state', 'gatewatch', 'demo-hermes');
    // The demo's settings but for the pace: a restart held by the cooldown (2 s here, 20 s in the demo) is taken at the
    // next scheduled check (every second here, every 10 s in the demo). The second crash still lands inside it.
    const cli = startConsoleCli(home, ['run', '--console'], {
      waitMs: 90000,
      env: demoSettingsEnv({ remediate: { cooldown: '2s' }, schedule: '* * * * * *' }),
    });
    child = cli.child;
    await cli.waitFor(/watching the DEMO gateway/);
    let at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, 0, '/status');

    const play = async (fault: string, recovered: RegExp) => {
      cli.send(`/demo fail ${fault}`);
      at = await cli.waitFor(new RegExp(`Injected ${fault}`), at);
      at = await cli.waitFor(/🔴 (Down again \(\d\w\w time in 30m\) — )?demo: /, at);
      at = await cli.waitFor(/✅ Restarted demo: verified in/, at);
      at = await cli.waitFor(recovered, at);
    };
    await play('crash', /✅ demo: the gateway is back: gatewatch restarted the gateway/);
    const first = at;
    await play(
      'crash',
      /✅ demo: the gateway is back: gatewatch restarted the gateway[^\n]*\n(  .*\n)*The gateway went down 2 times in 30m; up now/,
    );
    // Nothing red after the second verified restart: the flapping is said in the green recovery.
    const afterSecond = cli.out().slice(first);
    expect(afterSecond).not.toMatch(/Flapping/);
    expect(afterSecond.slice(afterSecond.lastIndexOf('Restarted demo: verified'))).not.toMatch(/🔴/);

    await play('sigterm', /✅ demo: the gateway is back/);
    await play('crash', /✅ demo: the gateway is back/);
    const all = cli.out();
    expect(all).not.toMatch(/Giving up on automatic restarts/);
    expect(all.match(/✅ Restarted demo: verified in/g)).toHaveLength(4);

    // /history tells the story: each outage, its restart, its recovery.
    cli.send('/history 60');
    at = await cli.waitFor(/Last \d+ events?[\s\S]*?\n\n/, at);
    const hist = cli.out().slice(cli.out().lastIndexOf('Last '));
    expect(hist).toMatch(/ demo gatewatch: down: Gateway died/);
    expect(hist).toMatch(
      / demo gatewatch: recovered after \S+: Gateway died[^\n]*\(the gateway went down 2 times in 30m\)/,
    );
    expect(hist).toMatch(/ demo gatewatch: verified in/);

    // A restart asked for on the console: its result is printed once (the reply), not again as a notification.
    const before = cli.out().length;
    cli.send('/restart demo confirm');
    at = await cli.waitFor(/Restarted demo: verified in/, before);
    // Right after the verification the state file may still say `starting`: ask until it says healthy.
    at = await cli.waitFor(/demo: healthy/, at, '/status');
    // The notification was queued before the reply was printed: once the outbox owes it to nobody, a second print
    // of it on the console would have come already.
    const outbox = path.join(home, '.local', 'state', 'gatewatch', 'outbox.json');
    const owed = async () => {
      const { entries } = JSON.parse(await readFile(outbox, 'utf8').catch(() => '{"entries":[]}')) as {
        entries: { alert: { reply?: { title?: string } }; pending: string[] }[];
      };
      return entries.filter((e) => /Restarted demo/.test(e.alert.reply?.title ?? '') && e.pending.length > 0);
    };
    await until('the restart notification owed to no channel', async () => (await owed()).length === 0, {
      timeoutMs: 30_000,
      everyMs: 100,
    });
    expect(
      cli
        .out()
        .slice(before)
        .match(/Restarted demo: verified in/g),
    ).toHaveLength(1);
  });
});
