// Current Hermes through the real gather path: real homes on disk, real child processes as gateways (a fake serving the
// control socket in the real wire protocol), the target watch's gather(), then the detector table.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, resolveConfig } from '../../src/channels/config.js';
import { createTargetWatch } from '../../src/watch/target.js';
import { runDetectors } from '../../src/detectors/index.js';
import type { Evidence } from '../../src/evidence.js';
import { cleanup, exited, spawnIdle, startTicksOf, tempDir } from '../helpers/probe-procs.js';
import { SETTINGS } from '../helpers/evidence.js';
import { startFakeGateway, stopFakeGateways } from '../fakes/hermes-control.js';
import { systemClock } from '../../src/util/clock.js';

afterEach(async () => {
  await stopFakeGateways();
  await cleanup();
});

const FIX = fileURLToPath(new URL('../fixtures/hermes-current/', import.meta.url));
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIX, name), 'utf8')) as Record<string, unknown>;

async function home(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'logs'), { recursive: true });
  await writeFile(path.join(dir, 'logs', 'gateway.log'), '');
  return dir;
}

async function gather(hermesHome: string, name = 'default'): Promise<Evidence> {
  const config = resolveConfig(
    configSchema.parse({
      targets: [{ name, hermes_home: hermesHome, service: { manager: 'none' } }],
      state_dir: path.join(hermesHome, '..', 'gw-state'),
    }),
    undefined,
  );
  const w = createTargetWatch({
    clock: systemClock,
    config,
    target: config.targets[0]!,
    log: pino({ level: 'silent' }),
  });
  try {
    return await w.gather();
  } finally {
    await w.stop();
  }
}

/** The root-multiplex fixture, re-stamped for a live pid so it is the current writer's. */
async function writeRootState(root: string, pid: number, over: Record<string, unknown> = {}): Promise<void> {
  const s = fixture('root-multiplex-v0.21.json');
  const start = await startTicksOf(pid);
  const platforms = s.platforms as Record<string, Record<string, unknown>>;
  for (const p of Object.values(platforms)) Object.assign(p, { writer_pid: pid, writer_start_time: start });
  await writeFile(
    path.join(root, 'gateway_state.json'),
    JSON.stringify({ ...s, pid, start_time: start, hermes_home: root, updated_at: new Date().toISOString(), ...over }),
  );
}

const checks = (ev: Evidence) =>
  runDetectors(ev, SETTINGS).map((f) => (f.platform ? `${f.check}:${f.platform}` : f.check));

describe('current Hermes, gathered for real', () => {
  it('a live pid whose event loop is wedged: gateway_unresponsive, critical, restart helps', async () => {
    const root = await home(await tempDir());
    const gw = await startFakeGateway(root, { mode: 'wedged' });
    await gw.writePidFile(root);
    await writeRootState(root, gw.pid, { served_profiles: [], platforms: {} });
    const ev = await gather(root);
    expect(ev.process.alive).toBe(true);
    expect(ev.hermes!.control!.outcome).toBe('silent');
    const found = runDetectors(ev, SETTINGS);
    expect(found.map((f) => f.check)).toContain('gateway_unresponsive');
    expect(found.find((f) => f.check === 'gateway_unresponsive')!.restart).toBe('helps');
  });

  it('the same gateway answering: silent, and the version comes from identify', async () => {
    const root = await home(await tempDir());
    const gw = await startFakeGateway(root, { mode: 'answer', identify: { code_version: '0.21.5' } });
    await gw.writePidFile(root);
    await writeRootState(root, gw.pid, { served_profiles: [], platforms: { telegram: { state: 'connected' } } });
    const ev = await gather(root);
    expect(ev.hermes!.version).toMatchObject({ version: '0.21.5', source: 'identify', generation: 'current' });
    expect(checks(ev)).toEqual([]);
    // Only identify went over the socket.
    expect((await gw.waitRequests(1)).map((l) => JSON.parse(l).verb)).toEqual(['identify']);
  });

  it('a profile the root serves has no pid file and a stale state file of its own: no process cause, its platforms are the root’s', async () => {
    const root = await home(await tempDir());
    const coder = await home(path.join(root, 'profiles', 'coder'));
    await writeFile(path.join(coder, 'gateway_state.json'), readFileSync(path.join(FIX, 'profile-stale-stopped.json')));
    const gw = await startFakeGateway(root, {
      mode: 'answer',
      identify: { served_profiles: ['default', 'coder', 'ops'] },
    });
    await gw.writePidFile(root);
    await writeRootState(root, gw.pid);
    const ev = await gather(coder, 'coder');
    expect(ev.hermes!.serving).toMatchObject({ role: 'served', profile: 'coder', rootHome: root, ownStateStale: true });
    expect(ev.process.alive).toBe(true);
    expect(ev.process.pid).toBe(gw.pid);
    expect(Object.keys(ev.state!.platforms)).toEqual(['telegram', 'whatsapp']);
    // WhatsApp is parked for a served profile (shared ingress of the default): not expected of it.
    expect(ev.expectedPlatforms).toEqual(['telegram']);
    const found = checks(ev);
    for (const c of ['process_down', 'gateway_stopped', 'state_stale_running']) expect(found).not.toContain(c);
    // Its own failing platform is still seen, named for the profile; WhatsApp is the default's (parked here on purpose).
    expect(found).toEqual(['telegram_polling_conflict:telegram']);
    expect(runDetectors(ev, SETTINGS)[0]!.profile).toBe('coder');
  });

  it('a profile the root does not serve, with only its old state file: down, as before', async () => {
    const root = await home(await tempDir());
    const lone = await home(path.join(root, 'profiles', 'lone'));
    await writeFile(path.join(lone, 'gateway_state.json'), readFileSync(path.join(FIX, 'profile-stale-stopped.json')));
    const gw = await startFakeGateway(root, {
      mode: 'answer',
      identify: { served_profiles: ['default', 'coder', 'ops'] },
    });
    await gw.writePidFile(root);
    await writeRootState(root, gw.pid);
    const ev = await gather(lone, 'lone');
    expect(ev.hermes!.serving!.role).toBe('unserved');
    expect(ev.process.alive).toBe(false);
    expect(checks(ev)).toEqual(['process_down']);
  });

  it('hermes update holds the home: nothing opens while its owner lives; once the owner is gone and the gateway is not back, update_stuck', async () => {
    const root = await home(await tempDir());
    await writeFile(
      path.join(root, 'gateway_state.json'),
      JSON.stringify({
        ...fixture('root-multiplex-v0.21.json'),
        pid: 999999,
        gateway_state: 'stopped',
        restart_requested: true,
      }),
    );
    const updater = spawnIdle(['hermes', 'update'], process.env);
    const startedSec = Date.now() / 1000 - 120;
    await writeFile(path.join(root, '.hermes-update-in-progress'), `${updater.pid}\n${startedSec}\n`);
    let ev = await gather(root);
    expect(ev.hermes!.update!.marker).toMatchObject({ pid: updater.pid, ownerAlive: true, live: true });
    expect(checks(ev)).toEqual([]);
    // The same home without the claim is an ordinary outage.
    updater.kill('SIGKILL');
    await exited(updater);
    ev = await gather(root);
    expect(ev.hermes!.update!.marker).toMatchObject({ ownerAlive: false, live: false });
    expect(checks(ev)).toEqual(['update_stuck']);
  });
});
