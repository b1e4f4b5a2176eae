// /ack [target]: stop reminders for the open incidents; the recovery notice still comes.
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';
import { findTarget, targetArg } from './targets.js';

export const ack: Command = {
  name: 'ack',
  role: 'admin',
  usage: '/ack [target]',
  summary: { en: 'acknowledge open incidents (no more reminders)', 'zh-CN': '确认未解决的故障（不再提醒）' },
  async run(c) {
    // An Alertmanager pseudo-target (src/ops/alertmanager.ts) is no configured target but has incidents to ack.
    const remote = c.args[0] && !findTarget(c.look.targets(), c.args[0]) && c.look.openIncidents(c.args[0]).length ? c.args[0] : undefined;
    const named = c.args[0] && !remote ? await targetArg(c, c.args[0]) : undefined;
    if (c.args[0] && !named && !remote) return;
    const acked = await c.act.ack(c.operator.name, remote ?? named?.name);
    await c.respond({
      title: acked.length
        ? pick(c.locale, { en: `Acknowledged ${acked.length} incident(s)`, 'zh-CN': `已确认 ${acked.length} 个故障` })
        : pick(c.locale, { en: 'Nothing to acknowledge', 'zh-CN': '没有需要确认的故障' }),
      tone: 'info',
      lines: acked.map((i) => `${i.target}: ${i.finding.title}`),
    });
  },
};
