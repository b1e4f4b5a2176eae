// `gatewatch check`, and what every command shares with it: finding and loading the config, and turning a config
// error into exit 78. A cron job runs check every few minutes, so it has a bundle of its own (dist/src/bundle-check.cjs,
// see scripts/bundle.mjs and src/main.ts): everything it loads is imported statically here, nothing else is.
import { existsSync } from 'node:fs';
import type { Config } from './config/schema.js';
import { defaultConfig, loadConfigFile } from './channels/config.js';
import type { Locale, Reply } from './types.js';
import { addCatalog } from './i18n.js';
import { localeFromEnv } from './util/locale-env.js';
import { ConfigError, assertHermesHomesExist, configErrorLocale, findConfigPath } from './config/load.js';
import { askDaemon } from './control/client.js';
import { createApp, type App } from './app.js';
import { runCheck } from './control/check.js';
import { createLazyLogger } from './util/logger.js';
import { withConfigErrors } from './cli-errors.js';
import { cliIo, debugLine, exit } from './cli-io.js';
import { systemClock } from './util/clock.js';
import { step, stepsTaken } from './util/steps.js';
import { demoConfigIn, demoLeftIn, demoStoppedNote } from './cli/demo-config.js';

export interface Loaded {
  config: Config;
  demo: boolean;
}

/**
 * The config named or found (see findConfigPath). Without one: the defaults, or whatever `demo` makes of them (run
 * watches the demo gateway when there is no Hermes either).
 */
export async function loadConfig(
  file: string | undefined,
  opts: { homesMayBeMissing?: boolean; demo?: (defaults: Config) => Promise<Config | undefined> } = {},
): Promise<Loaded> {
  const found = findConfigPath(file);
  if (found) {
    if (!existsSync(found)) throw new ConfigError(found, undefined, '', { key: 'config.error.not_found' });
    const config = loadConfigFile(found);
    // doctor is where a missing home is diagnosed, among the rest; everything else refuses to start on it.
    if (!opts.homesMayBeMissing) assertHermesHomesExist(config);
    return { config, demo: false };
  }
  const config = defaultConfig();
  const demo = await opts.demo?.(config);
  return demo ? { config: demo, demo: true } : { config, demo: false };
}

/** Check's one look: it logs at warn and mostly writes nothing (pino loads with the first line written). */
export async function oneShotApp(config: Config, o: { playground?: boolean } = {}): Promise<App> {
  return createApp(config, {
    log: createLazyLogger(cliIo().env.GATEWATCH_LOG_LEVEL ?? 'warn'),
    readOnly: true,
    oneLook: true,
    // The demo a daemon left: its restarts are the playground's, as that daemon marked them.
    ...(o.playground ? { playground: true } : {}),
  });
}

/** Reply → terminal text; the renderer loads only when there is something to print. */
const renderText = async () => (await import('./delivery/render-text.js')).renderText;

/**
 * The catalogue of a locale besides English. Check's own bundle leaves zh-CN out (most cron runs read English) and
 * loads it from its own file here (scripts/bundle.mjs); everywhere else it is loaded already.
 */
async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'zh-CN') addCatalog(locale, (await import('./text/zh-CN.js')).zhCN);
}

export interface CheckOptions {
  config?: string;
  json?: boolean;
}

/** Prints nothing and exits 0 when healthy; else the findings, exit 1 (warning) or 2 (critical). */
export async function checkCommand(o: CheckOptions): Promise<void> {
  // The terminal's language words an error before a config is read; the config's, the findings.
  const io = cliIo();
  const { config, demo } = await step('config', async () => {
    await loadLocale(localeFromEnv(io.env));
    // No config and no Hermes: the demo a daemon of this state_dir watched (its home is there), as `status` finds it.
    const demo = async (c: Config) =>
      demoLeftIn(c) ? demoConfigIn(c.state_dir, localeFromEnv(io.env), io.env) : undefined;
    const loaded = await loadConfig(o.config, { demo }).catch(async (err: unknown) => {
      // Refused in the terminal's language, else the file's own (configErrorLocale): its catalogue is needed to say so.
      if (err instanceof ConfigError) await loadLocale(configErrorLocale(err, io.env));
      throw err;
    });
    await loadLocale(loaded.config.locale);
    return loaded;
  });
  const print = async (r: Reply) => void io.stdout.write((await renderText())(r) + '\n');
  // A running daemon answers with its own view; else one look from here.
  const remote = await step('daemon', () =>
    askDaemon(config.state_dir, { text: 'check', json: !!o.json }, print, { clock: systemClock }),
  );
  if (remote) {
    if (remote.error) io.stderr.write(`gatewatch: ${remote.error}\n`);
    if (o.json && remote.check) io.stdout.write(JSON.stringify(remote.check, null, 2) + '\n');
    exit(remote.exit);
  }
  // No daemon: the demo it watched is stopped with it, said before what it saw.
  const note = demo ? await demoStoppedNote(config.state_dir, config.locale) : undefined;
  if (note) io.stderr.write(`gatewatch: ${note}\n`);
  const app = await step('app', () => oneShotApp(config, { playground: demo }));
  const c = await step('look', () => runCheck(app.core));
  await step('output', async () => {
    // The log it read is closed now, not by the garbage collector: a check may run inside a longer process (the CLI's
    // code in-process).
    for (const w of app.watches.values()) await w.stop();
    if (o.json) io.stdout.write(JSON.stringify(c.summary, null, 2) + '\n');
    else for (const r of c.replies) await print(r);
  });
  if (io.env.GATEWATCH_DEBUG) debugLine(`gatewatch debug: steps ${stepsTaken()}\n`);
  exit(c.exit);
}

export const runPlainCheck = withConfigErrors(checkCommand);
