// Busy agents (gateway_state.json active_agents): a restart cuts their turns off. /restart and a /fix that restarts
// ask the same second question, unless the gateway is dead or wedged (their turns are lost already) or the operator
// said `interrupt`. A healthy gateway's one question says it (busyLines), so its confirm is enough.
import { t } from '../src/i18n.js';
import type { Evidence } from '../src/evidence.js';
import type { Finding, Locale } from '../src/types.js';
import { busyAgents, restartsAtOnce } from '../src/actions/restart-policy.js';
import { openTurns } from '../src/detectors/open-turns.js';
import { formatTime } from '../src/util/time.js';
import { commandButton, type CommandRef } from '../src/util/command-line.js';
import type { LookContext } from './types.js';
import { commandFor } from './command-line.js';

/** The agent turns a restart would cut off now (0 when the gateway is down or wedged: they are lost already). */
export function busyCount(look: { findings: readonly Finding[]; evidence: Evidence }): number {
  return restartsAtOnce(look.evidence, look.findings) ? 0 : busyAgents(look.evidence);
}

// A user id is an opaque id: its head is enough to tell the chats apart on a phone.
const short = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);

/** Who the `count` busy turns are and since when: the newest unanswered chats of gateway.log, else the state file's count. */
export function busyLines(locale: Locale, evidence: Evidence, count: number): string[] {
  const turns = openTurns(evidence).slice(-count);
  const lines = turns.map((x) =>
    x.user
      ? t(locale, 'restart.busy.turn', { platform: x.platform, user: short(x.user), since: formatTime(x.since) })
      : t(locale, 'restart.busy.turn_anon', { platform: x.platform, since: formatTime(x.since) }),
  );
  const at = evidence.state?.updated_at ? formatTime(evidence.state.updated_at) : '?';
  if (!turns.length) lines.push(t(locale, 'restart.busy.unnamed', { count, at }));
  else if (turns.length < count) lines.push(t(locale, 'restart.busy.more', { count: count - turns.length, at }));
  return lines;
}

/** Asks again and returns true when the restart would cut agent turns off; `ref` is the command that goes ahead anyway. */
export async function askedBusy(
  c: LookContext<{ interrupt?: boolean }>,
  target: string,
  look: { findings: readonly Finding[]; evidence: Evidence },
  ref: CommandRef,
): Promise<boolean> {
  const busy = busyCount(look);
  if (busy <= 0 || c.args.interrupt) return false;
  const anyway = { ...ref, interrupt: true };
  await c.respond({
    title: t(c.locale, 'restart.confirm_busy', { target, count: busy }),
    tone: 'warning',
    lines: [
      ...busyLines(c.locale, look.evidence, busy),
      t(c.locale, 'restart.send_interrupt', { cmd: commandFor(c, anyway) }),
    ],
    buttons: [commandButton(t(c.locale, 'restart.button.interrupt'), anyway, 'danger')],
    outcome: 'refused',
  });
  return true;
}
