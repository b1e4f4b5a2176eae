// `gatewatch init`: find the Hermes homes, ask for one channel, write the config and its env file.
import { Option, type Command } from 'commander';
import type { InitOptions } from '../init/index.js';
import { withConfigErrors } from '../cli-errors.js';
import { cliIo } from '../cli-io.js';
import { cliLocale, tx } from './locale.js';
import { t } from '../i18n.js';
import { gatewatchLine } from '../util/invocation.js';
import { systemClock } from '../util/clock.js';

export function addInit(program: Command): void {
  program
    .command('init')
    .description(t(cliLocale(), 'cli.desc.init', { run: gatewatchLine('run') }))
    .option('-y, --yes', tx('cli.opt.yes_init'))
    .option('--hermes-home <dir>', tx('cli.opt.hermes_home'))
    .option('--channel <name>', tx('cli.opt.channel'))
    .option('--operator-id <id>', tx('cli.opt.operator_id'))
    .option('--app-id <id>', tx('cli.opt.app_id'))
    .option('--force', tx('cli.opt.force'))
    .option('-c, --config <file>', tx('cli.opt.config_init'))
    .addOption(new Option('--locale <locale>', tx('cli.opt.locale')).choices(['en', 'zh-CN']))
    .action(
      withConfigErrors(async (o: InitOptions) => {
        const [{ runInit }, { stdinAsker }] = await Promise.all([import('../init/index.js'), import('../init/ask.js')]);
        const asker = stdinAsker(cliIo().stdin, cliIo().stdout);
        try {
          await runInit(o, {
            asker,
            env: cliIo().env,
            cwd: cliIo().cwd,
            say: (...lines) => cliIo().stdout.write(lines.map((l) => l + '\n').join('')),
            clock: systemClock,
          });
        } finally {
          asker.close();
        }
      }),
    );
}
