// Umbrel's Hermes app (hermes-supervisors.md, app stores): its compose file runs the gateway (`command: gateway run`,
// the volume `${APP_DATA_DIR}/data/hermes:/opt/data`) and a web UI container on the same volume. Both mount the home at
// /opt/data: main took whichever `docker ps` listed first, the web UI's, and asked its (absent) s6 of the gateway.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeService } from '../../src/probes/service.js';
import { cleanup, makeTarget, tempDir, writeExecutable } from '../helpers/probe-procs.js';

afterEach(cleanup);

const WEB = 'a1'.repeat(32);
const APP = 'b2'.repeat(32);

/** `docker` as the engine answers: `ps -q`, `inspect` of the ids asked, and the slot's s6-svstat through `exec`. */
const DOCKER = `#!/bin/sh
cmd=$1; shift
case "$cmd" in
  ps) cat "$FAKE/ps.out";;
  inspect) printf '['; sep=''; for id in "$@"; do printf '%s' "$sep"; cat "$FAKE/$id.json"; sep=','; done; printf ']';;
  exec) printf 'up (pid 43) 3600 seconds\\n';;
  *) exit 1;;
esac
`;

describe('Umbrel’s Hermes app: the gateway and a web UI on one volume', () => {
  it('is the container whose command runs the gateway, whichever `docker ps` lists first', async () => {
    const dir = await tempDir('gw-umbrel-');
    const home = path.join(dir, 'umbrel', 'app-data', 'hermes-agent', 'data', 'hermes');
    await mkdir(home, { recursive: true });
    const fake = path.join(dir, 'fake');
    await mkdir(fake);
    await writeExecutable(path.join(fake, 'docker'), DOCKER);
    await writeFile(path.join(fake, 'ps.out'), `${WEB}\n${APP}\n`);
    const container = (id: string, name: string, image: string, p: string, args: string[]) =>
      JSON.stringify({
        Id: id,
        Name: `/${name}`,
        State: { Status: 'running', Running: true, Pid: 4242, StartedAt: '2026-11-29T06:00:00Z' },
        Path: p,
        Args: args,
        Config: { Image: image, Env: ['HERMES_HOME=/opt/data'] },
        Mounts: [{ Source: home, Destination: '/opt/data' }],
        HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 0 } },
      });
    await writeFile(
      path.join(fake, `${WEB}.json`),
      container(WEB, 'hermes-agent_web_1', 'ghcr.io/example/hermes-webui:1.2', 'node', ['server.js']),
    );
    await writeFile(
      path.join(fake, `${APP}.json`),
      container(
        APP,
        'hermes-agent_app_1',
        'nousresearch/hermes-agent:v0.22.0',
        '/opt/hermes/docker/entrypoint-dispatch.sh',
        ['gateway', 'run'],
      ),
    );
    const host = {
      homedir: dir,
      env: { PATH: `${fake}:/usr/bin:/bin`, FAKE: fake },
      platform: 'linux' as NodeJS.Platform,
      uid: 0,
    };
    const ev = await probeService(makeTarget(home, { service: { manager: 'docker', scope: 'user' } }), host);
    expect(ev.container?.name).toBe('hermes-agent_app_1');
    expect(ev.slot?.status?.state).toBe('up');
  });
});
