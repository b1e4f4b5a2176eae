// A container without s6 (`gateway run --no-supervise`, a runtime that owns PID 1): the gateway is the container's own
// program, its exit the container's, and the lever the container's start or restart, on a real Docker engine.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
import { demoGatewayContainer } from '../helpers/demo-container.js';
import { until } from '../helpers/until.js';

const unavailable = await dockerRigAvailable();
if (unavailable && process.env.CI === 'true') throw new Error(`the Docker rig cannot run here: ${unavailable}`);

const REPO = path.resolve(TEST_DIR, '..');

interface Found {
  check: string;
  cause?: string;
  title: string;
  explanation: string;
  action: string;
}

describe.skipIf(unavailable !== undefined)('a Hermes container without s6', () => {
  let dir: string;
  let home: string;
  let giveupHome: string;
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
  const check = async (target = 'plain') => {
    const r = await gatewatch(['check', '--json', '--config', config], { env: env(), spawn: true });
    const all = JSON.parse(r.stdout).findings as (Found & { target: string })[];
    return { code: r.code, findings: all.filter((f) => f.target === target) };
  };
  // `docker run` without --restart is `--restart no`: said once as a risk, never a failure.
  const failures = (f: Found[]) => f.filter((x) => x.check !== 'supervisor_risk');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gw-no-s6-'));
    // The rig's own container brings the private dockerd and the image; the gateway under test runs beside it.
    const rigHome = path.join(dir, 'rig');
    mkdirSync(rigHome);
    c = await startHermesContainer({ engine: 'docker', home: rigHome, name: 'hermes' });
    home = path.join(dir, 'plain');
    mkdirSync(home);
    giveupHome = path.join(dir, 'giveup');
    mkdirSync(giveupHome);
    const run = await runPlain('hermes-plain', home, []);
    expect(run.code, run.stderr).toBe(0);
    config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${path.join(dir, 'state')}`,
        'targets:',
        `  - { name: plain, hermes_home: ${home}, reachability: false, service: { manager: docker, container: hermes-plain } }`,
        `  - { name: giveup, hermes_home: ${giveupHome}, reachability: false, service: { manager: docker, container: hermes-giveup } }`,
        'channels: { console: {} }',
        '',
      ].join('\n'),
    );
  }, 180_000);

  /** `docker run` of the demo gateway as the container's program (no s6 inside), with `extra` options. */
  const runPlain = (name: string, data: string, extra: string[]) => {
    const { opts, argv } = demoGatewayContainer(data, REPO);
    const [node, ...args] = argv;
    // No s6 in this image: nothing at /command.
    return docker([
      'run',
      '-d',
      '--name',
      name,
      ...extra,
      ...opts,
      '--tmpfs',
      '/command',
      '--entrypoint',
      node!,
      'gatewatch/hermes-rig:test',
      ...args,
    ]);
  };

  afterAll(stopAllRigs);

  it('the gateway as the container’s program is healthy; `--restart no` is said once as a risk', {
    timeout: 120_000,
  }, async () => {
    const r = await until(
      'healthy',
      async () => {
        const found = await check();
        return failures(found.findings).length === 0 ? found : undefined;
      },
      { timeoutMs: 60_000, everyMs: 1_000 },
    );
    expect(r.findings.map((f) => [f.check, f.cause])).toEqual([['supervisor_risk', 'no_autorestart']]);
    expect(r.findings[0]!.action).toContain('`docker update --restart unless-stopped hermes-plain`');
  });

  // `docker pause` freezes the gateway while Docker and its process read "running": the pause, not a hang to restart.
  it('a paused container is said as its pause with its unpause; unpaused, healthy', { timeout: 120_000 }, async () => {
    expect((await docker(['pause', 'hermes-plain'])).code).toBe(0);
    try {
      const paused = await until(
        'the pause said',
        async () => {
          const f = failures((await check()).findings);
          return f.some((x) => x.check === 'container_paused') ? f : undefined;
        },
        { timeoutMs: 60_000, everyMs: 1_000 },
      );
      expect(paused.map((f) => f.check)).toEqual(['container_paused']);
      expect(paused[0]!.action).toContain('`docker unpause hermes-plain`');
    } finally {
      await docker(['unpause', 'hermes-plain']);
    }
    await until('healthy', async () => failures((await check()).findings).length === 0, {
      timeoutMs: 60_000,
      everyMs: 1_000,
    });
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
    await until('healthy again', async () => failures((await check()).findings).length === 0, {
      timeoutMs: 90_000,
      everyMs: 1_000,
    });
  });

  // Umbrel's `restart: on-failure`, with a limit: a gateway that dies at every start is restarted twice by Docker, which
  // then gives up. Said as that give-up with the line it dies on from `docker logs`, the lever Docker's start once fixed.
  it('`--restart unless-stopped` on a gateway that dies at every start: a crash loop naming Docker, never restarted', {
    timeout: 240_000,
  }, async () => {
    const loopHome = path.join(dir, 'loop');
    mkdirSync(loopHome);
    const error = "ModuleNotFoundError: No module named 'lark_oapi'";
    writeFileSync(path.join(loopHome, '.demo-start-error'), `${error}\n`);
    const loopConfig = path.join(dir, 'loop.yaml');
    writeFileSync(
      loopConfig,
      [
        `state_dir: ${path.join(dir, 'state-loop')}`,
        'targets:',
        `  - { name: loop, hermes_home: ${loopHome}, reachability: false, service: { manager: docker, container: hermes-loop } }`,
        'channels: { console: {} }',
        '',
      ].join('\n'),
    );
    // Docker restarts it forever, waiting longer each time: it never gives up, and the container reads restarting.
    const run = await runPlain('hermes-loop', loopHome, ['--restart', 'unless-stopped']);
    expect(run.code, run.stderr).toBe(0);
    const r = await until(
      'the crash loop said',
      async () => {
        const c0 = await gatewatch(['check', '--json', '--config', loopConfig], { env: env(), spawn: true });
        const found = JSON.parse(c0.stdout).findings as Found[];
        return found.some((f) => f.check === 'respawn_storm') ? { code: c0.code, found } : undefined;
      },
      { timeoutMs: 120_000, everyMs: 1_000 },
    );
    expect(r.code).toBe(2);
    const f = r.found.find((x) => x.check === 'respawn_storm')!;
    expect(f.title).toMatch(/^Gateway is crash-looping: Docker restarted it \d+ times in /);
    expect(f.explanation).toContain(error);
    // Nothing started on top of Docker's own restarts, and no "down" beside the loop.
    expect(r.found.map((x) => x.check)).not.toContain('process_down');
    await docker(['rm', '-f', 'hermes-loop']);
  });

  // Issue 82 item 7: Umbrel's app runs the image with `user: "1000:1000"` and `restart: on-failure`, which its boot
  // refuses at every start (hermes-agent docker/stage2-hook.sh; its entrypoint mounted at the image's path here). On
  // main: "the container is not running … Start the container" between Docker's restarts, and a start by gatewatch.
  it('Umbrel’s pinned user under Docker’s `on-failure`: the setting to change, never a start', {
    timeout: 240_000,
  }, async () => {
    const umbrel = path.join(dir, 'umbrel');
    mkdirSync(umbrel);
    const entry = path.join(dir, 'refusing-entrypoint.sh');
    writeFileSync(
      entry,
      '#!/usr/bin/dash\necho "[stage2] ERROR: container started with --user $(id -u) (an arbitrary, non-hermes UID)." >&2\n' +
        'echo "This is not supported under the s6-overlay image." >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const umbrelConfig = path.join(dir, 'umbrel.yaml');
    writeFileSync(
      umbrelConfig,
      [
        `state_dir: ${path.join(dir, 'state-umbrel')}`,
        'targets:',
        `  - { name: umbrel, hermes_home: ${umbrel}, reachability: false, service: { manager: docker, container: hermes-umbrel } }`,
        'channels: { console: {} }',
        '',
      ].join('\n'),
    );
    const dispatch = '/opt/hermes/docker/entrypoint-dispatch.sh';
    const run = await docker([
      'run',
      '-d',
      '--name',
      'hermes-umbrel',
      '--user',
      '1000:1000',
      '--restart',
      'on-failure',
      '-v',
      `${umbrel}:/opt/data`,
      '-v',
      `${entry}:${dispatch}:ro`,
      // The rig's image is bare: the host's /usr brings the shell and `id`.
      '-v',
      '/usr:/usr:ro',
      '--entrypoint',
      dispatch,
      'gatewatch/hermes-rig:test',
      'gateway',
      'run',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const r = await until(
      'the refused loop said',
      async () => {
        const c0 = await gatewatch(['check', '--json', '--config', umbrelConfig], { env: env(), spawn: true });
        const found = (JSON.parse(c0.stdout).findings as (Found & { restart: string })[]).filter(
          (f) => f.check !== 'supervisor_risk',
        );
        return found.some((f) => f.title.includes('user 1000')) ? { code: c0.code, found } : undefined;
      },
      { timeoutMs: 120_000, everyMs: 1_000 },
    );
    expect(r.code).toBe(2);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]).toMatchObject({ check: 'respawn_storm', restart: 'never' });
    expect(r.found[0]!.action).toContain('HERMES_UID=1000');
    expect(r.found[0]!.action).toContain('docker compose up -d');
    expect(r.found[0]!.action).not.toMatch(/docker (start|restart) hermes-umbrel/);
    await docker(['rm', '-f', 'hermes-umbrel']);
  });

  it('a give-up of on-failure:2 is said with its cause, and `gatewatch restart` starts it once fixed', {
    timeout: 240_000,
  }, async () => {
    const error = "ModuleNotFoundError: No module named 'lark_oapi'";
    writeFileSync(path.join(giveupHome, '.demo-start-error'), `${error}\n`);
    const run = await runPlain('hermes-giveup', giveupHome, ['--restart', 'on-failure:2']);
    expect(run.code, run.stderr).toBe(0);
    const r = await until(
      'Docker gave up',
      async () => {
        const found = await check('giveup');
        return found.findings.some((f) => f.check === 'supervisor_gave_up') ? found : undefined;
      },
      { timeoutMs: 120_000, everyMs: 1_000 },
    );
    expect(r.code).toBe(2);
    const f = r.findings.find((x) => x.check === 'supervisor_gave_up')! as Found & {
      title: string;
      explanation: string;
    };
    expect(f.title).toBe('Docker gave up on the gateway: it is down and nothing starts it');
    expect(f.explanation).toContain(`from \`docker logs hermes-giveup\`: "${error}"`);
    expect(f.action).toContain('`docker start hermes-giveup`');
    expect(r.findings.map((x) => x.cause)).not.toContain('container_down');

    // Fixed, then its lever: Docker's start, which begins a new count.
    rmSync(path.join(giveupHome, '.demo-start-error'));
    const started = await gatewatch(['restart', 'giveup', '--yes', '--config', config], {
      env: env(),
      spawn: true,
      timeoutMs: 150_000,
    });
    expect(started.code, started.stdout + started.stderr).toBe(0);
    await until('healthy once fixed', async () => failures((await check('giveup')).findings).length === 0, {
      timeoutMs: 90_000,
      everyMs: 1_000,
    });
  });
});
