// The shape every chat command has. Commands build Reply models; channels render them. A viewer's command is handed
// the look port only, an admin's the act port too: the type of `run` says what a command can do. Each command owns
// the schema of its arguments: chat words are parsed into it (`fromWords`), the CLI sends it already structured.
import type * as z from 'zod';
import type { ChannelKind, Locale, Operator, Respond, Role } from '../src/types.js';
import type { ActPort, LookPort } from './ports.js';
import type { Phrase } from '../src/i18n.js';

export interface LookContext<A = Record<string, unknown>> {
  look: LookPort;
  operator: Operator;
  locale: Locale;
  channel: ChannelKind;
  args: A;
  respond: Respond;
  /** The commands this operator may run (for /help). */
  available: readonly Command[];
}

export interface ActContext<A = Record<string, unknown>> extends LookContext<A> {
  act: ActPort;
}

interface CommandInfo<A> {
  name: string;
  aliases?: string[];
  usage: string;
  /** Its line in /help. */
  summary: Phrase;
  /** The arguments, as the CLI and the control socket send them: checked here before the command runs. */
  args: z.ZodType<A>;
  /** Chat words (`/logs 50 4009 demo`) as the arguments; `targets` are the configured target names. */
  fromWords(words: string[], targets: readonly string[]): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: `Command` holds commands of every argument shape; each checks its own with `args` before it runs.
export interface ViewerCommand<A = any> extends CommandInfo<A> {
  role: 'viewer';
  run(c: LookContext<A>): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: `Command` holds commands of every argument shape; each checks its own with `args` before it runs.
export interface AdminCommand<A = any> extends CommandInfo<A> {
  role: 'admin';
  run(c: ActContext<A>): Promise<void>;
}

export type Command = ViewerCommand | AdminCommand;

/** A command and its arguments, as the CLI sends them over the control socket. */
export interface CommandRequest {
  command: string;
  args: Record<string, unknown>;
}

/** Minimum role of a command. */
export type { Role };
