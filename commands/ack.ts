// /ack [target]: stop reminders for the open incidents; the recovery notice still comes.
import { pick } from '../src/i18n.js';
import type { AdminCommand } from './types.js';
import { firstWordIsTarget, targetOnly, type TargetOnly } from './args.js';
import { findTarget, targetArg } from './targets.js';

export const ack: AdminCommand<TargetOnly> = {
  name: 'ack',
  role: 'admin',
  args: targetOnly,
  fromWords: firstWordIsTarget,
  usage: '/ack [target]',
  summary: { en: 'acknowledge open incidents (no more reminders)', 'zh-CN': '确认未解决的故障（不再提醒）' },
  async run(c) {
    // An Alertmanager pseudo-target (src/ops/alertmanager.ts) is no configured target but has incidents to ack.
    const word = c.args.target;
    const remote = word && !findTarget(c.look.targets(), word) && c.look.openIncidents(word).length ? word : undefined;
    const named = word && !remote ? await targetArg(c, word) : undefined;
    if (word && !named && !remote) return;
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
