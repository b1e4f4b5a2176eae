// `gatewatch validate`: every problem of a config in one run, without contacting anything; exit 0 or 78.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { EX_CONFIG, withConfigErrors } from '../cli-errors.js';
import { t } from '../i18n.js';
import { cliIo, exit } from '../cli-io.js';
import { homeDir } from '../util/run-env.js';
import { channelConfig, configLoad } from './config.js';
import { cliLocale, tx } from './locale.js';
import type { Locale } from '../types.js';

export function addValidate(program: Command): void {
  program
    .command('validate')
    .description(tx('cli.desc.validate'))
    .option('-c, --config <file>', tx('cli.opt.config'))
    .action(
      withConfigErrors(async (o: { config?: string }) => {
        const [
          { ConfigError, configErrorLocale, findConfigPath },
          { collectConfigFile },
          { validateConfig, formatProblem, loaderProblem },
        ] = await Promise.all([configLoad(), channelConfig(), import('../channels/validate.js')]);
        const file = findConfigPath(o.config);
        if (!file)
          throw new ConfigError(path.join(homeDir(), '.config', 'gatewatch', 'config.yaml'), undefined, '', {
            key: 'config.error.no_file',
          });
        if (!existsSync(file)) throw new ConfigError(file, undefined, '', { key: 'config.error.not_found' });
        // Every problem in one run: the loader's (each unset variable, each bad key), then what only validate checks.
        const loaded = collectConfigFile(file);
        const own = loaded.config?.locale ?? loaded.problems.find((p) => p.locale)?.locale;
        const check = (locale: Locale | undefined) =>
          loaded.config
            ? validateConfig({ ...loaded.config, ...(locale ? { locale } : {}) }, loaded.notifierIndex)
            : { problems: [], summary: [] };
        let v = check(own);
        // The config's locale once it is read, else the one the file names. A config that cannot run is refused in
        // the terminal's language where its environment names one, as every config error is (configErrorLocale).
        const failed = loaded.problems.length > 0 || v.problems.some((p) => p.level === 'error');
        const l = failed ? configErrorLocale({ locale: own }, cliIo().env) : (own ?? cliLocale());
        if (l !== (loaded.config?.locale ?? l)) v = check(l);
        // A key the loader reported (an unset variable keeps its ${NAME}) is not reported again as a placeholder.
        const fromLoader = loaded.problems.map((e) => loaderProblem(e, l));
        const reported = new Set(fromLoader.map((p) => p.key));
        const problems = [...fromLoader, ...v.problems.filter((p) => !reported.has(p.key))].sort(
          (a, b) => (a.line ?? 0) - (b.line ?? 0),
        );
        const errors = problems.filter((p) => p.level === 'error');
        cliIo().stdout.write([t(l, 'validate.config', { file }), ...v.summary, ''].join('\n'));
        for (const p of problems) cliIo().stderr.write(formatProblem(file, p, l) + '\n');
        cliIo().stdout.write(
          (errors.length
            ? t(l, 'validate.errors', { count: errors.length })
            : problems.length
              ? t(l, 'validate.ok.warnings', { count: problems.length })
              : t(l, 'validate.ok')) + '\n',
        );
        exit(errors.length ? EX_CONFIG : 0);
      }),
    );
}
