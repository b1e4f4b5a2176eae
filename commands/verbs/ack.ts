// /ack [target] and `gatewatch ack [target]`: stop reminders for the open incidents; the recovery notice still comes.
import { labelled, t, wordFinding } from '../../src/i18n.js';
import type { AdminCommand } from '../types.js';
import { cliTarget, firstWordIsTarget, targetOnly, type TargetOnly } from '../args.js';
import { findTarget, targetArg } from '../targets.js';

export const ack: AdminCommand<TargetOnly> = {
  name: 'ack',
  role: 'admin',
  args: targetOnly,
  fromWords: firstWordIsTarget,
  usage: '/ack [target]',
  summary: { key: 'help.summary.ack' },
  cli: { description: 'cli.desc.ack', usage: '[target]', request: cliTarget },
  async run(c) {
    // An Alertmanager pseudo-target (src/ops/alertmanager.ts) is no configured target but has incidents to ack.
    const word = c.args.target;
    const remote = word && !findTarget(c.look.targets(), word) && c.look.openIncidents(word).length ? word : undefined;
    const named = word && !remote ? await targetArg(c, word) : undefined;
    if (word && !named && !remote) return;
    const acked = await c.act.ack(c.operator.name, remote ?? named?.name);
    await c.respond({
      title: acked.length ? t(c.locale, 'ack.done', { count: acked.length }) : t(c.locale, 'ack.none'),
      tone: 'info',
      lines: acked.map((i) => labelled(c.locale, i.target, wordFinding(c.locale, i.finding).title)),
    });
  },
};
