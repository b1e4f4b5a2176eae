// Commands the operator wrote down (`service.manager: command`): `is_active`'s exit status is the state, and the
// start, stop and restart commands are the lever. `detach`: the start command is the gateway itself (started by hand),
// which gatewatch launches in a session of its own.
import { ownText } from '../../i18n.js';
import * as ownWords from './command-texts.js';
import type { SupervisorAdapter } from './types.js';
import { runCommand } from '../host.js';

export const command: SupervisorAdapter = {
  kind: 'command',
  texts: { en: ownWords.en, 'zh-CN': ownWords.zhCN },
  lever: () => ({ can: 'restart', through: 'commands' }),
  async configured() {
    return { manager: 'command' };
  },
  async probe(target, _claim, host) {
    const detached = target.service.detach ? { detached: true } : {};
    const argv = target.service.is_active;
    if (!argv) return { manager: 'command', ...detached, error: 'no service.is_active command configured' };
    const r = await runCommand(argv, host);
    if (r.exitCode === undefined) return { manager: 'command', ...detached, error: `is_active: ${r.failure}` };
    return {
      manager: 'command',
      ...detached,
      active: r.exitCode === 0,
      state: r.exitCode === 0 ? 'active' : `inactive (exit ${r.exitCode})`,
    };
  },
  plan(verb, target) {
    const c = target.service;
    if (verb === 'stop') return c.stop ? { run: [{ argv: c.stop }] } : { error: 'no service.stop command configured' };
    const start = c.start ? { argv: c.start, ...(c.detach ? { detach: true } : {}) } : undefined;
    if (verb === 'start' && start) return { run: [start] };
    if (c.restart) return { run: [{ argv: c.restart }] };
    // Starting a second foreground gateway beside the first would only lose the PID race to it: stop it first.
    if (start?.detach && !c.stop)
      return { error: 'no service.restart or service.stop command to restart a detached gateway with' };
    if (start) return { run: [...(c.stop ? [{ argv: c.stop, optional: true }] : []), start] };
    return { error: 'no service.restart or service.start command configured' };
  },
  words({ target }) {
    return {
      restart_how: { key: 'finding.service.restart.command', params: { target } },
      // gatewatch's own restart, worded where it is read (`/restart demo` in chat, `gatewatch restart demo` on the CLI).
      restart: { key: ownText(ownWords.en, 'finding.service.restart.gatewatch') },
      start: { key: ownText(ownWords.en, 'finding.service.start.command') },
      journal: { key: 'finding.service.journal.none' },
      supervisor: { key: 'finding.service.status.command' },
    };
  },
};
