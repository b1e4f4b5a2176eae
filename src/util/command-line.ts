// A command a reply names ("to go ahead: …"), written the way its reader types it: chat words on a chat channel and
// the console (`/restart demo confirm`), the CLI's verbs and flags where the CLI asked (`gatewatch restart demo --yes`).
// Replies name a command by what it does (command and arguments); each surface words it in its own dialect.
import type { CommandRef } from '../types.js';
import { gatewatchCommand } from './invocation.js';

export type { CommandRef };

export type Dialect = 'chat' | 'cli';

/** Where a request came from (`cli`, `console`, a chat channel's type) → how its reader types commands. */
export const dialectOf = (channel: string): Dialect => (channel === 'cli' ? 'cli' : 'chat');

export function commandLine(ref: CommandRef, dialect: Dialect): string {
  const words = (xs: (string | number | false | undefined)[]) =>
    xs.filter((x) => x !== undefined && x !== false && x !== '').join(' ');
  if (dialect === 'chat')
    return words([
      `/${ref.command}`,
      ref.verb,
      ref.fault,
      ref.lines,
      ref.target,
      ref.incident,
      ref.n,
      ref.remedy && `#${ref.remedy}`,
      ref.duration,
      ref.confirm && 'confirm',
      ref.interrupt && 'interrupt',
      ref.bodies && '--bodies',
    ]);
  // As this install is typed (`npx gatewatch …` from a clone): a hint that is `command not found` helps nobody.
  if (ref.command === 'help') return `${gatewatchCommand()} --help`;
  return words([
    gatewatchCommand(),
    ref.command,
    ref.verb,
    ref.fault,
    ref.target,
    ref.incident,
    ref.n,
    ref.lines !== undefined && `-n ${ref.lines}`,
    ref.duration !== undefined && `--for ${ref.duration}`,
    ref.confirm && '--yes',
    ref.interrupt && '--interrupt',
    ref.bodies && '--bodies',
  ]);
}

/**
 * A button running `ref`: its chat words (what a chat channel's button sends back, Telegram's callback data) and the
 * ref itself, for a surface that words it its own way (the CLI's --json). A ReplyButton (src/types.ts, which imports
 * CommandRef from here: spelled out rather than imported back).
 */
export const commandButton = (
  label: string,
  ref: CommandRef,
  style?: 'primary' | 'danger' | 'default',
): { label: string; command: string; ref: CommandRef; style?: 'primary' | 'danger' | 'default' } => ({
  label,
  command: commandLine(ref, 'chat'),
  ref,
  ...(style ? { style } : {}),
});

/**
 * A button as a person types it where there are no buttons (the console, QQ's plain text): its chat words without the
 * remedy's identity (`#da4d2625`, a button's own safeguard): typed, a fix runs by its number, as its listing says.
 */
export const typedCommand = (b: { command: string; ref?: CommandRef }): string =>
  b.ref ? commandLine({ ...b.ref, remedy: undefined }, 'chat') : b.command.replace(/ #[0-9a-f]{8}\b/, '');
