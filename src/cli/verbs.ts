// The CLI's verbs of the registry's commands (commands/registry.ts): one commander command each, built from the
// command's own `cli` declaration — its words, options and how they become the command's arguments — so a command is
// the same one in chat, on the command line and on the daemon's control socket. Parsed once here; checked by the
// command's schema where it runs (the daemon, or a one-shot app here).
import type { Command } from 'commander';
import { cliCommands } from '../../commands/registry.js';
import type { Command as RegistryCommand, CliVerb } from '../../commands/types.js';
import { CliUsage } from '../../commands/args.js';
import { t, usageWords } from '../i18n.js';
import { withConfigErrors } from '../cli-errors.js';
import { cliIo, exit } from '../cli-io.js';
import { checkModule, loadConfig } from './config.js';
import { runChatCommand } from './ask.js';
import { cliLocale, tx } from './locale.js';

/** Every registry command with a verb, in the registry's order. */
export function addVerbs(program: Command): void {
  for (const cmd of cliCommands) addVerb(program, cmd, cmd.cli!);
}

function addVerb(program: Command, cmd: RegistryCommand, verb: CliVerb): void {
  const c = program
    .command(cmd.name)
    .description(tx(verb.description))
    .option('-c, --config <file>', tx('cli.opt.config'))
    .option('--json', tx(verb.json ?? 'cli.opt.json_reply'));
  for (const o of verb.options ?? []) c.option(o.flags, tx(o.description));
  // Help's usage line is the verb's own (`[target] [n]`), not commander's `[args...]`.
  if (verb.usage) c.usage(usageWords(cliLocale(), `${verb.usage} [options]`));
  // `check` is what cron runs: its own module (and its own bundle, src/main.ts), its own --json.
  if (verb.findings) {
    c.action(withConfigErrors(async (o: { config?: string; json?: boolean }) => (await checkModule()).checkCommand(o)));
    return;
  }
  if (verb.words === false) c.action(withConfigErrors((o: Record<string, unknown>) => answer(cmd, verb, [], o)));
  else
    c.argument(
      verb.words ? `[${verb.words.name}...]` : '[args...]',
      verb.words ? tx(verb.words.description) : '',
    ).action(withConfigErrors((words: string[], o: Record<string, unknown>) => answer(cmd, verb, words, o)));
}

/** A usage error: one line on stderr and the verb's usage line, exit 64 (EX_USAGE). */
function usageError(cmd: RegistryCommand, verb: CliVerb, message: string): never {
  const usage = usageWords(cliLocale(), `gatewatch ${cmd.name}${verb.usage ? ` ${verb.usage}` : ''}`);
  cliIo().stderr.write(`gatewatch: ${message}\n${t(cliLocale(), 'cli.usage.line', { usage })}\n`);
  exit(64);
}

async function answer(cmd: RegistryCommand, verb: CliVerb, words: string[], o: Record<string, unknown>): Promise<void> {
  let req: ReturnType<CliVerb['request']>;
  try {
    req = verb.request(words, o, cliLocale());
  } catch (err) {
    // A bad count says what it wanted itself, without the usage line.
    if (!(err instanceof CliUsage)) throw err;
    cliIo().stderr.write(`gatewatch: ${err.message}\n`);
    exit(64);
  }
  if ('usage' in req) usageError(cmd, verb, req.usage);
  if ('refused' in req) {
    cliIo().stderr.write(`gatewatch: ${req.refused}\n`);
    exit(req.exit);
  }
  const { config, demo } = await loadConfig(o.config as string | undefined, {
    allowDemo: false,
    homesMayBeMissing: verb.reportsMissingHomes,
  });
  // Forms scripts used before the CLI had flags (`logs 30 4009`) are read as chat reads them.
  const ask = 'words' in req ? { text: [cmd.name, ...req.words].join(' ') } : { command: cmd.name, args: req.args };
  const print = { json: !!o.json, ...(typeof o.png === 'string' ? { png: o.png } : {}) };
  await runChatCommand(config, ask, print, verb.alone, { demoLeft: demo });
}
