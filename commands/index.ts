// The command bus: routes a chat message to its command, checks who may run it, audits it, and hands the command
// only the ports its role allows (a viewer's command cannot act). Help for anything unknown.
import type { Logger } from 'pino';
import type { InboundMessage, Locale, Operator, Respond, AuditInput } from '../src/types.js';
import { t } from '../src/i18n.js';
import { redact } from '../src/util/redact.js';
import type { Command, LookContext } from './types.js';
import type { ActPort, LookPort } from './ports.js';
import { status } from './status.js';
import { restart } from './restart.js';
import { logs } from './logs.js';
import { check } from './check.js';
import { ack } from './ack.js';
import { mute } from './mute.js';
import { unmute } from './unmute.js';
import { history } from './history.js';
import { doctor } from './doctor.js';
import { help } from './help.js';
import { demo, demoTarget } from './demo.js';
import { test } from './test.js';

export const commands: readonly Command[] = [status, restart, logs, check, ack, mute, unmute, history, doctor, test, help, demo];

/** What the bus needs besides the commands' own ports. */
export interface BusPorts {
  look: LookPort;
  act: ActPort;
  /** The operator a message comes from, or undefined for a stranger. */
  operatorFor(msg: InboundMessage): Operator | undefined;
  audit(record: AuditInput): Promise<void>;
  log: Logger;
  locale: Locale;
}

export function findCommand(word: string): Command | undefined {
  const w = word.replace(/^[/／]/, '').toLowerCase();
  return commands.find((c) => c.name === w || c.aliases?.includes(w));
}

export function parseCommandText(text: string): { word: string; args: string[] } {
  const [word = '', ...args] = text.trim().split(/\s+/).filter(Boolean);
  return { word, args };
}

/** The commands an operator may run; /demo only while a demo gateway is watched. */
function availableTo(operator: Operator, look: LookPort): Command[] {
  return commands.filter((cmd) => (cmd.role === 'viewer' || operator.role === 'admin') && (cmd.name !== 'demo' || demoTarget(look.targets())));
}

export async function dispatch(bus: BusPorts, msg: InboundMessage, respond: Respond): Promise<void> {
  const locale = bus.locale;
  const { word, args } = parseCommandText(msg.text);
  const operator = bus.operatorFor(msg);
  const who = `${msg.channel}:${msg.senderId}`;
  const text = redact(msg.text).slice(0, 200);
  if (!operator) {
    await bus.audit({ type: 'command.denied', actor: who, detail: { text, channel: msg.channel, reason: 'not an operator' } });
    await respond({ title: t(locale, 'denied'), tone: 'warning', outcome: 'refused' });
    return;
  }
  const base: LookContext = { look: bus.look, operator, locale, channel: msg.channel, args, respond, available: availableTo(operator, bus.look) };
  const cmd = findCommand(word);
  if (!cmd) {
    await help.run({ ...base, args: [], respond: (r) => respond({ ...r, title: `${word ? t(locale, 'unknown', { command: word }) + ' ' : ''}${r.title}` }) });
    return;
  }
  if (cmd.role === 'admin' && operator.role !== 'admin') {
    await bus.audit({ type: 'command.denied', actor: operator.name, detail: { text, channel: msg.channel, reason: `needs admin, is ${operator.role}` } });
    await respond({ title: t(locale, 'denied.role', { command: cmd.name, role: operator.role }), tone: 'warning', outcome: 'refused' });
    return;
  }
  await bus.audit({ type: 'command', actor: operator.name, detail: { command: cmd.name, args: args.map((a) => redact(a)), channel: msg.channel } });
  try {
    if (cmd.role === 'admin') await cmd.run({ ...base, act: bus.act });
    else await cmd.run(base);
  } catch (err) {
    bus.log.error({ err, command: cmd.name }, 'command failed');
    await respond({ title: t(locale, 'error', { message: redact((err as Error).message) }), tone: 'critical', outcome: 'failed' });
  }
}
