// Builds the configured channels. Chat SDKs are imported lazily, only when configured, so `check` and the
// console stay light.
import type { Config } from '../config/schema.js';
import type { Channel } from '../types.js';
import { createConsoleChannel, type ConsoleOptions } from './console.js';
import { notifierPlugins } from './plugins.js';
import { plugin as telegramPlugin } from './telegram/plugin.js';

export async function buildChannels(config: Config, o: { console?: boolean | ConsoleOptions } = {}): Promise<Channel[]> {
  const out: Channel[] = [];
  const ch = config.channels;
  if (o.console || ch.console) out.push(createConsoleChannel(typeof o.console === 'object' ? o.console : {}));
  if (ch.qq) out.push((await import('./qq/index.js')).createChannel(config));
  if (ch.feishu) out.push((await import('./feishu/index.js')).createChannel(config));
  if (ch.telegram) out.push(await telegramPlugin.create({ ...ch.telegram, name: 'telegram' }, config));
  for (const n of ch.notifiers) {
    const plugin = notifierPlugins.find((p) => p.type === n.type)!;
    const { type: _type, name, ...settings } = n;
    out.push(await plugin.create({ ...settings, name: name ?? n.type }, config));
  }
  return out;
}
