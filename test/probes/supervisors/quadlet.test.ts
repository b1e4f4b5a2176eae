// Podman's Quadlet: a `hermes.container` file becomes `hermes.service`, whose `podman run --cgroups=split` puts the
// container in the unit's own cgroup (`…/hermes.service/libpod-payload-<id>`, as `systemctl status` shows it). The unit
// runs the gateway: its stop removes the container (`--rm`), and systemctl is the lever. On main the payload's cgroup
// named no container, the home at /opt/data read as Podman's, `podman start` was the lever of a container the unit's
// stop had removed, and `systemctl stop` read as the gateway's death.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupContainer } from '../../../src/probes/pid-namespace.js';
import { probeService, resolveManager } from '../../../src/probes/service.js';
import { adapterOf } from '../../../src/probes/supervisors/index.js';
import { gatewatch } from '../../helpers/cli-run.js';
import { makeFakes } from '../../helpers/fake-supervisors.js';
import { cleanup, makeTarget, tempDir, writeExecutable } from '../../helpers/probe-procs.js';
import { until } from '../../helpers/until.js';

const after: (() => void)[] = [];
afterEach(async () => {
  for (const f of after.splice(0)) f();
  await cleanup();
});

const ID = 'e8c29da1a2f6c4bb032304f7dfbc5a767e026092c4a2fcbc830e58565f972f54';

const UNIT_FILE =
  '[Unit]\nDescription=Hermes\n\n[Container]\nImage=docker.io/nousresearch/hermes-agent:latest\nVolume=%h/hermes-data:/opt/data:Z\n\n[Install]\nWantedBy=default.target\n';

/**
 * A home of the image whose gateway is down, as a fresh look finds it: the pid record the image's gateway left (its
 * home /opt/data), and the user's Quadlet file (`file`, `text`) under `user` that mounts it there. Its folder.
 */
async function downInQuadlet(user: string, home: string, file: string, text: string): Promise<string> {
  await writeFile(
    path.join(home, 'gateway.pid'),
    JSON.stringify({
      pid: 7,
      kind: 'hermes-gateway',
      argv: ['gateway', 'run'],
      start_time: 1,
      hermes_home: '/opt/data',
    }),
  );
  const quadlets = path.join(user, '.config', 'containers', 'systemd');
  await mkdir(quadlets, { recursive: true });
  await writeFile(path.join(quadlets, file), text);
  return quadlets;
}

