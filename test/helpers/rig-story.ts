// The Hermes container rig itself (test/helpers/hermes-container.ts): the official image's layout around the demo
// gateway, as gatewatch will meet it, on either engine: test/rig/hermes-container.test.ts plays it in namespaces of its
// own with the stand-in docker (test:supervisors), test/docker/rig.test.ts in a private dockerd with the real CLI
// (test:docker).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import {
  dockerRigAvailable,
  namespaceRigAvailable,
  startHermesContainer,
  stopAllRigs,
  type Engine,
  type HermesContainer,
} from './hermes-container.js';
import { until } from './until.js';

/** The `docker` of the rig's bin/, first on PATH, as gatewatch would run it. */
function docker(c: HermesContainer, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      { encoding: 'utf8', env: { ...process.env, PATH: `${c.bin}:${process.env.PATH}` } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) || 1 : 0, stdout, stderr }),
    );
  });
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

interface PidRecord {
  pid: number;
  kind: string;
  start_time: number;
  hermes_home: string;
}

/** Bound of a wait on the slot (a gateway's start or stop, s6's respawn) on a busy machine. */
const SLOT_MS = 30_000;

/** The slot's gateway up and started: s6 says up, and gateway.pid records that pid (the gateway has claimed it). */
function gatewayUp(c: HermesContainer, home: string): Promise<PidRecord> {
  return until(
    'the gateway up, gateway.pid its own',
    async () => {
      const pid = /^up \(pid (\d+)\)/.exec(await c.svstat())?.[1];
      const rec = pid !== undefined && readJson<PidRecord>(path.join(home, 'gateway.pid'));
      return rec && rec.pid === Number(pid) && rec;
    },
    { timeoutMs: SLOT_MS },
  );
}

/** A test's starting point that is not the boot's: the default slot's gateway running (started when it is not). */
async function runningGateway(c: HermesContainer, home: string): Promise<PidRecord> {
  rmSync(path.join(home, '.rig-demo-exit'), { force: true });
  if (!/^up /.test(await c.svstat())) expect((await c.exec(['hermes', 'gateway', 'start'])).code).toBe(0);
  return gatewayUp(c, home);
}

