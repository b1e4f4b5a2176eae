// Rootless Podman (issue 82 item 7), under the real Podman run as nobody: the demo gateway the container's own program.
// On cgroup v1 (and with `--cgroups=disabled`) a rootless container has no cgroup of its own, so gatewatch took it for
// Docker's ("a Docker container: not read (Docker did not answer)"); its conmon names it. Root's podman does not know
// another user's rootless container: gatewatch run as root says whose it is and only watches it; run as that user it
// reads it through that user's podman.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, TEST_DIR } from '../helpers/paths.js';
import { demoGatewayContainer } from '../helpers/demo-container.js';
import { NOBODY, rootlessPodman, run } from '../helpers/podman.js';
import { endPodmanPause } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const REPO = path.resolve(TEST_DIR, '..');
const NAME = `hermes-rootless-${process.pid}`;
const TAG = `localhost/gatewatch-rootless:${process.pid}`;
const rootless = rootlessPodman();

/** The built CLI's `status --json` service line, run as root or as nobody (its podman's environment). */
async function serviceSaid(config: string, asNobody: boolean): Promise<string> {
  const child = spawn(process.execPath, [CLI, 'status', '--json', '--config', config], {
    ...(asNobody ? { uid: NOBODY, gid: NOBODY, env: { ...rootless!.env, LANG: 'en_US.UTF-8' } } : {}),
    cwd: rootless!.dir,
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise((r) => child.on('close', r));
  const fields = (JSON.parse(out) as { fields: { label: string; value: string }[] }[])[0]!.fields;
  return fields.find((f) => f.label === 'service')?.value ?? '';
}

describe.runIf(rootless)('a gateway in another user’s rootless Podman container', () => {
  let config: string;

  beforeAll(async () => {
    const r = rootless!;
    // The image: this host's dash, `podman import`ed by nobody (its own storage).
    const root = path.join(r.dir, 'root');
    for (const bin of ['/bin/dash']) {
      mkdirSync(path.join(root, path.dirname(bin)), { recursive: true });
      await run('cp', [bin, path.join(root, bin)]);
      for (const lib of (await run('ldd', [bin])).stdout.match(/\/\S+/g) ?? []) {
        mkdirSync(path.join(root, path.dirname(lib)), { recursive: true });
        await run('cp', ['-L', lib, path.join(root, lib)]);
      }
    }
    await run('tar', ['-C', root, '-cf', path.join(r.dir, 'root.tar'), '.']);
    chmodSync(path.join(r.dir, 'root.tar'), 0o644);
    await r.as(['import', path.join(r.dir, 'root.tar'), TAG]);
    const home = path.join(r.dir, 'data');
    mkdirSync(home);
    chownSync(home, NOBODY, NOBODY);
    const program = demoGatewayContainer(home, REPO);
    await r.as(['run', '-d', '--name', NAME, ...program.opts, TAG, ...program.argv]);
    config = path.join(r.dir, 'config.yaml');
    writeFileSync(
      config,
      [`targets:`, `  - { name: rl, hermes_home: ${home}, reachability: false }`, 'channels: { console: {} }', ''].join(
        '\n',
      ),
    );
    chmodSync(config, 0o644);
  }, 180_000);
  afterAll(async () => {
    await rootless?.as(['rm', '-f', NAME]).catch(() => undefined);
    await rootless?.as(['rmi', '-f', TAG]).catch(() => undefined);
    if (rootless) endPodmanPause(rootless.home);
  });

  it('as root: whose rootless container it is, watched only; as its user: read through its podman', {
    timeout: 120_000,
  }, async () => {
    // Main: "a Docker container: not read (Docker did not answer)".
    const byRoot = await until(
      'the gateway seen running',
      async () => {
        const said = await serviceSaid(config, false).catch(() => '');
        return /rootless|container/.test(said) ? said : undefined;
      },
      { timeoutMs: 60_000, everyMs: 500 },
    );
    expect(byRoot).toMatch(
      /^nobody's rootless Podman container [0-9a-f]{12}: not read \(only nobody's own podman knows it\)/,
    );
    expect(byRoot).toContain('gatewatch only watches it');
    expect(byRoot).not.toMatch(/Docker/);
    const byOwner = await serviceSaid(config, true);
    expect(byOwner).toBe(`Podman container ${NAME}, the gateway its own program (no s6 inside): running`);
  });
});
