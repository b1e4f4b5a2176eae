// /fix [target] [n] [#id] [confirm] [interrupt] and `gatewatch fix [target] [n] [--yes] [--interrupt]`: the remedies
// of what is wrong now, numbered; one of them run on confirmation (../fix.js).
import * as z from '../../src/util/zod.js';
import { t } from '../../src/i18n.js';
import { cliCount, targetName } from '../args.js';
import type { AdminSpec } from '../types.js';

const fixArgs = z.strictObject({
  target: z.optional(targetName),
  n: z.optional(z.number().check(z.int(), z.gte(1), z.lte(99))),
  remedy: z.optional(z.string().check(z.regex(/^[0-9a-f]{8}$/))),
  confirm: z._default(z.boolean(), false),
  interrupt: z._default(z.boolean(), false),
});
const FLAG_WORDS = new Set(['confirm', 'interrupt']);
export type FixArgs = z.output<typeof fixArgs>;

export const fix: AdminSpec<FixArgs> = {
  name: 'fix',
  role: 'admin',
  usage: '/fix [target] [n] [confirm] [interrupt]',
  args: fixArgs,
  fromWords: (words) => {
    const n = words.find((w) => /^\d+$/.test(w));
    const id = words.find((w) => w.startsWith('#'));
    const target = words.find((w) => !FLAG_WORDS.has(w.toLowerCase()) && w !== n && w !== id);
    const has = (w: string) => words.some((x) => x.toLowerCase() === w);
    return {
      confirm: has('confirm'),
      interrupt: has('interrupt'),
      ...(n ? { n: Number(n) } : {}),
      ...(id ? { remedy: id.slice(1).toLowerCase() } : {}),
      ...(target ? { target } : {}),
    };
  },
  summary: { key: 'help.summary.fix' },
  cli: {
    description: 'cli.desc.fix',
    usage: '[target] [n] [--yes] [--interrupt]',
    options: [
      { flags: '-y, --yes', description: 'cli.opt.yes_fix' },
      { flags: '--interrupt', description: 'cli.opt.interrupt_restart' },
    ],
    request(words, o, l) {
      const n = words.filter((w) => /^\d+$/.test(w));
      const rest = words.filter((w) => !FLAG_WORDS.has(w.toLowerCase()) && !/^\d+$/.test(w));
      if (rest.length > 1 || n.length > 1) return { usage: t(l, 'cli.usage.fix_one', { words: words.join(' ') }) };
      const said = (w: string) => words.some((x) => x.toLowerCase() === w);
      return {
        args: {
          confirm: !!o.yes || said('confirm'),
          interrupt: !!o.interrupt || said('interrupt'),
          ...(n[0] ? { n: cliCount(n[0], t(l, 'cli.usage.what.fix'), l) } : {}),
          ...(rest[0] ? { target: rest[0] } : {}),
        },
      };
    },
  },
};
