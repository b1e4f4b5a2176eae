// Where a process runs, by its cgroup, as each runtime and driver names it: the kubelet's cgroupfs and systemd drivers
// with containerd, CRI-O and cri-dockerd (a pod's container, never Docker's though cri-dockerd names it docker-<id>),
// Docker's and Podman's own, and a Quadlet unit's payload. One wording of each was what the pod and Quadlet tests met.
import { describe, expect, it } from 'vitest';
import { cgroupContainer, conmonContainer } from '../../src/probes/pid-namespace.js';

const ID = '5e0f2a1c7d3b4a69e8c1f0d2b3a4958677e6d5c4b3a2918070605040302010ff';
const UID = '88c00a72-09fa-4f0b-b2e7-185fcaff3b0d';
const U_ = UID.replace(/-/g, '_');

describe('the container a cgroup names', () => {
  it.each([
    [
      'cgroupfs, v1',
      `12:memory:/kubepods/besteffort/pod${UID}/${ID}\n1:name=systemd:/kubepods/besteffort/pod${UID}/${ID}\n`,
    ],
    ['cgroupfs, guaranteed (no QoS folder)', `0::/kubepods/pod${UID}/${ID}\n`],
    [
      'systemd driver, containerd',
      `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice/cri-containerd-${ID}.scope\n`,
    ],
    [
      'systemd driver, CRI-O',
      `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${U_}.slice/crio-${ID}.scope\n`,
    ],
    ['systemd driver, cri-dockerd', `0::/kubepods.slice/kubepods-pod${U_}.slice/docker-${ID}.scope\n`],
  ])("a pod's container: %s", (_, text) => {
    expect(cgroupContainer(text)).toEqual({ runtime: 'kubernetes', id: ID, pod: UID });
  });

  it.each([
    ['Docker, systemd driver', `0::/system.slice/docker-${ID}.scope\n`, { runtime: 'docker', id: ID }],
    ['Docker, cgroupfs', `0::/docker/${ID}\n`, { runtime: 'docker', id: ID }],
    ['Podman', `0::/machine.slice/libpod-${ID}.scope/container\n`, { runtime: 'podman', id: ID }],
    [
      'a Quadlet unit, rootless',
      `0::/user.slice/user-1000.slice/user@1000.service/app.slice/hermes.service/libpod-payload-${ID}\n`,
      { runtime: 'podman', id: ID, unit: { name: 'hermes.service', scope: 'user' } },
    ],
  ])('%s', (_, text, want) => {
    expect(cgroupContainer(text)).toEqual(want);
  });

  it('none on the host, in a unit or a user session', () => {
    for (const text of [
      '0::/\n',
      '0::/system.slice/hermes-gateway.service\n',
      '0::/user.slice/user-1000.slice/session-3.scope\n',
    ])
      expect(cgroupContainer(text)).toBeUndefined();
  });
});

// Rootless Podman on cgroup v1 (Debian 12's podman 4.3.1 run by a user): no cgroup of its own, its conmon's command
// line as /proc shows it names the container; its uid says whose it is.
describe('the container a conmon names', () => {
  const conmon = (id: string) => [
    '/usr/bin/conmon',
    '--api-version',
    '1',
    '-c',
    id,
    '-u',
    id,
    '-r',
    '/usr/bin/runc',
    '-b',
    `/home/gwpod/.local/share/containers/storage/vfs-containers/${id}/userdata`,
    '-p',
    `/tmp/gwpod-run/containers/vfs-containers/${id}/userdata/pidfile`,
    '-n',
    'hermes',
    '--exit-dir',
    '/tmp/gwpod-run/libpod/tmp/exits',
  ];
  it('a user’s: rootless, by its uid', () => {
    expect(conmonContainer(conmon(ID), 2345)).toEqual({ runtime: 'podman', id: ID, rootless: { uid: 2345 } });
  });
  it('root’s: not rootless', () => {
    expect(conmonContainer(conmon(ID), 0)).toEqual({ runtime: 'podman', id: ID });
  });
  it('no container id: none', () => {
    expect(conmonContainer(['/usr/bin/conmon', '--version'], 0)).toBeUndefined();
    expect(conmonContainer(conmon('hermes'), 0)).toBeUndefined();
  });
});

// Rootless Podman on cgroup v2 under systemd (a user's own `podman run`): its scope in the user's manager names it, and
// as Podman's with no unit its conmon is asked too (src/probes/pid-namespace.ts containerIdOf: whose it is).
describe('a rootless container on cgroup v2', () => {
  it("is Podman's by its scope, with no unit", () => {
    expect(
      cgroupContainer(`0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container\n`),
    ).toEqual({ runtime: 'podman', id: ID });
  });
});
