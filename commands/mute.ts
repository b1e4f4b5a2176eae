// /mute <duration>: nothing is sent until it expires (detection and restarts go on); it ends with one summary.
import { parseDuration } from '../src/util/duration.js';
import { pick } from '../src/i18n.js';
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
  summary: { en: 'silence alerts for a while (detection goes on)', 'zh-CN': '暂时静音告警（检测照常）' },
  async run(c) {
    const ms = parseDuration(c.args.duration);
    if (!ms || ms > MAX_MUTE_MS) {
      await c.respond({ title: pick(c.locale, { en: 'Usage: /mute <duration> — e.g. /mute 30m (at most 7d)', 'zh-CN': '用法：/mute <时长>，例如 /mute 30m（最长 7d）' }), tone: 'warning', outcome: 'refused' });
      return;
    }
    const until = c.look.now() + ms;
    await c.act.mute(until, c.operator.name);
    const at = formatTime(until);
    await c.respond({
      title: pick(c.locale, { en: `Alerts muted until ${at}`, 'zh-CN': `告警已静音至 ${at}` }),
      tone: 'info',
      lines: [
        pick(c.locale, {
          en: 'Checks and automatic restarts go on; nothing is sent until then (restart results included). Then one summary of what is still open. /unmute ends it early.',
          'zh-CN': '检查和自动重启照常进行；在此之前不发送任何消息（包括重启结果），结束时发送一条仍未解决问题的汇总。发送 /unmute 可提前结束。',
        }),
      ],
    });
  },
};
