// `hermes --version` is the last source of the running Hermes' version (§10): asked by the daemon when identify, the
// state file and the checkout name none, and kept an hour. A one-shot `gatewatch check` keeps nothing from one run to
// the next, so it ran a Python process (up to 10 s) on every run, from cron every minute: it never asks.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createApp, type App } from '../../src/app.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';
import { gatewatch } from '../helpers/cli-run.js';
import { liveHome } from '../helpers/hermes-homes.js';

const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  await cleanup();
});

async function setup() {
  const dir = await tempDir();
  const home = path.join(dir, 'hermes');
  await liveHome(home);
  // A v0.19+ state file that names no code version, and no checkout beside it: nothing but the CLI can say it.
  const stateFile = path.join(home, 'gateway_state.json');
  const state = JSON.parse(await readFile(stateFile, 'utf8'));
  delete state.code_version;
  await writeFile(stateFile, JSON.stringify(state));
  // A v0.19+ home all the same (its starts log), whose gateway runs.
  await writeFile(path.join(home, 'gateway-starts.log'), '');
  const calls = path.join(dir, 'calls');
  const cli = path.join(dir, 'hermes-cli');
  await writeFile(cli, `#!/bin/sh\necho "$*" >> ${calls}\necho 'Hermes Agent v0.21.6 (2026.9.24)'\n`);
  await chmod(cli, 0o755);
  const raw = {
    state_dir: path.join(dir, 'state'),
    schedule: '0 0 1 1 *',
    targets: [{ name: 'gw', hermes_home: home, hermes_cli: [cli] }],
  };
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify(raw));
  const called = async () => (await readFile(calls, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  return { file, raw, called };
}

describe('`hermes --version`', () => {
  it('a one-shot check never runs it; the daemon does, once, and names the version it said', async () => {
    const { file, raw, called } = await setup();
    for (let i = 0; i < 2; i++) {
      const r = await gatewatch(['check', '--config', file, '--json']);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(await called()).toBe(0);

    const app = await createApp(resolveConfig(configSchema.parse(raw), undefined), { log: pino({ level: 'silent' }) });
    apps.push(app);
    const first = await app.core.evaluate('gw');
    expect(first.evidence.hermes?.version).toMatchObject({ version: '0.21.6', source: 'cli' });
    await app.core.evaluate('gw');
    expect(await called()).toBe(1);
  });
});
