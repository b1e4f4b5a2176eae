// The env file (issue 20, item 1): secrets set up as the README says — `~/.config/gatewatch/env` beside the config —
// reach every command, not only the service. The CLI's code on a temp HOME (test/helpers/cli-run.ts), real files.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliHere } from '../helpers/cli-run.js';

/** A HOME with a Hermes home that has run, and the config the README describes, reading two ${VAR}s. */
function setUp(configExtra = ''): { home: string; dir: string; config: string; env: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'gw-envfile-'));
  mkdirSync(path.join(home, '.hermes', 'logs'), { recursive: true });
  writeFileSync(path.join(home, '.hermes', 'logs', 'gateway.log'), '');
  writeFileSync(path.join(home, '.hermes', 'gateway_state.json'), '{}');
  const dir = path.join(home, '.config', 'gatewatch');
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'state_dir: ${GW_TEST_STATE}',
      'targets: [{ name: main, hermes_home: ~/.hermes, service: { manager: none } }]',
      'http:',
      '  listen: ""',
      '  token: ${GW_TEST_TOKEN}',
      configExtra,
    ].join('\n'),
  );
  return { home, dir, config, env: path.join(dir, 'env') };
}

function writeEnv(file: string, text: string, mode = 0o600): void {
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
}

describe('the env file beside the config', () => {
  it('status, check and validate all read ~/.config/gatewatch/env: no "not set", no exit 78', async () => {
    const { home, env } = setUp();
    writeEnv(env, `# secrets\nGW_TEST_STATE=${home}/state\nexport GW_TEST_TOKEN="0123456789abcdef0123"\n`);
    const validate = await runCliHere(home, ['validate']);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain(`state_dir: ${home}/state`);
    for (const args of [['status'], ['check'], ['check', '--json']]) {
      const r = await runCliHere(home, args);
      expect(r.stderr, args.join(' ')).not.toMatch(/not set|config error/);
      expect(r.code, args.join(' ')).not.toBe(78);
    }
  });

  it('the environment wins over the file', async () => {
    const { home, env } = setUp();
    writeEnv(env, `GW_TEST_STATE=${home}/from-file\nGW_TEST_TOKEN=0123456789abcdef0123\n`);
    const r = await runCliHere(home, ['validate'], { env: { GW_TEST_STATE: `${home}/from-env` } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`state_dir: ${home}/from-env`);
  });

  it('a file other users can read is refused with the fix, exit 78', async () => {
    const { home, env, config } = setUp();
    writeEnv(env, `GW_TEST_STATE=${home}/state\nGW_TEST_TOKEN=0123456789abcdef0123\n`, 0o644);
    for (const args of [['check'], ['validate'], ['status']]) {
      const r = await runCliHere(home, args);
      expect(r.code, args.join(' ')).toBe(78);
      expect(r.stderr).toContain(`${config}`);
      expect(r.stderr).toContain(`chmod 600 ${env}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('env_file: names another file (~ and relative to the config folder); a missing one is an error on that key', async () => {
    const { home, dir, config } = setUp('env_file: secrets/gatewatch.env\n');
    mkdirSync(path.join(dir, 'secrets'));
    const other = path.join(dir, 'secrets', 'gatewatch.env');
    const missing = await runCliHere(home, ['check']);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain(`${config}:6: key "env_file": env file ${other} does not exist`);
    writeEnv(other, `GW_TEST_STATE=${home}/state\nGW_TEST_TOKEN=0123456789abcdef0123\n`);
    const ok = await runCliHere(home, ['validate']);
    expect(ok.code).toBe(0);
    writeFileSync(
      config,
      `env_file: ~/.config/gatewatch/secrets/gatewatch.env\nstate_dir: \${GW_TEST_STATE}\ntargets: [{ name: main, hermes_home: ~/.hermes, service: { manager: none } }]\n`,
    );
    expect((await runCliHere(home, ['validate'])).code).toBe(0);
  });

  it('without the file, an unset variable names the file to put it in', async () => {
    const { home, env, config } = setUp();
    const r = await runCliHere(home, ['check']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(
      `${config}:1: key "state_dir": environment variable GW_TEST_STATE is not set (put GW_TEST_STATE=… in ${env}, or export it)`,
    );
  });
});
