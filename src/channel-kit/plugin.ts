// A channel is a plugin: one folder (or one notifier file) owns its config schema, the operator field that identifies
// its users (if it takes commands), the config keys that are secrets and the shapes of its service's secrets, its own
// words in both locales, how it reads in doctor and validate, and its factory. The registry lists plugins; the config schema, the operator lookup and the channel list are all built from
// it, so a new channel is its folder plus one registry line. Plugins never import each other and never see the whole
// config: `create` gets the plugin's own settings and the host facts below.
import type * as z from '../util/zod.js';
import type { ChannelSpec } from '../config/channel-spec.js';
import type { TargetConfig } from '../config/schema.js';
import type { Channel, Locale, PlatformAnswer } from '../types.js';
import type { PluginWords } from '../i18n.js';
import type { SecretShape } from '../util/redact.js';
import type { Clock } from '../util/clock.js';

/** What a plugin may know of the rest of gatewatch when it builds its channel. */
export interface PluginHost {
  locale: Locale;
  /** The config file, for errors that name it. */
  source?: string;
  /** The watched Hermes homes: a channel refuses to be the very bot the gateway runs. */
  targets: readonly TargetConfig[];
  /** The other configured channels (name, type, kind), e.g. for a channel to say where else alerts go. */
  peers: readonly { name: string; type: string; kind: 'chat' | 'notifier' }[];
  /** The clock the channel reads and waits on (the composition root's: a test hands in its own). */
  clock: Clock;
}

/** Any channel's plugin, whatever its settings type (see AnyChannelSpec): what the registry holds. */
// biome-ignore lint/suspicious/noExplicitAny: an existential: each plugin's own settings type, unknown to its holder.
export type AnyChannelPlugin = ChannelPlugin<any>;

export interface ChannelPlugin<C extends object = Record<string, unknown>> extends ChannelSpec<C> {
  /** Build the channel. Keep heavy SDK imports inside (dynamic import) so `gatewatch check` stays light. */
  create(settings: C & { name: string }, host: PluginHost): Channel | Promise<Channel>;
  /**
   * A chat channel's question to the platform it travels over (its channel's askPlatform), built from its settings
   * alone: nothing connected, polled or sent, no channel. A run that starts no channel (a one-shot `gatewatch check`)
   * asks it where a platform fails (src/channels/own-bots.ts). Import its module here, lazily, as `create` does:
   * check's bundle inlines it (scripts/bundle.mjs), loaded only when asked.
   */
  asker?(settings: C & { name: string }, host: PluginHost): Promise<(signal: AbortSignal) => Promise<PlatformAnswer>>;
  /**
   * The plugin's own texts, both locales (its words.ts): loaded only when asked, so a plugin that is not configured
   * costs nothing. The shared catalogues never hold a plugin's words; test/channels/words.test.ts checks their parity.
   */
  words?(): Promise<PluginWords>;
  /**
   * Its service's secrets by their shape (a token format, a key in its URLs), masked by the one redactor wherever they
   * appear once the registry is loaded, whether or not the channel is configured: they turn up in the gateway's logs too.
   */
  secretShapes?: readonly SecretShape[];
  /**
   * One instance as a config writes it, which its schema accepts (Gatus: a provider owns its config and its
   * validation): `settings` are the keys besides `type` and `name` (secrets as `${VAR}`); `name` where a config needs
   * one (a notifier of a chat channel's type would take that channel's name); `env` gives a `${VAR}` whose value the
   * schema checks (a token's shape) a value of that shape. docs/notifiers.md's table shows it (scripts/docs-tables.ts)
   * and the tests build each plugin's config from it, so a new plugin is documented and tested with no list to edit.
   */
  example: { settings: Record<string, unknown>; name?: string; env?: Record<string, string> };
  /** For docs/notifiers.md's table: the rate this notifier keeps to by itself, and its wait after "too many". */
  limits?: { kept: string; wait: string };
}

/** A plugin as written: its schema is a function, built the first time `schema` is read. */
export interface PluginDefinition<C extends object> extends Omit<ChannelPlugin<C>, 'schema'> {
  schema: () => z.ZodMiniType<C>;
}

/**
 * A plugin with its settings type inferred from its schema. Building a zod schema costs, and every plugin is loaded
 * with the registry: a schema built only when read keeps a config that names one channel from paying for all of them
 * (a cron-run `gatewatch check` most of all; the config schema reads only the channels a config names).
 */
export function definePlugin<C extends object>(p: PluginDefinition<C>): ChannelPlugin<C> {
  const { schema: build, ...rest } = p;
  let built: z.ZodMiniType<C> | undefined;
  return Object.defineProperty(rest, 'schema', {
    get: () => (built ??= build()),
    enumerable: true,
  }) as ChannelPlugin<C>;
}
