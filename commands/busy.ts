// Busy agents (gateway_state.json active_agents): a restart cuts their turns off. /restart and a /fix that restarts
// ask the same second question, unless the gateway is dead or wedged (their turns are lost already) or the operator
// said `interrupt`.
import { t } from '../src/i18n.js';
import type { Evidence } from '../src/evidence.js';
import type { Finding } from '../src/types.js';
import { busyAgents, restartsAtOnce } from '../src/actions/restart-policy.js';
import { commandButton, type CommandRef } from '../src/util/command-line.js';
import type { LookContext } from './types.js';
import { commandFor } from './command-line.js';

/** Asks again and returns true when the restart would cut agent turns off; `ref` is the command that goes ahead anyway. */
export async function askedBusy(c: LookContext<{ interrupt?: boolean }>, target: string, look: { findings: readonly Finding[]; evidence: Evidence }, ref: CommandRef): Promise<boolean> {
  const busy = restartsAtOnce(look.evidence, look.findings) ? 0 : busyAgents(look.evidence);
  if (busy <= 0 || c.args.interrupt) return false;
  const anyway = { ...ref, interrupt: true };
  await c.respond({
    title: t(c.locale, 'restart.confirm_busy', { target, count: busy }),
    tone: 'warning',
    lines: [t(c.locale, 'restart.send_interrupt', { cmd: commandFor(c, anyway) })],
    buttons: [commandButton(t(c.locale, 'restart.button.interrupt'), anyway, 'danger')],
    outcome: 'refused',
  });
  return true;
}
