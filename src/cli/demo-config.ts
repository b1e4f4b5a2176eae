// The demo's config: its target (the demo gateway's home under the state_dir, named `demo`) and the watch settings
// scaled to its pace. `gatewatch run` watches it for a newcomer with no config and no Hermes; the commands after it
// (`status`, `check`, `incident demo-1` …) find the same target and state while its home is there, so what the demo
// daemon watched is what they read. Light: check's own bundle imports it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Locale } from '../types.js';
import { configSchema, resolveConfig } from '../channels/config.js';
import { demoHome, demoTargetConfig, demoWatchSettings } from '../demo/target.js';
import { isDemoHome } from '../demo/home.js';
import { gatewayLiveness } from '../demo/liveness.js';
import { t } from '../i18n.js';
import { gatewatchLine } from '../util/invocation.js';

export function demoConfigIn(stateDir: string, locale: Locale, env: NodeJS.ProcessEnv): Config {
  const watch = demoWatchSettings(env);
  const raw = configSchema.parse({
    ...watch,
    state_dir: stateDir,
    // No config file: the language of the terminal.
    locale,
    targets: [demoTargetConfig(demoHome(stateDir))],
    // The terminal, and what the settings add (an end-to-end test's webhook that records every alert).
    channels: { ...(watch.channels as object | undefined), console: {} },
  });
  return resolveConfig(raw, undefined);
}

/** The defaults' Hermes home has no gateway (no pid file, no log): with no config either, run would watch the demo. */
export function noHermesAt(defaults: Config): boolean {
  const home = defaults.targets[0]!.hermes_home;
  return !existsSync(path.join(home, 'gateway.pid')) && !existsSync(path.join(home, 'logs', 'gateway.log'));
}

/** With no config and no Hermes, the demo a daemon of this state_dir watched: its home is there. */
export function demoLeftIn(defaults: Config): boolean {
  return noHermesAt(defaults) && isDemoHome(demoHome(defaults.state_dir));
}

/**
 * Said before what a command without a daemon reads of the demo: its gateway is stopped (the daemon stops it as it
 * quits), what follows is what was seen, and how to start both again. Undefined while its gateway runs.
 */
export async function demoStoppedNote(stateDir: string, locale: Locale): Promise<string | undefined> {
  const live = await gatewayLiveness(demoHome(stateDir)).catch(() => undefined);
  return live?.alive ? undefined : t(locale, 'cli.demo.left_stopped', { cmd: gatewatchLine('demo') });
}
