// gatewatch's own image, as a Docker user builds and runs it, on a real Docker engine (npm run test:docker): the
// Dockerfile at the top of the repo built unchanged (its base images made from this host: test/helpers/host-images.ts,
// no registry, no network in the build), beside the Hermes container rig. It runs as a user of its own; beside Hermes,
// read-only, its HEALTHCHECK turns healthy and it reports the gateway; its state outlives the container on its volume;
// deploy/docker-compose.yml and its socket variant pass `docker compose config` and come up, the socket variant
// restarting Hermes' gateway by itself.
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
import { baseImagesOf, importHostImage } from '../helpers/host-images.js';
import { TEST_DIR } from '../helpers/paths.js';
import { until } from '../helpers/until.js';
import { writeFaultRequest } from '../../src/demo/files.js';

const REPO = path.resolve(TEST_DIR, '..');
const DEPLOY = path.join(REPO, 'deploy');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], o: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<Ran>((resolve) =>
    execFile(
      cmd,
      args,
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: o.timeoutMs ?? 120_000, env: o.env, cwd: o.cwd },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 127) : 0, stdout, stderr: stderr || '' }),
    ),
  );
}

/** Compose as this host has it: the docker CLI's plugin (`docker compose`), else Debian's `docker-compose`. */
async function composeCommand(docker: string): Promise<string[] | undefined> {
  if ((await run(docker, ['compose', 'version'])).code === 0) return [docker, 'compose'];
  if ((await run('docker-compose', ['version'])).code === 0) return ['docker-compose'];
  return undefined;
}

const unavailable =
  (await dockerRigAvailable()) ?? ((await composeCommand('docker')) ? undefined : 'no docker compose');
if (unavailable && process.env.CI === 'true') throw new Error(`the Docker image tests cannot run here: ${unavailable}`);

