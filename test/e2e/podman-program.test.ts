// A gateway that is its Podman container's own program (`gateway run --no-supervise`), under the real Podman: the demo
// gateway, which ends at a SIGTERM as Hermes does (its `Shutdown context:` line, exit 1), in an image of this host's dash
// with /usr mounted. Podman logs no `stop` event, so its operator's `podman stop` was read as a death (exit 1, no kill):
// told now by the gateway's own last words. A kill after an earlier stop is still a death; `podman restart` is quiet.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewatch } from '../helpers/cli-run.js';
import { TEST_DIR } from '../helpers/paths.js';
import { demoGatewayContainer } from '../helpers/demo-container.js';
import { miniPodman, PODMAN, podmanRuns, run, failingHealthCheck } from '../helpers/podman.js';
import { until } from '../helpers/until.js';

const REPO = path.resolve(TEST_DIR, '..');
const NAME = `hermes-pm-${process.pid}`;

interface Found {
  check: string;
  cause?: string;
  severity: string;
  action: string;
}

describe.runIf(podmanRuns())('a gateway that is its Podman container’s program', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  let config: string;

  const check = async () => {
    const r = await gatewatch(['check', '--json', '--config', config], { env: {}, spawn: true });
    return { code: r.code, findings: JSON.parse(r.stdout).findings as Found[] };
  };
  // No restart policy and no boot unit: said once as risks, never a failure.
  const failures = (f: Found[]) => f.filter((x) => x.check !== 'supervisor_risk');
  const healthy = () =>
    until('healthy', async () => failures((await check()).findings).length === 0, { timeoutMs: 90_000, everyMs: 500 });
  /** What `status` says of the gateway's process, once the runtime's end of it is in. */
  const processSaid = (want: RegExp) =>
    until(
      `status says ${want}`,
      async () => {
        const r = await gatewatch(['status', '--json', '--config', config], { env: {}, spawn: true });
        const fields = (JSON.parse(r.stdout) as { fields: { label: string; value: string }[] }[])[0]!.fields;
        return want.test(fields.find((f) => f.label === 'process')?.value ?? '');
      },
      { timeoutMs: 60_000, everyMs: 500 },
    );

  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-node:${process.pid}`);
    const home = path.join(podman.dir, 'data');
    mkdirSync(home);
    const program = demoGatewayContainer(home, REPO);
    await podman.started(NAME, program.argv, [...program.opts, ...failingHealthCheck()]);
    config = path.join(podman.dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `state_dir: ${path.join(podman.dir, 'state')}`,
        'targets:',
        `  - { name: pm, hermes_home: ${home}, reachability: false, service: { manager: podman, container: ${NAME} } }`,
        'channels: { console: {} }',
        '',
      ].join('\n'),
    );
  }, 180_000);
  afterAll(() => podman?.dispose());

  it('`podman stop` is its operator’s stop; a kill in a later life a death; `podman restart` quiet', {
    timeout: 400_000,
  }, async () => {
    await healthy();
    await run('podman', [...PODMAN, 'stop', NAME]);
    // Main: "DOWN (no pid file)", and "critical: the container … is not running" once its end was 3 s old.
    await processSaid(/^stopped by the operator at /);
    const stopped = await check();
    expect(failures(stopped.findings)).toEqual([]);
    expect(stopped.code).toBe(1);

    await run('podman', [...PODMAN, 'start', NAME]);
    await healthy();
    await processSaid(/^(running|up)/i);
    const pid = (await run('podman', ['inspect', NAME, '--format', '{{.State.Pid}}'])).stdout.trim();
    process.kill(Number(pid), 'SIGKILL');
    // The earlier stop's words are in the log still: this life wrote its start after them.
    const killed = await until('the death said', async () => {
      const r = await check();
      return failures(r.findings).length ? r : undefined;
    });
    expect(failures(killed.findings).map((f) => [f.check, f.cause, f.severity])).toEqual([
      ['container_slot', 'container_down', 'critical'],
    ]);
    expect(failures(killed.findings)[0]!.action).toContain(`podman start ${NAME}`);

    await run('podman', [...PODMAN, 'start', NAME]);
    await healthy();
    await run('podman', [...PODMAN, 'restart', NAME]);
    await healthy();
    expect(failures((await check()).findings)).toEqual([]);
  });
  // Who froze the gateway: `podman pause` left it "running" to Podman and to its process; on main an event loop that
  // does not answer, critical, and a restart that would undo the pause.
  it('a paused container: said once as the pause with its unpause, nothing restarted; unpaused, healthy', {
    timeout: 180_000,
  }, async () => {
    await healthy();
    await run('podman', ['pause', NAME]);
    try {
      const paused = await until('the pause said', async () => {
        const c = failures((await check()).findings);
        return c.some((f) => f.check === 'container_paused') ? c : undefined;
      });
      expect(paused.map((f) => [f.check, f.severity])).toEqual([['container_paused', 'warning']]);
      expect(paused[0]!.action).toContain(`podman unpause ${NAME}`);
    } finally {
      await run('podman', ['unpause', NAME]);
    }
    await healthy();
  });
  // Issue 82 item 7: a failing health check. `podman ps` says "unhealthy" while gatewatch found the gateway serving.
  it('a health check that fails: said with its command and output, a warning, no restart', {
    timeout: 120_000,
  }, async () => {
    await healthy();
    for (let i = 0; i < 3; i++) await run('podman', ['healthcheck', 'run', NAME]).catch(() => undefined);
    const r = await until('the unhealthy container said', async () => {
      const c = await check();
      return c.findings.find((f) => f.check === 'container_unhealthy');
    });
    expect(r.severity).toBe('warning');
    expect(r.action).toContain(`podman exec ${NAME} /bin/sh -c "echo curl: Connection refused; exit 7"`);
    expect(
      (await check()).findings.filter((f) => f.check !== 'supervisor_risk' && f.check !== 'container_unhealthy'),
    ).toEqual([]);
  });
});
