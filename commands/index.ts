// The command bus: routes a chat message (or the CLI's request) to its command in the registry, checks who may run it,
// parses its arguments (the one place: a refusal is said in the operator's words, arg-problem.ts), audits it, and hands
// the command only the ports its role allows (a viewer's command cannot act). Help for anything unknown.
import type { Logger } from 'pino';
import type { InboundMessage, Locale, Operator, Respond, AuditInput } from '../src/types.js';
import { t, usageWords } from '../src/i18n.js';
import { redact } from '../src/util/redact.js';
import { dialectOf } from '../src/util/command-line.js';
import type { Command, CommandRequest } from './types.js';
import type { ActPort, LookPort } from './ports.js';
import type { StrangerGate } from './strangers.js';
import { commands, findCommand } from './registry.js';
import { help } from './verbs/help.js';
import { demoTarget } from './verbs/demo.js';
import { argProblem } from './arg-problem.js';

/** What the bus needs besides the commands' own ports. */
export interface BusPorts {
  look: LookPort;
  act: ActPort;
  /** The operator a message comes from, or undefined for a stranger. */
  operatorFor(msg: InboundMessage): Operator | undefined;
  audit(record: AuditInput): Promise<void>;
  /** Strangers' refusals, one per sender and window. */
  strangers: StrangerGate;
  log: Logger;
  locale: Locale;
}

export function parseCommandText(text: string): { word: string; args: string[] } {
  const [word = '', ...args] = text.trim().split(/\s+/).filter(Boolean);
  return { word, args };
}

/** The commands an operator may run; /demo only while a demo gateway is watched. */
function availableTo(operator: Operator, look: LookPort): Command[] {
  return commands.filter(
    (cmd) =>
      (cmd.role === 'viewer' || operator.role === 'admin') && (cmd.name !== 'demo' || demoTarget(look.targets())),
  );
}

/** Who sent a command, and from where. */
export interface Sender {
  channel: InboundMessage['channel'];
  senderId: string;
}

/** A chat message: its first word names the command, the rest are read by the command's own `fromWords`. */
export async function dispatch(bus: BusPorts, msg: InboundMessage, respond: Respond): Promise<void> {
  const { word, args } = parseCommandText(msg.text);
  const cmd = findCommand(word);
  const names = bus.look.targets().map((t) => t.name);
  await run(
    bus,
    msg,
    { word, raw: redact(msg.text).slice(0, 200), auditArgs: args.map(auditWord) },
    cmd,
    () => cmd?.fromWords(args, names) ?? {},
    respond,
  );
}

/** A structured request (the CLI over the control socket): the arguments are checked by the command's schema only. */
export async function dispatchRequest(
  bus: BusPorts,
  from: Sender,
  req: CommandRequest,
  respond: Respond,
): Promise<void> {
  const cmd = findCommand(req.command);
  const auditArgs = Object.entries(req.args)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => auditWord(v === true ? k : `${k}=${String(v)}`));
  await run(
    bus,
    from,
    { word: req.command, raw: redact(`${req.command} ${auditArgs.join(' ')}`).slice(0, 200), auditArgs },
    cmd,
    () => req.args,
    respond,
  );
}

/**
 * A word as the audit log (and /history, which reads it) keeps it: redacted, then cut. A word is a target name, a
 * count, a filter: a page of text pasted into chat is not kept whole on every command that names it.
 */
function auditWord(word: string): string {
  const r = redact(word);
  return r.length > 100 ? `${r.slice(0, 100)}…` : r;
}

async function run(
  bus: BusPorts,
  from: Sender,
  said: { word: string; raw: string; auditArgs: string[] },
  cmd: Command | undefined,
  rawArgs: () => unknown,
  respond: Respond,
): Promise<void> {
  const locale = bus.locale;
  const operator = bus.operatorFor({ channel: from.channel, senderId: from.senderId, text: said.raw });
  const text = said.raw;
  if (!operator) {
    const gate = bus.strangers.note(`${from.channel}:${from.senderId}`, bus.look.now());
    if (!gate.answer) return;
    const repeated = gate.suppressed ? { suppressed: gate.suppressed } : {};
    await bus.audit({
      type: 'command.denied',
      actor: `${from.channel}:${from.senderId}`,
      detail: { text, channel: from.channel, reason: 'not an operator', ...repeated },
    });
    await respond({ title: t(locale, 'denied'), tone: 'warning', outcome: 'refused' });
    return;
  }
  const base = {
    look: bus.look,
    operator,
    locale,
    channel: from.channel,
    respond,
    available: availableTo(operator, bus.look),
  };
  if (!cmd) {
    const word = said.word;
    await help.run({
      ...base,
      args: {},
      respond: (r) =>
        respond({ ...r, title: `${word ? t(locale, 'unknown', { command: word }) + ' ' : ''}${r.title}` }),
    });
    return;
  }
  if (cmd.role === 'admin' && operator.role !== 'admin') {
    await bus.audit({
      type: 'command.denied',
      actor: operator.name,
      detail: { text, channel: from.channel, reason: `needs admin, is ${operator.role}` },
    });
    await respond({
      title: t(locale, 'denied.role', { command: cmd.name, role: operator.role }),
      tone: 'warning',
      outcome: 'refused',
    });
    return;
  }
  // reportInput: the refusal may name what was given (short and redacted), as `gatewatch uptime --window 1y` does.
  const parsed = cmd.args.safeParse(rawArgs(), { reportInput: true });
  if (!parsed.success) {
    await respond({
      title: t(locale, 'usage', {
        // In the dialect of the surface that asked: the CLI's verb and flags there.
        usage:
          dialectOf(from.channel) === 'cli' && cmd.cli
            ? usageWords(locale, `gatewatch ${cmd.name} ${cmd.cli.usage}`.trim())
            : usageWords(locale, cmd.usage, { examples: true }),
        problem: argProblem(parsed.error.issues[0]!, cmd.name, locale),
      }),
      tone: 'warning',
      outcome: 'usage',
    });
    return;
  }
  // The role lets /history tell a look (hidden unless asked for) from an action.
  await bus.audit({
    type: 'command',
    actor: operator.name,
    detail: { command: cmd.name, role: cmd.role, args: said.auditArgs, channel: from.channel },
  });
  try {
    if (cmd.role === 'admin') await cmd.run({ ...base, args: parsed.data, act: bus.act });
    else await cmd.run({ ...base, args: parsed.data });
  } catch (err) {
    bus.log.error({ err, command: cmd.name }, 'command failed');
    await respond({
      title: t(locale, 'error', { message: redact((err as Error).message) }),
      tone: 'critical',
      outcome: 'failed',
    });
  }
}
