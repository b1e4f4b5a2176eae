// A container without s6 (`gateway run --no-supervise`, a runtime that owns PID 1): the gateway is the container's own
// program, its exit the container's, and the lever the container's start or restart, on a real Docker engine.
import { execFile } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerRigAvailable,
  startHermesContainer,
  stopAllRigs,
  type HermesContainer,
} from '../helpers/hermes-container.js';
import { gatewatch } from '../helpers/cli-run.js';
import { TEST_DIR } from '../helpers/paths.js';
import { until } from '../helpers/until.js';

const unavailable = await dockerRigAvailable();
if (unavailable && process.env.CI === 'true') throw new Error(`the Docker rig cannot run here: ${unavailable}`);

const REPO = path.resolve(TEST_DIR, '..');

interface Found {
  check: string;
  cause?: string;
  action: string;
}

describe.skipIf(unavailable !== undefined)('a Hermes container without s6', () => {
  let dir: string;
  let home: string;
  let c: HermesContainer;
  let config: string;

  const docker = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'docker',
        args,
        { encoding: 'utf8', env: { ...process.env, PATH: `${c.bin}:${process.env.PATH}` }, timeout: 120_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) || 1 : 0, stdout, stderr }),
      ),
    );
  const env = () => ({ PATH: `${c.bin}:${process.env.PATH}` });
  const check = async () => {
    const r = await gatewatch(['check', '--json', '--config', config], { env: env(), spawn: true });
    return { code: r.code, findings: JSON.parse(r.stdout).findings as Found[] };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gw-no-s6-'));
    // The rig's own container brings the private dockerd and the image; the gateway under test runs beside it.
    const rigHome = path.join(dir, 'rig');
    mkdirSync(rigHome);
    c = await startHermesContainer({ engine: 'docker', home: rigHome, name: 'hermes' });
    home = path.join(dir, 'plain');
    mkdirSync(home);
    const node = realpathSync(process.execPath);
    const prefix = node.startsWith('/usr/') ? undefined : path.dirname(path.dirname(node));
    const run = await docker([
      'run',
      '-d',
      '--name',
      'hermes-plain',
      '--network',
      'host',
      '-v',
      `${home}:/opt/data`,
      '-v',
      '/usr:/usr:ro',
      '-v',
      `${REPO}:/opt/gatewatch:ro`,
      ...(prefix ? ['-v', `${prefix}:${prefix}:ro`] : []),
      // No s6 in this image: nothing at /command.
      '--tmpfs',
      '/command',
      '-e',
      'HERMES_HOME=/opt/data',
      '--entrypoint',
      node,
      'gatewatch/hermes-rig:test',
      '/opt/gatewatch/dist/src/demo/gateway.js',
      'gateway',
      'run',
      '--home',
      '/opt/data',
      '--hermes',
      'current',
    ]);
    expect(run.code, run.stderr).toBe(0);
    config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${path.join(dir, 'state')}`,
        'targets:',
        `  - { name: plain, hermes_home: ${home}, reachability: false, service: { manager: docker, container: hermes-plain } }`,
        'channels: { console: {} }',
        '',
      ].join('\n'),
    );
  }, 180_000);

  afterAll(stopAllRigs);

  it('the gateway as the container’s program is healthy', { timeout: 120_000 }, async () => {
    await until('healthy', async () => (await check()).findings.length === 0, { timeoutMs: 60_000, everyMs: 1_000 });
  });

  it('doctor and /status say the container is the lever, never "the container\'s s6"', {
    timeout: 120_000,
  }, async () => {
    const line = async (verb: string) => {
      const r = await gatewatch([verb, '--config', config], { env: env(), spawn: true });
      return /^\s+service\s+(.*)$/m.exec(r.stdout)?.[1] ?? r.stdout;
    };
    const doctor = await line('doctor');
    expect(doctor).toBe(
      'Docker container hermes-plain, the gateway its own program (no s6 inside): running; gatewatch restarts the container with `docker restart hermes-plain`',
    );
    const status = await line('status');
    expect(status).toBe('Docker container hermes-plain, the gateway its own program (no s6 inside): running');
    for (const l of [doctor, status]) expect(l).not.toMatch(/s6 slot|docker exec|the container's s6/);
  });

  it('its container ended: said with the container’s start, which `gatewatch restart` runs', {
    timeout: 240_000,
  }, async () => {
    expect((await docker(['kill', 'hermes-plain'])).code).toBe(0);
    const r = await until('the stopped container is said', async () => {
      const found = await check();
      return found.findings.some((f) => f.cause === 'container_down') ? found : undefined;
    });
    const f = r.findings.find((x) => x.cause === 'container_down')!;
    expect(f.action).toContain('`docker start hermes-plain`');
    expect(f.action).not.toMatch(/docker exec|s6-svstat/);
    const restarted = await gatewatch(['restart', 'plain', '--yes', '--config', config], {
      env: env(),
      spawn: true,
      timeoutMs: 150_000,
    });
    expect(restarted.code, restarted.stdout + restarted.stderr).toBe(0);
    await until('healthy again', async () => (await check()).findings.length === 0, {
      timeoutMs: 90_000,
      everyMs: 1_000,
    });
  });
});
