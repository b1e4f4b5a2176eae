// A second gateway started on the host against the mounted home, beside the container's (Hermes #47555, #111720 and
// their kin): both serve one folder, one in the container's PID namespace and one outside. Said as such, the stray
// named, and never restarted on top of.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
import { gatewatch } from '../helpers/cli-run.js';
import { cleanup, trackPid } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const unavailable = await namespaceRigAvailable();
if (unavailable && process.env.CI === 'true')
  throw new Error(`the Hermes container rig cannot run here: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('a stray gateway on the host beside the container', () => {
  let dir: string;
  let home: string;
  let c: HermesContainer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gw-docker-stray-'));
    home = path.join(dir, 'hermes');
    mkdirSync(home);
    writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
    c = await startHermesContainer({ engine: 'namespace', home, name: 'hermes' });
  });

  afterAll(async () => {
    await cleanup();
    await stopAllRigs();
  });

  it('is found beside the container’s own, named, and not restarted on top of', async () => {
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${path.join(dir, 'state')}`,
        'targets:',
        `  - { name: hermes, hermes_home: ${home}, reachability: false }`,
        'channels: { console: {} }',
        '',
      ].join('\n'),
    );
    const env = { PATH: `${c.bin}:${process.env.PATH}` };
    const healthy = await gatewatch(['check', '--json', '--config', config], { env, spawn: true });
    expect(JSON.parse(healthy.stdout).findings).toEqual([]);
    // `hermes gateway run` on the host, its HERMES_HOME the folder the container mounts.
    const stray = spawn('/bin/sh', ['-c', 'read _', 'gateway', 'run'], {
      env: { ...process.env, HERMES_HOME: home },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    trackPid(stray.pid!);
    const r = await until('the stray is found', async () => {
      const out = await gatewatch(['check', '--json', '--config', config], { env, spawn: true });
      const found = JSON.parse(out.stdout).findings as { check: string; cause?: string; action: string }[];
      return found.some((f) => f.check === 'duplicate_processes') ? found : undefined;
    });
    const dup = r.find((f) => f.check === 'duplicate_processes')!;
    expect(dup.cause).toBe('container');
    expect(dup.action).toContain(`pid ${stray.pid}`);
    expect(dup.action).not.toContain(String(await c.gatewayHostPid()));
  });
});
