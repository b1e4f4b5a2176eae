// `manager: auto` on a host with both Docker's and Podman's programs (Debian's docker.io beside podman, its daemon not
// running: this very box): a Podman container's home whose gateway is down was guessed Docker's, "a Docker container:
// not read (Docker did not answer)", its lever a `docker` command. The runtime that holds a container mounting the
// home is the one asked, a stopped container found among all of them, not only the running ones; one podman-compose
// made is started by its project's `up` as well, in its folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInPodman, miniPodman, podmanRuns, run } from '../helpers/podman.js';
import { until } from '../helpers/until.js';

describe.runIf(podmanRuns())('a Podman container under `manager: auto`, Docker’s programs beside it', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-auto:${process.pid}`);
  }, 180_000);
  afterAll(() => podman?.dispose());

  it('`podman stop`: the operator’s stop of that Podman container, never Docker’s silence', {
    timeout: 240_000,
  }, async () => {
    const name = `hermes-auto-stop-${process.pid}`;
    const { check, status } = await demoInPodman(podman, name, [], 'auto');
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
    const { check } = await demoInPodman(
      podman,
      name,
      project.flatMap((l) => ['--label', l]),
      'auto',
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
