// The config a CLI run uses: the file named or found, else the defaults, or the demo gateway's when there is no Hermes
// either. Start-up time is most of what a one-shot command costs: each loader runs only where a command needs it.
import type { Config } from '../config/schema.js';
import type { Loaded } from '../cli-check.js';
import { cliLocale } from './locale.js';
import { giveWay } from '../util/next-turn.js';
import { cliIo } from '../cli-io.js';

export const configLoad = () => import('../config/load.js');
/** The loader bound to the channel plugins (their schemas). */
export const channelConfig = () => import('../channels/config.js');
export const checkModule = () => import('../cli-check.js');
export const demoModule = () => import('../demo/index.js');
const demoConfigModule = () => import('./demo-config.js');

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
    // No config and no Hermes here: `run` watches the demo gateway so a newcomer sees the whole loop; every other
    // command finds the demo a daemon of this state_dir watched, while its home is there.
    demo: async (config) => {
      const { demoLeftIn, noHermesAt } = await demoConfigModule();
      if (opts.allowDemo ? !noHermesAt(config) : !demoLeftIn(config)) return undefined;
      return demoConfig(config.state_dir);
    },
  });
}

/** The demo gateway reconnects QQ every 20 s and shows a fault within seconds: scale the windows to match. */
export async function demoConfig(stateDir: string): Promise<Config> {
  return (await demoConfigModule()).demoConfigIn(stateDir, cliLocale(), cliIo().env);
}
