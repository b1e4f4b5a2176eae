// Podman's events of a container, as the real Podman 4.3.1 (Debian 12) prints them: no daemon and no `stop` event. A
// `podman stop` is a `died` with no exit code (0) and no `kill` before it; a stop that timed out, `died` 137 (SIGKILL,
// no event of it); `podman kill`, `kill` then `died` 137; its restart policy, `died` with the program's code, then
// `restart`, `init`, `start`. Recorded (hermes-supervisors.md, Podman), then read from the real Podman where it can run
// a container here: a root filesystem of this host's own dash and sleep, `podman import`ed, run with runc and cgroupfs;
// and its restart policy's loop on a program that dies at every start, counted from those events.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { containerEvents, eventsLine, parseEvents, stoppedBy, unixTime } from '../../src/probes/container-events.js';
import { hostOf } from '../../src/probes/host.js';
import { policyLoop } from '../../src/probes/container-policy.js';
import { until } from '../helpers/until.js';

const ID = '9eed4b1898d885441f955e5a487a7dc8910e367c54507abcdb72bd22e65d3b56';
const line = (status: string, time: string, code?: number) =>
  JSON.stringify({
    ...(code !== undefined ? { ContainerExitCode: code } : {}),
    ID,
    Image: 'localhost/mini:1',
    Name: 'pt',
    Status: status,
    Time: `2026-11-29T00:05:${time}Z`,
    Type: 'container',
    Attributes: {},
  });

describe("Podman's own words for who ended a container", () => {
  it('`podman stop`: a death with no code and no kill, the operator’s stop, dated at the death', () => {
    const ev = parseEvents(
      [line('init', '05.1'), line('start', '05.2'), line('died', '09.718590054'), line('cleanup', '09.737400173')].join(
        '\n',
      ),
    );
    const by = stoppedBy(ev, 'podman');
    expect(by?.at).toBe(Date.parse('2026-11-29T00:05:09.718Z'));
    expect(eventsLine('podman', by!.events)).toBe('podman events: die (exitCode 0)');
  });

  it('`podman kill`, a restart policy’s restart, a stop that had to kill: deaths, not a stop it was asked for', () => {
    const kill = [line('start', '10.88'), line('kill', '12.07'), line('died', '12.15', 137), line('cleanup', '12.28')];
    expect(stoppedBy(parseEvents(kill.join('\n')), 'podman')).toBeUndefined();
    const policy = [line('start', '03.87'), line('died', '04.92', 3), line('restart', '04.93'), line('start', '05.04')];
    expect(stoppedBy(parseEvents([...policy, line('died', '06.06', 3)].join('\n')), 'podman')).toBeUndefined();
    expect(stoppedBy(parseEvents([line('start', '59.97'), line('died', '01.49', 137)].join('\n')), 'podman')).toBe(
      undefined,
    );
  });

  it('Docker’s rule stays Docker’s: a death with no `stop` after it is no stop', () => {
    expect(stoppedBy(parseEvents([line('start', '05.2'), line('died', '09.7')].join('\n')))).toBeUndefined();
  });
});

