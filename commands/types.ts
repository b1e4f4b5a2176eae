// The shape every chat command has. Commands build Reply models; channels render them. A viewer's command is handed
// the look port only, an admin's the act port too: the type of `run` says what a command can do.
import type { ChannelKind, Locale, Operator, Respond, Role } from '../src/types.js';
import type { ActPort, LookPort } from './ports.js';

export interface LookContext {
  look: LookPort;
  operator: Operator;
  locale: Locale;
  channel: ChannelKind;
  args: string[];
  respond: Respond;
  /** The commands this operator may run (for /help). */
  available: readonly Command[];
}

export interface ActContext extends LookContext {
  act: ActPort;
}

interface CommandInfo {
  name: string;
  aliases?: string[];
  usage: string;
  summary: { en: string; 'zh-CN': string };
}

export interface ViewerCommand extends CommandInfo {
  role: 'viewer';
  run(c: LookContext): Promise<void>;
}

export interface AdminCommand extends CommandInfo {
  role: 'admin';
  run(c: ActContext): Promise<void>;
}

export type Command = ViewerCommand | AdminCommand;

/** Minimum role of a command. */
export type { Role };
