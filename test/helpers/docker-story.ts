// Hermes in its Docker image, as gatewatch meets it on the host (test/e2e/hermes-in-docker.test.ts and
// test/docker/hermes-in-docker.test.ts play it on each engine): the rig (test/helpers/hermes-container.ts) lays out
// the official image around the demo gateway (s6 as PID 1, a slot per profile as uid 10000, the home at /opt/data,
// the boot reconciler, `hermes gateway start|stop|restart` inside), and its `docker` is first on PATH. One story, as an
// operator lives it: a healthy gateway is healthy; a slot s6 parked is said as such with the start that brings it back,
// and `gatewatch restart` starts it; the operator's own stop is quiet; a container restart that leaves the slot down is
// found and started; a crash loop and a permissions loop are told apart; a profile with no slot and a stray gateway on
// the host are said; and a newcomer's init writes the container.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerRigAvailable,
  namespaceRigAvailable,
  startHermesContainer,
  stopAllRigs,
  type Engine,
  type HermesContainer,
} from './hermes-container.js';
import { gatewatch, runCli } from './cli-run.js';
import { EVALUATION_EVERY_MS, until } from './until.js';

/** A finding as `gatewatch check --json` prints it. */
export interface Found {
  check: string;
  cause?: string;
  severity: string;
  title: string;
  action: string;
}

/** Why the rig cannot run on `engine` here (undefined: it can); in CI that is a failure, not a skip. */
export async function rigUnavailable(engine: Engine): Promise<string | undefined> {
  const unavailable = await (engine === 'docker' ? dockerRigAvailable() : namespaceRigAvailable());
  // CI installs what the rig needs (.ci/run): there a missing part is a failure, not a skip.
  if (unavailable && process.env.CI === 'true')
    throw new Error(`the Hermes container rig cannot run here: ${unavailable}`);
  return unavailable;
}

/**
 * The story on one engine: the rig in namespaces of its own (test:supervisors) or in a real Docker engine
 * (test:docker). Its two parts each start from a fresh container whose gateway runs, and play as well on one container
 * after the other (`all`) as on a container each, side by side (`parked`, `loops`: two files of test:supervisors, which
 * under the suite's load took over five minutes one after the other).
 */
