// Builds the configured channels from the registry. Chat SDKs are imported lazily, only when configured, so `check`
// and the console stay light.
import type { Config } from '../config/schema.js';
import type { Channel } from '../types.js';
import type { Clock } from '../util/clock.js';
import { createConsoleChannel, type ConsoleOptions } from './console.js';
import { registry } from './plugins.js';
import { pluginHost, pluginSettings } from './config.js';

export async function buildChannels(
  config: Config,
  clock: Clock,
  o: { console?: boolean | ConsoleOptions } = {},
): Promise<Channel[]> {
  const out: Channel[] = [];
  if (o.console || config.channels.console)
    out.push(createConsoleChannel(typeof o.console === 'object' ? o.console : {}));
  for (const c of config.channelList) {
    const plugin = c.kind === 'chat' ? registry.chat(c.type)! : registry.notifier(c.type)!;
    out.push(await plugin.create(pluginSettings(c), pluginHost(config, clock, c.name)));
  }
  return out;
}

/** True when a two-way chat channel (one that takes commands) is configured. */
export function hasChatChannel(config: Config): boolean {
  return config.channelList.some((c) => c.kind === 'chat');
}
