// The second way for Hermes in Docker (docs/docker.md): gatewatch as a second container beside Hermes', in its PID namespace
// (`--pid container:<hermes>`, Compose's `pid: "service:<hermes>"`), the volume read-only, no Docker socket. It sees the
// gateway as Hermes' own container does: a live gateway is live, and with the socket withheld it only watches, its
// alerts naming the command to run on the host.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerRigAvailable,
  startHermesContainer,
  stopAllRigs,
  type HermesContainer,
} from '../helpers/hermes-container.js';
import { TEST_DIR } from '../helpers/paths.js';

const unavailable = await dockerRigAvailable();
if (unavailable && process.env.CI === 'true') throw new Error(`the Docker rig cannot run here: ${unavailable}`);

const REPO = path.resolve(TEST_DIR, '..');

describe.skipIf(unavailable !== undefined)('gatewatch as a second container beside Hermes', () => {
  let dir: string;
  let home: string;
  let c: HermesContainer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gw-sidecar-'));
    home = path.join(dir, 'hermes');
    mkdirSync(home);
    writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
    c = await startHermesContainer({ engine: 'docker', home, name: 'hermes' });
  });

  afterAll(stopAllRigs);

  /** `gatewatch check --json` in a container of its own that shares the Hermes container's PID namespace. */
  function sidecarCheck(): Promise<{ code: number; stdout: string; stderr: string }> {
    const cfg = path.join(dir, 'cfg');
    mkdirSync(cfg, { recursive: true });
    mkdirSync(path.join(dir, 'state'), { recursive: true });
    writeFileSync(
      path.join(cfg, 'config.yaml'),
      [
        'state_dir: /state',
        'targets:',
        '  - { name: hermes, hermes_home: /opt/data, reachability: false, service: { manager: docker, container: hermes } }',
        'channels: { console: {} }',
        '',
      ].join('\n'),
    );
    const node = realpathSync(process.execPath);
    const prefix = node.startsWith('/usr/') ? undefined : path.dirname(path.dirname(node));
    const args = [
      'run',
      '--rm',
      '--pid',
      'container:hermes',
      '--network',
      'none',
      '-v',
      `${home}:/opt/data:ro`,
      '-v',
      '/usr:/usr:ro',
      '-v',
      `${REPO}:/opt/gatewatch:ro`,
      ...(prefix ? ['-v', `${prefix}:${prefix}:ro`] : []),
      '-v',
      `${cfg}:/cfg:ro`,
      '-v',
      `${path.join(dir, 'state')}:/state`,
      '-e',
      'HOME=/state',
      '--entrypoint',
      node,
      'gatewatch/hermes-rig:test',
      '/opt/gatewatch/dist/src/cli.js',
      'check',
      '--json',
      '--config',
      '/cfg/config.yaml',
    ];
    return new Promise((resolve) =>
      execFile(
        'docker',
        args,
        { encoding: 'utf8', env: { ...process.env, PATH: `${c.bin}:${process.env.PATH}` }, timeout: 120_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) || 1 : 0, stdout, stderr }),
      ),
    );
  }

  it('a live gateway is live from beside it, read-only', { timeout: 180_000 }, async () => {
    const r = await sidecarCheck();
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('a gateway down is said with the command to run on the host, and nothing is restarted', {
    timeout: 180_000,
  }, async () => {
    // The next start exits at once: s6 parks the slot (no operator's stop in sight).
    writeFileSync(path.join(home, '.rig-demo-exit'), '0');
    await c.exec(['hermes', 'gateway', 'restart']);
    const { until } = await import('../helpers/until.js');
    await until('s6 parks the slot', async () => /^down \(exitcode 0\)/.test(await c.svstat()), { timeoutMs: 60_000 });
    const r = await sidecarCheck();
    const found = JSON.parse(r.stdout).findings as { check: string; severity: string; action: string }[];
    expect(found.length).toBeGreaterThan(0);
    // Its `:ro` volume is gatewatch's alone: with the gateway down too, Hermes' home is no read-only disk.
    expect(found.map((f) => f.check)).not.toContain('disk_readonly');
    expect(found[0]!.severity).toBe('critical');
    expect(found[0]!.action).toMatch(/`docker exec hermes hermes gateway (start|restart)`/);
    expect(found[0]!.action).not.toMatch(/`hermes gateway run`|systemctl/);
    expect(r.code).toBe(2);
  });
});
