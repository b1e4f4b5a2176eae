// The config loader bound to the registry's channel plugins, and the host facts each plugin is given. Everything that
// reads a config file comes through here (the CLI, the daemon, the tests).
import { configLoader } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { ConfiguredChannel } from '../config/channels.js';
import type { PluginHost } from '../channel-kit/plugin.js';
import type { Clock } from '../util/clock.js';
import { registry } from './plugins.js';
import { withDiscoveredTargets } from '../probes/discover-targets.js';

export const { configSchema, parseConfig, loadConfigFile, collectConfigFile, defaultConfig, resolveConfig } =
  configLoader(registry.plugins, withDiscoveredTargets);

/** What a plugin is told when its channel is built from this config (everything but itself as its peers). */
export function pluginHost(
  config: Pick<Config, 'locale' | 'source' | 'targets' | 'channelList'>,
  clock: Clock,
  self?: string,
): PluginHost {
  return {
    clock,
    locale: config.locale,
    source: config.source,
    targets: config.targets,
    peers: config.channelList.filter((c) => c.name !== self).map(({ name, type, kind }) => ({ name, type, kind })),
  };
}

/** A configured channel's settings as its plugin's `create` (and `asker`) takes them: its own keys and its name. */
export function pluginSettings(c: ConfiguredChannel): Record<string, unknown> & { name: string } {
  const { type: _type, name: _name, ...settings } = c.settings;
  return { ...settings, name: c.name };
}
