// What the real Hermes v0.20.2 in Docker under s6 still got wrong (the rig's leftovers), played on the Hermes
// container rig (test/helpers/hermes-container.ts) with the demo playing v0.20.2, on either engine: the namespace rig
// with its stand-in docker (test/e2e/hermes-in-docker-leftovers*.test.ts) and a real Docker engine
// (test/docker/leftovers.test.ts). `looks`: what a look says (a raw `s6-svc -d`, a slot left down by the operator's
// stop, a crash loop quoted from `docker logs`, a home whose gateway is down and whose image writes no boot log).
// `daemon`: what built daemons do (a kill s6 repaired is told and then over; Docker's own restart and stop are no
// death and start nothing, its kill is one; two daemons on one container pull its lever once).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rigUnavailable, type Found } from './docker-story.js';
import { startHermesContainer, stopAllRigs, type Engine, type HermesContainer } from './hermes-container.js';
import { gatewatch } from './cli-run.js';
import { CLI } from './paths.js';
import { EVALUATION_EVERY_MS, until } from './until.js';

interface AuditRecord {
  type: string;
  check?: string;
  severity?: string;
  actor?: string;
  detail?: { reason?: string; code?: string; cause?: string };
}

const SLOT_MS = 60_000;

/** A container of the rig around a fresh home whose gateway runs, the demo playing Hermes v0.20.2. */
async function hermesV020(engine: Engine, name: string): Promise<{ c: HermesContainer; dir: string; home: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-docker-left-'));
  const home = path.join(dir, 'hermes');
  mkdirSync(home);
  writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
  const c = await startHermesContainer({ engine, home, name, env: { HERMES_DEMO_HERMES: 'v0.20' } });
  return { c, dir, home };
}

