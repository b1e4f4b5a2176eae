// `gatewatch run`: the daemon, on the config found (or the demo gateway, for a newcomer with neither).
import type { Command } from 'commander';
import { withConfigErrors } from '../cli-errors.js';
import { runDaemon } from './daemon.js';
import { loadConfig } from './config.js';
import { tx } from './locale.js';
import { giveWay } from '../util/next-turn.js';

export interface RunOptions {
  config?: string;
  console?: boolean;
}

/** `gatewatch run` with its options parsed: what commander's action runs, and src/main.ts for a plain `run`. */
export const runCommand = withConfigErrors(async (o: RunOptions) => {
  const { config, demo } = await loadConfig(o.config, { allowDemo: true });
  await giveWay();
  await runDaemon(config, { demo: demo ? 'auto' : false, forceConsole: !!o.console });
});

export function addRun(program: Command): void {
  program
    .command('run')
    .description(tx('cli.desc.run'))
    .option('-c, --config <file>', tx('cli.opt.config'))
    .option('--console', tx('cli.opt.console'))
    .action((o: RunOptions) => runCommand(o));
}
