// /unmute: alerts flow again; incidents opened while muted are announced at the next check.
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';

export const unmute: Command = {
  name: 'unmute',
  role: 'admin',
  usage: '/unmute',
  summary: { en: 'end a mute', 'zh-CN': '取消静音' },
  async run(c) {
    const was = c.app.muted();
    await c.app.unmute(c.operator.name);
    for (const t of c.app.config.targets) await c.app.evaluate(t.name);
    await c.respond({ title: was ? pick(c.locale, { en: 'Alerts unmuted', 'zh-CN': '已取消静音' }) : pick(c.locale, { en: 'Alerts were not muted', 'zh-CN': '当前未静音' }), tone: 'info' });
  },
};