/** The finish script's records of the default slot's exits in this life of the container ("<code> <signal>"). */
function exitsOf(c: HermesContainer): string[] {
  const file = `/proc/${c.pid1()}/root/run/hermes-rig/gateway-default.exits`;
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** The rig's own story on one engine. */
export async function rigStory(engine: Engine): Promise<void> {
  const unavailable = await (engine === 'docker' ? dockerRigAvailable() : namespaceRigAvailable());
  if (unavailable && process.env.CI === 'true')
    throw new Error(`the Hermes container rig cannot run here: ${unavailable}`);
  const cli = engine === 'docker' ? 'docker' : 'the stand-in docker';
  describe.skipIf(unavailable !== undefined)(`the Hermes container rig (${engine} engine)`, () => {
    let home: string;
    let c: HermesContainer;

    beforeAll(async () => {
      home = mkdtempSync(path.join(os.tmpdir(), 'gw-rig-home-'));
      // A home whose gateway was running when the container last stopped: the boot reconciler starts its slot.
      writeFileSync(path.join(home, 'gateway_state.json'), JSON.stringify({ desired_state: 'running' }));
      c = await startHermesContainer({ engine, home, profiles: ['work'] });
    });

    afterAll(stopAllRigs);

    test('the boot: s6-svscan is PID 1, gateway-default up, gateway-work registered down, container-boot.log', async () => {
      expect(readFileSync(`/proc/${c.pid1()}/comm`, 'utf8').trim()).toBe('s6-svscan');
      expect(await c.svstat()).toMatch(/^up \(pid \d+\) \d+ seconds$/);
      expect(await c.svstat('work')).toMatch(/^down \(exitcode 0\) \d+ seconds, ready \d+ seconds$/);
      const boot = readFileSync(path.join(home, 'logs', 'container-boot.log'), 'utf8');
      expect(boot).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} profile=default prior_state=running action=started prior_exit=unknown$/m,
      );
      expect(boot).toMatch(/ profile=work prior_state=None action=registered prior_exit=unknown$/m);
    });

    test('gateway.pid names the container pid and /opt/data; gatewayHostPid maps it through NSpid', async () => {
      const rec = readJson<PidRecord>(path.join(home, 'gateway.pid'));
      expect(rec.hermes_home).toBe('/opt/data');
      expect(rec.kind).toBe('hermes-gateway');
      expect(await c.svstat()).toContain(`(pid ${rec.pid})`);
      expect(rec.pid).toBeLessThan(1000);
      const host = await c.gatewayHostPid();
      expect(host).toBeGreaterThan(0);
      expect(host).not.toBe(rec.pid);
      const status = readFileSync(`/proc/${host}/status`, 'utf8');
      expect(status).toMatch(new RegExp(`^NSpid:\\s+${host}\\s+${rec.pid}$`, 'm'));
      expect(status).toMatch(/^Uid:\s+10000\s/m);
      const stat = readFileSync(`/proc/${host}/stat`, 'utf8');
      expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])).toBe(rec.start_time);
      // The gateway's parent is its slot's supervisor; its cgroup names the container as Docker's cgroupfs driver does.
      const ppid = Number(/^PPid:\s+(\d+)$/m.exec(status)![1]);
      expect(readFileSync(`/proc/${ppid}/cmdline`, 'utf8').split('\0').join(' ').trim()).toBe(
        's6-supervise gateway-default',
      );
      expect(readFileSync(`/proc/${host}/cgroup`, 'utf8')).toContain(`/docker/${c.id}`);
    });

    test(`${cli} lists, inspects, execs and refuses an unknown container`, async () => {
      const ps = await docker(c, ['ps', '--no-trunc', '--format', '{{json .}}']);
      expect(ps.code).toBe(0);
      expect(JSON.parse(ps.stdout)).toMatchObject({ ID: c.id, Names: c.name, State: 'running' });
      expect((await docker(c, ['ps', '-q', '--no-trunc'])).stdout).toBe(`${c.id}\n`);
      const [info] = JSON.parse((await docker(c, ['inspect', c.name])).stdout) as {
        Id: string;
        Name: string;
        State: { Running: boolean; Pid: number };
        Mounts: { Type: string; Source: string; Destination: string; RW: boolean }[];
      }[];
      expect(info).toMatchObject({ Id: c.id, Name: `/${c.name}`, State: { Running: true, Pid: c.pid1() } });
      expect(info!.Mounts).toContainEqual(
        expect.objectContaining({ Type: 'bind', Source: home, Destination: '/opt/data', RW: true }),
      );
      expect((await docker(c, ['inspect', '-f', '{{.State.Pid}}', c.id.slice(0, 12)])).stdout).toBe(`${c.pid1()}\n`);
      const who = await docker(c, [
        'exec',
        '-u',
        'hermes',
        c.name,
        'sh',
        '-c',
        'id -u; cat /proc/1/comm; echo $HERMES_HOME',
      ]);
      expect(who).toMatchObject({ code: 0, stdout: '10000\ns6-svscan\n/opt/data\n' });
      for (const sub of [
        ['exec', 'nosuch', 'true'],
        ['inspect', 'nosuch'],
        ['logs', 'nosuch'],
      ]) {
        const r = await docker(c, sub);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^Error( response from daemon)?: No such (container|object): nosuch$/m);
      }
      const ghost = await c.exec(['hermes', '-p', 'ghost', 'gateway', 'start']);
      expect(ghost.code).toBe(1);
      expect(ghost.stderr).toMatch(/✗ no such gateway 'ghost'.*not registered/);
    });

    test('docker exec … hermes gateway stop, then start', async () => {
      const before = await runningGateway(c, home);
      const stop = await docker(c, ['exec', c.name, 'hermes', 'gateway', 'stop']);
      expect(stop).toMatchObject({ code: 0 });
      await until('the slot down', async () => /^down \(exitcode 0\)/.test(await c.svstat()), { timeoutMs: SLOT_MS });
      expect(await c.svstat()).not.toMatch(/want up/);
      const state = readJson<{ desired_state: string; gateway_state: string }>(path.join(home, 'gateway_state.json'));
      expect(state).toMatchObject({ desired_state: 'stopped', gateway_state: 'stopped' });
      expect(readFileSync(path.join(home, 'logs', 'gateway.log'), 'utf8')).toContain(
        'Received SIGTERM as a planned gateway stop — exiting cleanly',
      );
      expect(existsSync(path.join(home, 'gateway.pid'))).toBe(false);

      expect(await docker(c, ['exec', c.name, 'hermes', 'gateway', 'start'])).toMatchObject({ code: 0 });
      const rec = await until(
        'a new gateway.pid',
        () => {
          const r = existsSync(path.join(home, 'gateway.pid')) && readJson<PidRecord>(path.join(home, 'gateway.pid'));
          return r && r.pid !== before.pid && r;
        },
        { timeoutMs: SLOT_MS },
      );
      expect(await c.svstat()).toMatch(new RegExp(`^up \\(pid ${rec.pid}\\) \\d+ seconds$`));
      expect(readJson<{ desired_state: string }>(path.join(home, 'gateway_state.json')).desired_state).toBe('running');
      // The gateway writes the line before it claims gateway.pid, but it reaches the console and the slot's log through
      // the slot's s6-log, a process of its own: waited for.
      const line = `[gatewatch demo] simulated Hermes gateway, pid ${rec.pid}, HERMES_HOME=/opt/data`;
      const logs = await until(
        'the start line in docker logs',
        async () => {
          const r = await docker(c, ['logs', c.name]);
          return r.stdout.includes(line) && r;
        },
        { timeoutMs: SLOT_MS },
      );
      expect(logs.stdout).toContain(line);
      const current = path.join(home, 'logs', 'gateways', 'default', 'current');
      const stamped = new RegExp(
        `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ +\\[gatewatch demo\\] simulated Hermes gateway, pid ${rec.pid},`,
        'm',
      );
      expect(
        await until('the start line in the slot log', () => stamped.test(readFileSync(current, 'utf8')), {
          timeoutMs: SLOT_MS,
        }),
      ).toBe(true);
    });

    test('a gateway that exits 1 is restarted (want up), one that exits 0 is parked', async () => {
      await runningGateway(c, home);
      const knob = path.join(home, '.rig-demo-exit');
      onTestFinished(() => rmSync(knob, { force: true }));
      const seen = exitsOf(c).length;
      writeFileSync(knob, '1');
      expect((await c.exec(['hermes', 'gateway', 'restart'])).code).toBe(0);
      // Two exits since: the gateway's own on SIGTERM (1: no planned-stop marker), then at least one of the knob's
      // (1), which s6 started after the first; and s6 waiting to start it again.
      const loop = await until(
        'a crash loop',
        async () => {
          const exits = exitsOf(c).slice(seen);
          const s = await c.svstat();
          return (
            exits.length >= 2 &&
            exits.every((e) => e.startsWith('1 ')) &&
            /^down \(exitcode 1\) \d+ seconds, normally up, want up/.test(s) &&
            s
          );
        },
        { timeoutMs: SLOT_MS },
      );
      expect(loop).toMatch(/want up/);
      writeFileSync(knob, '0');
      // s6's verdict on the clean exit: a down slot reads `ready` once its finish script has run (until then it still
      // reads `want up`, whatever the finish script will say).
      const parked = await until(
        'the slot parked',
        async () => {
          const s = await c.svstat();
          return /^down \(exitcode 0\) \d+ seconds, .*ready \d+ seconds$/.test(s) && s;
        },
        { timeoutMs: SLOT_MS },
      );
      expect(parked).not.toMatch(/want up/);
      // Parked stays parked: s6 does not start it again.
      expect(readFileSync(`/proc/${c.pid1()}/root/run/hermes-rig/gateway-default.exits`, 'utf8')).toMatch(/^0 /m);
      rmSync(knob);
      expect((await c.exec(['hermes', 'gateway', 'start'])).code).toBe(0);
      await gatewayUp(c, home);
    });

    test('restart() with desired_state stopped leaves the slot down and logs action=registered', async () => {
      await runningGateway(c, home);
      expect((await c.exec(['hermes', 'gateway', 'stop'])).code).toBe(0);
      await until('the slot down', async () => (await c.svstat()).startsWith('down'), { timeoutMs: SLOT_MS });
      // What the boot reconciler will read: the stop's, whatever the gateway wrote as it started and stopped.
      expect(readJson<{ desired_state: string }>(path.join(home, 'gateway_state.json')).desired_state).toBe('stopped');
      const pid1 = c.pid1();
      await c.restart();
      expect(c.pid1()).not.toBe(pid1);
      const s = await c.svstat();
      expect(s).toMatch(/^down \(exitcode 0\) \d+ seconds, ready \d+ seconds$/);
      expect(await c.gatewayHostPid()).toBeUndefined();
      expect(existsSync(path.join(home, 'gateway.pid'))).toBe(false);
      const lines = readFileSync(path.join(home, 'logs', 'container-boot.log'), 'utf8')
        .trim()
        .split('\n');
      expect(lines.at(-2)).toMatch(/ profile=default prior_state=stopped action=registered prior_exit=unknown$/);
      // docker speaks of the new life.
      const [info] = JSON.parse((await docker(c, ['inspect', c.name])).stdout) as { State: { Pid: number } }[];
      expect(info!.State.Pid).toBe(c.pid1());
    });

    test(`stop() ends the ${engine === 'docker' ? 'container and its dockerd' : 'namespace and everything in it'}`, async () => {
      const pid1 = c.pid1();
      await c.stop();
      expect(existsSync(`/proc/${pid1}`)).toBe(false);
      await c.stop();
      const ps = await docker(c, ['ps', '-q']);
      // Its dockerd is gone with it: docker cannot answer; the stand-in lists nothing.
      if (engine === 'docker') expect(ps.code).not.toBe(0);
      else expect(ps.stdout).toBe('');
    });
  });
}
