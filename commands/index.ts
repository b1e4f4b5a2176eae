// Routes a chat message to its command: who may run it, the audit record, and help for anything unknown.
import type { App } from '../src/app.js';
import type { InboundMessage, Respond } from '../src/types.js';
import { t } from '../src/i18n.js';
import { redact } from '../src/util/redact.js';
import type { Command } from './types.js';
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
import { demo } from './demo.js';
import { test } from './test.js';

export const commands: Command[] = [status, restart, logs, check, ack, mute, unmute, history, doctor, test, help, demo];

export function findCommand(word: string): Command | undefined {
  const w = word.replace(/^[/／]/, '').toLowerCase();
  return commands.find((c) => c.name === w || c.aliases?.includes(w));
}

export function parseCommandText(text: string): { word: string; args: string[] } {
  const [word = '', ...args] = text.trim().split(/\s+/).filter(Boolean);
  return { word, args };
}

export async function dispatch(app: App, msg: InboundMessage, respond: Respond): Promise<void> {
  const locale = app.config.locale;
  const { word, args } = parseCommandText(msg.text);
  const operator = app.operatorFor(msg);
  const who = `${msg.channel}:${msg.senderId}`;
  const text = redact(msg.text).slice(0, 200);
  if (!operator) {
    await app.audit.write({ type: 'command.denied', actor: who, detail: { text, channel: msg.channel, reason: 'not an operator' } });
    await respond({ title: t(locale, 'denied'), tone: 'warning', outcome: 'refused' });
    return;
  }
  const cmd = findCommand(word);
  if (!cmd) {
    await help.run({ app, operator, locale, channel: msg.channel, args: [], respond: (r) => respond({ ...r, title: `${word ? t(locale, 'unknown', { command: word }) + ' ' : ''}${r.title}` }) });
    return;
  }
  if (cmd.role === 'admin' && operator.role !== 'admin') {
    await app.audit.write({ type: 'command.denied', actor: operator.name, detail: { text, channel: msg.channel, reason: `needs admin, is ${operator.role}` } });
    await respond({ title: t(locale, 'denied.role', { command: cmd.name, role: operator.role }), tone: 'warning', outcome: 'refused' });
    return;
  }
  await app.audit.write({ type: 'command', actor: operator.name, detail: { command: cmd.name, args: args.map((a) => redact(a)), channel: msg.channel } });
  try {
    await cmd.run({ app, operator, locale, channel: msg.channel, args, respond });
  } catch (err) {
    app.log.error({ err, command: cmd.name }, 'command failed');
    await respond({ title: t(locale, 'error', { message: redact((err as Error).message) }), tone: 'critical', outcome: 'failed' });
  }
}

// Target arguments live apart, so a command module can use them without loading every command.
export { findTarget, refuseTarget, targetArg, targetsArg } from './targets.js';
