// /mute [target] <duration> and `gatewatch mute [target] --for <duration>`: nothing is sent until it expires (detection and restarts go on); it ends with one summary.
// With a target, only that target's alerts are held (the gateway under maintenance); the others still alert.
import { commandFor } from '../command-line.js';
import { parseDuration } from '../../src/util/duration.js';
import { argHole, t } from '../../src/i18n.js';
import { formatTime } from '../../src/util/time.js';
import * as z from '../../src/util/zod.js';
import type { AdminCommand } from '../types.js';
import type { Locale } from '../../src/types.js';
import { targetName } from '../args.js';
import { findTarget } from '../targets.js';

const MAX_MUTE_MS = 7 * 24 * 3_600_000;

const muteArgs = z.strictObject({
  duration: z._default(z.string().check(z.maxLength(32)), ''),
  target: z.optional(targetName),
});

export const mute: AdminCommand<z.output<typeof muteArgs>> = {
  name: 'mute',
  role: 'admin',
  args: muteArgs,
  // `/mute 30m` mutes everything; `/mute alpha 30m` (or `/mute 30m alpha`) one target.
  fromWords: (words) => {
    if (words.length < 2) return words[0] ? { duration: words[0] } : {};
    const [a, b] = words as [string, string];
    return parseDuration(a) && !parseDuration(b) ? { duration: a, target: b } : { target: a, duration: b };
  },
  usage: '/mute [target] <duration>',
  summary: { key: 'help.summary.mute' },
  // `mute --for 30m` (or `mute 30m`, the form before --for) silences every target; `mute TARGET --for 30m` (or
  // `mute TARGET 30m`) one. The target's name is checked where the command runs (an unknown one is a usage error).
  cli: {
    description: 'cli.desc.mute',
    usage: '[target] --for <duration>',
    options: [{ flags: '--for <duration>', description: 'cli.opt.for' }],
    request(words, o, l) {
      const forGiven = o.for !== undefined;
      if (words.length > (forGiven ? 1 : 2))
        return {
          usage: t(l, 'cli.usage.mute_one', { words: [...words, ...(forGiven ? [String(o.for)] : [])].join(' ') }),
        };
      const duration = forGiven ? String(o.for) : words.at(-1);
      const target = forGiven ? words[0] : words.length === 2 ? words[0] : undefined;
      if (duration === undefined) return { usage: t(l, 'cli.usage.mute_missing') };
      const ms = parseDuration(duration);
      if (!ms || ms > MAX_MUTE_MS) return { usage: t(l, 'cli.usage.mute_bad', { value: duration }) };
      return { args: { duration, ...(target !== undefined ? { target } : {}) } };
    },
  },
  async run(c) {
    const targets = c.look.targets();
    const target = c.args.target === undefined ? undefined : findTarget(targets, c.args.target);
    if (c.args.target !== undefined && !target) {
      // A mute of a gateway that is not watched would silence nothing: a usage error, naming the targets there are.
      await c.respond({
        title: t(c.locale, 'target.unknown', { target: c.args.target, targets: targets.map((x) => x.name).join(', ') }),
        tone: 'warning',
        lines: [usage(c)],
        outcome: 'usage',
      });
      return;
    }
    const ms = parseDuration(c.args.duration);
    if (!ms || ms > MAX_MUTE_MS) {
      await c.respond({ title: usage(c), tone: 'warning', outcome: 'refused' });
      return;
    }
    const until = c.look.now() + ms;
    await c.act.mute(until, c.operator.name, target?.name);
    const at = formatTime(until);
    if (target) {
      await c.respond({
        title: t(c.locale, 'mute.done_target', { target: target.name, until: at }),
        tone: 'info',
        lines: [
          t(c.locale, 'mute.explain_target', {
            target: target.name,
            unmute: commandFor(c, { command: 'unmute', target: target.name }),
          }),
        ],
      });
      return;
    }
    await c.respond({
      title: t(c.locale, 'mute.done', { until: at }),
      tone: 'info',
      lines: [t(c.locale, 'mute.explain', { unmute: commandFor(c, { command: 'unmute' }) })],
    });
  },
};

function usage(c: { locale: Locale; channel: string }): string {
  return t(c.locale, 'mute.usage', {
    usage: commandFor(c, { command: 'mute', duration: argHole(c.locale, 'duration') }),
    example: commandFor(c, { command: 'mute', duration: '30m' }),
  });
}
