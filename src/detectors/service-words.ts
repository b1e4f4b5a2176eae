// What a finding's action tells the operator to run depends on who runs the gateway (hermes-gateway-current.md §5):
// systemd's unit and journal, launchd's job and gateway.error.log, configured commands, or nothing at all (a gateway
// started by hand, which gatewatch cannot restart). And on whose gateway it is: a profile's own is `hermes -p <name>`
// and `hermes-gateway-<name>.service`; a profile the root serves is restarted through the root (`-p` exits 78 there).
import type { Evidence, ServiceEvidence } from '../evidence.js';
import type { FindingParam } from '../types.js';
import { textParam } from '../i18n.js';
import { adapterOf } from '../probes/supervisors/index.js';
import { leverOf } from './lever.js';

const code = (cmd: string) => `\`${cmd}\``;

/** The parameters every finding gets: `{restart_how}`, `{restart}`, `{start}`, `{journal}`, `{supervisor}`. */
export function serviceParams(ev: Evidence): Record<string, FindingParam> {
  const sv = ev.hermes?.serving;
  const served = sv?.role === 'served';
  const profile = !served && sv?.profile && sv.profile !== 'default' ? sv.profile : undefined;
  const hermes = profile ? `hermes -p ${profile}` : 'hermes';
  // A served profile's own unit was removed by the migration: the root's supervisor runs its gateway, through Hermes.
  if (served) return servedWords(ev.target, hermes);
  const words = adapterOf(ev.service.manager).words({ target: ev.target, hermes, service: ev.service });
  const lever = leverOf(ev);
  if (lever.why === 'config') {
    // Configured commands are run by gatewatch's own restart, which this target refuses: named as the config's.
    const own = ev.service.manager === 'command';
    const restart = own ? { key: 'finding.service.restart.config_command' as const } : words.restart;
    return {
      ...words,
      restart,
      restart_how: {
        key: 'finding.service.restart.watch_only',
        params: { target: ev.target, cmd: restart, start: words.start },
      },
    };
  }
  // Another user's rootless Podman container: its podman, run as that user, is the way; gatewatch run as that user too.
  if (lever.why === 'rootless') {
    const r = ev.service.rootless!;
    return {
      ...words,
      restart_how: {
        key: 'finding.service.restart.rootless',
        params: { target: ev.target, user: r.user ?? `uid ${r.uid}`, cmd: words.restart },
      },
    };
  }
  // A container that is gone, or a service taken out of its supervisor's files: only creating it again, or putting it
  // back, brings the gateway back, which is not gatewatch's to do.
  if (lever.why === 'removed')
    return {
      ...words,
      restart_how: {
        key: lever.through === 'container' ? 'finding.service.restart.removed' : 'finding.service.restart.taken_out',
        params: { target: ev.target, container: ev.service.name ?? '-', start: words.start },
      },
    };
  // A container whose runtime does not answer: gatewatch only watches it (lever.ts), and its finding says so rather
  // than "gatewatch restarts it by itself", which the restart policy would then refuse.
  if (lever.why !== 'runtime') return words;
  const runtime = { podman: 'Podman', kubernetes: 'crictl' }[ev.service.manager as string] ?? 'Docker';
  return {
    ...words,
    restart_how: {
      key: 'finding.service.restart.read_only',
      params: { target: ev.target, runtime, cmd: words.restart, start: words.start },
    },
  };
}

function servedWords(target: string, hermes: string): Record<string, FindingParam> {
  const restart = code(`${hermes} gateway restart`);
  return {
    restart_how: { key: 'finding.service.restart.managed', params: { target, cmd: restart } },
    restart,
    start: code(`${hermes} gateway start`),
    journal: { key: 'finding.service.journal.none' },
    supervisor: { key: 'finding.service.status.command' },
  };
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
