// A command named in a reply, in the dialect of the surface that asked (src/util/command-line.ts).
import { commandLine, dialectOf, type CommandRef } from '../src/util/command-line.js';

export const commandFor = (c: { channel: string }, ref: CommandRef): string => commandLine(ref, dialectOf(c.channel));
