// The settings Hermes' image refuses, told by the line it prints at every start (hermes-deployments.md §1.1, §1.6),
// and the lines that look alike but are fixed otherwise: a root-owned logs folder is the container's restart (its boot
// hands the volume back), a host gateway's own error is not a container's setting.
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/evidence.js';
import { settingOf } from '../../src/detectors/deployment-setting.js';

const service = (line: string, manager = 'docker', container = true) =>
  ({
    service: {
      manager,
      cause: { line, source: `${manager} logs hermes` },
      ...(container ? { container: { id: 'c0ffee', name: 'hermes', status: 'exited', running: false } } : {}),
    },
  }) as unknown as Pick<Evidence, 'service'>;

describe('a setting the image refuses, by the line it says so with', () => {
  it.each([
    ['[stage2] ERROR: container started with --user 1000 (an arbitrary, non-hermes UID).', 'user_pinned'],
    ['ERROR [stage2] container started with --user 568 (an arbitrary, non-hermes UID).', 'user_pinned'],
    ['s6-svlisten: fatal: unable to s6_svstatus_read: Permission denied', 'read_only_root'],
    ['s6-mkdir: fatal: unable to mkdir /run/s6/container_environment: Read-only file system', 'read_only_root'],
    ['s6-overlay-suexec: fatal: can only run as pid 1', 'not_pid1'],
  ])('%s → %s', (line, id) => {
    expect(settingOf(service(line))?.id).toBe(id);
    expect(settingOf(service(line, 'kubernetes'))?.id).toBe(id);
  });

  it('the user it was pinned to, for the ids to give instead', () => {
    expect(settingOf(service('[stage2] ERROR: container started with --user 568 (x).'))).toEqual({
      id: 'user_pinned',
      uid: '568',
    });
  });

  it.each([
    // #45258: the boot re-chowns it, so the container's restart is the lever.
    "mkdir: cannot create directory '/opt/data/logs/gateways/default': Permission denied",
    's6-log: fatal: unable to open /opt/data/logs/gateways/default/current: Permission denied',
    'ERROR gateway.run: Gateway failed to connect any configured messaging platform',
  ])('not a setting: %s', (line) => {
    expect(settingOf(service(line))).toBeUndefined();
  });

  it('only of a gateway in a container', () => {
    expect(settingOf(service('s6-overlay-suexec: fatal: can only run as pid 1', 'runit', false))).toBeUndefined();
    expect(settingOf(service('s6-overlay-suexec: fatal: can only run as pid 1', 'docker', false))).toBeUndefined();
  });
});
