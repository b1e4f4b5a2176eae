// What a finding's action tells the operator to run depends on who runs the gateway (hermes-gateway-current.md §5):
// systemd's unit and journal, launchd's job and gateway.error.log, configured commands, or nothing at all (a gateway
// started by hand, which gatewatch cannot restart). And on whose gateway it is: a profile's own is `hermes -p <name>`
// and `hermes-gateway-<name>.service`; a profile the root serves is restarted through the root (`-p` exits 78 there).
import type { Evidence, ServiceEvidence } from '../evidence.js';
import type { FindingParam } from '../types.js';
import { textParam } from '../i18n.js';
import { hermesInside, slotName } from '../probes/container.js';

const code = (cmd: string) => `\`${cmd}\``;

/** The parameters every finding gets: `{restart_how}`, `{restart}`, `{start}`, `{journal}`, `{supervisor}`. */
export function serviceParams(ev: Evidence): Record<string, FindingParam> {
  const sv = ev.hermes?.serving;
  const served = sv?.role === 'served';
  const profile = !served && sv?.profile && sv.profile !== 'default' ? sv.profile : undefined;
  const hermes = profile ? `hermes -p ${profile}` : 'hermes';
  const restart = code(`${hermes} gateway restart`);
  const s = ev.service;
  // A served profile's own unit was removed by the migration: the root's supervisor runs its gateway.
  const manager = served ? 'managed' : s.manager;
  const user = s.scope === 'system' ? '' : ' --user';
  switch (manager) {
    case 'systemd':
    case 'launchd':
    case 'managed': {
      const unit = s.name;
      return {
        restart_how: { key: 'finding.service.restart.managed', params: { target: ev.target, cmd: restart } },
        restart,
        start: code(`${hermes} gateway start`),
        journal:
          manager === 'systemd' && unit
            ? { key: 'finding.service.journal.systemd', params: { cmd: `journalctl${user} -u ${unit}` } }
            : manager === 'launchd'
              ? { key: 'finding.service.journal.launchd' }
              : { key: 'finding.service.journal.none' },
        supervisor:
          manager === 'systemd' && unit
            ? { key: 'finding.service.status.systemd', params: { cmd: `systemctl${user} status ${unit}` } }
            : manager === 'launchd' && unit
              ? { key: 'finding.service.status.launchd', params: { cmd: `launchctl print gui/$(id -u)/${unit}` } }
              : { key: 'finding.service.status.command' },
      };
    }
    case 'docker':
    case 'podman': {
      // The container's lever, run from the host: never the host's `hermes` against the mounted home.
      const c = s.container?.name ?? s.name ?? '<container>';
      const p = s.slot?.profile ?? '';
      const inside = (verb: 'start' | 'restart') =>
        code(
          s.supervised === false ? `${manager} ${verb} ${c}` : [manager, 'exec', c, ...hermesInside(p, verb)].join(' '),
        );
      if (s.supervised === false)
        return {
          restart_how: {
            key: 'finding.service.restart.container_program',
            params: { target: ev.target, cmd: inside('restart') },
          },
          restart: inside('restart'),
          start: inside('start'),
          journal: {
            key: 'finding.service.journal.container',
            params: { cmd: `${manager} logs ${c}`, file: 'logs/gateway.log' },
          },
          supervisor: { key: 'finding.service.status.container_program', params: { cmd: `${manager} inspect ${c}` } },
        };
      return {
        restart_how: {
          key: 'finding.service.restart.container',
          params: { target: ev.target, cmd: inside('restart'), start: inside('start') },
        },
        restart: inside('restart'),
        start: inside('start'),
        journal: {
          key: 'finding.service.journal.container',
          params: { cmd: `${manager} logs ${c}`, file: `logs/gateways/${p || 'default'}/current` },
        },
        supervisor: {
          key: 'finding.service.status.container',
          params: { cmd: `${manager} exec ${c} /command/s6-svstat /run/service/${s.slot?.name ?? slotName(p)}` },
        },
      };
    }
    case 'command':
      return {
        restart_how: { key: 'finding.service.restart.command', params: { target: ev.target } },
        // gatewatch's own restart, worded where it is read (`/restart demo` in chat, `gatewatch restart demo` on the CLI).
        restart: { key: 'finding.service.restart.gatewatch' },
        start: { key: 'finding.service.start.command' },
        journal: { key: 'finding.service.journal.none' },
        supervisor: { key: 'finding.service.status.command' },
      };
    default: {
      // Nothing supervises it: started by hand (a terminal, tmux, nohup), it is started the same way.
      const run = code(`${hermes} gateway run`);
      const o = s.origin;
      if (o) {
        // Seen while it lived: what started it is said, and /restart starts the same command once it is down.
        const via = { key: `origin.via.${o.via}` as const };
        const cmd = code(o.argv.join(' ').slice(0, 160));
        return {
          restart_how: {
            key: 'finding.service.restart.unmanaged',
            params: { via, cmd, install: code(`${hermes} gateway install`) },
          },
          restart,
          start: cmd,
          journal: { key: 'finding.service.journal.unmanaged', params: { via } },
          supervisor: { key: 'finding.service.status.unmanaged', params: { via } },
        };
      }
      return {
        restart_how: {
          key: 'finding.service.restart.none',
          params: { cmd: run, install: code(`${hermes} gateway install`) },
        },
        restart,
        start: run,
        journal: { key: 'finding.service.journal.none' },
        supervisor: { key: 'finding.service.status.none' },
      };
    }
  }
}

/**
 * Who runs the gateway and what it says of it, not yet worded: systemd's unit or launchd's job by its name, the
 * configured commands in words; the state as the service manager printed it, except a configured `is_active`'s exit
 * status, which is gatewatch's own (`inactive (exit 1)`): said in the reader's words.
 */
export function serviceSaid(s: Pick<ServiceEvidence, 'manager' | 'name' | 'state'>): {
  manager: FindingParam;
  state?: FindingParam;
} {
  const manager = { key: `status.manager.${s.manager}` as const };
  if (!s.state) return { manager };
  const exit = /^(\w+) \(exit (-?\d+)\)$/.exec(s.state);
  const word = (w: string) => textParam(`status.lifecycle.${w}`, w);
  return {
    manager,
    state: exit ? { key: 'status.service.exit', params: { state: word(exit[1]!), code: exit[2]! } } : word(s.state),
  };
}
