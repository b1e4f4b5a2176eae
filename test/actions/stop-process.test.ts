// Stopping the one process a remedy names (issue 22 items 2, 3), against real processes: an orphan WhatsApp bridge
// holding a real loopback port is found by the real /proc scan and stopped (the port is free after); one that ignores
// SIGTERM is killed once the grace has passed on the injected clock; a process that is no longer the one proven, the
// watched gateway and the gateway's own child bridge are never signalled.
import { connect } from 'node:net';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopProcess } from '../../src/actions/stop-process.js';
import { wordParam } from '../../src/i18n.js';
import { englishProse } from '../helpers/english-prose.js';
import { findWhatsappBridges } from '../../src/probes/whatsapp-bridges.js';
import { readLiveProcess } from '../../src/probes/proc-identity.js';
import { systemClock } from '../../src/util/clock.js';
import { manualClock } from '../helpers/clock.js';
import { cleanup, exited, spawnIdle, tempDir, trackPid } from '../helpers/probe-procs.js';

afterEach(cleanup);

const IDLE = 'setInterval(() => {}, 1000)';
/** A bridge stand-in: listens on a loopback port, prints it, and (optionally) shrugs off SIGTERM. */
const listener = (ignoreTerm: boolean) =>
  `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} const s = require('net').createServer(() => {}); s.listen(0, '127.0.0.1', () => console.log(s.address().port)); ${IDLE}`;

const portOf = (child: ReturnType<typeof spawnIdle>) =>
  new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
const alive = async (pid: number) => (await readLiveProcess(pid)) !== undefined;

async function sessionHome(): Promise<string> {
  const home = path.join(await tempDir('gw-stop-'), '.hermes');
  await mkdir(path.join(home, 'platforms', 'whatsapp', 'session'), { recursive: true });
  return home;
}
const bridgeArgs = (home: string) => [
  '/opt/hermes/scripts/whatsapp-bridge/bridge.js',
  '--port',
  '3000',
  '--session',
  path.join(home, 'platforms', 'whatsapp', 'session'),
];

describe.runIf(process.platform === 'linux')('stopping a proven process', () => {
  it('stops the orphan bridge the /proc scan names: SIGTERM, and its port is free', async () => {
    const home = await sessionHome();
    const orphan = spawnIdle(bridgeArgs(home), process.env, process.execPath, listener(false));
    const port = await portOf(orphan);
    expect(await listening(port)).toBe(true);
    const gateway = spawnIdle(['gateway', 'run'], process.env);
    const found = await findWhatsappBridges(home, { gatewayPid: gateway.pid!, timeoutMs: 20_000 });
    const bridge = found.bridges.find((b) => b.pid === orphan.pid)!;
    expect(bridge).toMatchObject({ ownSession: true, childOfGateway: false });

    // Named with the port it holds: proven again, listening on it, right before the signal.
    const res = await stopProcess(
      { ...bridge.identity!, port },
      { clock: systemClock, protect: [gateway.pid!], graceMs: 10_000 },
    );
    expect(res).toEqual({ ok: true, signal: 'SIGTERM', gone: 'stopped' });
    expect(await listening(port)).toBe(false);
    expect(await alive(gateway.pid!)).toBe(true);
  });

  it('kills one that ignores SIGTERM once the grace has passed on the clock', async () => {
    const home = await sessionHome();
    const orphan = spawnIdle(bridgeArgs(home), process.env, process.execPath, listener(true));
    const port = await portOf(orphan);
    const id = (await readLiveProcess(orphan.pid!))!.identity;
    const clock = manualClock();
    // The SIGKILL goes at 10 s on the clock, whose sleeps take no real time: the first poll after it waits until the
    // process has really died, as it would within the 5 s of a real clock, so a loaded box cannot fake "survived".
    clock.at(clock.now() + 10_001, () => exited(orphan));
    const res = await stopProcess(id, { clock, protect: [], graceMs: 10_000 });
    expect(res).toEqual({ ok: true, signal: 'SIGKILL', gone: 'stopped' });
    expect(clock.slept()).toBeGreaterThanOrEqual(10_000);
    expect(await listening(port)).toBe(false);
  });

  it('signals nothing that is not the process proven: another start time or command line behind the pid, or not on its port', async () => {
    const home = await sessionHome();
    const orphan = spawnIdle(bridgeArgs(home), process.env, process.execPath, listener(false));
    const port = await portOf(orphan);
    const id = (await readLiveProcess(orphan.pid!))!.identity;
    // The pid reused by another process: it started at another time, or runs another command.
    // Or it no longer holds the port it was named for.
    for (const other of [
      { ...id, startTicks: id.startTicks - 1 },
      { ...id, argvHash: '0000000000000000' },
      { ...id, port: port === 65535 ? 1 : port + 1 },
    ]) {
      const res = await stopProcess(other, { clock: systemClock, protect: [] });
      expect(res).toMatchObject({ ok: false, code: 'changed' });
      // Why, for the reply: in the reader's words (issue 20 item 5); `detail` stays English for the audit log.
      if (res.ok) continue;
      expect(res.detail).toMatch(
        new RegExp(`^pid ${id.pid} (is no longer the process that was proven|no longer listens on port)`),
      );
      expect(wordParam('zh-CN', res.why)).toMatch(
        new RegExp(`^pid ${id.pid} (已不是先前证实的那个进程|已不再监听端口)`),
      );
      expect(englishProse(wordParam('zh-CN', res.why).replace(id.cmdline, ''))).toEqual([]);
    }
    expect(await listening(port)).toBe(true);
  });

  it('never signals the watched gateway or the bridge it spawned', async () => {
    const home = await sessionHome();
    const spawnChild = `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(listener(false))}, ...${JSON.stringify(bridgeArgs(home))}], { stdio: ['ignore', 'inherit', 'ignore'] }); ${IDLE}`;
    const gateway = spawnIdle(['gateway', 'run'], process.env, process.execPath, spawnChild);
    const port = await portOf(gateway);
    const found = await findWhatsappBridges(home, { gatewayPid: gateway.pid!, timeoutMs: 20_000 });
    const child = found.bridges.find((b) => b.childOfGateway)!;
    trackPid(child.pid);
    const refused = await stopProcess(child.identity!, { clock: systemClock, protect: [gateway.pid!] });
    expect(refused).toMatchObject({
      ok: false,
      code: 'protected',
      detail: `pid ${child.pid} is a descendant of the watched gateway (pid ${gateway.pid})`,
    });
    expect(!refused.ok && wordParam('zh-CN', refused.why)).toBe(
      `pid ${child.pid} 是被监视网关（pid ${gateway.pid}）的子孙进程`,
    );
    const gw = (await readLiveProcess(gateway.pid!))!.identity;
    expect(await stopProcess(gw, { clock: systemClock, protect: [gateway.pid!] })).toMatchObject({
      ok: false,
      code: 'protected',
    });
    expect(await listening(port)).toBe(true);
    expect(await alive(gateway.pid!)).toBe(true);
  });
});
