// Who removed the container: `podman rm -f` (and Docker's `rm -f`, `compose down`) takes the container away with the
// gateway, the operator's stop until it is created again; a container run with `--rm` removes itself when its program
// dies, a death. On main both read "Podman does not answer it (its socket is root's on this host)", critical, with
// `podman exec` into a container that no longer exists. Under the real Podman, the demo gateway its program.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewatch } from '../helpers/cli-run.js';
import { TEST_DIR } from '../helpers/paths.js';
import { demoGatewayContainer } from '../helpers/demo-container.js';
import { miniPodman, podmanConfig, podmanRuns, run } from '../helpers/podman.js';
import { until } from '../helpers/until.js';

const REPO = path.resolve(TEST_DIR, '..');

interface Found {
  check: string;
  severity: string;
  action: string;
}

describe.runIf(podmanRuns())('a container that is gone, under the real Podman', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-removed:${process.pid}`);
  }, 180_000);
  afterAll(() => podman?.dispose());

  /** The demo gateway as the container `name`'s program, and a config watching it. */
  async function place(name: string, opts: string[]) {
    const dir = path.join(podman.dir, name);
    const home = path.join(dir, 'data');
    mkdirSync(home, { recursive: true });
    const program = demoGatewayContainer(home, REPO);
    await podman.started(name, program.argv, [...program.opts, ...opts]);
    const config = podmanConfig(dir, home, name);
    const check = async () => {
      const r = await gatewatch(['check', '--json', '--config', config], { env: {}, spawn: true });
      return (JSON.parse(r.stdout).findings as Found[]).filter((f) => f.check !== 'supervisor_risk');
    };
    const status = async () => (await gatewatch(['status', '--config', config], { env: {}, spawn: true })).stdout;
    await until('healthy', async () => (await check()).length === 0, { timeoutMs: 90_000, everyMs: 500 });
    return { check, status };
  }

  it('`podman rm -f`: the operator’s stop, said removed, with nothing to start in it', {
    timeout: 240_000,
  }, async () => {
    const name = `hermes-rm-${process.pid}`;
    const { check, status } = await place(name, []);
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
    const { check, status } = await place(name, ['--rm']);
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
