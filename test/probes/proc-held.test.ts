// A gateway's /proc/<pid>/stat held open for the liveness looks (issue 62): one read a look on one descriptor, which
// tells a death as the read of the path did, a zombie and a pid given to another process too.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { holdProcStat, type HeldStat } from '../../src/probes/proc-held.js';
import {
  canReusePids,
  cleanup,
  descriptorsOn,
  exited,
  spawnIdle,
  spawnIdleAt,
  spawnUnreaped,
  startTicksOf,
} from '../helpers/probe-procs.js';
import { until } from '../helpers/until.js';

const helds: HeldStat[] = [];
afterEach(async () => {
  for (const h of helds.splice(0)) h.close();
  await cleanup();
});
const hold = (pid: number, ticks?: number) => {
  const h = holdProcStat(pid, ticks);
  if (h) helds.push(h);
  return h;
};

describe.runIf(process.platform === 'linux')('a held /proc/<pid>/stat', () => {
  it('reads a live process on one descriptor, and its death once it is reaped', async () => {
    const gw = spawnIdle(['gateway', 'run'], process.env);
    const pid = gw.pid!;
    const h = hold(pid, await startTicksOf(pid))!;
    expect(h.gone()).toBe(false);
    expect(h.gone()).toBe(false);
    expect(descriptorsOn(`/proc/${pid}/stat`)).toHaveLength(1);
    gw.kill('SIGKILL');
    await exited(gw);
    expect(h.gone()).toBe(true);
    h.close();
    expect(descriptorsOn(`/proc/${pid}/stat`)).toEqual([]);
  });

  it('reads a killed process its parent has not reaped (a zombie) as gone', async () => {
    const pid = await spawnUnreaped(['gateway', 'run'], process.env);
    const h = hold(pid, await startTicksOf(pid))!;
    expect(h.gone()).toBe(false);
    process.kill(pid, 'SIGKILL');
    await until('the zombie', async () => / Z /.test(await readFile(`/proc/${pid}/stat`, 'utf8')));
    expect(h.gone()).toBe(true);
  });

  it.runIf(canReusePids)('reads its process as gone when another process has taken its pid', async () => {
    const gw = spawnIdle(['gateway', 'run'], process.env);
    const pid = gw.pid!;
    const ticks = await startTicksOf(pid);
    const h = hold(pid, ticks)!;
    gw.kill('SIGKILL');
    await exited(gw);
    await spawnIdleAt(pid, ticks, ['some', 'daemon'], process.env);
    expect(h.gone()).toBe(true);
  });

  it('holds nothing for a process that is not the one named (another start), or none', async () => {
    const gw = spawnIdle(['gateway', 'run'], process.env);
    const ticks = await startTicksOf(gw.pid!);
    expect(hold(gw.pid!, ticks + 1)).toBeUndefined();
    expect(descriptorsOn(`/proc/${gw.pid}/stat`)).toEqual([]);
    gw.kill('SIGKILL');
    await exited(gw);
    expect(hold(gw.pid!, ticks)).toBeUndefined();
    expect(hold(0)).toBeUndefined();
  });
});
