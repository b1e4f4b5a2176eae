// The first ten minutes (issue 55 item 8), through the built CLI. From a clone only `npx gatewatch` works, and npx puts
// a `gatewatch` of its own on PATH for the run it starts: `npx gatewatch init` said "Next: gatewatch run". `init --yes` on the demo's home (a root that served
// profiles coder and ops), then `run`: the profiles were alerted as "Hermes gateway is not running" ("auto-restart
// yes" beside "gatewatch cannot restart it") while the root was still starting, then "Recovered (down 0s)". A root
// publishes the profiles it serves once their adapters run (hermes-gateway-current.md §2.2): at `starting` its list
// is empty, and a profile is judged with its root's start.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { gatewatch, runCli } from '../helpers/cli-run.js';
import { endCli, startConsoleCli } from '../helpers/console-cli.js';
import { demoHome, startDemo, stopDemo } from '../../src/demo/index.js';
import { ago, gatewayProcess, isoAgo, writePidFile } from '../helpers/hermes-homes.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterAll(cleanup);

let child: ChildProcessWithoutNullStreams | undefined;
let demoHomeDir: string | undefined;
afterEach(async () => {
  await endCli(child);
  if (demoHomeDir) await stopDemo(demoHomeDir).catch(() => undefined);
});

/** A multiplexing root whose live gateway writes `gatewayState` with `served`, and its profile coder. */
async function rootWithProfile(gatewayState: string, served: string[]) {
  const dir = await tempDir('gw-first-');
  const root = path.join(dir, 'hermes');
  await mkdir(path.join(root, 'logs'), { recursive: true });
  await mkdir(path.join(root, 'profiles', 'coder', 'logs'), { recursive: true });
  await writeFile(path.join(root, 'config.yaml'), 'gateway:\n  multiplex_profiles: true\n');
  await writeFile(path.join(root, 'profiles', 'coder', 'config.yaml'), '# profile coder: served by the root gateway\n');
  const gw = gatewayProcess(root);
  await writePidFile(root, gw.pid!);
  await writeFile(
    path.join(root, 'gateway_state.json'),
    JSON.stringify({
      pid: gw.pid,
      kind: 'hermes-gateway',
      argv: ['python', '-m', 'hermes_cli.main', 'gateway', 'run'],
      gateway_state: gatewayState,
      exit_reason: null,
      restart_requested: false,
      active_agents: 0,
      platforms: {},
      updated_at: isoAgo(1),
      served_profiles: served,
    }),
  );
  await writeFile(path.join(root, 'logs', 'gateway.log'), `${ago(1)} INFO gateway.run: Starting Hermes Gateway...\n`);
  const config = path.join(dir, 'config.yaml');
  await writeFile(
    config,
    `state_dir: ${dir}/state\ntargets:\n  - { name: coder, hermes_home: ${root}/profiles/coder }\n`,
  );
  return config;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the first ten minutes', { timeout: 60_000 }, () => {
  it('npx gatewatch init, in the clone: every command it names is typed `npx gatewatch`', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-npx-'));
    mkdirSync(path.join(home, '.hermes', 'logs'), { recursive: true });
    writeFileSync(path.join(home, '.hermes', 'logs', 'gateway.log'), '');
    const env = { ...process.env, HOME: home, GATEWATCH_CONFIG: '', HERMES_HOME: '', LANG: 'C.UTF-8' };
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'npx',
        ['--offline', '--yes', 'gatewatch', 'init', '--yes'],
        { cwd: ROOT, env: { ...env, npm_config_update_notifier: 'false', npm_config_cache: path.join(home, '.npm') } },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    expect(out).toContain('\nNext: npx gatewatch run\n');
    expect(out).toContain('`npx gatewatch install`');
    expect(out).not.toMatch(/(?<!npx )gatewatch (run|install|init|validate)\b/);
  });

  it('a profile its root serves is not "not running" while the root starts', async () => {
    const r = await gatewatch(['check', '--config', await rootWithProfile('starting', [])], { spawn: true });
    expect(r.stdout).not.toContain('Hermes gateway is not running');
    expect(r.stdout).not.toContain('cannot restart it');
    expect(r.code).toBe(0);
  });

  it('one its running root does not serve still is', async () => {
    const r = await gatewatch(['check', '--config', await rootWithProfile('running', [])], { spawn: true });
    expect(r.stdout).toContain('Hermes gateway is not running');
  });

  // `/demo heal` of a fault that lives in the gateway's process said "Nothing to heal: no fault was left to undo" and
  // never the restart's result; the fault then healed.
  it('/demo heal: the restart it runs, and its result, then what the heal was', { timeout: 120_000 }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-heal-'));
    demoHomeDir = demoHome(path.join(home, '.local', 'state', 'gatewatch'));
    const cli = startConsoleCli(home, ['run', '--console']);
    child = cli.child;
    let at = await cli.waitFor(/demo: healthy[^🔴]*QQ\s+connected/u, 0, '/status');
    cli.send('/demo fail qq-banned');
    at = await cli.waitFor(/🔴 demo: QQ bot is banned/u, at);
    cli.send('/demo heal');
    at = await cli.waitFor(/✅ Restarted demo: verified in \d+s/u, at);
    await cli.waitFor(/No fault left anything on disk to undo: the restart is the whole heal\./, at);
    expect(cli.out()).not.toContain('Nothing to heal');
  });

  // Issue 61: quitting the playground stopped its demo gateway without a word.
  it('quitting the playground says it stopped the demo gateway', { timeout: 120_000 }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-quit-demo-'));
    demoHomeDir = demoHome(path.join(home, '.local', 'state', 'gatewatch'));
    const cli = startConsoleCli(home, ['run', '--console']);
    child = cli.child;
    await cli.waitFor(/demo: healthy/u, 0, '/status');
    const { pid } = JSON.parse(readFileSync(path.join(demoHomeDir, 'gateway.pid'), 'utf8')) as { pid: number };
    child.kill('SIGTERM');
    await cli.waitFor(new RegExp(`Stopped the demo gateway \\(pid ${pid}\\)\\.`));
    await endCli(child);
  });

  // Quitting `run` on the config init wrote for the demo's home left its gateway running without a word.
  it('quitting run says the demo gateway it watched keeps running, and how to stop it', {
    timeout: 120_000,
  }, async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'gw-quit-'));
    demoHomeDir = demoHome(path.join(home, '.local', 'state', 'gatewatch'));
    expect((await startDemo(demoHomeDir)).ok).toBe(true);
    expect((await stopDemo(demoHomeDir)).ok).toBe(true);
    const env = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
    expect((await runCli(home, ['init', '--yes', '--hermes-home', demoHomeDir], { env })).code).toBe(0);
    const cli = startConsoleCli(home, ['run'], { env });
    child = cli.child;
    await cli.waitFor(/started it again \(pid \d+\)/);
    const pid = /started it again \(pid (\d+)\)/.exec(cli.out())![1];
    // Quit once it runs (a SIGTERM before it has started is node's own: the process ends at once).
    await cli.waitFor(/demo: healthy/u, 0, '/status');
    child.kill('SIGTERM');
    await cli.waitFor(/keeps running/);
    expect(cli.out()).toContain(
      `The demo gateway demo keeps running (pid ${pid}), as a gateway does when its watchdog stops. To stop it: npx gatewatch demo stop`,
    );
    await endCli(child);
    const stop = await runCli(home, ['demo', 'stop'], { env });
    expect(stop.stdout).toBe(`Stopped the demo gateway (pid ${pid}).\n`);
  });
});
