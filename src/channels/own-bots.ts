// gatewatch's own bots, as "us or them" asks them (src/core/scope-probes.ts): each configured chat channel that can ask
// the Hermes platform it travels over (its plugin's `platform`), paired with that platform.
import type { Channel } from '../types.js';
import type { OwnBot } from '../core/scope-probes.js';
import { registry } from './plugins.js';

export function ownBots(channels: readonly Channel[]): OwnBot[] {
  return channels.flatMap((ch) => {
    const platform = registry.chat(ch.name)?.platform;
    const ask = ch.askPlatform;
    return platform && ask ? [{ platform, channel: ch.name, ask: (signal: AbortSignal) => ask.call(ch, signal) }] : [];
  });
}
