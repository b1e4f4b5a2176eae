// A gateway in a container, as Hermes' Docker image leaves it on the host: its own PID namespace, its home
// bind-mounted at /opt/data, and gateway.pid recording the pid and home it sees there. Real namespaces (unshare), no
// Docker engine: the host's view of such a process is what the probes read.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeProcess } from '../../src/probes/process.js';
import { findGatewayProcesses, keptProcessTable } from '../../src/probes/gateway-scan.js';
import { stepsTaken } from '../../src/util/steps.js';
import { hostPidOf, mapPath } from '../../src/probes/pid-namespace.js';
import { parseMountinfo } from '../../src/probes/mountinfo.js';
import { cleanup, makeTarget, tempDir } from '../helpers/probe-procs.js';
import { container, containerUnavailable, twinContainers, written } from '../helpers/ns-gateway.js';
import { until } from '../helpers/until.js';
import { poolRequestsDuring } from '../helpers/pool-requests.js';

const why = containerUnavailable();

afterEach(async () => {
  await cleanup();
});

describe('a path inside a container, on the host', () => {
  const host = parseMountinfo(
    ['22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw', '40 22 0:35 / /tmp rw shared:20 - tmpfs tmpfs rw'].join(
      '\n',
    ),
  );
  it('follows the bind mount to the directory of the device it shows', () => {
    const ctr = parseMountinfo(
      [
        '500 400 0:60 / / rw - overlay overlay rw',
        '501 500 8:1 /home/ada/.hermes /opt/data rw - ext4 /dev/sda1 rw',
      ].join('\n'),
    );
    expect(mapPath('/opt/data', ctr, host)).toEqual(['/home/ada/.hermes']);
    expect(mapPath('/opt/data/profiles/ops', ctr, host)).toEqual(['/home/ada/.hermes/profiles/ops']);
    // The container's own overlay is not the host's: nothing to map.
    expect(mapPath('/etc', ctr, host)).toEqual([]);
  });
  it('maps a home on a tmpfs, and escapes spaces as mountinfo does', () => {
    const ctr = parseMountinfo('501 400 0:35 /my\\040home /opt/data rw - tmpfs tmpfs rw');
    expect(mapPath('/opt/data', ctr, host)).toEqual(['/tmp/my home']);
  });
});

describe.runIf(process.platform === 'linux')('the host pid of a container’s record', () => {
  it('is looked for among the host’s processes in this turn: no round trip through the thread pool for each (issue 62)', async () => {
    const processes = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).length;
    // No process started at tick 1 in a nested namespace: every one of the host's is looked at.
    const { value, requests } = await poolRequestsDuring(() => hostPidOf(2, 1));
    expect(value).toBeUndefined();
    expect(requests, `${processes} processes`).toBeLessThan(10);
  });
});

describe.skipIf(why)('a gateway in its own PID namespace (Hermes in Docker, seen from the host)', () => {
  it('is alive: its recorded pid is mapped to the host pid of the same process', async () => {
    const home = await tempDir();
    container(home);
    const rec = await written(home);
    expect(rec.hermes_home).toBe('/opt/data');
    const ev = await probeProcess(makeTarget(home));
    expect(ev.alive).toBe(true);
    expect(ev.nsPid).toBe(rec.pid);
    expect(ev.pid).not.toBe(rec.pid);
    const status = await readFile(`/proc/${ev.pid}/status`, 'utf8');
    expect(status).toMatch(new RegExp(`^NSpid:\\s+${ev.pid}\\s+${rec.pid}$`, 'm'));
  });

  it('is found among the gateways of a one-shot look’s table, without a walk of the host’s processes (issue 62)', async () => {
    const home = await tempDir();
    container(home);
    const rec = await written(home);
    stepsTaken();
    const ev = await probeProcess(makeTarget(home), { table: keptProcessTable() });
    expect(ev).toMatchObject({ alive: true, nsPid: rec.pid });
    expect(await readFile(`/proc/${ev.pid}/status`, 'utf8')).toMatch(
      new RegExp(`^NSpid:\\s+${ev.pid}\\s+${rec.pid}$`, 'm'),
    );
    expect(stepsTaken()).not.toMatch(/\bscan=/);
  });

  it('is found among the processes serving the home, and only that home', async () => {
    const home = await tempDir();
    const other = await tempDir();
    container(home);
    await written(home);
    const ev = await probeProcess(makeTarget(home));
    expect((await findGatewayProcesses(makeTarget(home))).map((p) => p.pid)).toEqual([ev.pid]);
    expect(await findGatewayProcesses(makeTarget(other))).toEqual([]);
  });

  it('is dead when the process is gone, judged by its host pid and never by the container number', async () => {
    const home = await tempDir();
    const ctr = container(home);
    await written(home);
    const alive = await probeProcess(makeTarget(home));
    expect(alive.alive).toBe(true);
    process.kill(-ctr.pid!, 'SIGKILL');
    await until('the death is seen', async () => !(await probeProcess(makeTarget(home))).alive);
    const dead = await probeProcess(makeTarget(home));
    expect(dead, JSON.stringify(dead)).toMatchObject({
      alive: false,
      reason: 'not running',
      nsPid: alive.nsPid,
      pid: alive.pid,
    });
  });

  it('two containers started together record the same pid and start: each home is read as its own gateway', async () => {
    // A host's boot starts every container at once, and the image runs each gateway at the same pid: two records alike
    // to the hundredth of a second. Started together in pairs until a pair is.
    for (let tries = 0; tries < 60; tries++) {
      const homes = [await tempDir(), await tempDir()];
      const gates = await tempDir();
      const ctrs = await twinContainers(homes, [path.join(gates, 'a'), path.join(gates, 'b')]);
      const [a, b] = await Promise.all(homes.map(written));
      if (a!.pid !== b!.pid || a!.start_time !== b!.start_time) {
        await cleanup();
        continue;
      }
      const seen = [];
      for (const home of homes) {
        const ev = await probeProcess(makeTarget(home));
        expect(ev, JSON.stringify(ev)).toMatchObject({ alive: true, nsPid: a!.pid });
        expect((await findGatewayProcesses(makeTarget(home))).map((p) => p.pid)).toEqual([ev.pid]);
        seen.push(ev.pid);
      }
      expect(new Set(seen).size).toBe(2);
      // The first one dies, its record left behind: its gateway is dead, never its twin of the other home.
      process.kill(-ctrs[0]!.pid!, 'SIGKILL');
      await until('the death is seen', async () => !(await probeProcess(makeTarget(homes[0]!))).alive);
      expect(await probeProcess(makeTarget(homes[0]!))).toMatchObject({ reason: 'not running', pid: seen[0] });
      expect(await probeProcess(makeTarget(homes[1]!))).toMatchObject({ alive: true, pid: seen[1] });
      return;
    }
    expect.fail('no two containers started within one hundredth of a second in 60 pairs');
  });

  it('serves another home when its /opt/data is another directory', async () => {
    const home = await tempDir();
    const elsewhere = await tempDir();
    container(elsewhere);
    await written(elsewhere);
    // A copy of the record in this home: the process it names is alive, but it serves the other directory.
    const { copyFile } = await import('node:fs/promises');
    await copyFile(path.join(elsewhere, 'gateway.pid'), path.join(home, 'gateway.pid'));
    const ev = await probeProcess(makeTarget(home));
    expect(ev).toMatchObject({ alive: false, reason: 'other home' });
    expect(ev.otherHome).toBe(elsewhere);
  });
});
