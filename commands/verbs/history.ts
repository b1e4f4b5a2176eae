// /history [n] [all] and `gatewatch history [n] [--all]`: recent incidents, alerts and actions from the audit log
// (../history.js).
import * as z from '../../src/util/zod.js';
import { t } from '../../src/i18n.js';
import { cliCount } from '../args.js';
import type { ViewerSpec } from '../types.js';

const historyArgs = z.strictObject({
  n: z.optional(z.number().check(z.int(), z.gte(1))),
  all: z.optional(z.boolean()),
});
export type HistoryArgs = z.output<typeof historyArgs>;

export const history: ViewerSpec<HistoryArgs> = {
  name: 'history',
  aliases: ['hist'],
  role: 'viewer',
  args: historyArgs,
  // A number is the count (0 or 1.5 too: the schema refuses it rather than the default standing in); another word is
  // ignored, as it always was.
  fromWords: (words) => {
    const n = words.find((w) => /^[-+]?\d+(\.\d+)?$/.test(w));
    return {
      ...(n !== undefined ? { n: Number(n) } : {}),
      ...(words.some((w) => w.toLowerCase() === 'all') ? { all: true } : {}),
    };
  },
  usage: '/history [n] [all]',
  summary: { key: 'help.summary.history' },
  cli: {
    description: 'cli.desc.history',
    usage: '[n]',
    options: [{ flags: '-a, --all', description: 'cli.opt.all' }],
    request: (words, o, l) =>
      words.length > 1
        ? { usage: t(l, 'cli.usage.one_count') }
        : {
            args: {
              ...(words[0] ? { n: cliCount(words[0], t(l, 'cli.usage.what.events'), l) } : {}),
              ...(o.all ? { all: true } : {}),
            },
          },
  },
};
