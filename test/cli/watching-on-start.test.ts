// Issue 80 item 5: "a 'watching, all green' message on the phone when `run` starts, with what it watches, as the first
// sign that the chain works". With `alerts.on_start` (init writes it for a chat channel) the built daemon says, once
// its first look at each target is done, what it watches and how each is, in /status's words; without it, nothing.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { chat, entryAgo, every, gatewayFor, writeHome } from '../helpers/evidence-homes.js';

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  await endCli(child);
  child = undefined;
  await cleanup();
});

/** A serving gateway's home: its process alive, Telegram connected and chatting. */
async function servingHome(home: string): Promise<void> {
  const pid = await gatewayFor(home);
  await writeHome(home, pid, {
    platforms: { telegram: entryAgo('connected', 3590) },
    gateway: every(3000, 300, 10).flatMap((s) => chat('telegram', s)),
  });
}

function config(dir: string, onStart: boolean | undefined): string {
  const file = path.join(dir, 'gatewatch.yaml');
  writeFileSync(
    file,
    [
      `state_dir: ${path.join(dir, 'state')}`,
      `schedule: '*/2 * * * * *'`,
      'detect: { reachability: false }',
      ...(onStart === undefined ? [] : [`alerts: { on_start: ${onStart} }`]),
      'targets:',
      `  - { name: alpha, hermes_home: ${path.join(dir, 'alpha')}, service: { manager: none } }`,
    ].join('\n'),
  );
  return file;
}

describe('what `run` says when it starts', { timeout: 120_000 }, () => {
  it('with alerts.on_start: once, what it watches and how it is, after its first look', async () => {
    const dir = await tempDir('gw-on-start-');
    await servingHome(path.join(dir, 'alpha'));
    const cli = startConsoleCli(dir, ['run', '--console', '--config', config(dir, true)], {
      env: { LANG: 'en_US.UTF-8' },
    });
    child = cli.child;
    const at = await cli.waitFor(/ℹ️ gatewatch is watching alpha/u);
    await cli.waitFor(/Ask \/status any time\./, at);
    const said = cli.out().slice(at);
    expect(said).toMatch(/✅ alpha: healthy/u);
    expect(said).not.toContain('first look not done yet');
  });

  it('without it (the default): nothing but the console’s banner', async () => {
    const dir = await tempDir('gw-on-start-');
    await servingHome(path.join(dir, 'alpha'));
    const cli = startConsoleCli(dir, ['run', '--console', '--config', config(dir, undefined)]);
    child = cli.child;
    // Its own /status answers, so its first look is done: anything on_start would say would be said by now.
    await cli.waitFor(/alpha: healthy/, 0, '/status');
    expect(cli.out()).not.toMatch(/ℹ️ gatewatch is watching/u);
    expect(cli.out()).not.toContain('Ask /status any time');
  });
});
