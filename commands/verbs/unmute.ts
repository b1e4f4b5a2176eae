// /unmute [target] and `gatewatch unmute [target]`: alerts flow again. One summary of what is still open goes out (acked ones marked), not each alert
// again. With a target, that target's own mute ends (the mute of everything, if any, goes on).
import { t } from '../../src/i18n.js';
import { formatTime } from '../../src/util/time.js';
import { dialectOf } from '../../src/util/command-line.js';
import type { AdminCommand } from '../types.js';
import { cliOneTarget, targetOnly, type TargetOnly } from '../args.js';
import { findTarget } from '../targets.js';
import { commandFor } from '../command-line.js';

export const unmute: AdminCommand<TargetOnly> = {
  name: 'unmute',
  role: 'admin',
  args: targetOnly,
  fromWords: (words) => (words[0] ? { target: words[0] } : {}),
  usage: '/unmute [target]',
  summary: { key: 'help.summary.unmute' },
  cli: { description: 'cli.desc.unmute', usage: '[target]', request: cliOneTarget },
  async run(c) {
    const targets = c.look.targets();
    if (c.args.target !== undefined) {
      const target = findTarget(targets, c.args.target);
      if (!target) {
        await c.respond({
          title: t(c.locale, 'target.unknown', {
            target: c.args.target,
            targets: targets.map((x) => x.name).join(', '),
          }),
          tone: 'warning',
          outcome: 'usage',
        });
        return;
      }
      if (!c.look.targetMutes()[target.name]) {
        await c.respond({ title: t(c.locale, 'unmute.not_muted_target', { target: target.name }), tone: 'info' });
        return;
      }
      await c.act.judge(target.name);
      const summary = await c.act.unmute(c.operator.name, dialectOf(c.channel), target.name);
      await c.respond(summary ?? { title: t(c.locale, 'unmute.done'), tone: 'info' });
      return;
    }
    if (!c.look.mute()) {
      // Only some targets are muted: say which, and how to end each.
      const some = Object.entries(c.look.targetMutes());
      const lines = some.map(([name, m]) =>
        t(c.locale, 'unmute.target_muted', {
          target: name,
          until: formatTime(m.until),
          by: m.by,
          cmd: commandFor(c, { command: 'unmute', target: name }),
        }),
      );
      await c.respond({
        title: t(c.locale, lines.length ? 'unmute.only_targets' : 'unmute.not_muted'),
        tone: 'info',
        ...(lines.length ? { lines } : {}),
      });
      return;
    }
    // Judge every target first (still muted, so nothing goes out one by one): the summary shows the latest state.
    for (const target of targets) await c.act.judge(target.name);
    const summary = await c.act.unmute(c.operator.name, dialectOf(c.channel));
    await c.respond(summary ?? { title: t(c.locale, 'unmute.done'), tone: 'info' });
  },
};
