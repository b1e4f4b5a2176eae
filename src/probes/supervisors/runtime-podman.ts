// Podman, as the container probes ask it (runtime-types.ts; hermes-supervisors.md, Podman): it names its exit `died`
// (read as `die`), logs no `stop` nor the stop's signal, ends an events stream at `--until` only once that time has
// come, and has no daemon to start a container when the host boots.
import path from 'node:path';
import type { ContainerFacts, SupervisorRisk } from '../../evidence.js';
import { fileExists, type Host } from '../host.js';
import { KiB, readCapped } from '../../util/read-capped.js';
import { lastIndexOf, type RuntimeDialect } from './runtime-types.js';

export const podman: RuntimeDialect = {
  kind: 'podman',
  // Podman 4 has no `podman compose`.
  compose: 'podman-compose',
  // Its `--until` ends a stream, and one already past returns nothing (4.3): it reads what its log holds, and a Unix
  // time bound is kept by the caller.
  eventsUntil: () => ({ args: ['--stream=false'], bounded: true }),
  // Its stop is a death with no `kill` in that life and code 0, or any code where the program said it ended at a signal
  // (Hermes exits 1 at a SIGTERM, 137 where the grace ran out). `podman restart` logs `restart` before its death; its
  // policy's restart comes after the death.
  stopIn(events, die, signalled) {
    const life = events.slice(lastIndexOf(events, (e) => e.action === 'start', die) + 1, die + 1);
    if (life.some((e) => e.action === 'kill')) return undefined;
    const restart = life.some((e) => e.action === 'restart');
    if (!restart && !signalled && events[die]!.attributes.exitCode !== '0') return undefined;
    return { at: events[die]!.at, events: life, ...(restart ? { restart: true as const } : {}) };
  },
  stopsByWords: true,
  bootRisk,
};

/**
 * Podman has no daemon: a restart policy lives in the container's conmon, and after a reboot nothing starts the
 * container unless systemd starts podman-restart.service (hermes-supervisors.md, Podman) or a unit of its own runs it
 * (Quadlet, `podman generate systemd`: its PODMAN_SYSTEMD_UNIT label). Where systemd boots the host and neither is so,
 * the gateway stays down after a reboot: said once. Rootless Podman's is the user's own unit.
 */
async function bootRisk(c: ContainerFacts, host: Host): Promise<SupervisorRisk | undefined> {
  const p = c.restartPolicy;
  // podman-compose labels every container with its project's template unit, which runs only once registered and
  // enabled (`podman-compose systemd -a register`, `systemctl --user enable podman-compose@<project>`).
  const composeUnit = c.systemdUnit?.startsWith('podman-compose@') ? c.systemdUnit : undefined;
  if (!p || p.name === 'no' || (c.systemdUnit && !composeUnit) || !(await fileExists(host.systemdBooted)))
    return undefined;
  const units = host.uid === 0 ? host.systemUnitDir : path.join(host.homedir, '.config', 'systemd', 'user');
  for (const wants of ['default.target.wants', 'multi-user.target.wants']) {
    if (composeUnit && (await fileExists(path.join(units, wants, composeUnit)))) return undefined;
    const unit = await readCapped(path.join(units, wants, 'podman-restart.service'), 64 * KiB).catch(() => undefined);
    if (unit !== undefined && startsAtBoot(p.name, unit)) return undefined;
  }
  return 'podman_no_boot';
}

/**
 * podman-restart.service starts `--filter restart-policy=always` (Podman 4.3's, and 5's until containers/podman#20418
 * was fixed); a later one filters on `should-start-on-boot`, which takes `unless-stopped` too; an operator's drop-in
 * may name it. Never `on-failure`.
 */
function startsAtBoot(policy: string, unit: string): boolean {
  if (policy === 'always') return true;
  return policy === 'unless-stopped' && /should-start-on-boot|restart-policy=unless-stopped/.test(unit);
}
