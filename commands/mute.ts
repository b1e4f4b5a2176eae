// /mute <duration>: nothing is sent until it expires (detection and restarts go on); it ends with one summary.
import { commandFor } from './command-line.js';
import { parseDuration } from '../src/util/duration.js';
import { t } from '../src/i18n.js';
import { formatTime } from '../src/util/time.js';
import * as z from 'zod';
import type { AdminCommand } from './types.js';

const MAX_MUTE_MS = 7 * 24 * 3_600_000;

const muteArgs = z.strictObject({ duration: z.string().max(32).default('') });

export const mute: AdminCommand<z.output<typeof muteArgs>> = {
  name: 'mute',
  role: 'admin',
  args: muteArgs,
  fromWords: (words) => (words[0] ? { duration: words[0] } : {}),
  usage: '/mute <duration, e.g. 30m, 2h>',
  summary: { key: 'help.summary.mute' },
  async run(c) {
    const ms = parseDuration(c.args.duration);
    if (!ms || ms > MAX_MUTE_MS) {
      await c.respond({ title: t(c.locale, 'mute.usage', { usage: commandFor(c, { command: 'mute', duration: t(c.locale, 'cmd.arg.duration') }), example: commandFor(c, { command: 'mute', duration: '30m' }) }), tone: 'warning', outcome: 'refused' });
      return;
    }
    const until = c.look.now() + ms;
    await c.act.mute(until, c.operator.name);
    const at = formatTime(until);
    await c.respond({
      title: t(c.locale, 'mute.done', { until: at }),
      tone: 'info',
      lines: [t(c.locale, 'mute.explain', { unmute: commandFor(c, { command: 'unmute' }) })],
    });
  },
};
