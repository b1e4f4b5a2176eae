// `manager: auto` remembers the container that mounts a home (one `ps` and `inspect` of them all, not one a look). A
// container recreated (`podman rm` and `run` again, Compose's `up` after a change) is a new id on the same mount: the
// remembered one is gone, and the look said the gateway's container "removed" while the new one served it. A container
// removed for good is said by the name it had, not its id. One stopped and kept while another runs the home: the one
// that runs. Under the real Podman, in one process as a daemon keeps it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeService } from '../../src/probes/service.js';
import { TEST_DIR } from '../helpers/paths.js';
import { demoGatewayContainer } from '../helpers/demo-container.js';
import { miniPodman, podmanRuns, run } from '../helpers/podman.js';
import { makeTarget } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const REPO = path.resolve(TEST_DIR, '..');

describe.runIf(podmanRuns())('a Podman container recreated under `manager: auto`', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-recreated:${process.pid}`);
  }, 180_000);
  afterAll(() => podman?.dispose());

  it('is the new container, and one removed for good is said by its name', { timeout: 240_000 }, async () => {
    const home = path.join(podman.dir, 'data');
    mkdirSync(home, { recursive: true });
    const program = demoGatewayContainer(home, REPO);
    const target = makeTarget(home, { service: { manager: 'auto', scope: 'system' } });
    const serving = (name: string) =>
      until(
        `${name} serving the home`,
        async () => {
          const ev = await probeService(target);
          return ev.manager === 'podman' && ev.container?.name === name && ev.container.running ? ev : undefined;
        },
        { timeoutMs: 60_000 },
      );
    const first = `hermes-first-${process.pid}`;
    await podman.started(first, program.argv, program.opts);
    await serving(first);

    // Stopped and kept, another run on the same home: that one is the home's once its gateway claims it.
    await run('podman', ['stop', first]);
    expect((await probeService(target)).container).toMatchObject({ name: first, running: false });
    const beside = `hermes-beside-${process.pid}`;
    await podman.started(beside, program.argv, program.opts);
    await serving(beside);
    await run('podman', ['rm', '-f', first, beside]);
    const second = `hermes-second-${process.pid}`;
    await podman.started(second, program.argv, program.opts);
    const ev = await probeService(target);
    expect(ev.state).not.toBe('removed');
    expect(ev.container?.name).toBe(second);

    await serving(second);
    await run('podman', ['rm', '-f', second]);
    const gone = await probeService(target);
    expect(gone).toMatchObject({ manager: 'podman', state: 'removed', name: second });
  });
});
