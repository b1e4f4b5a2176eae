// Issue 82 item 7: in each place the advice is one that can help there, never a start where what is wrong is the
// deployment's own settings. Umbrel's Hermes app runs the image with `user: "1000:1000"` and `restart: on-failure`
// (hermes-supervisors.md, app stores), which the image's boot refuses at every start (hermes-agent
// docker/stage2-hook.sh): under the real Podman, the image's entrypoint (mounted at its path in the image) says so and
// exits 1, as the refused boot does. On main the container read as one whose restarts are its s6's business and, once
// down, "start the container", which gatewatch did by itself; a program container's give-up said "then start it".
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewatch } from '../helpers/cli-run.js';
import { miniPodman, PODMAN, podmanConfig, podmanRuns, run } from '../helpers/podman.js';
import { until } from '../helpers/until.js';

const ENTRYPOINT = '/opt/hermes/docker/entrypoint-dispatch.sh';
/** What the image's boot prints when started with `--user 1000` (its stage2 hook's own words), and its exit. */
const REFUSED = `#!/bin/sh
cat >&2 <<EOF
[stage2] ERROR: container started with --user 1000 (an arbitrary, non-hermes UID).

This is not supported under the s6-overlay image. The container bootstrap
(UID remap, data-volume ownership, config seeding) needs to start as root,
and the baked /opt/hermes install tree is intentionally root-owned and
non-writable, so a pinned --user UID cannot repair startup state — startup
will fail.

To make container-written files match your HOST user, DON'T use --user.
EOF
exit 1
`;

interface Found {
  check: string;
  cause?: string;
  severity: string;
  restart: string;
  title: string;
  action: string;
  remedies?: unknown[];
}

describe.runIf(podmanRuns())('a container the image refuses as it is set up, under the real Podman', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  const tag = `localhost/gatewatch-test-settings:${process.pid}`;

  beforeAll(async () => {
    podman = await miniPodman(tag, ['/bin/cat']);
  }, 180_000);
  afterAll(() => podman?.dispose());

  /** A home, the refusing entrypoint and a config watching the container `name`. */
  function place(name: string) {
    const dir = path.join(podman.dir, name);
    const home = path.join(dir, 'data');
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(dir, 'entrypoint.sh'), REFUSED, { mode: 0o755 });
    const config = podmanConfig(dir, home, name);
    const opts = [
      '--user',
      '1000:1000',
      '-v',
      `${home}:/opt/data`,
      '-v',
      `${path.join(dir, 'entrypoint.sh')}:${ENTRYPOINT}:ro`,
      '-e',
      'HERMES_HOME=/opt/data',
      '--entrypoint',
      ENTRYPOINT,
    ];
    const check = async () => {
      const r = await gatewatch(['check', '--json', '--config', config], { env: {}, spawn: true });
      return {
        code: r.code,
        findings: (JSON.parse(r.stdout).findings as Found[]).filter((f) => f.check !== 'supervisor_risk'),
      };
    };
    return { opts, check };
  }

  it('Umbrel’s `restart: on-failure`: a loop Podman runs, said as the user setting to change, never a start', {
    timeout: 240_000,
  }, async () => {
    const name = `hermes-umbrel-${process.pid}`;
    const { opts, check } = place(name);
    await podman.started(name, ['gateway', 'run'], [...opts, '--restart', 'on-failure']);
    const said = await until(
      'the refused loop said',
      async () => (await check()).findings.find((f) => f.title.includes('user 1000')),
      { timeoutMs: 180_000, everyMs: 1000 },
    );
    expect(said).toMatchObject({ severity: 'critical', restart: 'never' });
    expect(said.action).toContain('HERMES_UID=1000');
    expect(said.action).toContain('podman rm');
    expect(said.action).not.toMatch(/podman (start|restart) hermes/);
  });

  it('a give-up (`on-failure:2`) and a container left down (`no`): the setting, no start, no /fix', {
    timeout: 240_000,
  }, async () => {
    const gaveUp = `hermes-gaveup-${process.pid}`;
    const a = place(gaveUp);
    await podman.started(gaveUp, ['gateway', 'run'], [...a.opts, '--restart', 'on-failure:2']);
    const g = await until(
      'the give-up said',
      async () => (await a.check()).findings.find((f) => f.check === 'supervisor_gave_up'),
      { timeoutMs: 180_000, everyMs: 1000 },
    );
    expect(g).toMatchObject({ severity: 'critical', restart: 'never' });
    expect(g.title).toContain('user 1000');
    expect(g.action).toContain('HERMES_UID=1000');
    expect(g.remedies ?? []).toEqual([]);

    const down = `hermes-down-${process.pid}`;
    const b = place(down);
    await podman.started(down, ['gateway', 'run'], b.opts);
    await until('the container exited', async () =>
      (await run('podman', [...PODMAN, 'inspect', down, '--format', '{{.State.Status}}'])).stdout.includes('exited'),
    );
    const d = await until(
      'the refusal said',
      async () => (await b.check()).findings.find((f) => f.check === 'container_slot'),
      { timeoutMs: 60_000, everyMs: 500 },
    );
    expect(d).toMatchObject({ cause: 'container_down', severity: 'critical', restart: 'never' });
    expect(d.title).toContain('user 1000');
    expect(d.action).not.toContain(`podman start ${down}`);
  });
});
