// Issue 82 (who stopped the gateway): Podman's `--health-on-failure=stop|kill` ends the container when its own health
// check fails, and logs no event of its own for it (4.3.1). Under the real Podman, the demo gateway as the container's
// program: on main a `stop` read as the operator's ("stopped by the operator", nothing said, the gateway's Shutdown
// context a stop's SIGTERM) and a `kill` as a death gatewatch would start again, into the next failing check.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewatch } from '../helpers/cli-run.js';
import { TEST_DIR } from '../helpers/paths.js';
import { demoGatewayContainer } from '../helpers/demo-container.js';
import { miniPodman, PODMAN, podmanConfig, podmanRuns, run, failingHealthCheck } from '../helpers/podman.js';
import { until } from '../helpers/until.js';

const REPO = path.resolve(TEST_DIR, '..');

interface Found {
  check: string;
  cause?: string;
  severity: string;
  restart: string;
  title: string;
  explanation: string;
  action: string;
}

describe.runIf(podmanRuns())('a container its own health check ended, under the real Podman', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;

  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-health:${process.pid}`);
  }, 180_000);
  afterAll(() => podman?.dispose());

  it.each(['stop', 'kill'] as const)(
    '`--health-on-failure=%s`: said as the check’s doing, its start the operator’s',
    {
      timeout: 300_000,
    },
    async (action) => {
      const name = `hermes-health-${action}-${process.pid}`;
      const dir = path.join(podman.dir, action);
      const home = path.join(dir, 'data');
      mkdirSync(home, { recursive: true });
      const program = demoGatewayContainer(home, REPO);
      await podman.started(name, program.argv, [...program.opts, ...failingHealthCheck(action)]);
      const config = podmanConfig(dir, home, name);
      const check = async () => {
        const r = await gatewatch(['check', '--json', '--config', config], { env: {}, spawn: true });
        return (JSON.parse(r.stdout).findings as Found[]).filter((f) => f.check !== 'supervisor_risk');
      };
      await until('healthy', async () => (await check()).length === 0, { timeoutMs: 90_000, everyMs: 500 });
      for (let i = 0; i < 2; i++) await run('podman', ['healthcheck', 'run', name]).catch(() => undefined);
      await until('the container ended', async () =>
        (await run('podman', [...PODMAN, 'inspect', name, '--format', '{{.State.Status}}'])).stdout.includes('exited'),
      );
      const f = await until(
        'the check’s end said',
        async () => (await check()).find((x) => x.check === 'container_slot'),
        { timeoutMs: 60_000, everyMs: 500 },
      );
      expect(f).toMatchObject({ cause: 'health_ended', severity: 'critical', restart: 'never' });
      expect(f.title).toBe(
        `The container ${name} is down: its own health check failed, and Podman ${action === 'stop' ? 'stopped' : 'killed'} it`,
      );
      expect(f.explanation).toContain('"curl: Connection refused"');
      expect(f.action).toContain(`podman start ${name}`);
      const status = await gatewatch(['status', '--json', '--config', config], { env: {}, spawn: true });
      expect(status.stdout).not.toContain('stopped by the operator');
      // The operator's to pull: `fix` lists the container's start and runs it.
      const fixes = await gatewatch(['fix', '--config', config], { env: {}, spawn: true });
      expect(fixes.stdout).toContain('1. Start pm through its supervisor');
      const fixed = await gatewatch(['fix', '1', '--yes', '--config', config], {
        env: {},
        spawn: true,
        timeoutMs: 150_000,
      });
      expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
      await until('healthy once started', async () => (await check()).length === 0, {
        timeoutMs: 90_000,
        everyMs: 500,
      });
      await run('podman', ['rm', '-f', name]);
    },
  );
});