describe('a Quadlet unit’s container', () => {
  it('is named by its payload’s cgroup, system or a user’s', () => {
    expect(cgroupContainer(`0::/system.slice/hermes.service/libpod-payload-${ID}\n`)).toEqual({
      runtime: 'podman',
      id: ID,
      unit: { name: 'hermes.service', scope: 'system' },
    });
    expect(
      cgroupContainer(
        `0::/user.slice/user-1000.slice/user@1000.service/app.slice/hermes.service/libpod-payload-${ID}\n`,
      ),
    ).toMatchObject({ unit: { name: 'hermes.service', scope: 'user' } });
    // podman run's own (no unit): Podman's, as before.
    expect(cgroupContainer(`0::/machine.slice/libpod-${ID}.scope/container\n`)).toEqual({ runtime: 'podman', id: ID });
  });

  it('is its unit’s while the gateway lives, and by its file while it is down', async () => {
    const dir = await tempDir('gw-quadlet-');
    const home = path.join(dir, 'hermes-data');
    await mkdir(home);
    const host = { homedir: dir, env: { PATH: path.join(dir, 'none') }, platform: 'linux' as NodeJS.Platform, uid: 0 };
    const proc = {
      alive: true,
      pid: 4242,
      nsPid: 42,
      pidFile: null,
      container: { runtime: 'podman' as const, id: ID, unit: { name: 'hermes.service', scope: 'system' as const } },
    };
    expect(await resolveManager(makeTarget(home), { ...host, proc })).toEqual({
      manager: 'systemd',
      name: 'hermes.service',
      scope: 'system',
    });
    // A fresh look while it is down: the pid record says /opt/data, the user's Quadlet file mounts the home there.
    const fresh = await tempDir('gw-quadlet-');
    const home2 = path.join(fresh, 'hermes-data');
    await mkdir(home2);
    const quadlets = await downInQuadlet(fresh, home2, 'hermes-agent.container', UNIT_FILE);
    const host2 = { ...host, homedir: fresh, quadletDirs: [path.join(fresh, 'etc-containers-systemd')] };
    expect(await resolveManager(makeTarget(home2), host2)).toEqual({
      manager: 'systemd',
      name: 'hermes-agent.service',
      scope: 'user',
      path: path.join(quadlets, 'hermes-agent.container'),
    });
  });

  it('Hermes’ s6 image in a Quadlet unit: its running gateway is its slot’s (s6 inside), down it is its unit’s', async () => {
    const dir = await tempDir('gw-quadlet-s6-');
    const home = path.join(dir, 'hermes-data');
    await mkdir(home);
    // The gateway's parent named as the image's slot supervisor is: a script of that name, whose child lives on.
    const supervise = path.join(dir, 's6-supervise');
    await writeExecutable(supervise, '#!/bin/sh\nsleep 600 &\nwait\n');
    const parent = spawn(supervise, [], { stdio: 'ignore', detached: true });
    after.push(() => process.kill(-parent.pid!, 'SIGKILL'));
    const child = await until('its child', async () => {
      const kids = await readFile(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').catch(() => '');
      return Number(kids.trim().split(' ')[0]) || undefined;
    });
    const host = { homedir: dir, env: { PATH: path.join(dir, 'none') }, platform: 'linux' as NodeJS.Platform, uid: 0 };
    const container = {
      runtime: 'podman' as const,
      id: ID,
      unit: { name: 'hermes.service', scope: 'system' as const },
    };
    const proc = { alive: true, pid: child, nsPid: 42, pidFile: null, container };
    // Main: systemd's hermes.service, so a kill s6 repaired inside was the unit's death (and its restart the unit's).
    expect(await resolveManager(makeTarget(home), { ...host, proc })).toEqual({ manager: 'podman' });
    // Down: the container is gone with its unit's stop; its Quadlet file names the unit again (nothing remembered).
    await downInQuadlet(
      dir,
      home,
      'hermes.container',
      '[Container]\nImage=docker.io/nousresearch/hermes-agent:latest\nVolume=%h/hermes-data:/opt/data:Z\n',
    );
    const down = { ...host, quadletDirs: [path.join(dir, 'etc-containers-systemd')] };
    expect(await resolveManager(makeTarget(home), down)).toMatchObject({ manager: 'systemd', name: 'hermes.service' });
  });

  it('a stop through systemctl is the operator’s, and its lever is systemctl, never the host’s hermes', async () => {
    const dir = await tempDir('gw-quadlet-');
    const fakes = await makeFakes();
    const host = { homedir: dir, env: fakes.env, platform: 'linux' as NodeJS.Platform, uid: 0 };
    await fakes.answer('systemctl', 'show', {
      out: [
        'LoadState=loaded',
        'ActiveState=inactive',
        'SubState=dead',
        'MainPID=0',
        'NRestarts=0',
        'ExecMainStatus=0',
        'Restart=always',
        'Result=success',
        '/etc/containers/systemd/hermes.container'.replace(/^/, 'SourcePath='),
        '',
      ].join('\n'),
    });
    const target = makeTarget(dir, { service: { manager: 'systemd', unit: 'hermes.service', scope: 'system' } });
    const ev = await probeService(target, host);
    expect(ev).toMatchObject({
      manager: 'systemd',
      name: 'hermes.service',
      active: false,
      stopped: { line: 'inactive/dead (Result: success)' },
    });
    const words = adapterOf('systemd').words({ target: 'hermes', hermes: 'hermes', service: ev });
    expect(words.restart).toBe('`systemctl restart hermes.service`');
    expect(words.start).toBe('`systemctl start hermes.service`');
  });

  it('`init` finds a Quadlet file of Hermes’ image, running or not, as its unit with systemctl as its lever', async () => {
    const user = await tempDir('gw-quadlet-user-');
    const data = path.join(user, 'hermes-data');
    await mkdir(data);
    await writeFile(path.join(data, 'gateway_state.json'), JSON.stringify({ gateway_state: 'stopped', platforms: {} }));
    const quadlets = path.join(user, '.config', 'containers', 'systemd');
    await mkdir(quadlets, { recursive: true });
    await writeFile(
      path.join(quadlets, 'hermes.container'),
      '[Container]\nImage=docker.io/nousresearch/hermes-agent:latest\nVolume=%h/hermes-data:/opt/data:Z\n',
    );
    // Another program's container on its own /opt/data: not Hermes'.
    await writeFile(
      path.join(quadlets, 'other.container'),
      '[Container]\nImage=docker.io/library/nginx\nVolume=%h/www:/opt/data\n',
    );
    const r = await gatewatch(['init', '--yes'], { home: user, cwd: user, env: { HERMES_HOME: '', LANG: 'C.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^  hermes[\\w-]* +at ${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*restart: \`systemctl --user restart hermes\.service\`$`,
        'm',
      ),
    );
    expect(r.stdout).not.toContain('/www');
    const config = readFileSync(path.join(user, '.config', 'gatewatch', 'config.yaml'), 'utf8');
    expect(config.slice(config.indexOf(`hermes_home: "${data}"`))).toMatch(
      /^hermes_home: "[^"]+"\n {4}service:\n {6}manager: systemd\n {6}unit: "hermes\.service"\n {6}scope: user\n/,
    );
  });
});
