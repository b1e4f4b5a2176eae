// A newcomer with Hermes in Docker: `gatewatch init --yes` on the host, pointed at the folder the container mounts,
// writes a config that names the container and its lever and says what restarts need (the Docker socket, root on this
// host); `gatewatch check` with that config, nothing edited by hand, finds the healthy gateway healthy.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  namespaceRigAvailable,
  startHermesContainer,
  stopAllRigs,
  type HermesContainer,
} from '../helpers/hermes-container.js';
import { runCli } from '../helpers/cli-run.js';

const unavailable = await namespaceRigAvailable();
if (unavailable && process.env.CI === 'true')
  throw new Error(`the Hermes container rig cannot run here: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('gatewatch init on a host running Hermes in Docker', () => {
  let dir: string;
  let hermes: string;
  let c: HermesContainer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gw-docker-init-'));
    hermes = path.join(dir, 'hermes-data');
    mkdirSync(hermes);
    writeFileSync(path.join(hermes, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
    c = await startHermesContainer({ engine: 'namespace', home: hermes, name: 'hermes' });
  });

  afterAll(stopAllRigs);

  it('writes the container and says what restarts need; check then finds it healthy', {
    timeout: 120_000,
  }, async () => {
    const home = path.join(dir, 'user');
    mkdirSync(home);
    const env = { PATH: `${c.bin}:${process.env.PATH}`, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
    const init = await runCli(home, ['init', '--yes', '--hermes-home', hermes], { env });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain('runs in Docker container hermes (s6 slot gateway-default)');
    expect(init.stdout).toContain('root on this host');
    expect(init.stdout).not.toContain('cannot restart it');
    const config = readFileSync(path.join(home, '.config', 'gatewatch', 'config.yaml'), 'utf8');
    expect(config).toMatch(/^ {6}manager: docker$/m);
    expect(config).toMatch(/^ {6}container: "?hermes"?$/m);
    const check = await runCli(home, ['check', '--json'], { env });
    expect(JSON.parse(check.stdout).findings).toEqual([]);
    expect(check.code).toBe(0);
  });
});
