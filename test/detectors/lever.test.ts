// What gatewatch can do to a gateway, decided once (src/detectors/lever.ts): every case the service lines, the alerts
// and the findings read it for. The words those lines say are tested where a person reads them
// (test/e2e/docker-words.test.ts, test/docker/no-s6.test.ts); here, each decision.
import { describe, expect, it } from 'vitest';
import type { ServiceEvidence } from '../../src/evidence.js';
import { leverOf, slotIsDown } from '../../src/detectors/lever.js';

const container = { id: 'c0ffee', name: 'hermes', status: 'running', running: true };
const slot = (up: boolean) => ({
  name: 'gateway-default',
  profile: '',
  status: { up, seconds: 3, normallyUp: true, wantUp: up, line: up ? 'up (pid 43) 3 seconds' : 'down 3 seconds' },
});
const of = (service: ServiceEvidence, served = false) =>
  leverOf({ service, ...(served ? { hermes: { serving: { role: 'served' } } as never } : {}) });

describe('leverOf', () => {
  it.each([
    ['the image s6 slot', { manager: 'docker', container, slot: slot(true) }, { can: 'restart', through: 'slot' }],
    ['a slot down: a start', { manager: 'docker', container, slot: slot(false) }, { can: 'restart', through: 'slot' }],
    [
      'no s6 inside: the container',
      { manager: 'podman', container, supervised: false },
      { can: 'restart', through: 'container' },
    ],
    [
      'a permissions loop: the container',
      { manager: 'docker', container, slot: { ...slot(true), denied: 'EACCES' } },
      { can: 'restart', through: 'container' },
    ],
    [
      'a stopped container: its start',
      { manager: 'docker', container: { ...container, status: 'exited', running: false } },
      { can: 'start', through: 'container' },
    ],
    [
      'Docker does not answer: watched only',
      { manager: 'docker', name: 'c0ffee', error: 'docker inspect: exit code 1' },
      { can: 'watch', through: 'container', why: 'runtime' },
    ],
    ['systemd', { manager: 'systemd', name: 'hermes-gateway.service' }, { can: 'restart', through: 'service' }],
    ['configured commands', { manager: 'command', active: true }, { can: 'restart', through: 'commands' }],
    [
      'started by hand, seen',
      { manager: 'none', origin: { via: 'tmux', argv: ['hermes', 'gateway', 'run'] } },
      { can: 'restart', through: 'session' },
    ],
    ['nothing runs it', { manager: 'none' }, { can: 'watch', through: 'nothing', why: 'no_manager' }],
  ] as [string, ServiceEvidence, unknown][])('%s', (_, service, lever) => {
    expect(of(service)).toEqual(lever);
  });

  it('a profile the root serves is restarted through the root, whatever its own service says', () => {
    expect(of({ manager: 'none' }, true)).toEqual({ can: 'restart', through: 'root' });
  });

  it('a slot is down when s6 says so, or when there is no slot of that name', () => {
    expect(slotIsDown({ manager: 'docker', slot: slot(false) })).toBe(true);
    expect(slotIsDown({ manager: 'docker', slot: slot(true) })).toBe(false);
    expect(slotIsDown({ manager: 'docker', slot: { name: 'gateway-x', profile: 'x', missing: true } })).toBe(true);
  });
});
