// /help: every command the sender may use.
import { phrase, t, usageWords } from '../../src/i18n.js';
import type { ViewerCommand } from '../types.js';
import { noArgs } from '../args.js';

export const help: ViewerCommand<Record<string, never>> = {
  name: 'help',
  aliases: ['h', '?', 'start'],
  role: 'viewer',
  args: noArgs,
  fromWords: () => ({}),
  usage: '/help',
  summary: { key: 'help.summary.help' },
  async run(c) {
    await c.respond({
      title: t(c.locale, 'help.title'),
      tone: 'info',
      lines: [
        ...c.available.map(
          (cmd) => `${usageWords(c.locale, cmd.usage, { examples: true })} — ${phrase(c.locale, cmd.summary)}`,
        ),
        t(c.locale, 'help.footer'),
      ],
    });
  },
};
