// The demo's is_active (src/demo/is-active.sh, run by gatewatch on every check) says what gatewayLiveness says
// (src/demo/liveness.ts, what the demo's supervisor and commands ask), scene by scene: real processes, real pid files,
// the shell script run as gatewatch runs it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { pyJsonDumps } from '../../src/demo/files.js';
import { gatewayLiveness } from '../../src/demo/liveness.js';
import { demoScriptPath } from '../../src/demo/script-path.js';
import { cleanup, exited, spawnIdle, startTicksOf, tempDir } from '../helpers/probe-procs.js';

afterAll(cleanup);

/** A live process whose command line is `node -e … <args>`. */
async function idle(...args: string[]): Promise<number> {
  const child = spawnIdle(args, process.env);
  await new Promise((r) => child.once('spawn', r));
  return child.pid!;
}

async function deadPid(): Promise<number> {
  const child = spawnIdle([], process.env, process.execPath, '0');
  await exited(child);
  return child.pid!;
}

async function home(record: string | undefined): Promise<string> {
  const dir = await tempDir('gw-is-active-');
  if (record !== undefined) await writeFile(path.join(dir, 'gateway.pid'), record);
  return dir;
}

async function isActive(args: string[], env: Record<string, string> = {}) {
  const r = await execa('/bin/sh', [demoScriptPath('is-active'), ...args], {
    reject: false,
    env: { HERMES_HOME: '', ...env },
  });
  return { code: r.exitCode, out: r.stdout };
}

describe('is-active.sh says what gatewayLiveness says', () => {
  const scenes: [string, () => Promise<string | undefined>][] = [
    ['no pid file', async () => undefined],
    ['an empty pid file', async () => ''],
    ['not JSON', async () => 'garbage'],
    ['no pid in it', async () => pyJsonDumps({ kind: 'hermes-gateway' })],
    ['pid 0', async () => pyJsonDumps({ pid: 0 })],
    ['a negative pid', async () => pyJsonDumps({ pid: -5 })],
    ['a pid that is not a whole number', async () => pyJsonDumps({ pid: 12.5 })],
    ['a process that has exited', async () => pyJsonDumps({ pid: await deadPid() })],
    ['a live gateway, no start time', async () => pyJsonDumps({ pid: await idle('gateway', 'run') })],
    [
      'a live gateway with its start time, as Hermes writes it',
      async () => {
        const pid = await idle('gateway', 'run', '--replace');
        return pyJsonDumps({ pid, kind: 'hermes-gateway', argv: ['x "pid": 1'], start_time: await startTicksOf(pid) });
      },
    ],
    [
      'a live gateway, written without spaces',
      async () => {
        const pid = await idle('gateway', 'run');
        return JSON.stringify({ pid, start_time: await startTicksOf(pid) });
      },
    ],
    ['the pid reused by another start', async () => pyJsonDumps({ pid: await idle('gateway', 'run'), start_time: 1 })],
    ['a start time of null', async () => pyJsonDumps({ pid: await idle('gateway', 'run'), start_time: null })],
    ['a live process that is not a gateway', async () => pyJsonDumps({ pid: await idle('worker') })],
    ['gateway, then not run', async () => pyJsonDumps({ pid: await idle('gateway', 'stop', 'run') })],
    ['gateway last', async () => pyJsonDumps({ pid: await idle('gateway') })],
  ];

  it.each(scenes)('%s', async (_name, record) => {
    const dir = await home(await record());
    const live = await gatewayLiveness(dir);
    const r = await isActive(['--home', dir]);
    expect(r).toEqual(
      live.alive ? { code: 0, out: `active (running) pid ${live.pid}` } : { code: 1, out: `inactive (${live.reason})` },
    );
  });

  it('the home from $HERMES_HOME without --home; neither is a usage error, exit 2', async () => {
    const pid = await idle('gateway', 'run');
    const dir = await home(pyJsonDumps({ pid }));
    expect(await isActive([], { HERMES_HOME: dir })).toEqual({ code: 0, out: `active (running) pid ${pid}` });
    expect(await isActive([])).toEqual({ code: 2, out: 'usage: is-active.sh --home DIR' });
    expect((await isActive(['--home'])).code).toBe(2);
  });
});
