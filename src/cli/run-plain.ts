// A plain `gatewatch run` (src/main.ts), as the service starts it: the daemon without commander, ended as runCli ends
// every command (an error is one line, see src/cli-errors.ts).
import { failAndExit } from '../cli-errors.js';
import { cliIo } from '../cli-io.js';
import { loadLocale } from '../i18n.js';
import { localeFromEnv } from '../util/locale-env.js';
import { runCommand, type RunOptions } from './run.js';

export async function runPlain(o: RunOptions): Promise<void> {
  // As runCli: the daemon loads the zh-CN catalogue for a Chinese terminal here, for a Chinese config itself.
  if (localeFromEnv(cliIo().env) === 'zh-CN') await loadLocale('zh-CN');
  await runCommand(o).catch(failAndExit);
}
