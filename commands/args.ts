// Argument schemas the commands share, and the chat-word readers that fill them.
import * as z from 'zod';

/** A target name as typed (checked against the configured targets by the command, which lists them when it is wrong). */
export const targetName = z.string().min(1).max(64);

/** `/status [target]` and friends. */
export const targetOnly = z.strictObject({ target: targetName.optional() });
export type TargetOnly = z.output<typeof targetOnly>;

/** The first word names the target; later words are ignored, as they always were. */
export const firstWordIsTarget = (words: string[]): TargetOnly => (words[0] ? { target: words[0] } : {});

export const noArgs = z.strictObject({});
