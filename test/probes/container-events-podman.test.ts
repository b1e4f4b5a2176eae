// Podman's events of a container, as the real Podman 4.3.1 (Debian 12) prints them: no daemon and no `stop` event. A
// `podman stop` is a `died` with no exit code (0) and no `kill` before it; a stop that timed out, `died` 137 (SIGKILL,
// no event of it); `podman kill`, `kill` then `died` 137; its restart policy, `died` with the program's code, then
// `restart`, `init`, `start`. Recorded (hermes-supervisors.md, Podman), then read from the real Podman where it can run
// a container here: a root filesystem of this host's own dash and sleep, `podman import`ed, run with runc and cgroupfs;
// and its restart policy's loop on a program that dies at every start, counted from those events.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerEvents, eventsLine, parseEvents, stoppedBy, unixTime } from '../../src/probes/container-events.js';
import { hostOf } from '../../src/probes/host.js';
import { policyLoop } from '../../src/probes/container-policy.js';
import { miniPodman, PODMAN, podmanRuns, run } from '../helpers/podman.js';
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

  it('`podman restart`: its `restart` comes before the death (its policy’s after it), whatever the code', () => {
    // Recorded from the real Podman: `podman restart` of a program that exits 1 at a SIGTERM, as Hermes does.
    const restart = [line('start', '41.2'), line('restart', '44.178'), line('died', '45.177', 1)];
    expect(stoppedBy(parseEvents(restart.join('\n')), 'podman')).toMatchObject({ restart: true });
    const policy = [line('start', '03.87'), line('died', '04.92', 1), line('restart', '04.93'), line('start', '05.04')];
    expect(stoppedBy(parseEvents([...policy, line('died', '06.06', 1)].join('\n')), 'podman')).toBeUndefined();
  });

  it('a stop of a program that exits 1 at a SIGTERM is one where it said so (`signalled`); a kill never', () => {
    const stop = [line('start', '05.2'), line('died', '08.48', 1), line('cleanup', '08.49')];
    expect(stoppedBy(parseEvents(stop.join('\n')), 'podman')).toBeUndefined();
    expect(stoppedBy(parseEvents(stop.join('\n')), 'podman', true)?.at).toBe(Date.parse('2026-11-29T00:05:08.48Z'));
    const kill = [line('start', '10.88'), line('kill', '12.07'), line('died', '12.15', 137)];
    expect(stoppedBy(parseEvents(kill.join('\n')), 'podman', true)).toBeUndefined();
  });

  it('Docker’s rule stays Docker’s: a death with no `stop` after it is no stop', () => {
    expect(stoppedBy(parseEvents([line('start', '05.2'), line('died', '09.7')].join('\n')))).toBeUndefined();
  });
});

const usable = podmanRuns();

describe.runIf(usable)('the real Podman', () => {
  let podman: Awaited<ReturnType<typeof miniPodman>>;
  beforeAll(async () => {
    podman = await miniPodman(`localhost/gatewatch-test-mini:${process.pid}`);
  }, 120_000);
  afterAll(() => podman?.dispose());
  const started = (name: string, script = 'trap "exit 0" TERM; while :; do sleep 1; done', opts: string[] = []) =>
    podman.started(name, script, opts);

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
    const flag = path.join(podman.dir, 'broken');
    writeFileSync(flag, '');
    const id = await started(
      `gw-loop-${process.pid}`,
      'sleep 1; test -e /fix/broken && exit 127; while :; do sleep 1; done',
      ['--restart', 'always', '-v', `${podman.dir}:/fix`],
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
