// A channel is a plugin: one folder (or one notifier file) owns its config schema, the operator field that identifies
// its users (if it takes commands), the config keys that are secrets, how it reads in doctor and validate, and its
// factory. The registry lists plugins; the config schema, the operator lookup and the channel list are all built from
// it, so a new channel is its folder plus one registry line. Plugins never import each other and never see the whole
// config: `create` gets the plugin's own settings and the host facts below.
import type { ChannelSpec } from '../config/channel-spec.js';
import type { TargetConfig } from '../config/schema.js';
import type { Channel, Locale } from '../types.js';

/** What a plugin may know of the rest of gatewatch when it builds its channel. */
export interface PluginHost {
  locale: Locale;
  /** The config file, for errors that name it. */
  source?: string;
  /** The watched Hermes homes: a channel refuses to be the very bot the gateway runs. */
  targets: readonly TargetConfig[];
  /** The other configured channels (name, type, kind), e.g. for a channel to say where else alerts go. */
  peers: readonly { name: string; type: string; kind: 'chat' | 'notifier' }[];
}

export interface ChannelPlugin<C extends object = Record<string, unknown>> extends ChannelSpec<C> {
  /** Build the channel. Keep heavy SDK imports inside (dynamic import) so `gatewatch check` stays light. */
  create(settings: C & { name: string }, host: PluginHost): Channel | Promise<Channel>;
}

/** Identity for typing a plugin literal with its settings type inferred from its schema. */
export function definePlugin<C extends object>(p: ChannelPlugin<C>): ChannelPlugin<C> {
  return p;
}
