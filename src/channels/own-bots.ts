// gatewatch's own bots, as "us or them" asks them (src/core/scope-probes.ts): each configured chat channel that can ask
// the Hermes platform it travels over (its plugin's `platform`), paired with that platform.
import type { Channel } from '../types.js';
import type { Config } from '../config/schema.js';
import type { OwnBot } from '../core/scope-probes.js';
import type { Clock } from '../util/clock.js';
import { registry } from './plugins.js';
import { pluginHost, pluginSettings } from './config.js';

/** The daemon's: its running channels. */
export function ownBots(channels: readonly Channel[]): OwnBot[] {
  return channels.flatMap((ch) => {
    const platform = registry.chat(ch.name)?.platform;
    const ask = ch.askPlatform;
    return platform && ask ? [{ platform, channel: ch.name, ask: (signal: AbortSignal) => ask.call(ch, signal) }] : [];
  });
}

/**
 * A run that starts no channel (a one-shot `gatewatch check` from cron, /status from the terminal): each configured
 * chat channel's question with its credentials (its plugin's `asker`), built at its first question, not before: a run
 * with no platform finding loads none of it, and nothing is connected, polled or sent.
 */
export function configuredBots(
  config: Pick<Config, 'locale' | 'source' | 'targets' | 'channelList'>,
  clock: Clock,
): OwnBot[] {
  return config.channelList.flatMap((c) => {
    const plugin = c.kind === 'chat' ? registry.chat(c.type) : undefined;
    const build = plugin?.asker?.bind(plugin);
    if (!plugin?.platform || !build) return [];
    let asker: ReturnType<typeof build> | undefined;
    const prepare = () => (asker ??= build(pluginSettings(c), pluginHost(config, clock, c.name)));
    const ask = async (signal: AbortSignal) => (await prepare())(signal);
    return [{ platform: plugin.platform, channel: c.name, prepare, ask }];
  });
}
