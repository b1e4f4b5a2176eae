// Builds the configured channels from the registry. Chat SDKs are imported lazily, only when configured, so `check`
// and the console stay light.
import type { Config } from '../config/schema.js';
import type { Channel } from '../types.js';
import { createConsoleChannel, type ConsoleOptions } from './console.js';
import { chatPlugins, registry } from './plugins.js';

export async function buildChannels(config: Config, o: { console?: boolean | ConsoleOptions } = {}): Promise<Channel[]> {
  const out: Channel[] = [];
  const ch = config.channels;
  if (o.console || ch.console) out.push(createConsoleChannel(typeof o.console === 'object' ? o.console : {}));
  for (const plugin of chatPlugins) {
    const settings = (ch as Record<string, unknown>)[plugin.type];
    if (settings) out.push(await plugin.create({ ...(settings as object), name: plugin.type }, config));
  }
  for (const n of ch.notifiers) {
    const plugin = registry.notifier(n.type as string)!;
    const { type: _type, name, ...settings } = n;
    out.push(await plugin.create({ ...settings, name: name ?? n.type }, config));
  }
  return out;
}

/** True when a two-way chat channel (one that takes commands) is configured. */
export function hasChatChannel(config: Config): boolean {
  return chatPlugins.some((p) => !!(config.channels as Record<string, unknown>)[p.type]);
}