export async function dockerStory(
  engine: Engine,
  part: 'all' | 'parked' | 'loops' = 'all',
  /** The container's TZ: its gateway stamps its log in that zone, not the host's (gatewatch reads it in its own). */
  zone?: string,
): Promise<void> {
  const unavailable = await rigUnavailable(engine);
  const title = `Hermes in its Docker image, watched from the host (${engine}${part === 'all' ? '' : `, ${part}`}${zone ? `, the container in ${zone}` : ''})`;
  describe.skipIf(unavailable !== undefined)(title, () => {
    let home: string;
    let dir: string;
    let c: HermesContainer;
    let config: string;

    const env = () => ({ PATH: `${c.bin}:${process.env.PATH}` });
    const check = async (cfg = config) => {
      // Inside this process (runCliHere): the story polls it, and a spawned run costs ten times the CPU.
      const r = await gatewatch(['check', '--json', '--config', cfg], { env: env() });
      const out = JSON.parse(r.stdout) as { findings: Found[] };
      return {
        code: r.code,
        findings: out.findings,
        ids: out.findings.map((f) => `${f.check}${f.cause ? `.${f.cause}` : ''}`),
      };
    };
    const docker = (...argv: string[]) => c.exec(argv);

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'gw-docker-e2e-'));
      home = path.join(dir, 'hermes');
      mkdirSync(home);
      // Running when the container last stopped: the boot reconciler starts its slot.
      writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
      c = await startHermesContainer({ engine, home, name: 'hermes', ...(zone ? { env: { TZ: zone } } : {}) });
      config = path.join(dir, 'config.yaml');
      // No service key: where the gateway runs is found by itself (its pid record says /opt/data).
      writeFileSync(
        config,
        [
          `state_dir: ${path.join(dir, 'state')}`,
          'targets:',
          `  - { name: hermes, hermes_home: ${home}, reachability: false }`,
          'channels: { console: {} }',
          '',
        ].join('\n'),
      );
    });

    afterAll(stopAllRigs);

    // The first part of the story: a slot parked, started, stopped and left down.
    if (part !== 'loops') {
      it('a healthy gateway in the container is healthy, its pid mapped and its container named', async () => {
        const r = await check();
        expect(r.ids).toEqual([]);
        expect(r.code).toBe(0);
        const status = await gatewatch(['status', 'hermes', '--config', config], { env: env() });
        expect(status.stdout).not.toMatch(/not running|critical/i);
      });

      it('a slot s6 parked after a clean exit: said as parked, with the start inside the container', async () => {
        // The next start exits 0 at once: the image's finish script parks it.
        writeFileSync(path.join(home, '.rig-demo-exit'), '0');
        await docker('hermes', 'gateway', 'restart');
        await until(
          's6 parks the slot',
          async () => /^down \(exitcode 0\).*normally up(?!.*want up)/.test(await c.svstat()),
          {
            timeoutMs: 30_000,
          },
        );
        const r = await check();
        expect(r.ids).toEqual(['container_slot.parked']);
        expect(r.code).toBe(2);
        const [f] = r.findings;
        expect(f!.action).toContain('`docker exec hermes hermes gateway start`');
        expect(f!.action).not.toMatch(/systemctl|`hermes gateway run`/);
      });

      it('/status, /logs and /fix (their CLI forms) on the parked slot: the truth, the lines, and the start that fixes it', {
        timeout: 240_000,
      }, async () => {
        const status = await gatewatch(['status', 'hermes', '--config', config], { env: env() });
        expect(status.stdout).toContain('parked');
        expect(status.stdout).not.toMatch(/✅/u);
        const logs = await gatewatch(['logs', 'hermes', '-n', '20', '--config', config], { env: env() });
        expect(logs.code).toBe(0);
        expect(logs.stdout).toMatch(/gateway\.run|Hermes Gateway/);
        const fixes = await gatewatch(['fix', 'hermes', '--config', config], { env: env() });
        expect(fixes.stdout).toMatch(/start/i);
        // Fixed: the next start stays up, and /fix 1 starts the slot through the container.
        rmSync(path.join(home, '.rig-demo-exit'));
        const fixed = await gatewatch(['fix', 'hermes', '1', '--yes', '--config', config], {
          env: env(),
          spawn: true,
          timeoutMs: 150_000,
        });
        expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
        await until('the slot is up', async () => /^up/.test(await c.svstat()), { timeoutMs: 60_000 });
        await until('healthy again', async () => (await check()).ids.length === 0, {
          timeoutMs: 90_000,
          everyMs: EVALUATION_EVERY_MS,
        });
        // Parked once more for the restart below.
        writeFileSync(path.join(home, '.rig-demo-exit'), '0');
        await docker('hermes', 'gateway', 'restart');
        await until('s6 parks the slot again', async () => (await check()).ids.includes('container_slot.parked'), {
          timeoutMs: 60_000,
          everyMs: EVALUATION_EVERY_MS,
        });
      });

      it('`gatewatch restart` starts the parked slot through the container, and it is healthy again', {
        timeout: 240_000,
      }, async () => {
        rmSync(path.join(home, '.rig-demo-exit'));
        const r = await gatewatch(['restart', 'hermes', '--yes', '--config', config], {
          env: env(),
          spawn: true,
          timeoutMs: 150_000,
        });
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(await c.svstat()).toMatch(/^up \(pid \d+\)/);
        await until('the gateway is healthy again', async () => (await check()).ids.length === 0, {
          timeoutMs: 60_000,
          everyMs: EVALUATION_EVERY_MS,
        });
      });

      it("the operator's own `gateway stop` inside the container is no alarm", async () => {
        await docker('hermes', 'gateway', 'stop');
        await until('the slot is down', async () => /^down/.test(await c.svstat()), { timeoutMs: 30_000 });
        const r = await check();
        // Not a warning either (issue 77): `desired_state: stopped` and the planned stop in its log are its word.
        expect(r.findings).toEqual([]);
        expect(r.code).toBe(0);
      });

      it('a container restart that leaves the slot down is found, and started', { timeout: 240_000 }, async () => {
        // As the images before #43236 left it: a SIGTERM persisted `stopped`, no desired_state.
        // The slot is down (the operator's stop above): no gateway rewrites the file before the container restarts.
        writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ gateway_state: 'stopped' }));
        await c.restart();
        expect(await c.svstat()).toMatch(/^down/);
        const r = await check();
        expect(r.ids).toEqual(['container_slot.left_down']);
        expect(r.findings[0]!.action).toContain('`docker exec hermes hermes gateway start`');
        const started = await gatewatch(['restart', 'hermes', '--yes', '--config', config], {
          env: env(),
          spawn: true,
          timeoutMs: 150_000,
        });
        expect(started.code, started.stdout + started.stderr).toBe(0);
        expect(await c.svstat()).toMatch(/^up/);
      });
    }

    // The second: the loops told apart, a profile with no slot, a stray, a newcomer's init.
    if (part !== 'parked') {
      it("the operator's `gateway restart` three times in a row is no crash loop", async () => {
        // s6 tallies each (`s6-svc -t`) as a death, and Hermes exits 1 on that SIGTERM as on a crash (main: "keeps
        // dying: 3 exits in 2 minutes" until the last life had outlived the others).
        const upPid = async () => Number(/^up \(pid (\d+)\)/.exec(await c.svstat())?.[1]);
        const claimed = () => {
          try {
            return (JSON.parse(readFileSync(path.join(home, 'gateway.pid'), 'utf8')) as { pid: number }).pid;
          } catch {
            return undefined;
          }
        };
        for (let i = 0; i < 3; i++) {
          const old = await upPid();
          await docker('hermes', 'gateway', 'restart');
          await until(
            'its next life has claimed its pid file',
            async () => {
              const pid = await upPid();
              return pid > 0 && pid !== old && claimed() === pid;
            },
            { timeoutMs: 60_000 },
          );
        }
        const seen = new Set<string>();
        await until(
          'healthy after them',
          async () => {
            const r = await check();
            for (const id of r.ids) seen.add(id);
            return r.ids.length === 0;
          },
          { timeoutMs: 60_000, everyMs: EVALUATION_EVERY_MS },
        );
        expect([...seen]).not.toContain('container_slot.crash_loop');
      }, 180_000);

      it('a gateway that dies at every start: a crash loop, said with its exits and never restarted', async () => {
        writeFileSync(path.join(home, '.rig-demo-exit'), '1');
        await docker('hermes', 'gateway', 'restart');
        const r = await until(
          'the crash loop is said',
          async () => {
            const found = await check();
            return found.ids.includes('container_slot.crash_loop') ? found : undefined;
          },
          { timeoutMs: 60_000, everyMs: EVALUATION_EVERY_MS },
        );
        const f = r.findings.find((x) => x.cause === 'crash_loop')!;
        expect(f.title).toMatch(/keeps dying: \d+ exits in 2 minutes/);
        expect(f.action).toContain('gatewatch does not restart it');
        // Fixed: s6 brings it up by itself, and once it outlives the loop's lives it is healthy.
        rmSync(path.join(home, '.rig-demo-exit'));
        await until('healthy again', async () => (await check()).ids.length === 0, {
          timeoutMs: 90_000,
          everyMs: EVALUATION_EVERY_MS,
        });
      }, 180_000);

      it("a home the container's user cannot write: a permissions loop, and the container's restart heals it", async () => {
        // A `docker exec` as root left the logs folder root's own: every start fails to open its log.
        const { chownSync, chmodSync } = await import('node:fs');
        chownSync(path.join(home, 'logs'), 0, 0);
        chmodSync(path.join(home, 'logs'), 0o700);
        await docker('hermes', 'gateway', 'restart');
        const r = await until(
          'the permissions loop is said',
          async () => {
            const found = await check();
            return found.ids.includes('container_slot.permissions') ? found : undefined;
          },
          { timeoutMs: 60_000, everyMs: EVALUATION_EVERY_MS },
        );
        const f = r.findings.find((x) => x.cause === 'permissions')!;
        expect(f.title).toContain('cannot write its home');
        expect(f.action).toContain('`docker restart hermes`');
        const fixed = await gatewatch(['restart', 'hermes', '--yes', '--config', config], {
          env: env(),
          spawn: true,
          timeoutMs: 150_000,
        });
        expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
        await until('healthy again', async () => (await check()).ids.length === 0, {
          timeoutMs: 90_000,
          everyMs: EVALUATION_EVERY_MS,
        });
      }, 240_000);

      it('a profile made from the host has no slot: said, with the start that registers it', async () => {
        const ghost = path.join(home, 'profiles', 'ghost');
        mkdirSync(ghost, { recursive: true });
        const cfg = path.join(dir, 'ghost.yaml');
        writeFileSync(
          cfg,
          [
            `state_dir: ${path.join(dir, 'state-ghost')}`,
            'targets:',
            `  - { name: ghost, hermes_home: ${ghost}, reachability: false, service: { manager: docker } }`,
            'channels: { console: {} }',
            '',
          ].join('\n'),
        );
        const r = await check(cfg);
        expect(r.ids).toEqual(['container_slot.no_slot']);
        expect(r.findings[0]!.action).toContain('`docker exec hermes hermes -p ghost gateway start`');
      });

      it("a stray gateway on the host beside the container's: named, and not restarted on top of", async () => {
        // `hermes gateway run` on the host, its HERMES_HOME the folder the container mounts.
        const stray = spawn('/bin/sh', ['-c', 'read _', 'gateway', 'run'], {
          env: { ...process.env, HERMES_HOME: home },
          stdio: ['pipe', 'ignore', 'ignore'],
        });
        try {
          const r = await until(
            'the stray is found',
            async () => {
              const found = await check();
              return found.ids.includes('duplicate_processes.container') ? found : undefined;
            },
            { everyMs: EVALUATION_EVERY_MS },
          );
          const dup = r.findings.find((f) => f.check === 'duplicate_processes')!;
          expect(dup.action).toContain(`pid ${stray.pid}`);
          expect(dup.action).not.toContain(String(await c.gatewayHostPid()));
        } finally {
          stray.kill('SIGKILL');
        }
      });

      it('a newcomer: init on the host writes the container and says what restarts need; check finds it healthy', {
        timeout: 120_000,
      }, async () => {
        const user = path.join(dir, 'user');
        mkdirSync(user);
        const initEnv = { ...env(), LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', HERMES_HOME: '' };
        const init = await runCli(user, ['init', '--yes', '--hermes-home', home], { env: initEnv });
        expect(init.code, init.stdout + init.stderr).toBe(0);
        expect(init.stdout).toContain('runs in Docker container hermes (s6 slot gateway-default)');
        expect(init.stdout).toContain('root on this host');
        expect(init.stdout).not.toContain('cannot restart it');
        const written = readFileSync(path.join(user, '.config', 'gatewatch', 'config.yaml'), 'utf8');
        expect(written).toMatch(/^ {6}manager: docker$/m);
        expect(written).toMatch(/^ {6}container: "?hermes"?$/m);
        const r = await runCli(user, ['check', '--json'], { env: initEnv });
        expect(JSON.parse(r.stdout).findings).toEqual([]);
        expect(r.code).toBe(0);
      });
    }
  });
}