describe.skipIf(unavailable !== undefined)("gatewatch's own image and compose files, on a real Docker engine", () => {
  let dir: string;
  let home: string;
  let c: HermesContainer;
  let docker: (args: string[], timeoutMs?: number) => Promise<Ran>;
  let config: string;
  /** Seconds the two builds took (the image and its socket variant). */
  const took: Record<string, number> = {};

  const must = async (args: string[], timeoutMs?: number) => {
    const r = await docker(args, timeoutMs);
    expect(r.code, `docker ${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
    return r.stdout.trim();
  };
  const health = async (name: string) =>
    (await docker(['inspect', '-f', '{{.State.Health.Status}}', name])).stdout.trim();
  const findings = async (name: string) => {
    const r = await docker(['exec', name, 'gatewatch', 'check', '--json']);
    return {
      code: r.code,
      findings: (JSON.parse(r.stdout || '{"findings":null}') as { findings: unknown[] }).findings,
    };
  };
  // Healthy and past its start: a gateway Python still imports has no gateway.pid yet, and no fault either; the pid
  // file's gateway alive in Hermes' container, not the life before's.
  const settled = async (name: string) => {
    let pid: number;
    try {
      pid = (JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')) as { pid: number }).pid;
    } catch {
      return false;
    }
    return (
      (await docker(['exec', 'hermes', 'kill', '-0', String(pid)])).code === 0 &&
      (await findings(name)).findings?.length === 0
    );
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gw-image-'));
    home = path.join(dir, 'hermes');
    mkdirSync(home);
    writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
    c = await startHermesContainer({ engine: 'docker', home, name: 'hermes' });
    const cli = path.join(c.bin, 'docker');
    docker = (args, timeoutMs) => run(cli, args, { timeoutMs });
    for (const image of baseImagesOf(path.join(REPO, 'Dockerfile'))) await importHostImage(cli, image);
    for (const [tag, target] of [
      ['gatewatch:latest', undefined],
      ['gatewatch:docker', 'docker'],
    ] as const) {
      const t0 = performance.now();
      await must(['build', '--network', 'none', '-t', tag, ...(target ? ['--target', target] : []), REPO], 600_000);
      took[tag] = Math.round((performance.now() - t0) / 100) / 10;
    }
    // The config the compose file mounts, as shipped.
    config = path.join(dir, 'config');
    cpSync(path.join(DEPLOY, 'gatewatch'), config, { recursive: true });
  }, 900_000);

  // A dockerd that built an image leaves tens of thousands of files to remove.
  afterAll(stopAllRigs, 300_000);

  it('builds from the Dockerfile as it is, and runs as a user of its own, not root', async () => {
    console.log(`builds: ${JSON.stringify(took)} s`);
    expect(await must(['image', 'inspect', '-f', '{{.Config.User}}', 'gatewatch:latest'])).toBe('gatewatch');
    const id = await must(['run', '--rm', '--network', 'none', 'gatewatch:latest', 'id', '-u']);
    expect(Number(id)).toBe(10000);
    // Its layers over the base: what a Docker user downloads beyond node:20-slim.
    const [base] = baseImagesOf(path.join(REPO, 'Dockerfile'));
    const size = async (image: string) => Number(await must(['image', 'inspect', '-f', '{{.Size}}', image]));
    const own = (await size('gatewatch:latest')) - (await size(base!));
    console.log(`gatewatch's own layers: ${(own / 2 ** 20).toFixed(1)} MiB`);
    expect(own).toBeLessThan(150 * 2 ** 20);
    // The docker CLI only in the socket variant.
    expect(
      (await docker(['run', '--rm', '--network', 'none', 'gatewatch:latest', 'docker', '--version'])).code,
    ).not.toBe(0);
    expect(await must(['run', '--rm', '--network', 'none', 'gatewatch:docker', 'docker', '--version'])).toMatch(
      /^Docker version/,
    );
  });

  const sidecar = () =>
    must([
      'run',
      '-d',
      '--name',
      'gatewatch',
      '--pid',
      'host',
      '--network',
      'none',
      // The image's own HEALTHCHECK, asked every second instead of every 30.
      '--health-interval',
      '1s',
      '-v',
      `${home}:/opt/data:ro`,
      '-v',
      `${config}:/config:ro`,
      '-v',
      'gatewatch-state:/state',
      'gatewatch:latest',
    ]);

  it('beside Hermes, read-only: its HEALTHCHECK turns healthy and it reports the gateway', {
    timeout: 180_000,
  }, async () => {
    await sidecar();
    await until('healthy', async () => (await health('gatewatch')) === 'healthy', { timeoutMs: 90_000, everyMs: 500 });
    const r = await findings('gatewatch');
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
    const status = await must(['exec', 'gatewatch', 'gatewatch', 'status']);
    expect(status).toMatch(/hermes/);
    expect(status.split('\n')[0]).toBe('✅ hermes: healthy');
    // The daemon's state on the volume, the container's own layer untouched.
    const who = await must(['exec', 'gatewatch', 'sh', '-c', 'id -un; ls /state']);
    expect(who.split('\n')[0]).toBe('gatewatch');
    expect(who).toMatch(/state\.json/);
  });

  it('its state outlives the container: a new one on the same volume has it', { timeout: 180_000 }, async () => {
    const muted = await must(['exec', 'gatewatch', 'gatewatch', 'mute', 'hermes', '2h']);
    expect(muted).toMatch(/Alerts for hermes muted until /);
    // Removed and made again, as an upgrade of the image does.
    await must(['rm', '-f', 'gatewatch']);
    await sidecar();
    await until('healthy', async () => (await health('gatewatch')) === 'healthy', { timeoutMs: 90_000, everyMs: 500 });
    expect(await must(['exec', 'gatewatch', 'gatewatch', 'status', 'hermes'])).toMatch(/muted\s+hermes only, until /);
    await must(['rm', '-f', 'gatewatch']);
  });

  it('deploy/docker-compose.yml, and with the socket: `docker compose config` takes them, and they come up', {
    timeout: 400_000,
  }, async () => {
    const compose = (await composeCommand(path.join(c.bin, 'docker')))!;
    const sock = c.dockerHost!.replace(/^unix:\/\//, '');
    const env = {
      ...process.env,
      DOCKER_HOST: c.dockerHost,
      HERMES_HOME_DIR: home,
      DOCKER_GID: String(statSync(sock).gid),
      COMPOSE_PROJECT_NAME: 'gwtest',
    };
    const composeRun = (files: string[], args: string[], timeoutMs = 180_000) =>
      run(compose[0]!, [...compose.slice(1), ...files.flatMap((f) => ['-f', f]), ...args], {
        env,
        cwd: DEPLOY,
        timeoutMs,
      });
    const plain = [path.join(DEPLOY, 'docker-compose.yml')];
    const socket = [...plain, path.join(DEPLOY, 'docker-compose.socket.yml')];
    for (const files of [plain, socket]) {
      const r = await composeRun(files, ['config', '-q']);
      expect(r.code, r.stderr).toBe(0);
    }
    // Without the socket's group the socket variant says what to set.
    const noGid = await run(compose[0]!, [...compose.slice(1), ...socket.flatMap((f) => ['-f', f]), 'config', '-q'], {
      env: { ...env, DOCKER_GID: '' },
      cwd: DEPLOY,
    });
    expect(noGid.code).not.toBe(0);
    expect(noGid.stderr).toContain('stat -c %g /var/run/docker.sock');

    // Hermes' service runs the rig's image under the official name, laid out as the rig lays it (the host's /usr, the
    // demo gateway), and in the host's network; gatewatch needs none here. The shipped files are not changed.
    const inspected = JSON.parse(await must(['inspect', 'hermes'])) as {
      Config: { Env: string[] };
      Mounts: { Source: string; Destination: string; RW: boolean }[];
    }[];
    const rig = inspected[0]!;
    await must(['rm', '-f', 'hermes']);
    await must(['tag', 'gatewatch/hermes-rig:test', 'nousresearch/hermes-agent:latest']);
    const override = path.join(dir, 'rig.yml');
    writeFileSync(
      override,
      JSON.stringify({
        services: {
          hermes: {
            network_mode: 'host',
            tmpfs: ['/run:exec,mode=755', '/tmp:mode=1777'],
            environment: rig.Config.Env.filter((e) => !e.startsWith('HOSTNAME=')),
            volumes: rig.Mounts.filter((m) => m.Destination !== '/opt/data').map(
              (m) => `${m.Source}:${m.Destination}${m.RW ? '' : ':ro'}`,
            ),
          },
          // The image's own HEALTHCHECK, asked every second instead of every 30.
          gatewatch: { network_mode: 'none', healthcheck: { interval: '1s' } },
        },
      }),
    );
    // The socket variant's socket is this engine's.
    const socketOverride = path.join(dir, 'rig-socket.yml');
    writeFileSync(
      socketOverride,
      JSON.stringify({ services: { gatewatch: { volumes: [`${sock}:/var/run/docker.sock`] } } }),
    );
    const healthyGatewatch = async (shipped: string[]) => {
      const files = [...shipped, override, ...(shipped.length > 1 ? [socketOverride] : [])];
      const up = await composeRun(files, ['up', '-d'], 300_000);
      expect(up.code, up.stderr).toBe(0);
      const id = (await composeRun(files, ['ps', '-q', 'gatewatch'])).stdout.trim();
      await until('gatewatch healthy', async () => (await health(id)) === 'healthy', {
        timeoutMs: 120_000,
        everyMs: 1_000,
      });
      await until('the gateway reported healthy', () => settled(id), {
        timeoutMs: 60_000,
        everyMs: 1_000,
      });
      return id;
    };
    const first = await healthyGatewatch(plain);
    // What its operator reads (issue 80): the gateway's process running, seen through the host's PID namespace.
    const status = await must(['exec', first, 'gatewatch', 'status']);
    expect(status).toMatch(/^ +process +running\b/m);
    // A kill of the gateway inside Hermes' container, which its s6 repairs: said on gatewatch's console as that, though
    // it cannot ask Docker (main: "🔴 Gateway died without a shutdown … Start the gateway again").
    // Its next life held where Python imports it, as a real one takes seconds there: what is said is gatewatch's sight.
    const dead = (JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')) as { pid: number }).pid;
    writeFileSync(path.join(home, '.demo-start-hold'), '');
    await must(['exec', 'hermes', 'kill', '-9', String(dead)]);
    const said = await until(
      'the kill said',
      async () => {
        const logs = await docker(['logs', first]);
        return /hermes: Gateway\b.*died/.test(logs.stdout) ? logs.stdout : undefined;
      },
      { timeoutMs: 60_000, everyMs: 1_000 },
    );
    expect(said).toMatch(
      /🟠 hermes: Gateway \(pid \d+\) died without an exit path; Docker \(the container's s6\) started it again/u,
    );
    expect(said).not.toMatch(/🔴/u);
    rmSync(path.join(home, '.demo-start-hold'), { force: true });
    await until('healthy after it', () => settled(first), {
      timeoutMs: 90_000,
      everyMs: 1_000,
    });
    // A slot s6 parks (its next start exits at once, no operator's stop in sight): said on the console with the start
    // to run on the host, which the read-only gatewatch cannot make (issue 80 item 1: what a user sees, through the
    // compose file).
    const knob = path.join(home, '.rig-demo-exit');
    writeFileSync(knob, '0');
    await must(['exec', 'hermes', 'hermes', 'gateway', 'restart']);
    const parked = await until(
      'the parked slot said',
      async () => {
        const logs = (await docker(['logs', first])).stdout;
        const at = logs.lastIndexOf('🔴 hermes:');
        return at >= 0 && /docker exec hermes hermes gateway (start|restart)/.test(logs.slice(at))
          ? logs.slice(at)
          : '';
      },
      { timeoutMs: 90_000, everyMs: 1_000 },
    );
    expect(parked).not.toMatch(/`hermes gateway run`|systemctl/);
    rmSync(knob, { force: true });
    await must(['exec', 'hermes', 'hermes', 'gateway', 'start']);
    await until('healthy after the start', () => settled(first), {
      timeoutMs: 90_000,
      everyMs: 1_000,
    });
    // A QQ outage Hermes gives up on (its reconnect loop exhausted), played by the demo gateway in Hermes' container:
    // said on the console as QQ's, with the restart to run on the host (a restart is what revives it).
    const gw = (JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')) as { pid: number }).pid;
    await writeFaultRequest(home, 'qq-max-reconnect');
    chmodSync(path.join(home, '.demo-fault'), 0o644);
    await must(['exec', 'hermes', 'kill', '-USR2', String(gw)]);
    const qq = await until(
      'the QQ outage said',
      async () => {
        const logs = (await docker(['logs', first])).stdout;
        const at = logs.lastIndexOf('🔴 hermes: QQ gave up reconnecting');
        return at >= 0 ? logs.slice(at) : '';
      },
      { timeoutMs: 120_000, everyMs: 1_000 },
    );
    expect(qq).toMatch(/`docker exec hermes hermes gateway restart`/);
    await must(['exec', 'hermes', 'hermes', 'gateway', 'restart']);
    await until('healthy after the restart', () => settled(first), {
      timeoutMs: 90_000,
      everyMs: 1_000,
    });
    // Hermes' container recreated (an upgrade): gatewatch's own goes on, and finds the new gateway healthy.
    // Which gateway: its pid in its container and its start time (a new container may hand out the same pid).
    const life = () => {
      const r = JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')) as { pid: number; start_time: number };
      return `${r.pid}@${r.start_time}`;
    };
    const old = life();
    const recreated = await composeRun([...plain, override], ['up', '-d', '--force-recreate', 'hermes'], 300_000);
    expect(recreated.code, recreated.stderr).toBe(0);
    expect(await must(['inspect', '-f', '{{.State.Status}} {{.RestartCount}}', first])).toBe('running 0');
    await until(
      'the new gateway reported healthy',
      async () => life() !== old && (await findings(first)).findings?.length === 0,
      { timeoutMs: 90_000, everyMs: 1_000 },
    );

    // The socket variant: gatewatch in the host's PID namespace, with a docker CLI and the socket, restarts the gateway.
    const id = await healthyGatewatch(socket);
    const before = life();
    const restarted = await docker(['exec', id, 'gatewatch', 'restart', 'hermes', '--yes'], 180_000);
    expect(restarted.code, restarted.stdout + restarted.stderr).toBe(0);
    await until(
      'a new gateway, healthy',
      async () => life() !== before && (await findings(id)).findings?.length === 0,
      {
        timeoutMs: 90_000,
        everyMs: 1_000,
      },
    );
    await composeRun([...socket, override, socketOverride], ['down', '-v', '-t', '3']);
  });
});
