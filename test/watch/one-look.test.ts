// One look at every target, as `gatewatch check` takes it (src/watch/one-look.ts, issue 62): a look reads only what its
// target needs, and lists every gateway of its home as a look of the daemon's kind does (issue 77). Real homes and real
// `gateway run` processes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { healthyLiveGateway } from '../helpers/live-gateway.js';
import { cleanup, spawnIdle, tempDir } from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';
import { readFile } from 'node:fs/promises';
import { poolRequestsDuring } from '../helpers/pool-requests.js';

const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) for (const w of a.watches.values()) await w.stop();
  await cleanup();
});

/** The one-look app `gatewatch check` makes, and the look of every other app (the daemon's), over `targets`. */
async function bothApps(dir: string, targets: unknown[]): Promise<{ cold: App; scanning: App }> {
  const config = resolveConfig(
    configSchema.parse({ state_dir: path.join(dir, 'state'), detect: { reachability: false }, targets }),
    undefined,
  );
  const log = pino({ level: 'silent' });
  const cold = await createApp(config, { log, readOnly: true, oneLook: true });
  const scanning = await createApp(config, { log, readOnly: true });
  apps.push(cold, scanning);
  return { cold, scanning };
}

/** A `gateway run` process of `home` that no pid record names, once /proc shows its command line. */
async function strayGateway(home: string): Promise<number> {
  const stray = spawnIdle(['gateway', 'run'], { ...process.env, HERMES_HOME: home });
  const pid = stray.pid!;
  await until('the stray gateway runs', async () =>
    (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes('gateway'),
  );
  return pid;
}

const pids = (a: { pid: number }[]) => a.map((p) => p.pid).sort((x, y) => x - y);

/** A root whose live gateway serves `profiles` (their entries in its state file as `entries` gives them). */
async function multiplexing(root: string, profiles: string[], entry: (p: string) => object): Promise<number> {
  mkdirSync(path.join(root, 'logs'), { recursive: true });
  const { pid } = await healthyLiveGateway(root);
  const state = JSON.parse(await readFile(path.join(root, 'gateway_state.json'), 'utf8'));
  writeFileSync(
    path.join(root, 'gateway_state.json'),
    JSON.stringify({
      ...state,
      served_profiles: ['default', ...profiles],
      platforms: { ...state.platforms, ...Object.fromEntries(profiles.map((p) => [`${p}:feishu`, entry(p)])) },
    }),
  );
  for (const p of profiles) {
    mkdirSync(path.join(root, 'profiles', p, 'logs'), { recursive: true });
    writeFileSync(path.join(root, 'profiles', p, 'config.yaml'), 'model: {}\n');
    writeFileSync(path.join(root, 'profiles', p, 'logs', 'gateway.log'), '');
  }
  return pid;
}

const served = (root: string, p: string) => ({
  name: p,
  hermes_home: path.join(root, 'profiles', p),
  platforms: ['feishu'],
  service: { manager: 'none' },
});

describe.runIf(process.platform === 'linux')('one look at every target', () => {
  it('a pid record that leads to the live gateway ends no search: a gateway beside it that no record names is listed, as the daemon’s look lists it', async () => {
    const home = await tempDir();
    mkdirSync(path.join(home, 'logs'));
    const { pid } = await healthyLiveGateway(home);
    const stray = await strayGateway(home);
    const { cold, scanning } = await bothApps(home, [{ name: 'h', hermes_home: home, service: { manager: 'none' } }]);
    const look = (await cold.core.look('h')).evidence;
    expect(look.process).toMatchObject({ alive: true, pid });
    expect(pids(look.processes)).toEqual(pids([{ pid }, { pid: stray }]));
    expect(pids((await scanning.core.look('h')).evidence.processes)).toEqual(pids(look.processes));
  });

  it('look-alike: no pid record, the gateway running: the look scans the host and finds it', async () => {
    const home = await tempDir();
    mkdirSync(path.join(home, 'logs'));
    writeFileSync(path.join(home, 'logs', 'gateway.log'), '');
    const gw = await strayGateway(home);
    const { cold } = await bothApps(home, [{ name: 'h', hermes_home: home, service: { manager: 'none' } }]);
    const r = await cold.core.look('h');
    expect(r.evidence.process.alive).toBe(false);
    expect(pids(r.evidence.processes)).toEqual([gw]);
    expect(r.findings.map((f) => f.check)).not.toContain('process_down');
  });

  it('a profile its root’s live gateway serves: the root’s record leads to its process, and a stray gateway of the profile is listed as the daemon’s look lists it', async () => {
    const root = await tempDir();
    const pid = await multiplexing(root, ['ops'], () => ({ state: 'connected', updated_at: new Date().toISOString() }));
    const stray = await strayGateway(path.join(root, 'profiles', 'ops'));
    const { cold, scanning } = await bothApps(root, [served(root, 'ops')]);
    const look = (await cold.core.look('ops')).evidence;
    expect(look.hermes?.serving?.role).toBe('served');
    expect(look.process).toMatchObject({ alive: true, pid });
    expect(pids(look.processes)).toEqual([stray]);
    expect(pids((await scanning.core.look('ops')).evidence.processes)).toEqual([stray]);
  });

  it('the profiles a root serves are looked at with their files read in the look’s turn: six profiles send no more requests through libuv’s threads than one (the root’s files alone)', async () => {
    const looked = async (n: number) => {
      const root = await tempDir();
      const names = Array.from({ length: n }, (_, i) => `p${i}`);
      await multiplexing(root, names, () => ({ state: 'connected', updated_at: new Date().toISOString() }));
      // Each log rotated once: a first read of a short gateway.log takes the hours before it from its `.1` too.
      for (const p of names)
        writeFileSync(
          path.join(root, 'profiles', p, 'logs', 'gateway.log.1'),
          '2026-06-22 08:00:01,204 INFO gateway.run: Starting Hermes Gateway...\n',
        );
      const { cold } = await bothApps(
        root,
        names.map((p) => served(root, p)),
      );
      // The host's mount table is read a page at a time: its size is the host's (a container started beside a full
      // run made ten more requests in both tries of six), and so are the gateways other tests start meanwhile.
      return poolRequestsDuring(
        () => Promise.all(names.map((p) => cold.core.look(p, { fresh: true }))),
        /probes\/(mountinfo|gateway-scan)\.ts/,
      );
    };
    // The fewer of two tries each: what vitest's worker does meanwhile may still add one.
    const fewer = async (n: number) => {
      const [a, b] = [await looked(n), await looked(n)];
      return a.requests <= b.requests ? a : b;
    };
    const [one, six] = [await fewer(1), await fewer(6)];
    for (const r of [...one.value, ...six.value]) {
      expect(r.evidence.hermes?.serving?.role).toBe('served');
      expect(r.evidence.process.alive).toBe(true);
      expect(r.findings).toEqual([]);
    }
    expect(six.requests).toBeLessThanOrEqual(one.requests);
  });

  it('look-alike: what the profiles of one root read once is the root’s; each judges its own entries (one of three down)', async () => {
    const root = await tempDir();
    const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    await multiplexing(root, ['a', 'b', 'c'], (p) =>
      p === 'b'
        ? { state: 'disconnected', error_code: 'timeout', error_message: 'read timed out', updated_at: ago(1800) }
        : { state: 'connected', updated_at: ago(600) },
    );
    const { cold, scanning } = await bothApps(
      root,
      ['a', 'b', 'c'].map((p) => served(root, p)),
    );
    const found = async (app: App) =>
      Object.fromEntries(
        await Promise.all(
          ['a', 'b', 'c'].map(async (p) => [
            p,
            (await app.core.look(p)).findings.map((f) => `${f.check}:${f.platform}`),
          ]),
        ),
      );
    const cold3 = await found(cold);
    expect(cold3.a).toEqual([]);
    expect(cold3.c).toEqual([]);
    expect(cold3.b!.length).toBeGreaterThan(0);
    expect(cold3).toEqual(await found(scanning));
  });
});
