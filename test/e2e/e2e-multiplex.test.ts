// End to end with a multiplexing Hermes root (hermes-gateway-current.md §2): `gatewatch run --console` (the built
// dist/) watches a root that serves two named profiles from one real process (test/fakes/multiplex-gateway.ts: real
// pid, state and log files; its service manager is `command`, whose restart really replaces the process).
// /status lists each profile with its platforms; a served profile's platform failure alerts naming that profile (not
// the root, not the other profile); the restart is the root's and is verified on the root's new pid and the profile's
// entries; a manual /restart of a served profile first names the other profiles it takes down.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleCli, endCli } from '../helpers/console-cli.js';
import { createMultiplexRoot, type MultiplexRoot } from '../fakes/multiplex-gateway.js';

let child: ChildProcessWithoutNullStreams | undefined;
let mux: MultiplexRoot | undefined;
afterEach(async () => {
  await endCli(child);
  await mux?.stop();
});

describe('gatewatch run --console against a multiplexing root', () => {
  it('lists each profile, alerts for the failing profile, restarts the root and verifies it; /restart of a profile names the others', {
    timeout: 240_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-mux-'));
    mux = await createMultiplexRoot(path.join(home, '.hermes'), {
      default: ['telegram'],
      coder: ['telegram'],
      ops: ['discord'],
    });
    await mux.start();
    const pid0 = (await mux.pid())!;
    const svc = `{ manager: command, restart: ${JSON.stringify(mux.restartArgv)} }`;
    const config = path.join(home, 'gatewatch.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${path.join(home, 'state')}`,
        `schedule: '*/2 * * * * *'`,
        'detect: { disconnect_grace: 2s }',
        'remediate: { cooldown: 0s, verify_timeout: 30s }',
        'targets:',
        ...['default', 'coder', 'ops'].map(
          (n) =>
            `  - { name: ${n}, hermes_home: ${n === 'default' ? mux!.root : path.join(mux!.root, 'profiles', n)}, service: ${svc} }`,
        ),
      ].join('\n'),
    );
    const cli = startConsoleCli(home, ['run', '--console', '--config', config], { waitMs: 60_000 });
    child = cli.child;

    // Each profile with its platforms; the served ones run in the root's process.
    let at = await cli.waitFor(
      /✅ default: healthy[^🔴]*?Telegram\s+connected[^🔴]*?Telegram in profile coder\s+connected[^🔴]*?Discord in profile ops\s+connected[^🔴]*?✅ coder: healthy[^🔴]*?Telegram\s+connected[^🔴]*?✅ ops: healthy[^🔴]*?Discord\s+connected/u,
      0,
      '/status',
    );
    const status = cli.out();
    expect(status.slice(status.lastIndexOf('✅ coder: healthy'))).toContain(`running pid ${pid0}`);

    // ops' Discord dies inside the root's process: one alert, for ops.
    const beforeFault = at;
    await mux.fault([{ profile: 'ops', platform: 'discord' }]);
    at = await cli.waitFor(/🔴 ops: Discord is fatal/, at);
    // The automatic restart is the root's, said so, and verified on its new pid and ops' entry.
    const restarted = await cli.waitFor(
      /✅ Restarted ops: verified in[^\n]*\n(?:  .*\n)*?  detail\s+pid (\d+); Discord in profile ops, Telegram, Telegram in profile coder connected\n/,
      at,
    );
    const pid1 = Number(
      /pid (\d+); Discord in profile ops, Telegram, Telegram in profile coder connected/.exec(
        cli.out().slice(at, restarted),
      )![1],
    );
    expect(pid1).not.toBe(pid0);
    await cli.waitFor(
      /Restarting the root gateway that serves profile ops: every profile's bots \(default, coder, ops\) reconnect\./,
      at,
    );
    at = await cli.waitFor(/✅ ops: Discord(?: in profile ops)? is back: gatewatch restarted the gateway/, at);
    expect(await mux.restarts()).toHaveLength(2); // the start and this one restart
    // Nothing red for the root or the other profile: ops' failure is ops'.
    expect(cli.out().slice(beforeFault)).not.toMatch(/🔴 (default|coder):/);

    // A manual restart of a served profile: asked first, naming the others; then the root restarts, verified.
    cli.send('/restart coder');
    at = await cli.waitFor(
      /Restarting coder restarts the root gateway that serves profile coder: the bots of default, ops reconnect too\. Restart anyway\?/,
      at,
    );
    expect(await mux.restarts()).toHaveLength(2);
    cli.send('/restart coder confirm');
    at = await cli.waitFor(
      /✅ Restarted coder: verified in \S+\npid (\d+); Telegram in profile coder, Telegram, Discord in profile ops connected/,
      at,
    );
    const pid2 = Number(
      [...cli.out().matchAll(/pid (\d+); Telegram in profile coder, Telegram, Discord in profile ops connected/g)].at(
        -1,
      )![1],
    );
    expect(pid2).not.toBe(pid1);
    expect(await mux.pid()).toBe(pid2);
    expect(await mux.restarts()).toHaveLength(3);
    await cli.waitFor(
      /✅ coder: healthy[^🔴]*?Telegram\s+connected[^🔴]*?last restart\s+\S+ \S+ ✓ the operator at the console/u,
      at,
      '/status coder',
    );

    // The audit log says whose restart each was.
    const audit = (await readFile(path.join(home, 'state', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const begins = audit.filter((r) => r.type === 'restart.begin');
    expect(begins.map((r) => [r.target, r.actor, r.detail.via_root, r.detail.profile])).toEqual([
      ['ops', 'gatewatch', mux.root, 'ops'],
      ['coder', 'local', mux.root, 'coder'],
    ]);
    expect(audit.filter((r) => r.type === 'restart.ok').map((r) => r.target)).toEqual(['ops', 'coder']);
  });
});
