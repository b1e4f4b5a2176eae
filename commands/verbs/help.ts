// /help: every command the sender may use.
import { phrase, t, type TextKey } from '../../src/i18n.js';
import type { ViewerCommand } from '../types.js';
import { noArgs } from '../args.js';

/**
 * Placeholders in usage lines, worded for the reader (a duration with an example); the command words themselves
 * (`confirm`, `n`) stay as typed.
 */
const PLACEHOLDER: Record<string, Extract<TextKey, `help.arg.${string}`>> = {
  target: 'help.arg.target',
  filter: 'help.arg.filter',
  fault: 'help.arg.fault',
  channel: 'help.arg.channel',
  duration: 'help.arg.duration',
  ref: 'help.arg.ref',
};

export function usage(text: string, locale: 'en' | 'zh-CN'): string {
  return text.replace(/([[<])([^\]>]+)([\]>])/g, (m, open: string, inner: string, close: string) =>
    Object.hasOwn(PLACEHOLDER, inner) ? `${open}${t(locale, PLACEHOLDER[inner]!)}${close}` : m,
  );
}

export const help: ViewerCommand<Record<string, never>> = {
  name: 'help',
  aliases: ['h', '?', 'start'],
  role: 'viewer',
  args: noArgs,
  fromWords: () => ({}),
  usage: '/help',
  summary: { key: 'help.summary.help' },
  async run(c) {
    await c.respond({
      title: t(c.locale, 'help.title'),
      tone: 'info',
      lines: [
        ...c.available.map((cmd) => `${usage(cmd.usage, c.locale)} — ${phrase(c.locale, cmd.summary)}`),
        t(c.locale, 'help.footer'),
      ],
    });
  },
};
