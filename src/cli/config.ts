// The config a CLI run uses: the file named or found, else the defaults, or the demo gateway's when there is no Hermes
// either. Start-up time is most of what a one-shot command costs: each loader runs only where a command needs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Loaded } from '../cli-check.js';
import { cliLocale } from './locale.js';
import { giveWay } from '../util/next-turn.js';

export const configLoad = () => import('../config/load.js');
/** The loader bound to the channel plugins (their schemas). */
export const channelConfig = () => import('../channels/config.js');
export const checkModule = () => import('../cli-check.js');
export const demoModule = () => import('../demo/index.js');

export async function loadConfig(
  file: string | undefined,
  opts: { allowDemo: boolean; homesMayBeMissing?: boolean },
): Promise<Loaded> {
  // A command's start in turns of the loop (the modules' compile, their evaluation, the config's parse), for the daemon
  // one more after it (runCommand): in one, they held its loop for ~100 ms, a signal or a timer waiting behind them.
  await giveWay();
  const check = await checkModule();
  await giveWay();
  return check.loadConfig(file, {
    homesMayBeMissing: opts.homesMayBeMissing,
    // No config and no Hermes here: watch the demo gateway so a newcomer sees the whole loop.
    demo: async (config) => {
      const home = config.targets[0]!.hermes_home;
      if (
        !opts.allowDemo ||
        existsSync(path.join(home, 'gateway.pid')) ||
        existsSync(path.join(home, 'logs', 'gateway.log'))
      )
        return undefined;
      return demoConfig(config.state_dir);
    },
  });
}

/** The demo gateway reconnects QQ every 20 s and shows a fault within seconds: scale the windows to match. */
export async function demoConfig(stateDir: string): Promise<Config> {
  const [{ configSchema, resolveConfig }, { demoHome, demoTargetConfig, demoWatchSettings }] = await Promise.all([
    channelConfig(),
    demoModule(),
  ]);
  const watch = demoWatchSettings();
  const raw = configSchema.parse({
    ...watch,
    state_dir: stateDir,
    // No config file: the language of the terminal.
    locale: cliLocale(),
    targets: [demoTargetConfig(demoHome(stateDir))],
    // The terminal, and what the settings add (an end-to-end test's webhook that records every alert).
    channels: { ...(watch.channels as object | undefined), console: {} },
  });
  return resolveConfig(raw, undefined);
}
