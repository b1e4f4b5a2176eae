// /mute <duration>: silence alerts (not detection) until it expires.
import { parseDuration } from '../src/util/duration.js';
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';

const MAX_MUTE_MS = 7 * 24 * 3_600_000;

export const mute: Command = {
  name: 'mute',
  role: 'admin',
  usage: '/mute <duration, e.g. 30m, 2h>',
  summary: { en: 'silence alerts for a while (detection goes on)', 'zh-CN': '暂时静音告警（检测照常）' },
  async run(c) {
    const ms = parseDuration(c.args[0] ?? '');
    if (!ms || ms > MAX_MUTE_MS) {
      await c.respond({ title: pick(c.locale, { en: 'Usage: /mute <duration> — e.g. /mute 30m (at most 7d)', 'zh-CN': '用法：/mute <时长>，例如 /mute 30m（最长 7d）' }), tone: 'warning', outcome: 'refused' });
      return;
    }
    const until = c.app.now() + ms;
    await c.app.mute(until, c.operator.name);
    const at = new Date(until).toLocaleString('sv-SE').slice(5, 16);
    await c.respond({ title: pick(c.locale, { en: `Alerts muted until ${at}`, 'zh-CN': `告警已静音至 ${at}` }), tone: 'info', lines: [pick(c.locale, { en: 'Checks keep running; /unmute to end early.', 'zh-CN': '检查照常运行；发送 /unmute 提前结束。' })] });
  },
};
