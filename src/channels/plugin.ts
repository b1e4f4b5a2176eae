// A channel is a plugin: one file owns its config schema, the operator field that identifies its users (if it takes
// commands), the config keys that are secrets, and its factory. The registry lists plugins; the config schema, the
// operator lookup and the channel list are all built from it, so a new notifier is one file plus one registry line.
// Plugins never import each other: fallback and routing belong to the delivery layer.
import type * as z from 'zod';
import type { Config } from '../config/schema.js';
import type { Channel } from '../types.js';

export interface ChannelPlugin<C extends object = Record<string, unknown>> {
  /** The `type:` of a `channels.notifiers[]` entry, or the key under `channels:` for a chat channel. */
  type: string;
  /** `notifier`: send-only, any number of instances in `channels.notifiers[]`; `chat`: one instance at `channels.<type>`. */
  kind: 'notifier' | 'chat';
  /**
   * One instance's settings (without `type` and `name`, which the registry adds for notifiers). Strict, with defaults,
   * durations already in ms: whatever it outputs is what `create` receives.
   */
  schema: z.ZodType<C>;
  /** The operator field holding this channel's user id, for chat channels that take commands (e.g. `telegram_id`). */
  operatorKey?: string;
  /** The operator id may be written as a YAML number (Telegram user ids); it is kept and compared as a string. */
  numericOperatorId?: boolean;
  /** Top-level keys of this plugin's settings whose values are secrets: the redactor masks them everywhere. */
  secretKeys?: readonly string[];
  /** Build the channel. Keep heavy SDK imports inside (dynamic import) so `gatewatch check` stays light. */
  create(settings: C & { name: string }, config: Config): Channel | Promise<Channel>;
}

/** Identity for typing a plugin literal with its settings type inferred from its schema. */
export function definePlugin<C extends object>(p: ChannelPlugin<C>): ChannelPlugin<C> {
  return p;
}
