// `service.manager: auto` for a home Hermes' Docker image runs, while its gateway is down: the image's reconciler
// deletes gateway.pid at each container start and the gateway takes it with it, and v0.20.2's image writes no
// container-boot.log. The state file's `hermes_home` (v0.19+) outlives the gateway, and a claim this gatewatch resolved
// once is remembered: never `none` (and its advice of the host's `hermes gateway run`) for a home that runs in Docker.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveManager } from '../../src/probes/service.js';
import { cleanup, makeTarget, tempDir, writeExecutable } from '../helpers/probe-procs.js';

afterEach(cleanup);

/** A Linux host with neither docker nor podman on its PATH: the image's home is Docker's, as the adapter says. */
async function hostAndHome() {
  const home = await tempDir('gw-image-home-');
  const empty = path.join(home, 'no-bin');
  await mkdir(empty);
  const host = { homedir: home, env: { PATH: empty }, platform: 'linux' as NodeJS.Platform, uid: 0 };
  return { home, host };
}

/** gateway_state.json as Hermes v0.19+ in the image leaves it when its gateway has stopped. */
const stateOfStopped = (hermesHome: string) =>
  JSON.stringify({ gateway_state: 'stopped', desired_state: 'running', hermes_home: hermesHome, platforms: {} });

describe('auto for a home of Hermes’ Docker image whose gateway is down', () => {
  it('is docker by the state file’s hermes_home, with no pid file and no boot log', async () => {
    const { home, host } = await hostAndHome();
    await writeFile(path.join(home, 'gateway_state.json'), stateOfStopped('/opt/data'));
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'docker' });
  });

  it('is docker for a profile’s home (/opt/data/profiles/<name>), and none for a host’s state file', async () => {
    const { home, host } = await hostAndHome();
    await writeFile(path.join(home, 'gateway_state.json'), stateOfStopped('/opt/data/profiles/coder'));
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'docker' });
    const other = await hostAndHome();
    await writeFile(path.join(other.home, 'gateway_state.json'), stateOfStopped('/opt/database'));
    expect(await resolveManager(makeTarget(other.home), other.host)).toEqual({ manager: 'none' });
  });

  it('stays docker once resolved, when the pid file, the state file and every other trace are gone', async () => {
    const { home, host } = await hostAndHome();
    const pidFile = path.join(home, 'gateway.pid');
    await writeFile(
      pidFile,
      JSON.stringify({
        pid: 42,
        kind: 'hermes-gateway',
        argv: ['gateway', 'run'],
        start_time: 1,
        hermes_home: '/opt/data',
      }),
    );
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'docker' });
    await rm(pidFile);
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'docker' });
  });

  it('stays the runtime its live gateway’s cgroup named, once that gateway is gone', async () => {
    const { home, host } = await hostAndHome();
    const proc = {
      alive: true,
      pid: 4242,
      nsPid: 42,
      pidFile: null,
      container: { runtime: 'podman' as const, id: 'a'.repeat(64) },
    };
    expect(await resolveManager(makeTarget(home), { ...host, proc })).toEqual({ manager: 'podman' });
    expect(await resolveManager(makeTarget(home), { ...host, proc: { alive: false, pidFile: null } })).toEqual({
      manager: 'podman',
    });
  });
});

describe('auto where both runtimes’ programs are installed', () => {
  /** Docker's CLI with no dockerd (Debian's docker.io beside podman, the daemon off), and a `podman` as given. */
  async function both(podman: string) {
    const { home, host } = await hostAndHome();
    const bin = path.join(home, 'bin');
    await writeExecutable(
      path.join(bin, 'docker'),
      '#!/bin/sh\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1\n',
    );
    await writeExecutable(path.join(bin, 'podman'), `#!/bin/sh\n${podman}\n`);
    await writeFile(path.join(home, 'gateway_state.json'), stateOfStopped('/opt/data'));
    // Long enough for a stand-in that answers at once to answer on a busy box; the busy one outlasts it.
    return { home, host: { ...host, env: { PATH: `${bin}:/usr/bin:/bin` }, timeoutMs: 5_000 } };
  }

  it('is podman where Docker has no daemon, though Podman is too busy to answer in time', async () => {
    // A Podman whose container lock is held (its cleanup of a container that just ended) answers late.
    const { home, host } = await both('exec sleep 60');
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'podman' });
  });

  it('is docker where Podman answers it has no container of this home (Docker’s daemon stopped, or not ours)', async () => {
    const { home, host } = await both('exit 0');
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'docker' });
  });

  it('is docker where neither runtime answers why', async () => {
    const { home, host } = await both('exit 125');
    await writeExecutable(path.join(home, 'bin', 'docker'), '#!/bin/sh\nexit 1\n');
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'docker' });
  });

  it('is the runtime whose container runs the home, not one whose old container is left on it', async () => {
    const { home, host } = await both('exit 0');
    /** A runtime's stand-in: `ps -aq` lists one container, `inspect` says it mounts the home at /opt/data. */
    const runtime = (id: string, running: boolean, at: string) => {
      const inspected = JSON.stringify([
        {
          Id: id,
          Name: `/hermes-${id.slice(0, 4)}`,
          Path: '/init',
          Args: [],
          State: { Status: running ? 'running' : 'exited', Running: running, StartedAt: at, FinishedAt: at },
          Mounts: [{ Source: home, Destination: '/opt/data' }],
        },
      ]);
      return `#!/bin/sh\ncase "$1" in ps) echo ${id} ;; inspect) echo '${inspected}' ;; *) exit 125 ;; esac\n`;
    };
    await writeExecutable(path.join(home, 'bin', 'docker'), runtime('d'.repeat(64), false, '2026-01-02T03:04:05Z'));
    await writeExecutable(path.join(home, 'bin', 'podman'), runtime('b'.repeat(64), true, '2026-11-29T10:00:00Z'));
    expect(await resolveManager(makeTarget(home), host)).toEqual({ manager: 'podman' });
  });
});
