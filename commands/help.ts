// /help: every command the sender may use.
import { pick, t } from '../src/i18n.js';
import type { ViewerCommand } from './types.js';
import { noArgs } from './args.js';

/** Placeholders in usage lines, for a zh-CN reader; the command words themselves stay as typed. */
const PLACEHOLDER_ZH: Record<string, string> = {
  target: '目标',
  filter: '过滤词',
  fault: '故障',
  channel: '渠道',
  confirm: 'confirm',
  'duration, e.g. 30m, 2h': '时长，如 30m、2h',
  n: 'n',
};

export function usage(text: string, locale: 'en' | 'zh-CN'): string {
  if (locale === 'en') return text;
  return text.replace(/([[<])([^\]>]+)([\]>])/g, (m, open: string, inner: string, close: string) => (PLACEHOLDER_ZH[inner] ? `${open}${PLACEHOLDER_ZH[inner]}${close}` : m));
}

export const help: ViewerCommand<Record<string, never>> = {
  name: 'help',
  aliases: ['h', '?', 'start'],
  role: 'viewer',
  args: noArgs,
  fromWords: () => ({}),
  usage: '/help',
  summary: { en: 'this list', 'zh-CN': '命令列表' },
  async run(c) {
    await c.respond({
      title: t(c.locale, 'help.title'),
      tone: 'info',
      lines: [...c.available.map((cmd) => `${usage(cmd.usage, c.locale)} — ${pick(c.locale, cmd.summary)}`), t(c.locale, 'help.footer')],
    });
  },
};
