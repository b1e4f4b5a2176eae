// WhatsApp bridges (hermes-gateway-current.md §8.8): the bridge.log sign that the newest bridge could not bind its
// port, the bridge's command line, and a real /proc scan telling this home's orphan from the gateway's own child and
// from another home's bridge.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bridgePortBlocked, findWhatsappBridges, parseBridgeArgv } from '../../src/probes/whatsapp-bridges.js';
import { gatherCurrentHermes } from '../../src/probes/hermes-current.js';
import { cleanup, makeTarget, spawnIdle, tempDir, trackPid } from '../helpers/probe-procs.js';
import { systemClock } from '../../src/util/clock.js';

afterEach(cleanup);

const linux = process.platform === 'linux';
const ORPHAN_LOG = readFileSync(
  fileURLToPath(new URL('../fixtures/hermes-current/whatsapp-orphan-bridge.log', import.meta.url)),
  'utf8',
);
const IDLE = 'setInterval(() => {}, 1000)';

describe('bridge.log and the bridge command line', () => {
  it('reads a blocked port: EADDRINUSE after the last listening line, with the connected line before it', () => {
    const tail = ORPHAN_LOG.trim().split('\n');
    expect(bridgePortBlocked(tail)).toEqual({
      port: 3000,
      lines: ['✅ WhatsApp connected!', 'Error: listen EADDRINUSE: address already in use 127.0.0.1:3000'],
    });
    // A later bridge bound the port: nothing blocked now.
    expect(bridgePortBlocked([...tail, '🌉 WhatsApp bridge listening on port 3000 (mode: bot)'])).toBeUndefined();
    expect(
      bridgePortBlocked(['🌉 WhatsApp bridge listening on port 3000 (mode: bot)', '✅ WhatsApp connected!']),
    ).toBeUndefined();
    expect(bridgePortBlocked([])).toBeUndefined();
  });

  it('reads --port and --session of bridge.js, and nothing of another script', () => {
    expect(
      parseBridgeArgv([
        'node',
        '/opt/hermes/scripts/whatsapp-bridge/bridge.js',
        '--port',
        '3001',
        '--session',
        '/h/platforms/whatsapp/session',
      ]),
    ).toEqual({ port: 3001, session: '/h/platforms/whatsapp/session' });
    expect(parseBridgeArgv(['node', '/opt/hermes/scripts/whatsapp-bridge/bridge.js', '--port=3002'])).toEqual({
      port: 3002,
    });
    expect(parseBridgeArgv(['node', '/opt/other/bridge.js', '--port', '3000'])).toBeUndefined();
  });
});

describe.runIf(linux)('the /proc scan (real processes)', () => {
  async function homeWithSession(dir: string): Promise<string> {
    await mkdir(path.join(dir, 'platforms', 'whatsapp', 'session'), { recursive: true });
    return dir;
  }
  const bridgeArgs = (home: string, port: number) => [
    '/opt/hermes/scripts/whatsapp-bridge/bridge.js',
    '--port',
    String(port),
    '--session',
    path.join(home, 'platforms', 'whatsapp', 'session'),
  ];

  it("tells this home's orphan from the gateway's own child bridge and another home's bridge", async () => {
    const base = await tempDir('gw-wa-');
    const home = await homeWithSession(path.join(base, 'ops', '.hermes'));
    const other = await homeWithSession(path.join(base, 'other', '.hermes'));
    const orphan = spawnIdle(bridgeArgs(home, 3000), process.env);
    const foreign = spawnIdle(bridgeArgs(other, 3001), process.env);
    // The gateway and the bridge it spawned (its child).
    const spawnChild = `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(IDLE)}, ...${JSON.stringify(bridgeArgs(home, 3000))}], { stdio: 'ignore' }); console.log(c.pid); ${IDLE}`;
    const gateway = spawnIdle(['gateway', 'run'], process.env, process.execPath, spawnChild);
    const childPid = await new Promise<number>((resolve) =>
      gateway.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
    );
    trackPid(childPid);

    const found = await findWhatsappBridges(home, { gatewayPid: gateway.pid!, timeoutMs: 20_000 });
    expect(found.checked).toBe(true);
    const byPid = new Map(found.bridges.map((b) => [b.pid, b]));
    expect(byPid.get(orphan.pid!)).toMatchObject({ port: 3000, ownSession: true, childOfGateway: false });
    expect(byPid.get(childPid)).toMatchObject({ port: 3000, ownSession: true, childOfGateway: true });
    expect(byPid.get(foreign.pid!)).toMatchObject({ port: 3001, ownSession: false, childOfGateway: false });
    expect(byPid.get(orphan.pid!)!.startedAt).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(byPid.has(gateway.pid!)).toBe(false);
  });

  it('runs only when bridge.log says the newest bridge could not bind its port, and only for a live gateway', async () => {
    const home = await homeWithSession(await tempDir('gw-wa-home-'));
    const orphan = spawnIdle(bridgeArgs(home, 3000), process.env);
    const target = makeTarget(home);
    const gateway = spawnIdle(['gateway', 'run'], process.env);
    const alive = { pidFile: { pid: gateway.pid! }, alive: true, pid: gateway.pid! };
    await writeFile(
      path.join(home, 'platforms', 'whatsapp', 'bridge.log'),
      '🌉 WhatsApp bridge listening on port 3000 (mode: bot)\n✅ WhatsApp connected!\n',
    );
    let got = await gatherCurrentHermes(target, { process: alive, state: null, now: Date.now() }, systemClock);
    expect(got.hermes?.whatsappBridge?.tail).toHaveLength(2);
    expect(got.hermes?.whatsappBridges).toBeUndefined();
    await writeFile(path.join(home, 'platforms', 'whatsapp', 'bridge.log'), ORPHAN_LOG);
    got = await gatherCurrentHermes(target, { process: alive, state: null, now: Date.now() }, systemClock);
    expect(got.hermes?.whatsappBridges?.bridges.find((b) => b.pid === orphan.pid)).toMatchObject({
      ownSession: true,
      childOfGateway: false,
    });
    got = await gatherCurrentHermes(
      target,
      {
        process: { pidFile: null, alive: false, reason: 'no pid file' },
        state: null,
        now: Date.now(),
      },
      systemClock,
    );
    expect(got.hermes?.whatsappBridges).toBeUndefined();
  });
});
