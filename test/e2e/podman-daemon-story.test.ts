// The new container verdicts through the built daemon (its console, the wall clock), in both locales, read in
// order: `podman pause` said as the pause with its unpause and cleared once unpaused; Podman's
// `--health-on-failure=stop` said as the check's doing with its start, never a restart by gatewatch, and the gateway
// back "started again outside gatewatch" once the operator starts it. Under the real Podman, the demo gateway the
// container's program.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIR } from '../helpers/paths.js';
import { demoGatewayContainer } from '../helpers/demo-container.js';
import { miniPodman, PODMAN, podmanRuns, run } from '../helpers/podman.js';
import { until } from '../helpers/until.js';
import { watchedDaemon } from '../helpers/watched-daemon.js';

const REPO = path.resolve(TEST_DIR, '..');
const cleanups: (() => Promise<unknown>)[] = [];

/** What each step is said with, in each locale: the console's own words. */
const WORDS = {
  'C.UTF-8': {
    paused: /🟠 hermes: The container \S+ is paused/,
    cleared: /✅ hermes: cleared after/,
    ended: /🔴 hermes: The container \S+ is down: its own health check failed, and Podman stopped it/,
    back: /✅ hermes: the gateway is back: started again outside gatewatch/,
    restarting: /Restarting|restarting it now/i,
  },
  'zh_CN.UTF-8': {
    paused: /🟠 hermes：容器 \S+ 已暂停/,
    cleared: /✅ hermes：.*已解除/,
    ended: /🔴 hermes：容器 \S+ 已停止：它自己的健康检查失败，Podman 停止了它/,
    back: /✅ hermes：网关已恢复：在 gatewatch 之外重新启动/,
    restarting: /正在重启/,
  },
} as const;

describe.runIf(podmanRuns())('a container’s pause and its health check’s stop, through the built daemon', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-story:${process.pid}`);
  }, 180_000);
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
    await podman?.dispose();
  });

  it.each(Object.keys(WORDS) as (keyof typeof WORDS)[])(
    '%s: each said in order, none promising a restart',
    {
      timeout: 300_000,
    },
    async (lang) => {
      const w = WORDS[lang];
      const name = `hermes-story-${lang.slice(0, 2)}-${process.pid}`;
      const home = path.join(podman.dir, name);
      mkdirSync(home);
      const program = demoGatewayContainer(home, REPO);
      await podman.started(name, program.argv, [
        ...program.opts,
        '--health-cmd',
        '/bin/sh -c "echo curl: Connection refused; exit 7"',
        '--health-interval',
        '0',
        '--health-retries',
        '2',
        '--health-on-failure',
        'stop',
      ]);
      const d = await watchedDaemon(home, cleanups, { LANG: lang });
      // Serving, its one risk said (no restart policy: exit 1, a warning).
      await until('serving', async () => (await d.cli(['check'])).code === 1, { timeoutMs: 90_000 });
      const from = d.out().length;
      const said = (re: RegExp) => until(`said: ${re}`, () => re.test(d.out().slice(from)), { timeoutMs: 90_000 });

      await run('podman', ['pause', name]);
      await said(w.paused);
      expect(d.out().slice(from)).toContain(`podman unpause ${name}`);
      await run('podman', ['unpause', name]);
      await said(w.cleared);

      for (let i = 0; i < 2; i++) await run('podman', ['healthcheck', 'run', name]).catch(() => undefined);
      await said(w.ended);
      expect(d.out().slice(from)).toContain(`podman start ${name}`);
      await run('podman', [...PODMAN, 'start', name]);
      await said(w.back);

      const all = d.out().slice(from);
      const at = (re: RegExp) => all.search(re);
      expect(
        [at(w.paused), at(w.cleared), at(w.ended), at(w.back)].every(
          (n, i, xs) => n >= 0 && (i === 0 || n > xs[i - 1]!),
        ),
      ).toBe(true);
      expect(all).not.toMatch(w.restarting);
      // No platform key or check id where a person reads it.
      expect(all).not.toMatch(/qqbot|container_paused|health_ended|container_slot/);
    },
  );
});
