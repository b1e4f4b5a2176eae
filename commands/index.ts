// Routes a chat message to its command: who may run it, the audit record, and help for anything unknown.
import type { App } from '../src/app.js';
import type { InboundMessage, Locale, Respond } from '../src/types.js';
import type { TargetConfig } from '../src/config/schema.js';
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

/**
 * The configured target a word names: exactly, else ignoring case (phone keyboards capitalise). Never a fallback: a
 * word that names no target is undefined, so a typo cannot act on some other gateway or on all of them.
 */
export function findTarget(app: App, name: string): TargetConfig | undefined {
  return app.config.targets.find((x) => x.name === name) ?? app.config.targets.find((x) => x.name.toLowerCase() === name.toLowerCase());
}

/** Tell the sender which targets exist. */
export async function refuseTarget(c: { app: App; locale: Locale; respond: Respond }, name: string): Promise<void> {
  await c.respond({ title: t(c.locale, 'target.unknown', { target: name, targets: c.app.config.targets.map((x) => x.name).join(', ') }), tone: 'warning', outcome: 'unknown_target' });
}

/**
 * Resolve a target argument. No name means the only target; an unknown name, or no name while there are several
 * targets, gets the list of targets and undefined.
 */
export async function targetArg(c: { app: App; locale: Locale; respond: Respond }, name: string | undefined): Promise<TargetConfig | undefined> {
  const targets = c.app.config.targets;
  const target = name === undefined ? (targets.length === 1 ? targets[0] : undefined) : findTarget(c.app, name);
  if (!target && name === undefined) await c.respond({ title: t(c.locale, 'target.which', { targets: targets.map((x) => x.name).join(', ') }), tone: 'info', outcome: 'refused' });
  else if (!target) await refuseTarget(c, name!);
  return target;
}

/** The targets a read command acts on: the one named, or all. An unknown name gets the list and no targets. */
export async function targetsArg(c: { app: App; locale: Locale; respond: Respond; args: string[] }): Promise<TargetConfig[]> {
  if (!c.args[0]) return c.app.config.targets;
  const one = await targetArg(c, c.args[0]);
  return one ? [one] : [];
}
