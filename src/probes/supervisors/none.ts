// Nothing supervises it (hermes-deployments.md §2: WSL2 without systemd, Termux, a gateway run by hand in tmux, screen,
// a terminal or with nohup): how it was started is read while it lives (../unmanaged.ts), and once it is gone an
// operator's /restart starts the same command again, detached from any terminal. A live one is not gatewatch's to stop.
import { ownText } from '../../i18n.js';
import * as ownWords from './none-texts.js';
import type { LeverWords, SupervisorAdapter } from './types.js';
import { unmanagedOrigin } from '../unmanaged.js';

const code = (cmd: string) => `\`${cmd}\``;

export const none: SupervisorAdapter = {
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  kind: 'none',
  // Started by hand, as gatewatch saw it: it starts that command again once the gateway is down.
  lever: (s) =>
    s.origin ? { can: 'restart', through: 'session' } : { can: 'watch', through: 'nothing', why: 'no_manager' },
  async configured() {
    return { manager: 'none' };
  },
  async probe(target, _claim, _host, o) {
    const origin = await unmanagedOrigin(target, o.pidRecord);
    // In a terminal multiplexer, on a host that reboots: nothing starts it again.
    const risky = origin?.via === 'tmux' || origin?.via === 'screen';
    return {
      manager: 'none',
      ...(origin ? { origin } : {}),
      ...(risky ? { risks: ['terminal_reboot' as const] } : {}),
    };
  },
  plan(verb, _target, svc) {
    const o = svc.origin;
    if (verb !== 'stop' && o && o.alive === false) return { run: [{ argv: o.argv, detach: true }] };
    return {
      error: o
        ? 'nothing supervises it and it still runs: gatewatch does not stop a gateway it did not start; stop it where it runs, and /restart then starts the same command again'
        : 'nothing supervises it (no systemd, launchd, pm2, supervisord, runit, s6, Docker, Podman or configured commands), and gatewatch never saw how it was started',
    };
  },
  words({ hermes, service: s }): LeverWords {
    const restart = code(`${hermes} gateway restart`);
    const run = code(`${hermes} gateway run`);
    const install = code(`${hermes} gateway install`);
    const o = s.origin;
    if (o) {
      // Seen while it lived: what started it is said, and /restart starts the same command once it is down.
      const via = { key: `origin.via.${o.via}` as const };
      const cmd = code(o.argv.join(' ').slice(0, 160));
      return {
        restart_how: { key: 'finding.service.restart.unmanaged', params: { via, cmd, install } },
        restart,
        start: cmd,
        journal: { key: ownText(ownWords.en, 'finding.service.journal.unmanaged'), params: { via } },
        supervisor: { key: ownText(ownWords.en, 'finding.service.status.unmanaged'), params: { via } },
      };
    }
    return {
      restart_how: { key: 'finding.service.restart.none', params: { cmd: run, install } },
      restart,
      start: run,
      journal: { key: 'finding.service.journal.none' },
      supervisor: { key: ownText(ownWords.en, 'finding.service.status.none') },
    };
  },
};
