// Who removed the container: `podman rm -f` (and Docker's `rm -f`, `compose down`) takes the container away with the
// gateway, the operator's stop until it is created again; a container run with `--rm` removes itself when its program
// dies, a death. On main both read "Podman does not answer it (its socket is root's on this host)", critical, with
// `podman exec` into a container that no longer exists. Under the real Podman, the demo gateway its program.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInPodman, miniPodman, podmanRuns, run } from '../helpers/podman.js';
import { until } from '../helpers/until.js';

describe.runIf(podmanRuns())('a container that is gone, under the real Podman', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-removed:${process.pid}`);
  }, 180_000);
  afterAll(() => podman?.dispose());

  it('`podman rm -f`: the operator’s stop, said removed, with nothing to start in it', {
    timeout: 240_000,
  }, async () => {
    const name = `hermes-rm-${process.pid}`;
    const { check, status } = await demoInPodman(podman, name, []);
    await run('podman', ['rm', '-f', name]);
    const said = await until('the removal said', async () => {
      const s = await status();
      return /stopped by the operator at /.test(s) ? s : undefined;
    });
    expect(said).toContain(`Podman container ${name}: removed (Podman has no such container)`);
    expect(said).not.toContain('did not answer');
    expect(await check()).toEqual([]);
  });

  it('`--rm` and its gateway killed: a death, never the runtime’s silence', { timeout: 240_000 }, async () => {
    const name = `hermes-rmself-${process.pid}`;
    const { check, status } = await demoInPodman(podman, name, ['--rm']);
    const pid = (await run('podman', ['inspect', name, '--format', '{{.State.Pid}}'])).stdout.trim();
    process.kill(Number(pid), 'SIGKILL');
    // Podman's cleanup removes it a moment after the death: what is said of a container gone, once it is gone.
    await until('the container gone', async () =>
      run('podman', ['container', 'exists', name]).then(
        () => false,
        () => true,
      ),
    );
    const found = await until('the death said', async () => {
      const f = await check();
      return f.length ? f : undefined;
    });
    expect(found.some((f) => f.severity === 'critical')).toBe(true);
    const s = await status();
    expect(s).toContain('removed (Podman has no such container)');
    expect(s).not.toContain('stopped by the operator');
    expect(found.map((f) => f.action).join(' ')).not.toContain(`podman exec ${name}`);
  });
});
