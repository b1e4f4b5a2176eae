// /help: every command the sender may use.
import { pick, t } from '../src/i18n.js';
import type { Command } from './types.js';
import { commands } from './index.js';
import { demoTarget } from './demo.js';

export const help: Command = {
  name: 'help',
  aliases: ['h', '?', 'start'],
  role: 'viewer',
  usage: '/help',
  summary: { en: 'this list', 'zh-CN': '命令列表' },
  async run(c) {
    const list = commands.filter((cmd) => (cmd.role === 'viewer' || c.operator.role === 'admin') && (cmd.name !== 'demo' || demoTarget(c.app)));
    await c.respond({
      title: t(c.locale, 'help.title'),
      tone: 'info',
      lines: [...list.map((cmd) => `${cmd.usage} — ${pick(c.locale, cmd.summary)}`), t(c.locale, 'help.footer')],
    });
  },
};
