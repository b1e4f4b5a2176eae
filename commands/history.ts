// /history [n]: recent alerts, restarts and commands from the audit log, each said as what happened.
import { pick } from '../src/i18n.js';
import { formatDuration } from '../src/util/duration.js';
import { ordinal } from '../src/delivery/alerts.js';
import type { AuditRecord, Locale } from '../src/types.js';
import type { Command } from './types.js';
import { formatTime } from '../src/util/time.js';

/** One audit record as a phrase: "recovered after 12s: …", "down again (3rd time in 30m): …". */
export function describeRecord(r: AuditRecord, locale: Locale, flapWindowMs: number): string {
  const L = (en: string, zh: string) => pick(locale, { en, 'zh-CN': zh });
  const d = r.detail && typeof r.detail === 'object' ? (r.detail as Record<string, unknown>) : {};
  const title = String(d.title ?? '');
  const window = formatDuration(flapWindowMs);
  const downs = Number(d.downs ?? 0);
  const muted = d.muted ? L(' [muted]', ' [静音中]') : '';
  switch (r.type) {
    case 'alert.open':
      if (d.kind === 'flap') return `${L(`down again (${ordinal(downs)} time in ${window})`, `再次中断（${window} 内第 ${downs} 次）`)}: ${title}${muted}`;
      return `${d.kind ? L('down', '中断') + ': ' : ''}${title}${muted}`;
    case 'alert.remind':
      return `${L('still failing', '仍未恢复')}: ${title}`;
    case 'alert.resolve': {
      if (d.kind === 'settle') return `${L(`settled, no failure for ${window}`, `已稳定，${window} 内未再出现`)}: ${title}${muted}`;
      const after = typeof d.downtime_ms === 'number' ? formatDuration(d.downtime_ms) : '?';
      const flap = d.flapping ? L(` (went down ${downs} times in ${window})`, `（${window} 内中断 ${downs} 次）`) : '';
      return `${L(`recovered after ${after}`, `${after} 后恢复`)}: ${title}${flap}${muted}`;
    }
    case 'restart.begin':
      return `${L('restarting for', '重启，原因')} ${String(d.reason ?? '')}`;
    case 'restart.ok':
      return `${L('verified in', '验证通过，用时')} ${formatDuration(Number(d.duration_ms ?? 0))} (${String(d.reason ?? '')})`;
    case 'restart.fail':
      return `${L('failed', '失败')}: ${String(d.detail ?? '')} (${String(d.reason ?? '')})`;
    case 'restart.skip':
      return `${L('not restarted', '未重启')}: ${String(d.reason ?? '')}`;
    case 'command':
    case 'command.denied':
      return `/${String(d.command ?? d.text ?? '')} ${Array.isArray(d.args) ? d.args.join(' ') : ''}${d.reason ? ` (${String(d.reason)})` : ''}`;
    default:
      return String(d.title ?? d.reason ?? d.command ?? d.text ?? d.detail ?? '');
  }
}

export const history: Command = {
  name: 'history',
  aliases: ['hist'],
  role: 'viewer',
  usage: '/history [n]',
  summary: { en: 'recent alerts, restarts and commands', 'zh-CN': '最近的告警、重启和命令' },
  async run(c) {
    const n = Math.min(100, Math.max(1, Number(c.args[0]) || 20));
    const recs = (await c.app.audit.read(2000)).filter((r) => r.type !== 'command' || (r.detail as { command?: string })?.command !== 'history').slice(-n);
    const flapWindow = c.app.config.alerts.flap.within;
    const lines = recs.map((r) => {
      return `${formatTime(r.ts)} ${r.type.padEnd(14)} ${r.target ?? ''} ${r.check ?? ''} ${r.actor} ${describeRecord(r, c.locale, flapWindow)}`.replace(/\s+/g, ' ').trim();
    });
    await c.respond({
      title: pick(c.locale, { en: `Last ${lines.length} event(s)`, 'zh-CN': `最近 ${lines.length} 条记录` }),
      tone: 'info',
      code: lines.length ? [lines.join('\n')] : undefined,
      lines: lines.length ? undefined : [pick(c.locale, { en: 'Nothing recorded yet.', 'zh-CN': '暂无记录。' })],
    });
  },
};
