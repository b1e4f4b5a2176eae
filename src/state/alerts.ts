// The alert about gatewatch's own state_dir: it cannot be written (a full or read-only disk), or it can again.
import { randomUUID } from 'node:crypto';
import { pick } from '../i18n.js';
import type { Alert, Locale } from '../types.js';

/** `episode` names one outage, so a chat card of the outage can be updated in place when it ends. */
export function stateDirAlert(problem: string | undefined, episode: string, stateDir: string, locale: Locale, now: number): Alert {
  const base = { id: randomUUID(), incidentId: episode, target: 'gatewatch', check: 'state_dir', createdAt: now };
  if (problem === undefined) {
    return {
      ...base,
      kind: 'resolve',
      severity: 'ok',
      reply: {
        title: pick(locale, { en: 'gatewatch can save its state again', 'zh-CN': 'gatewatch 已恢复保存状态' }),
        tone: 'ok',
        lines: [pick(locale, { en: `${stateDir} is writable again; what was kept in memory has been written.`, 'zh-CN': `${stateDir} 已可写入，内存中暂存的内容已写入磁盘。` })],
      },
    };
  }
  return {
    ...base,
    kind: 'open',
    severity: 'critical',
    reply: {
      title: pick(locale, { en: `gatewatch cannot save its state: ${problem}`, 'zh-CN': `gatewatch 无法保存状态：${problem}` }),
      tone: 'critical',
      lines: [
        pick(locale, {
          en: `Alerts are still sent and commands still answered, but what happens now is kept only in memory and is lost if gatewatch restarts. Free space in ${stateDir} or make it writable.`,
          'zh-CN': `告警仍会发送，命令仍会回复，但现在的状态只保存在内存中，gatewatch 重启后会丢失。请释放 ${stateDir} 所在磁盘的空间或使其可写。`,
        }),
      ],
    },
  };
}
