// `manager: auto` on a host with both Docker's and Podman's programs (Debian's docker.io beside podman, its daemon not
// running: this very box): a Podman container's home whose gateway is down was guessed Docker's, "a Docker container:
// not read (Docker did not answer)", its lever a `docker` command. The runtime that holds a container mounting the
// home is the one asked, a stopped container found among all of them, not only the running ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewatch } from '../helpers/cli-run.js';
import { TEST_DIR } from '../helpers/paths.js';
import { demoGatewayContainer } from '../helpers/demo-container.js';
import { miniPodman, podmanRuns, run } from '../helpers/podman.js';
import { until } from '../helpers/until.js';

const REPO = path.resolve(TEST_DIR, '..');

interface Found {
  check: string;
  severity: string;
  action: string;
}

describe.runIf(podmanRuns())('a Podman container under `manager: auto`, Docker’s programs beside it', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-auto:${process.pid}`);
  }, 180_000);
  afterAll(() => podman?.dispose());

  /** The demo gateway as the container `name`'s program, watched with `manager: auto` and nothing else said of it. */
  async function place(name: string, opts: string[]) {
    const dir = path.join(podman.dir, name);
    const home = path.join(dir, 'data');
    mkdirSync(home, { recursive: true });
    const program = demoGatewayContainer(home, REPO);
    await podman.started(name, program.argv, [...program.opts, ...opts]);
    const config = path.join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${path.join(dir, 'state')}`,
        'targets:',
        `  - { name: pm, hermes_home: ${home}, reachability: false, service: { manager: auto } }`,
        'channels: { console: {} }',
        '',
      ].join('\n'),
    );
    const check = async () => {
      const r = await gatewatch(['check', '--json', '--config', config], { env: {}, spawn: true });
      return (JSON.parse(r.stdout).findings as Found[]).filter((f) => f.check !== 'supervisor_risk');
    };
    const status = async () => (await gatewatch(['status', '--config', config], { env: {}, spawn: true })).stdout;
    await until('healthy', async () => (await check()).length === 0, { timeoutMs: 90_000, everyMs: 500 });
    return { check, status };
  }

  it('`podman stop`: the operator’s stop of that Podman container, never Docker’s silence', {
    timeout: 240_000,
  }, async () => {
    const name = `hermes-auto-stop-${process.pid}`;
    const { check, status } = await place(name, []);
    await run('podman', ['stop', name]);
    const said = await until('the stop said', async () => {
      const s = await status();
      return /stopped by the operator at /.test(s) ? s : undefined;
    });
    expect(said).toContain(`Podman container ${name}`);
    expect(said).not.toMatch(/Docker/);
    expect(await check()).toEqual([]);
  });

  it('podman-compose’s, its gateway killed and left down: a death, its start `podman start` or its project’s up', {
    timeout: 240_000,
  }, async () => {
    const name = `hermes-auto-kill-${process.pid}`;
    // The labels podman-compose 1.0.6 (Debian 12's) gives each container of its project.
    const project = ['io.podman.compose.project=hermes', 'io.podman.compose.version=1.0.6']
      .concat(['PODMAN_SYSTEMD_UNIT=podman-compose@hermes.service', 'com.docker.compose.project=hermes'])
      .concat(['com.docker.compose.project.working_dir=/srv/hermes', 'com.docker.compose.service=gateway']);
    const { check } = await place(
      name,
      project.flatMap((l) => ['--label', l]),
    );
    const pid = (await run('podman', ['inspect', name, '--format', '{{.State.Pid}}'])).stdout.trim();
    process.kill(Number(pid), 'SIGKILL');
    const found = await until('the death said', async () => {
      const f = await check();
      return f.length ? f : undefined;
    });
    expect(found.some((f) => f.severity === 'critical')).toBe(true);
    const actions = found.map((f) => f.action).join('\n');
    expect(actions).toContain(`\`podman start ${name}\` (or \`podman-compose up -d\` in \`/srv/hermes\`)`);
    expect(actions).not.toMatch(/\bdocker\b/);
    // The gateway is the container's program: no s6 in it to start slots at its boot.
    expect(actions).not.toMatch(/its boot starts/);
  });
});