/** A gatewatch config watching the container's home with `service.manager: auto`, as a newcomer's is. */
function configFor(dir: string, home: string, name: string, o: { auto?: boolean } = {}): string {
  const config = path.join(dir, `${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      state_dir: path.join(dir, `state-${name}`),
      schedule: '*/5 * * * * *',
      targets: [{ name: 'hermes', hermes_home: home, reachability: false }],
      remediate: { auto_restart: o.auto ?? true, cooldown: '0s', verify_timeout: '60s' },
      channels: { console: {} },
    }),
  );
  return config;
}

/** A built daemon (`gatewatch run`) on the config, the rig's docker on its PATH; stopped with the story. */
async function daemon(c: HermesContainer, config: string, stops: (() => Promise<unknown>)[]) {
  const env = { ...process.env, PATH: `${c.bin}:${process.env.PATH}`, GATEWATCH_LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  stops.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  });
  const cli = (args: string[]) =>
    gatewatch([...args, '--config', config], { spawn: true, env: { PATH: env.PATH }, timeoutMs: 150_000 });
  const stateDir = (JSON.parse(readFileSync(config, 'utf8')) as { state_dir: string }).state_dir;
  const audit = (): AuditRecord[] => {
    let text = '';
    try {
      text = readFileSync(path.join(stateDir, 'audit.jsonl'), 'utf8');
    } catch {
      // nothing written yet
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord);
  };
  await until('the daemon answering', async () => (await cli(['status', 'hermes'])).code === 0, { timeoutMs: 60_000 });
  return { out: () => out, cli, audit };
}

const criticalOpens = (records: AuditRecord[]) =>
  records
    .filter((r) => r.type === 'alert.open' && r.severity === 'critical')
    .map((r) => `${r.check}.${r.detail?.cause}`);

export async function dockerLeftoversStory(engine: Engine, part: 'looks' | 'daemon'): Promise<void> {
  const unavailable = await rigUnavailable(engine);
  describe.skipIf(unavailable !== undefined)(
    `Hermes v0.20.2 in its Docker image: the rig's leftovers (${engine}, ${part})`,
    () => {
      let c: HermesContainer;
      let dir: string;
      let home: string;
      const stops: (() => Promise<unknown>)[] = [];
      /** The daemon that watches it with auto-restart on (`daemon` part), from the first test on. */
      let a: Awaited<ReturnType<typeof daemon>> | undefined;
      const env = () => ({ PATH: `${c.bin}:${process.env.PATH}` });
      const check = async (config: string, o: { spawn?: boolean } = {}) => {
        const r = await gatewatch(['check', '--json', '--config', config], { env: env(), ...o });
        const findings = (JSON.parse(r.stdout) as { findings: Found[] }).findings;
        return { code: r.code, findings, ids: findings.map((f) => `${f.check}${f.cause ? `.${f.cause}` : ''}`) };
      };
      // A loop's slot may take a busy box's minute or two to be judged over (s6's own death tally, then its next look).
      // Past a crash loop on a loaded box the image's s6 and Hermes' own start breaker may hold the next start a while:
      // the wait says what the last check still found.
      const healthy = async (config: string) => {
        let last: string[] = [];
        await until(
          'healthy',
          async () => {
            const found = await check(config);
            last = found.ids;
            return found.code === 0;
          },
          { timeoutMs: 240_000, everyMs: EVALUATION_EVERY_MS },
        ).catch((e: Error) => {
          throw new Error(`${e.message}; the last check found: ${last.join(', ') || 'nothing'}`);
        });
      };

      beforeAll(async () => {
        ({ c, dir, home } = await hermesV020(engine, `hermes-${part}`));
      }, 120_000);
      afterAll(async () => {
        while (stops.length) await stops.pop()!().catch(() => undefined);
        await stopAllRigs();
      });

      if (part === 'looks') {
        it('a home whose gateway is down stays the container’s under `auto`, with no pid file and no boot log', {
          timeout: 180_000,
        }, async () => {
          const config = configFor(dir, home, 'looks');
          await healthy(config);
          writeFileSync(path.join(home, '.rig-demo-exit'), '0');
          await c.exec(['hermes', 'gateway', 'restart']);
          await until('s6 parks the slot', async () => /^down \(exitcode 0\)/.test(await c.svstat()), {
            timeoutMs: SLOT_MS,
          });
          // v0.20.2's image keeps no container-boot.log, and the gateway took gateway.pid with it.
          rmSync(path.join(home, 'logs', 'container-boot.log'), { force: true });
          rmSync(path.join(home, 'gateway.pid'), { force: true });
          // A process of its own: no memory of an earlier look at this home.
          const r = await check(config, { spawn: true });
          expect(r.ids).toEqual(['container_slot.parked']);
          expect(r.findings[0]!.action).toContain(`\`docker exec ${c.name} hermes gateway start\``);
          expect(r.findings[0]!.action).not.toMatch(/`hermes gateway run`/);
          rmSync(path.join(home, '.rig-demo-exit'));
          expect((await c.exec(['hermes', 'gateway', 'start'])).code).toBe(0);
          await healthy(config);
        });

        it("a raw `s6-svc -d` on the slot is the operator's stop by hand, not a death", {
          timeout: 180_000,
        }, async () => {
          const config = configFor(dir, home, 'looks');
          await healthy(config);
          expect((await c.exec(['/command/s6-svc', '-d', '/run/service/gateway-default'])).code).toBe(0);
          await until('the slot down', async () => /^down /.test(await c.svstat()), { timeoutMs: SLOT_MS });
          const r = await check(config);
          expect(r.ids).toEqual([]);
          expect(r.code).toBe(0);
          const status = await gatewatch(['status', 'hermes', '--config', config], { env: env() });
          expect(status.stdout).toMatch(/stopped by the operator|operator stopped/i);
          expect((await c.exec(['/command/s6-svc', '-u', '/run/service/gateway-default'])).code).toBe(0);
          await healthy(config);
        });

        it('a slot the reconciler left down because the operator stopped it is never started, whatever the logs say', {
          timeout: 180_000,
        }, async () => {
          const config = configFor(dir, home, 'looks');
          expect((await c.exec(['hermes', 'gateway', 'stop'])).code).toBe(0);
          await c.restart();
          expect(await c.svstat()).toMatch(/^down /);
          expect(readFileSync(path.join(home, 'logs', 'container-boot.log'), 'utf8')).toMatch(
            /profile=default prior_state=stopped action=registered/,
          );
          // An image that writes no logs/gateway.log (or a log rotated since): no planned-stop line to go by.
          rmSync(path.join(home, 'logs', 'gateway.log'), { force: true });
          const r = await check(config);
          expect(r.ids).toEqual([]);
          expect(r.code).toBe(0);
          expect((await c.exec(['hermes', 'gateway', 'start'])).code).toBe(0);
          await healthy(config);
        });

        it('a crash loop quotes the line it dies on from `docker logs`, not only where to read it', {
          timeout: 360_000,
        }, async () => {
          const config = configFor(dir, home, 'looks');
          const why = 'RuntimeError: the bot token was revoked (rig knob)';
          writeFileSync(path.join(home, '.rig-demo-exit'), `1\n${why}\n`);
          await c.exec(['hermes', 'gateway', 'restart']);
          const r = await until(
            'the crash loop said',
            async () => {
              const found = await check(config);
              return found.ids.includes('container_slot.crash_loop') ? found : undefined;
            },
            { timeoutMs: 90_000, everyMs: EVALUATION_EVERY_MS },
          );
          const f = r.findings.find((x) => x.cause === 'crash_loop')!;
          expect(f.action).toContain(why);
          expect(f.action).toContain(`\`docker logs ${c.name}\``);
          expect(f.action).toContain('gatewatch does not restart it');
          rmSync(path.join(home, '.rig-demo-exit'));
          // Up again, the loop over: a one-shot check may still report how its last life ended (gateway_died_before, a
          // warning a look keeps for a while): the loop itself, and any down finding, are gone.
          await until(
            'the loop over',
            async () => {
              const found = await check(config);
              return found.ids.every((id) => id.startsWith('gateway_died_before')) && /^up/.test(await c.svstat());
            },
            { timeoutMs: 240_000, everyMs: EVALUATION_EVERY_MS },
          );
        });
      }

      if (part === 'daemon') {
        it('a kill s6 repaired is told once, and over when the new gateway is up: check agrees', {
          timeout: 240_000,
        }, async () => {
          const w = (a = await daemon(c, configFor(dir, home, 'a'), stops));
          await until('healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 90_000 });
          process.kill((await c.gatewayHostPid())!, 'SIGKILL');
          await until(
            'the death told',
            () => w.audit().some((r) => r.type === 'alert.open' && r.check === 'gateway_died_before'),
            { timeoutMs: 90_000, everyMs: 500 },
          );
          const done = await until(
            'check healthy through the daemon',
            async () => {
              const r = await w.cli(['check', '--json']);
              return r.code === 0 && r;
            },
            { timeoutMs: 60_000, everyMs: EVALUATION_EVERY_MS },
          );
          expect(JSON.parse(done.stdout).findings).toEqual([]);
          expect(criticalOpens(w.audit())).toEqual([]);
          expect(w.audit().filter((r) => r.type === 'restart.begin')).toEqual([]);
        });

        it("Docker's own restart and stop are no death and start nothing; its kill is one, and started", {
          timeout: 300_000,
        }, async () => {
          const w = (a ??= await daemon(c, configFor(dir, home, 'a'), stops));
          await until('healthy', async () => (await w.cli(['check'])).code === 0, { timeoutMs: 90_000 });
          const before = w.audit().length;
          const since = () => w.audit().slice(before);
          expect((await c.docker(['restart', c.name])).code).toBe(0);
          await until('healthy after the restart', async () => (await w.cli(['check'])).code === 0, {
            timeoutMs: 120_000,
            everyMs: EVALUATION_EVERY_MS,
          });
          expect((await c.docker(['stop', c.name])).code).toBe(0);
          const stopped = await until(
            "the operator's stop, as the daemon says it",
            async () => {
              const r = await w.cli(['status', 'hermes']);
              return /stopped by the operator|operator stopped/i.test(r.stdout) && r.stdout;
            },
            { timeoutMs: 60_000, everyMs: EVALUATION_EVERY_MS },
          );
          expect(stopped).toMatch(/service .*: exited/);
          expect((await w.cli(['check'])).code).toBe(0);
          expect((await c.docker(['start', c.name])).code).toBe(0);
          await until('healthy after the start', async () => (await w.cli(['check'])).code === 0, {
            timeoutMs: 120_000,
            everyMs: EVALUATION_EVERY_MS,
          });
          expect(criticalOpens(since()), w.out()).toEqual([]);
          expect(since().filter((r) => r.type === 'restart.begin')).toEqual([]);
          // The image's entrypoint execs s6, which restarts its gateway whatever Docker's policy: nothing says Docker
          // would not, during its stop or after.
          expect(
            since().filter((r) => r.type === 'alert.open' && r.check === 'supervisor_risk'),
            w.out(),
          ).toEqual([]);
          // `docker kill`: no stop through Docker, a death; gatewatch starts the container again.
          expect((await c.docker(['kill', c.name])).code).toBe(0);
          await until('the death said and the container started', () => since().some((r) => r.type === 'restart.ok'), {
            timeoutMs: 120_000,
            everyMs: 500,
          });
          expect(criticalOpens(since())).toEqual(['container_slot.container_down']);
          await until('healthy after the kill', async () => (await w.cli(['check'])).code === 0, {
            timeoutMs: 120_000,
            everyMs: EVALUATION_EVERY_MS,
          });
        });

        it('two daemons on one container pull its lever once', { timeout: 240_000 }, async () => {
          // Both with auto-restart on, on the same schedule: both see the slot parked at once, and both would start it.
          // The daemon of the tests before is stopped: these two are the only ones.
          while (stops.length) await stops.pop()!();
          a = undefined;
          const b = await daemon(c, configFor(dir, home, 'b'), stops);
          const d = await daemon(c, configFor(dir, home, 'd'), stops);
          const ok = async () => (await b.cli(['check'])).code === 0 && (await d.cli(['check'])).code === 0;
          await until('healthy', ok, { timeoutMs: 90_000, everyMs: EVALUATION_EVERY_MS });
          const [b0, d0] = [b.audit().length, d.audit().length];
          const both = () => [...b.audit().slice(b0), ...d.audit().slice(d0)];
          // The next start exits 0 and s6 parks it; the one after is healthy.
          writeFileSync(path.join(home, '.rig-demo-exit-once'), '0');
          expect((await c.exec(['hermes', 'gateway', 'restart'])).code).toBe(0);
          await until('the parked slot started again', () => both().some((r) => r.type === 'restart.ok'), {
            timeoutMs: 120_000,
            everyMs: 500,
          });
          await until('healthy again', ok, { timeoutMs: 90_000, everyMs: EVALUATION_EVERY_MS });
          const begun = both().filter((r) => r.type === 'restart.begin');
          expect(begun, b.out() + d.out()).toHaveLength(1);
          // The other was told that another gatewatch pulls it, or saw the slot starting by then: nothing more.
          for (const r of both().filter((x) => x.type === 'restart.skip'))
            expect(r.detail?.reason).toMatch(/another gatewatch on this host|already restarting/);
        });
      }
    },
  );
}
