// /restart [target] [confirm] [interrupt] and `gatewatch restart [target] [--yes] [--interrupt]`: a restart through
// the service manager, verified (../restart.js).
import * as z from '../../src/util/zod.js';
import { t } from '../../src/i18n.js';
import { targetName } from '../args.js';
import type { AdminSpec } from '../types.js';

// `interrupt`: the operator knows the gateway is running agent turns and restarts it anyway. Its own word, so a
// `confirm` given for another question (a served profile, a cause a restart does not fix) never cuts turns off unasked;
// the question about a healthy gateway names the busy turns itself, so its confirm is enough.
const restartArgs = z.strictObject({
  target: z.optional(targetName),
  confirm: z._default(z.boolean(), false),
  interrupt: z._default(z.boolean(), false),
});
const FLAG_WORDS = new Set(['confirm', 'interrupt']);
export type RestartArgs = z.output<typeof restartArgs>;

export const restart: AdminSpec<RestartArgs> = {
  name: 'restart',
  role: 'admin',
  usage: '/restart [target] [confirm] [interrupt]',
  args: restartArgs,
  fromWords: (words) => {
    const target = words.find((a) => !FLAG_WORDS.has(a.toLowerCase()));
    const has = (w: string) => words.some((a) => a.toLowerCase() === w);
    return { confirm: has('confirm'), interrupt: has('interrupt'), ...(target ? { target } : {}) };
  },
  summary: { key: 'help.summary.restart' },
  cli: {
    description: 'cli.desc.restart',
    usage: '[target] [--yes] [--interrupt]',
    options: [
      { flags: '-y, --yes', description: 'cli.opt.yes_restart' },
      { flags: '--interrupt', description: 'cli.opt.interrupt_restart' },
    ],
    request(words, o, l) {
      const rest = words.filter((w) => !FLAG_WORDS.has(w.toLowerCase()));
      if (rest.length > 1) return { usage: t(l, 'cli.usage.one_target', { words: rest.join(' ') }) };
      const said = (w: string) => words.some((x) => x.toLowerCase() === w);
      return {
        args: {
          confirm: !!o.yes || said('confirm'),
          interrupt: !!o.interrupt || said('interrupt'),
          ...(rest[0] ? { target: rest[0] } : {}),
        },
      };
    },
  },
};
