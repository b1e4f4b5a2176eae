// The shape every chat command has. Commands build Reply models; channels render them.
import type { App } from '../src/app.js';
import type { ChannelKind, Locale, Operator, Respond, Role } from '../src/types.js';

export interface CommandContext {
  app: App;
  operator: Operator;
  locale: Locale;
  channel: ChannelKind;
  args: string[];
  respond: Respond;
}

export interface Command {
  name: string;
  aliases?: string[];
  /** Minimum role. */
  role: Role;
  usage: string;
  summary: { en: string; 'zh-CN': string };
  run(c: CommandContext): Promise<void>;
}
