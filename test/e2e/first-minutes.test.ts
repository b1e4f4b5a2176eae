// The first ten minutes (issue 55 item 8), through the built CLI. From a clone only `npx gatewatch` works, and npx puts
// a `gatewatch` of its own on PATH for the run it starts: `npx gatewatch init` said "Next: gatewatch run". `init --yes` on the demo's home (a root that served
// profiles coder and ops), then `run`: the profiles were alerted as "Hermes gateway is not running" ("auto-restart
// yes" beside "gatewatch cannot restart it") while the root was still starting, then "Recovered (down 0s)". A root
// publishes the profiles it serves once their adapters run (hermes-gateway-current.md §2.2): at `starting` its list
// is empty, and a profile is judged with its root's start.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewatch } from '../helpers/cli-run.js';
import { ago, gatewayProcess, isoAgo, writePidFile } from '../helpers/hermes-homes.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

afterAll(cleanup);

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
});
