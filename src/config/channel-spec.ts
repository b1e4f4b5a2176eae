// What the config needs to know of a channel plugin: its key, its settings schema, and how its users and secrets are
// named. The base config knows no channel by name; the plugin layer hands these in (src/channels/config.ts).
import type * as z from '../util/zod.js';
import type { Phrase } from '../i18n.js';
import type { Worded } from './schema-text.js';

/**
 * Any plugin's spec, whatever its settings type: the registry and the config hold plugins of every channel side by
 * side, and a settings type is both read and written by a spec (`neededSecrets(settings)`), so no one type fits them all.
 */
// biome-ignore lint/suspicious/noExplicitAny: an existential: each spec's own settings type, unknown to its holder.
export type AnyChannelSpec = ChannelSpec<any>;

export interface ChannelSpec<C extends object = Record<string, unknown>> {
  /** The `type:` of a `channels.notifiers[]` entry, or the key under `channels:` for a chat channel. */
  type: string;
  /** `notifier`: send-only, any number of instances in `channels.notifiers[]`; `chat`: one instance at `channels.<type>`. */
  kind: 'notifier' | 'chat';
  /**
   * One instance's settings (without `type` and `name`, which the registry adds for notifiers). Strict, with defaults,
   * durations already in ms: whatever it outputs is what the plugin's `create` receives.
   */
  schema: z.ZodMiniType<C>;
  /** The operator field holding this channel's user id, for chat channels that take commands (e.g. `telegram_id`). */
  operatorKey?: string;
  /** The operator id may be written as a YAML number (Telegram user ids); it is kept and compared as a string. */
  numericOperatorId?: boolean;
  /** Keys of this plugin's settings whose values are secrets (dotted for nested ones: `smtp.pass`): the redactor masks them, validate checks them. */
  secretKeys?: readonly string[];
  /** Those of the secretKeys this instance cannot do without, for validate (SMTP's `smtp.pass` once `smtp.user` is set). */
  neededSecrets?(settings: C): readonly string[];
  /** The Hermes platform this channel travels over (`qqbot`, `feishu`, …): when it is down, so is this channel. */
  platform?: string;
  /**
   * With neither `alerts.routes` nor `alerts.fallback` written, instances of this notifier stand by for the chat
   * channel of this type (the Feishu webhook for the Feishu app bot) instead of getting every alert.
   */
  standbyFor?: string;
  /** How `gatewatch init` sets this chat channel up for one operator (a chat channel without it is set up by hand). */
  setup?: {
    /** The variable its secret (the first of secretKeys) is read from: `${NAME}` in the config, NAME=… in the env file. */
    secretEnv: string;
    /** It has an `app_id` to ask for. */
    appId?: boolean;
    /** The operator's id as an `alert_to` entry; none when the channel alerts its operators by itself. */
    alertTo?(operatorId: string): Record<string, string>;
  };
  /**
   * One line about an instance for `validate`'s summary: where its alerts go (`app cli_…, alerts to 2 targets in
   * alert_to`; with no alert_to, to the operators it can reach: `operators`, how many have its operator key).
   */
  describe?(settings: C, reach: { operators: number }): Phrase;
  /** What /doctor adds about an escalation that goes through this channel (Feishu's urgent buzz). */
  escalationNote?(settings: C): Phrase | Worded | undefined;
}