const run = promisify(execFile);
const PODMAN = ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs'];
/** A container this host's Podman can run (rootful, runc, cgroupfs), or why not. */
function podmanRuns(): boolean {
  if (spawnSync('sh', ['-c', 'command -v podman && command -v runc'], { stdio: 'ignore' }).status !== 0) return false;
  return spawnSync('podman', ['info'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}
const usable = process.platform === 'linux' && process.getuid?.() === 0 && podmanRuns();

describe.runIf(usable)('the real Podman', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gw-podman-'));
  const tag = `localhost/gatewatch-test-mini:${process.pid}`;
  const names: string[] = [];
  afterAll(async () => {
    for (const n of names) await run('podman', ['rm', '-f', n]).catch(() => undefined);
    await run('podman', ['rmi', '-f', tag]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  /** An image of this host's dash and sleep and the libraries they load. */
  async function image() {
    const root = path.join(dir, 'root');
    for (const bin of ['/bin/dash', '/bin/sleep']) {
      mkdirSync(path.join(root, 'bin'), { recursive: true });
      cpSync(bin, path.join(root, bin));
      const libs = (await run('ldd', [bin])).stdout.match(/\/\S+/g) ?? [];
      for (const lib of libs) {
        mkdirSync(path.join(root, path.dirname(lib)), { recursive: true });
        cpSync(lib, path.join(root, lib), { dereference: true });
      }
    }
    symlinkSync('dash', path.join(root, 'bin', 'sh'));
    await run('tar', ['-C', root, '-cf', path.join(dir, 'root.tar'), '.']);
    await run('podman', ['import', path.join(dir, 'root.tar'), tag]);
  }

  async function started(name: string, script = 'trap "exit 0" TERM; while :; do sleep 1; done', opts: string[] = []) {
    names.push(name);
    const { stdout } = await run('podman', [
      ...PODMAN,
      'run',
      '-d',
      '--name',
      name,
      '--network',
      'none',
      '--ulimit',
      'nofile=4096:4096',
      '--ulimit',
      'nproc=4096:4096',
      ...opts,
      tag,
      '/bin/sh',
      '-c',
      script,
    ]);
    return stdout.trim();
  }

  const endedAt = async (id: string) =>
    Date.parse((await run('podman', ['inspect', id, '--format', '{{.State.FinishedAt}}'])).stdout.trim());

  /** What the container's events say of its end, once Podman has logged it. */
  const byEvents = (id: string, end: number) =>
    until(
      'its death in its events',
      async () => {
        const ev = await containerEvents('podman', id, unixTime(end - 60_000), unixTime(end + 3_000), hostOf());
        return ev?.some((e) => e.action === 'die') ? ev : undefined;
      },
      { timeoutMs: 30_000, everyMs: 250 },
    );

  it('`podman stop` reads as the operator’s stop; `podman kill` as a death', { timeout: 180_000 }, async () => {
    await image();
    const stopped = await started(`gw-stop-${process.pid}`);
    await run('podman', [...PODMAN, 'stop', '-t', '10', stopped]);
    expect(stoppedBy(await byEvents(stopped, await endedAt(stopped)), 'podman')).toBeDefined();
    const killed = await started(`gw-kill-${process.pid}`);
    await run('podman', [...PODMAN, 'kill', killed]);
    await until('it ended', async () => Number.isFinite(await endedAt(killed)) && (await endedAt(killed)) > 0);
    expect(stoppedBy(await byEvents(killed, await endedAt(killed)), 'podman')).toBeUndefined();
  });

  it('`--restart always` on a program that dies at every start: a loop of its deaths', {
    timeout: 300_000,
  }, async () => {
    // Its program is the gateway: it dies a second into each life while the file is there.
    const flag = path.join(dir, 'broken');
    writeFileSync(flag, '');
    const id = await started(
      `gw-loop-${process.pid}`,
      'sleep 1; test -e /fix/broken && exit 127; while :; do sleep 1; done',
      ['--restart', 'always', '-v', `${dir}:/fix`],
    );
    const facts = async () => {
      const [status, count] = (
        await run('podman', ['inspect', id, '--format', '{{.State.Status}} {{.RestartCount}}'])
      ).stdout
        .trim()
        .split(' ');
      return {
        id,
        name: 'loop',
        status: status!,
        running: status === 'running',
        program: true,
        restartCount: Number(count),
        restartPolicy: { name: 'always', max: 0 },
        startedAt: Date.parse((await run('podman', ['inspect', id, '--format', '{{.State.StartedAt}}'])).stdout.trim()),
      };
    };
    const loop = await until(
      'the loop counted',
      async () => policyLoop('podman', await facts(), hostOf(), Date.now()),
      // Each of Podman's restarts runs its cleanup process: on a loaded box, many seconds apart.
      { timeoutMs: 200_000, everyMs: 2_000 },
    );
    expect(loop.count).toBeGreaterThanOrEqual(3);
    expect(loop.lastAt).toBeGreaterThanOrEqual(loop.firstAt!);
  });
});
