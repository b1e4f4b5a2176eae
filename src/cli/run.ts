// `gatewatch run`: the daemon, on the config found (or the demo gateway, for a newcomer with neither).
import type { Command } from 'commander';
import { withConfigErrors } from '../cli-errors.js';
import { runDaemon } from './daemon.js';
import { loadConfig } from './config.js';
import { tx } from './locale.js';

export function addRun(program: Command): void {
  program
    .command('run')
    .description(tx('cli.desc.run'))
    .option('-c, --config <file>', tx('cli.opt.config'))
    .option('--console', tx('cli.opt.console'))
    .action(
      withConfigErrors(async (o: { config?: string; console?: boolean }) => {
        const { config, demo } = await loadConfig(o.config, { allowDemo: true });
        await runDaemon(config, { demo: demo ? 'auto' : false, forceConsole: !!o.console });
      }),
    );
}
