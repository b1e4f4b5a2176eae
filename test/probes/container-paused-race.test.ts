// A container inspected running and paused before the look's s6 exec (`docker pause` / `podman pause` between the two):
// the exec is refused in the runtime's own words, Docker's by its daemon (moby's ErrorCodeExecPaused: "Container %s
// is paused, unpause the container before exec"), Podman's by its state check ("can only create exec sessions on
// running containers: container state improper", Podman 4.3). Either is the pause, asked of the runtime again, never a
// container in transit (which held an unresponsive gateway's restart as "the service manager is restarting it").
// Stand-in runtimes on PATH: the first inspect says running, every later one paused.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeService } from '../../src/probes/service.js';
import { cleanup, makeTarget, tempDir, writeExecutable } from '../helpers/probe-procs.js';

afterEach(cleanup);

const REFUSED = {
  docker: 'Error response from daemon: Container hermes is paused, unpause the container before exec',
  podman: 'Error: can only create exec sessions on running containers: container state improper',
} as const;

async function pausedAtExec(runtime: keyof typeof REFUSED) {
  const home = await tempDir('gw-paused-race-');
  const bin = path.join(home, 'bin');
  const facts = (status: string) =>
    JSON.stringify([
      {
        Id: 'c'.repeat(64),
        Name: '/hermes',
        Path: '/init',
        Args: [],
        State: {
          Status: status,
          Running: status === 'running' || runtime === 'docker',
          Paused: status === 'paused',
          StartedAt: '2026-11-29T08:00:00Z',
        },
        Config: { Image: 'nousresearch/hermes-agent:latest', Env: ['HERMES_HOME=/opt/data'] },
        Mounts: [{ Source: home, Destination: '/opt/data', RW: true }],
      },
    ]);
  await writeFile(path.join(home, 'running.json'), facts('running'));
  await writeFile(path.join(home, 'paused.json'), facts('paused'));
  await writeExecutable(
    path.join(bin, runtime),
    [
      '#!/bin/sh',
      `d=${home}`,
      'case "$1" in',
      // The first inspect before the pause, every later one after it.
      '  inspect) if [ -e "$d/asked" ]; then cat "$d/paused.json"; else touch "$d/asked"; cat "$d/running.json"; fi ;;',
      `  exec) echo '${REFUSED[runtime]}' >&2; exit ${runtime === 'docker' ? 1 : 255} ;;`,
      '  events) exit 0 ;;',
      '  *) exit 125 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  const target = makeTarget(home, { service: { manager: runtime, container: 'hermes', scope: 'user' } });
  const host = { homedir: home, env: { PATH: `${bin}:/usr/bin:/bin` }, platform: 'linux' as NodeJS.Platform };
  return probeService(target, host);
}

describe('a container paused between the look’s inspect and its exec', () => {
  it.each(Object.keys(REFUSED) as (keyof typeof REFUSED)[])(
    '%s: said paused, nobody restarting it',
    async (runtime) => {
      const ev = await pausedAtExec(runtime);
      expect(ev).toMatchObject({ manager: runtime, state: 'paused', active: false });
      expect(ev.restarting).toBeUndefined();
      expect(ev.container?.status).toBe('paused');
    },
  );
});
