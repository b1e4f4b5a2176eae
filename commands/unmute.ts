// /unmute: alerts flow again. One summary of what is still open goes out (acked ones marked), not each alert again.
import { t } from '../src/i18n.js';
import { dialectOf } from '../src/util/command-line.js';
import type { AdminCommand } from './types.js';
import { noArgs } from './args.js';

export const unmute: AdminCommand<Record<string, never>> = {
  name: 'unmute',
  role: 'admin',
  args: noArgs,
  fromWords: () => ({}),
  usage: '/unmute',
  summary: { key: 'help.summary.unmute' },
  async run(c) {
    if (!c.look.mute()) {
      await c.respond({ title: t(c.locale, 'unmute.not_muted'), tone: 'info' });
      return;
    }
    // Judge every target first (still muted, so nothing goes out one by one): the summary shows the latest state.
    for (const target of c.look.targets()) await c.act.judge(target.name);
    const summary = await c.act.unmute(c.operator.name, dialectOf(c.channel));
    await c.respond(summary ?? { title: t(c.locale, 'unmute.done'), tone: 'info' });
  },
};