/**
 * The OOM killer inside a container's memory limit, on a container of its own: independent of the story above, and
 * played beside it (its own file), where after it it added its minute under load to the suite's longest file.
 */
export async function dockerOomStory(engine: Engine): Promise<void> {
  const unavailable = await rigUnavailable(engine);
  describe.skipIf(unavailable !== undefined)(`the OOM killer inside a container's memory limit (${engine})`, () => {
    it('a gateway killed at the limit, the container up and s6 starting it again: said as the limit, not a restart', {
      timeout: 240_000,
    }, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-docker-oom-'));
      const home = path.join(dir, 'hermes');
      mkdirSync(home);
      writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
      // Its first life grows until the kernel ends it; the next one is healthy (slot/run removes the knob).
      writeFileSync(path.join(home, '.rig-demo-hog'), '');
      const c = await startHermesContainer({
        engine,
        home,
        name: 'hermes-oom',
        memory: '160m',
        env: { HERMES_DEMO_HERMES: 'v0.20' },
      });
      try {
        const config = path.join(dir, 'config.yaml');
        writeFileSync(
          config,
          [
            `state_dir: ${path.join(dir, 'state')}`,
            'targets:',
            `  - { name: hermes, hermes_home: ${home}, reachability: false }`,
            'channels: { console: {} }',
            '',
          ].join('\n'),
        );
        const found = await until(
          'the OOM kill is said',
          async () => {
            const r = await gatewatch(['check', '--json', '--config', config], {
              env: { PATH: `${c.bin}:${process.env.PATH}` },
            });
            const fs = JSON.parse(r.stdout).findings as Found[];
            return fs.find((f) => f.check === 'gateway_died_before');
          },
          { timeoutMs: 120_000, everyMs: EVALUATION_EVERY_MS },
        );
        expect(found.title).toContain("the container hermes-oom's memory limit");
        expect(found.action).toContain('docker update --memory');
        expect(found.severity).toBe('warning');
      } finally {
        await c.stop();
      }
    });
  });
}
