// /logs [n] [filter] [target] [--bodies] and `gatewatch logs [target] [-n lines] [--grep pattern] [--bodies]`: the
// tail of gateway.log, secrets redacted, message bodies shown as their length unless asked for (../logs.ts).
import * as z from '../../src/util/zod.js';
import { t } from '../../src/i18n.js';
import { cliCount, targetName } from '../args.js';
import type { ViewerSpec } from '../types.js';

export const MAX_LOG_LINES = 200;

const logsArgs = z.strictObject({
  /** How many lines (at most MAX_LOG_LINES are shown). */
  lines: z._default(z.number().check(z.int(), z.gte(1)), 30),
  /** Only lines matching this regular expression, spaces and all. */
  grep: z.optional(z.string().check(z.minLength(1))),
  target: z.optional(targetName),
  /** Show what users wrote (admins only): by default a message body is shown as its length. */
  bodies: z._default(z.boolean(), false),
});
export type LogsArgs = z.output<typeof logsArgs>;

/** `--bodies` anywhere; a phone may have turned its `--` into a dash. */
const BODIES_WORD = /^(?:--|—|–)bodies$/i;

/**
 * `/logs [n] [filter] [target] [--bodies]`: only a leading number is the count (0 too: the schema refuses it rather
 * than the default standing in); later words, numbers included (`/logs 50 4009`), are the filter; a trailing word
 * naming a target selects it (with one target too: alert buttons name it).
 */
function logsFromWords(words: string[], targets: readonly string[]): Partial<LogsArgs> {
  const rest = words.filter((w) => !BODIES_WORD.test(w));
  const bodies = rest.length < words.length;
  const lines = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest.shift()) : undefined;
  const last = rest.at(-1);
  const target =
    last !== undefined && (targets.includes(last) || targets.some((t) => t.toLowerCase() === last.toLowerCase()))
      ? rest.pop()
      : undefined;
  return {
    ...(lines !== undefined ? { lines } : {}),
    ...(rest.length ? { grep: rest.join(' ') } : {}),
    ...(target ? { target } : {}),
    ...(bodies ? { bodies } : {}),
  };
}

export const logs: ViewerSpec<LogsArgs> = {
  name: 'logs',
  aliases: ['log', 'tail'],
  role: 'viewer',
  usage: '/logs [n] [filter] [target] [--bodies]',
  args: logsArgs,
  fromWords: logsFromWords,
  summary: { key: 'logs.help_summary', params: { max: MAX_LOG_LINES } },
  cli: {
    description: 'cli.desc.logs',
    usage: '[target] [-n lines] [--grep pattern] [--bodies]',
    options: [
      { flags: '-n, --lines <n>', description: 'cli.opt.lines' },
      { flags: '--grep <re>', description: 'cli.opt.grep' },
      { flags: '--bodies', description: 'cli.opt.bodies' },
    ],
    request(words, o, l) {
      const lines = cliCount(o.lines, '-n/--lines', l);
      const grep = o.grep as string | undefined;
      const bodies = o.bodies === true ? { bodies: true } : {};
      // `logs 20` is 20 lines, `logs demo` the demo's log; more words are the chat form (`logs 30 4009`).
      if (words.length > 1 && lines === undefined && grep === undefined)
        return { words: o.bodies === true ? [...words, '--bodies'] : words };
      if (words.length > 1) return { usage: t(l, 'cli.usage.logs_target', { words: words.join(' ') }) };
      const word = words[0];
      const n = word !== undefined && /^\d+$/.test(word) ? cliCount(word, t(l, 'cli.usage.what.lines'), l) : undefined;
      if (n !== undefined && lines !== undefined) return { usage: t(l, 'cli.usage.lines_twice') };
      return {
        args: {
          lines: lines ?? n ?? 30,
          ...(grep !== undefined ? { grep } : {}),
          ...(word !== undefined && n === undefined ? { target: word } : {}),
          ...bodies,
        },
      };
    },
  },
};
