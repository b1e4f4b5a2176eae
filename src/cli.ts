// gatewatch CLI: the daemon, a cron-friendly one-shot check, and the commands of the registry run from the terminal.
// Loaded by src/main.ts (the executable), which sends a plain `check` to its own bundle instead. Each verb is built in
// its own module: the registry's commands from their declarations (src/cli/verbs.ts), the CLI's own verbs (the
// daemon, validate, init, install, the demo playground) one file each under src/cli/.
import { Command } from 'commander';
import { GATEWATCH_VERSION } from './util/version.js';
import { failAndExit } from './cli-errors.js';
import { localizeCommander } from './cli-help.js';
import { addRun } from './cli/run.js';
import { addVerbs } from './cli/verbs.js';
import { addValidate } from './cli/validate.js';
import { addInit } from './cli/init.js';
import { addService } from './cli/install.js';
import { addDemo } from './cli/demo.js';
import { cliLocale, tx } from './cli/locale.js';
import { cliIo } from './cli-io.js';
import { loadLocale } from './i18n.js';
import { localeFromEnv } from './util/locale-env.js';

/** Every command, built afresh for each run: its words are in the language of that run's terminal. */
export function buildProgram(): Command {
  const program = new Command();
  localizeCommander(program, cliLocale());
  program
    .name('gatewatch')
    .description(tx('cli.desc.program'))
    .version(GATEWATCH_VERSION, '-V, --version', tx('cli.help.version'));
  for (const add of [addRun, addVerbs, addValidate, addInit, addService, addDemo]) add(program);
  return program;
}

/**
 * One run of the command line `argv` (as process.argv: node, the script, then the arguments), with the I/O of
 * cliIo(). Resolves when the command is done; a command that ends with a code exits (see exit in cli-io.ts).
 */
export async function runCli(argv: string[]): Promise<void> {
  // The zh-CN catalogue loads with every command but the daemon, which loads it for a Chinese config or terminal
  // (src/cli/daemon.ts): the daemon of an English config never reads it.
  if (argv[2] !== 'run' || localeFromEnv(cliIo().env) === 'zh-CN') await loadLocale('zh-CN');
  await buildProgram().parseAsync(argv).catch(failAndExit);
}
