// /unmute: alerts flow again. One summary of what is still open goes out (acked ones marked), not each alert again.
import { pick } from '../src/i18n.js';
import type { AdminCommand } from './types.js';
import { noArgs } from './args.js';

export const unmute: AdminCommand<Record<string, never>> = {
  name: 'unmute',
  role: 'admin',
  args: noArgs,
  fromWords: () => ({}),
  usage: '/unmute',
  summary: { en: 'end a mute', 'zh-CN': '取消静音' },
  async run(c) {
    if (!c.look.mute()) {
      await c.respond({ title: pick(c.locale, { en: 'Alerts were not muted', 'zh-CN': '当前未静音' }), tone: 'info' });
      return;
    }
    // Judge every target first (still muted, so nothing goes out one by one): the summary shows the latest state.
    for (const t of c.look.targets()) await c.act.judge(t.name);
    const summary = await c.act.unmute(c.operator.name);
    await c.respond(summary ?? { title: pick(c.locale, { en: 'Alerts unmuted', 'zh-CN': '已取消静音' }), tone: 'info' });
  },
};
