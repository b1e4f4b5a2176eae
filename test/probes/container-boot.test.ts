// Podman has no daemon (hermes-supervisors.md, Podman): a container's restart policy lives in its conmon and does not
// survive a reboot unless systemd starts podman-restart.service, or a unit of its own (Quadlet, `podman generate
// systemd`, its PODMAN_SYSTEMD_UNIT label) runs it. Read from the host's own unit folders, as systemd enables them.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { podman } from '../../src/probes/supervisors/runtime-podman.js';
import { hostOf } from '../../src/probes/host.js';
import type { ContainerFacts } from '../../src/evidence.js';
import { cleanup, tempDir } from '../helpers/probe-procs.js';

/** Podman's own risk to a container's start at boot (its dialect's). */
const podmanBootRisk: NonNullable<typeof podman.bootRisk> = (c, host) => podman.bootRisk!(c, host);

afterEach(cleanup);

const facts = (o: Partial<ContainerFacts> = {}): ContainerFacts => ({
  id: 'f00d',
  name: 'hermes',
  status: 'running',
  running: true,
  restartPolicy: { name: 'always', max: 0 },
  ...o,
});

/** Debian 12's podman 4.3.1 ships it so: it starts only the containers whose policy is `always`. */
const UNIT_4_3 = `[Unit]
Description=Podman Start All Containers With Restart Policy Set To Always

[Service]
Type=oneshot
RemainAfterExit=true
Environment=LOGGING="--log-level=info"
ExecStart=/usr/bin/podman $LOGGING start --all --filter restart-policy=always
ExecStop=/bin/sh -c '/usr/bin/podman $LOGGING stop $(/usr/bin/podman container ls --filter restart-policy=always -q)'

[Install]
WantedBy=default.target
`;
/** Podman's after containers/podman#20418: the containers that should start at boot, `unless-stopped` ones too. */
const UNIT_FIXED = UNIT_4_3.replaceAll('restart-policy=always', 'should-start-on-boot=true');

/** A host booted by systemd whose unit folders are here; root's, or a rootless user's with its own home. */
async function box(o: { enabled?: 'system' | 'user'; uid?: number; unit?: string } = {}) {
  const dir = await tempDir('gw-podman-boot-');
  const booted = path.join(dir, 'run-systemd-system');
  await writeFile(booted, '');
  const system = path.join(dir, 'etc-systemd-system');
  const home = path.join(dir, 'home');
  // Where the package put it; `systemctl enable` links it into a target's wants.
  const unit = path.join(dir, 'usr-lib-systemd-system', 'podman-restart.service');
  await mkdir(path.dirname(unit), { recursive: true });
  await writeFile(unit, o.unit ?? UNIT_4_3);
  if (o.enabled) {
    const wants =
      o.enabled === 'system'
        ? path.join(system, 'default.target.wants')
        : path.join(home, '.config', 'systemd', 'user', 'default.target.wants');
    await mkdir(wants, { recursive: true });
    await symlink(unit, path.join(wants, 'podman-restart.service'));
  }
  return hostOf({ systemdBooted: booted, systemUnitDir: system, homedir: home, uid: o.uid ?? 0 });
}

describe("Podman's restart policy after a reboot", () => {
  it('is a risk where podman-restart.service is not enabled, as root and rootless', async () => {
    expect(await podmanBootRisk(facts(), await box())).toBe('podman_no_boot');
    expect(await podmanBootRisk(facts(), await box({ uid: 1000, enabled: 'system' }))).toBe('podman_no_boot');
  });

  it('is none where it is enabled (the system’s, the user’s), or a unit runs the container, or no policy restarts it', async () => {
    expect(await podmanBootRisk(facts(), await box({ enabled: 'system' }))).toBeUndefined();
    expect(await podmanBootRisk(facts(), await box({ uid: 1000, enabled: 'user' }))).toBeUndefined();
    expect(await podmanBootRisk(facts({ systemdUnit: 'hermes.service' }), await box())).toBeUndefined();
    expect(await podmanBootRisk(facts({ restartPolicy: { name: 'no', max: 0 } }), await box())).toBeUndefined();
  });

  it('is a risk for podman-compose’s label until its project’s unit is enabled', async () => {
    // podman-compose 1.0.6 labels each container `PODMAN_SYSTEMD_UNIT=podman-compose@<project>.service`, registered or not.
    const composed = facts({ systemdUnit: 'podman-compose@hermes.service', compose: { tool: 'podman-compose' } });
    expect(await podmanBootRisk(composed, await box())).toBe('podman_no_boot');
    const host = await box({ uid: 1000 });
    const wants = path.join(host.homedir, '.config', 'systemd', 'user', 'default.target.wants');
    await mkdir(wants, { recursive: true });
    // Registered (the template written), then enabled for the project (its instance linked into a target's wants).
    const template = path.join(host.homedir, '.config', 'systemd', 'user', 'podman-compose@.service');
    await writeFile(template, '[Service]\nExecStart=/usr/bin/podman-compose up --no-build\n');
    await symlink(template, path.join(wants, 'podman-compose@hermes.service'));
    expect(await podmanBootRisk(composed, host)).toBeUndefined();
  });

  it('is a risk for `unless-stopped` and `on-failure` where the enabled service starts only `always`', async () => {
    const unlessStopped = facts({ restartPolicy: { name: 'unless-stopped', max: 0 } });
    expect(await podmanBootRisk(unlessStopped, await box({ enabled: 'system' }))).toBe('podman_no_boot');
    expect(
      await podmanBootRisk(facts({ restartPolicy: { name: 'on-failure', max: 0 } }), await box({ enabled: 'system' })),
    ).toBe('podman_no_boot');
    expect(await podmanBootRisk(unlessStopped, await box({ enabled: 'system', unit: UNIT_FIXED }))).toBeUndefined();
  });

  it('is none on a host systemd does not boot (a container, WSL without it): nothing there to enable', async () => {
    const host = await box();
    expect(
      await podmanBootRisk(facts(), { ...host, systemdBooted: path.join(host.homedir, 'absent') }),
    ).toBeUndefined();
  });
});
