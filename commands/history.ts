// /history [n]: recent alerts, restarts and commands from the audit log.
import { pick } from '../src/i18n.js';
import type { Command } from './types.js';
import { formatTime } from '../src/util/time.js';

export const history: Command = {
  name: 'history',
  aliases: ['hist'],
  role: 'viewer',
  usage: '/history [n]',
  summary: { en: 'recent alerts, restarts and commands', 'zh-CN': '最近的告警、重启和命令' },
  async run(c) {
    const n = Math.min(100, Math.max(1, Number(c.args[0]) || 20));
    const recs = (await c.app.audit.read(2000)).filter((r) => r.type !== 'command' || (r.detail as { command?: string })?.command !== 'history').slice(-n);
    const lines = recs.map((r) => {
      const d = r.detail && typeof r.detail === 'object' ? (r.detail as Record<string, unknown>) : {};
      const what = (d.title ?? d.reason ?? d.command ?? d.text ?? d.detail ?? '') as string;
      return `${formatTime(r.ts)} ${r.type.padEnd(14)} ${r.target ?? ''} ${r.check ?? ''} ${r.actor} ${String(what)}`.replace(/\s+/g, ' ').trim();
    });
    await c.respond({
      title: pick(c.locale, { en: `Last ${lines.length} event(s)`, 'zh-CN': `最近 ${lines.length} 条记录` }),
      tone: 'info',
      code: lines.length ? [lines.join('\n')] : undefined,
      lines: lines.length ? undefined : [pick(c.locale, { en: 'Nothing recorded yet.', 'zh-CN': '暂无记录。' })],
    });
  },
};
