// Argument schemas the commands share, and the readers that fill them: chat words, and the CLI's words and options.
import * as z from '../src/util/zod.js';
import { t } from '../src/i18n.js';
import type { Locale } from '../src/types.js';
import type { CliRequest } from './types.js';

/** A target name as typed (checked against the configured targets by the command, which lists them when it is wrong). */
export const targetName = z.string().check(z.minLength(1), z.maxLength(64));

/** `/status [target]` and friends. */
export const targetOnly = z.strictObject({ target: z.optional(targetName) });
export type TargetOnly = z.output<typeof targetOnly>;

/** The first word names the target; later words are ignored, as they always were. */
export const firstWordIsTarget = (words: string[]): TargetOnly => (words[0] ? { target: words[0] } : {});

export const noArgs = z.strictObject({});

/** `gatewatch status [target]` and friends: more words are the chat form scripts used before (`status demo x`). */
export const cliTarget = (words: string[]): CliRequest =>
  words.length > 1 ? { words } : { args: words[0] ? { target: words[0] } : {} };

/** `gatewatch unmute [target]`: one target at most. */
export const cliOneTarget = (words: string[], _options: unknown, locale: Locale): CliRequest =>
  words.length > 1
    ? { usage: t(locale, 'cli.usage.one_target', { words: words.join(' ') }) }
    : { args: words[0] ? { target: words[0] } : {} };

/** A usage error met inside a verb's reader (a count): the CLI says it as any usage error, exit 64. */
export class CliUsage extends Error {}

/** A count given on the command line: a whole number of at least 1, else a usage error (`what` names it). */
export function cliCount(v: unknown, what: string, locale: Locale): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < 1)
    throw new CliUsage(t(locale, 'cli.usage.count', { what, value: String(v) }));
  return Number(v);
}
